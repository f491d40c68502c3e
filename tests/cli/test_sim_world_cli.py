"""`pdv sim` covers every trainer route of `pdv servers`, with one `--url` (the root, or
PDV_SIM_URL), and the two demos a trainer gives with `pdv sim` alone, against a real
`python -m servers` process: a consent request that expires, and the second Desbloqueio em
Confiança within 30 days refused while one after 30 days is granted."""

from __future__ import annotations

import asyncio
import http.server
import threading
from datetime import datetime

import httpx
import pytest

from tests.support.cli_support import assert_one_clear_line, run
from tests.support.netutil import closed_port
from tests.support.trainer import TOKEN
from tests.support.world_process import running_world

CNPJ = "12345678000195"  # branch 1 of treinamento
CREDENTIALS = {"API-KEY": "BEMESTAR-7F3A-2026", "Acesso": "pdv.bemestar", "Senha": "Termo@2026"}  # treinamento's


@pytest.fixture(autouse=True)
def trainer_config(tmp_path, monkeypatch):
    """The trainer on the machine of `pdv servers`: the token in the config folder's token file."""
    from servers.trainer_auth import write_token_file

    monkeypatch.delenv("PDV_TRAINER_TOKEN", raising=False)
    monkeypatch.delenv("PDV_SIM_URL", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    write_token_file(tmp_path / "config" / "pdv-sim" / "trainer-token", TOKEN)


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    with running_world(tmp_path_factory.mktemp("servers"), "treinamento", wait=20) as url:
        yield url


def sim(*args: str, url: str | None = None, env: dict | None = None):
    import os

    extra = ["--url", url] if url else []
    result = run("sim", *args, *extra, env={**os.environ, **(env or {})})
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


# --- every route has its command ---------------------------------------------------------------


def trainer_routes(tmp_path) -> set[tuple[str, str]]:
    from servers.runner import WorldSource, build_app
    from storage.scenarios.loader import SCENARIO_DIR

    def routes_of(schema: dict, prefix: str = "") -> set[tuple[str, str]]:
        return {
            (method.upper(), prefix + path)
            for path, operations in schema["paths"].items()
            for method in operations
            if "/admin" in path or path.startswith("/faults")
        }

    from servers.lgpdata.app import create_app as lgpdata_app
    from servers.license.app import create_app as license_app

    world = WorldSource(SCENARIO_DIR, "treinamento", token=TOKEN)
    found = routes_of(build_app(tmp_path / "root", world).openapi())  # the fault routes
    found |= routes_of(license_app(tmp_path / "license", world).openapi(), "/license")
    found |= routes_of(lgpdata_app(tmp_path / "lgpdata", world).openapi(), "/lgpdata")
    return found


def test_every_trainer_route_has_a_sim_command(tmp_path):
    from tui.cli.sim import ADMIN_ROUTES, SUBCOMMANDS

    assert set(ADMIN_ROUTES) == trainer_routes(tmp_path)
    assert set(ADMIN_ROUTES.values()) <= set(SUBCOMMANDS)


def test_every_trainer_route_documents_its_answers(tmp_path):
    """401 on every one; and the ones that take input say how they refuse it."""
    from servers.lgpdata.app import create_app as lgpdata_app
    from servers.license.app import create_app as license_app
    from servers.runner import WorldSource
    from storage.scenarios.loader import SCENARIO_DIR

    world = WorldSource(SCENARIO_DIR, "treinamento", token=TOKEN)
    for name, factory in (("license", license_app), ("lgpdata", lgpdata_app)):
        schema = factory(tmp_path / name, world).openapi()
        for path, operations in schema["paths"].items():
            if "/admin" not in path:
                continue
            for method, operation in operations.items():
                assert "401" in operation["responses"], (name, method, path)
                if "requestBody" in operation or "{" in path:
                    assert "422" in operation["responses"] or "404" in operation["responses"], (name, method, path)


# --- one --url, PDV_SIM_URL -----------------------------------------------------------------------


def test_one_url_for_every_command_and_the_environment_variable(world):
    assert "License Server" in sim("status", "licenca", url=world)
    assert "Portal LGPData" in sim("status", "lgpdata", url=world)
    assert "Nenhuma falha em vigor" in sim("faults", url=world) or "Falhas em vigor" in sim("faults", url=world)
    by_env = sim("clock", env={"PDV_SIM_URL": world})
    assert by_env.startswith("License Server: ") and "Portal LGPData: " in by_env
    # an address written the old way (the service's own) still reaches the root
    assert "Portal LGPData" in sim("status", "lgpdata", url=world + "/license")


def test_down_unauthorized_and_garbage_are_one_portuguese_line(world, tmp_path, monkeypatch):
    down = f"http://127.0.0.1:{closed_port()}"
    for args in (["status"], ["clock"], ["expiry", "5"], ["cancel", "ABC"], ["reset"], ["revoke", CNPJ]):
        assert_one_clear_line(run("sim", *args, "--url", down), "conectar")
    monkeypatch.setenv("PDV_TRAINER_TOKEN", "outro-token")
    for args in (["clock", "lgpdata"], ["clock", "licenca", "--days", "1"], ["reset", "falhas"]):
        assert_one_clear_line(run("sim", *args, "--url", world), "token do instrutor")
    monkeypatch.delenv("PDV_TRAINER_TOKEN")

    (tmp_path / "license").mkdir()
    (tmp_path / "license" / "admin").mkdir()
    (tmp_path / "license" / "admin" / "clock").write_text("<html>não é JSON</html>")
    (tmp_path / "lgpdata" / "admin").mkdir(parents=True)
    (tmp_path / "lgpdata" / "admin" / "state").write_text("[1, 2]")
    handler = lambda *a, **k: http.server.SimpleHTTPRequestHandler(*a, directory=str(tmp_path), **k)  # noqa: E731
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        garbage = f"http://127.0.0.1:{server.server_address[1]}"
        assert_one_clear_line(run("sim", "clock", "licenca", "--url", garbage), "resposta inválida")
        assert_one_clear_line(run("sim", "status", "lgpdata", "--url", garbage), "resposta inválida")
        assert_one_clear_line(run("sim", "status", "licenca", "--url", garbage), "HTTP 404")
    finally:
        server.shutdown()


def test_absurd_numbers_are_refused_before_any_call_and_by_the_servers(world):
    for args in (
        ["clock", "--days", "nan"],
        ["clock", "--days", "1e9"],
        ["clock", "--hours", "inf"],
        ["expiry", "1e9"],
        ["expiry", "0"],
        ["clock", "--set", "31/02/2026"],
        ["clock", "lgpdata", "--days", "-1"],
        ["clock", "--days", "1", "--machine"],
    ):
        result = run("sim", *args, "--url", world)
        assert result.returncode == 2 and "Traceback" not in result.stderr, (args, result.stderr)
        assert len(result.stderr.strip().splitlines()) == 1, (args, result.stderr)
    headers = {"Authorization": f"Bearer {TOKEN}"}
    bodies = [
        ("POST", "/license/admin/clock", {"days": 1e9}),
        ("POST", "/license/admin/clock", {"days": "NaN"}),
        ("PUT", "/license/admin/clock", {"now": "9999-12-31T23:59:59"}),
        ("PUT", "/license/admin/clock", {"now": "x"}),
        ("POST", "/lgpdata/admin/clock", {"days": 1e300}),
        ("POST", "/lgpdata/admin/clock", {"hours": "Infinity"}),
        ("PUT", "/lgpdata/admin/clock", {"now": "0001-01-01T00:00:00"}),
        ("PUT", "/lgpdata/admin/expiry", {"days": 10**9}),
        (
            "PUT",
            "/lgpdata/admin/terms",
            {"cnpj": CNPJ, "banner_id": 10**30, "operation": "convenio", "version": "9", "text": "t"},
        ),
        ("PUT", "/lgpdata/admin/consents", {"document": "1", "status": "aceito", "banner_id": -5}),
        ("POST", "/lgpdata/admin/requests/%00%ff/cancel", None),
        ("POST", "/license/admin/branches/xyz/grants/revoke", None),
    ]
    for method, path, body in bodies:
        answer = httpx.request(method, world + path, json=body, headers=headers, timeout=5)
        assert 400 <= answer.status_code < 500, (method, path, body, answer.status_code, answer.text)
    # many advances in a row stop at ten years, they never overflow
    for _ in range(3):
        httpx.post(world + "/lgpdata/admin/clock", json={"days": 3000}, headers=headers, timeout=5)
    assert httpx.get(world + "/lgpdata/admin/state", headers=headers, timeout=5).status_code == 200
    sim("reset", "lgpdata", url=world)


# --- the portal's knobs ------------------------------------------------------------------------------


def test_portal_terms_credentials_expiry_cancel(world):
    sim("reset", "lgpdata", url=world)
    out = sim("term", "12.345.678/0001-95", "convenio", "--version", "2", "--text", "Termo novo.", url=world)
    assert "versão 2 em vigor" in out
    state = sim("status", "lgpdata", url=world)
    assert "Termo convenio CNPJ 12345678000195 bandeira 0: versão 2" in state
    assert "retirada" in sim("term", CNPJ, "convenio", "--withdraw", url=world)

    assert "expiram em 7 dia(s)" in sim("expiry", "7", url=world)
    sim("credentials", "--api-key", "OUTRA", "--access", "pdv2", "--password", "nova", url=world)
    refused = httpx.get(world + "/lgpdata/api/v1/conexao", headers=CREDENTIALS, timeout=5)
    assert refused.status_code == 401
    sim("reset", "lgpdata", url=world)
    assert httpx.get(world + "/lgpdata/api/v1/conexao", headers=CREDENTIALS, timeout=5).status_code == 200

    created = httpx.post(
        world + "/lgpdata/api/v1/solicitacoes",
        headers=CREDENTIALS,
        timeout=5,
        json={
            "documento": "984.886.457-16",
            "cnpj": CNPJ,
            "operacao": "convenio",
        },
    ).json()
    assert created["id"] in sim("status", "lgpdata", url=world)
    assert sim("cancel", created["id"], url=world).strip() == f"Solicitação {created['id']}: cancelado"
    assert_one_clear_line(run("sim", "cancel", created["id"], "--url", world), "não está pendente")
    assert_one_clear_line(run("sim", "cancel", "NAOEXISTE", "--url", world), "não encontrada")


# --- demo (a): lgpd-solicitacao-expirada ----------------------------------------------------------------


def pdv_status(world: str, document: str, document_type: str = "CPF") -> str:
    """What the PDV's F8 Atualizar status shows: the portal's answer through the PDV's own client."""
    from core.lgpd.client import LgpdataClient, PortalAccess
    from domain.enums import ConsentStatus

    access = PortalAccess(world + "/lgpdata", CREDENTIALS["API-KEY"], CREDENTIALS["Acesso"], CREDENTIALS["Senha"], 5.0)
    body = asyncio.run(LgpdataClient(access).status(document, document_type, CNPJ, 0, "convenio"))
    return ConsentStatus(body["status"]).label


def test_demo_consent_request_expires_with_pdv_sim_only(world):
    out = sim("reset", "tudo", "lgpd-solicitacao-expirada", url=world)
    assert "Portal LGPData no estado do cenário lgpd-solicitacao-expirada" in out
    assert pdv_status(world, "233.208.729-07") == "Expirado"  # Carla, the scenario's own request

    # a new request (F9 in the PDV), then the portal's clock passes its 15 days
    httpx.post(
        world + "/lgpdata/api/v1/solicitacoes",
        headers=CREDENTIALS,
        timeout=5,
        json={
            "documento": "984.886.457-16",
            "cnpj": CNPJ,
            "operacao": "convenio",
        },
    ).raise_for_status()
    assert pdv_status(world, "984.886.457-16") == "Pendente"
    sim("clock", "lgpdata", "--days", "14", url=world)
    assert pdv_status(world, "984.886.457-16") == "Pendente"
    sim("clock", "lgpdata", "--days", "1", "--minutes", "1", url=world)
    assert pdv_status(world, "984.886.457-16") == "Expirado"

    # or, the clock back, a shorter expiry does it
    sim("reset", "lgpdata", url=world)
    httpx.post(
        world + "/lgpdata/api/v1/solicitacoes",
        headers=CREDENTIALS,
        timeout=5,
        json={
            "documento": "984.886.457-16",
            "cnpj": CNPJ,
            "operacao": "convenio",
        },
    ).raise_for_status()
    sim("clock", "lgpdata", "--days", "2", url=world)
    assert pdv_status(world, "984.886.457-16") == "Pendente"
    assert "expiram em 1 dia(s)" in sim("expiry", "1", url=world)
    assert pdv_status(world, "984.886.457-16") == "Expirado"
    now = sim("clock", "lgpdata", "--machine", url=world)
    assert now.startswith("Portal LGPData: ")
    sim("reset", url=world)


# --- demo (b): the second Desbloqueio em Confiança within 30 days is Sem Sucesso ----------------------


def trust_unlock(world: str) -> dict:
    """What the PDV sends when the supervisor confirms DESBLOQUEIO EM CONFIANÇA."""
    return httpx.post(
        world + "/license/api/v1/trust-unlock",
        timeout=5,
        json={
            "cnpj": CNPJ,
            "version": "215.010",
            "supervisor": "supervisor",
            "user": "operador",
        },
    ).json()


def login_situation(world: str) -> str:
    return httpx.post(
        world + "/license/api/v1/access-check", json={"cnpj": CNPJ, "version": "215.010"}, timeout=5
    ).json()["situation"]


def test_demo_second_trust_unlock_in_30_days_is_refused_with_pdv_sim_only(world):
    out = sim("reset", "licenca", "desbloqueio-concedido", url=world)
    assert "License Server no estado do cenário desbloqueio-concedido" in out
    assert login_situation(world) == "bloqueio-total"

    first = trust_unlock(world)
    assert first["result"] == "liberado"
    assert login_situation(world) == "liberado"  # while the grant lasts, nothing to unlock

    # the trainer ends the grant: the next login is blocked again, and the grant still counts
    out = sim("revoke", "12.345.678/0001-95", url=world)
    assert "1 desbloqueio(s) em confiança encerrado(s)" in out and "Bloqueio Total" in out
    assert login_situation(world) == "bloqueio-total"
    second = trust_unlock(world)
    assert second["result"] == "sem-sucesso" and second["reason"].startswith("Limite de 1 desbloqueio")

    # 29 days later (the first one granted "now"): still within 30 days
    sim("clock", "licenca", "--days", "29", url=world)
    assert trust_unlock(world)["result"] == "sem-sucesso"
    # past 30 days: the grant is long over and a new one is granted
    sim("clock", "licenca", "--days", "1", "--hours", "1", url=world)
    assert login_situation(world) == "bloqueio-total"
    third = trust_unlock(world)
    assert third["result"] == "liberado"
    status = sim("status", "licenca", url=world)
    assert "Desbloqueio concedido a 12.345.678/0001-95" in status

    # the clock set by date, back to the machine's; --forget lets the demo start over
    target = datetime.now().replace(microsecond=0, second=0).strftime("%Y-%m-%d %H:%M")
    assert sim("clock", "licenca", "--set", target, url=world).startswith("License Server: ")
    sim("clock", "licenca", "--machine", url=world)
    assert "apagado(s)" in sim("revoke", CNPJ, "--forget", url=world)
    assert trust_unlock(world)["result"] == "liberado"
    out = sim("reset", url=world)
    assert out.splitlines() == [
        "License Server no estado do cenário treinamento",
        "Portal LGPData no estado do cenário treinamento",
        out.splitlines()[2],
    ] and out.splitlines()[2].startswith("Falhas do cenário: ")
    assert login_situation(world) == "liberado"
