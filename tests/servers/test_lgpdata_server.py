"""The simulated LGPData portal over HTTP (in-process ASGI): credentials, terms, consents,
requests, expiry on the portal's clock, cancel, the customer's page and the receipt."""

from __future__ import annotations

import re

import httpx
import pytest

from servers.lgpdata.vocabulary import STATUSES
from servers.runner import WorldSource, build_app
from storage.scenarios.loader import SCENARIO_DIR
from tests.support.trainer import HEADERS, TOKEN

CNPJ = "12345678000195"
CREDS = {"API-KEY": "BEMESTAR-7F3A-2026", "Acesso": "pdv.bemestar", "Senha": "Termo@2026"}
ACCEPTED_CPF = "70940985888"  # treinamento: aceito in convenio
NEW_CPF = "52998224725"


@pytest.fixture
async def portal(tmp_path):
    app = build_app(tmp_path, WorldSource(SCENARIO_DIR, "treinamento", token=TOKEN))
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app),
        base_url="http://lgpdata.test/lgpdata",
        headers={**CREDS, **HEADERS},
    ) as client:
        yield client


def status_params(document: str, operation: str = "convenio", **extra) -> dict:
    return {"documento": document, "cnpj": CNPJ, "bandeira": 0, "operacao": operation, **extra}


async def request_consent(portal, document: str = NEW_CPF, operation: str = "convenio") -> dict:
    response = await portal.post(
        "/api/v1/solicitacoes",
        json={
            "documento": document,
            "tipo_documento": "CPF",
            "nome": "Maria",
            "cnpj": CNPJ,
            "bandeira": 0,
            "operacao": operation,
        },
    )
    assert response.status_code == 201, response.text
    return response.json()


@pytest.mark.parametrize("header", ["API-KEY", "Acesso", "Senha"])
async def test_each_wrong_credential_answers_401_naming_it(portal, header):
    response = await portal.get("/api/v1/conexao", headers={header: "errado"})
    assert response.status_code == 401
    body = response.json()
    assert body["credencial"] == header
    assert header in body["detail"]


async def test_missing_credential_is_named(portal):
    async with httpx.AsyncClient(headers=HEADERS, transport=portal._transport, base_url=str(portal.base_url)) as bare:
        response = await bare.get("/api/v1/consentimento", params=status_params(ACCEPTED_CPF))
    assert response.status_code == 401
    assert response.json()["credencial"] == "API-KEY"


async def test_connection_lists_terms_in_force(portal):
    body = (await portal.get("/api/v1/conexao", params={"cnpj": CNPJ, "bandeira": 0})).json()
    assert body["ok"] is True
    assert {t["operacao"] for t in body["termos"]} == {"convenio", "fidelidade", "fidelidade_febrafar"}
    other = (await portal.get("/api/v1/conexao", params={"cnpj": CNPJ, "bandeira": 7})).json()
    assert other["termos"] == []


async def test_no_term_in_force_answers_so(portal):
    response = await portal.get("/api/v1/consentimento", params={**status_params(ACCEPTED_CPF), "bandeira": 3})
    assert response.status_code == 404
    assert response.json()["codigo"] == "termo_inexistente"
    assert "Nenhum termo vigente" in response.json()["detail"]


async def test_scenario_statuses_and_unknown_document(portal):
    accepted = (await portal.get("/api/v1/consentimento", params=status_params(ACCEPTED_CPF))).json()
    assert accepted["status"] == "aceito"
    assert accepted["comprovante"]["termo_versao"] == "1"
    fresh = (await portal.get("/api/v1/consentimento", params=status_params(NEW_CPF))).json()
    assert fresh["status"] == "nao_emitido"
    assert fresh["comprovante"] is None


async def test_term_hash_is_sha256_of_text(portal):
    import hashlib

    answer = await portal.put(
        "/admin/terms",
        json={
            "cnpj": CNPJ,
            "banner_id": 0,
            "operation": "convenio",
            "version": "2",
            "text": "Novo texto do termo.",
        },
    )
    assert answer.json()["sha256"] == hashlib.sha256(b"Novo texto do termo.").hexdigest()
    status = (await portal.get("/api/v1/consentimento", params=status_params(NEW_CPF))).json()
    assert status["termo"] == {"versao": "2", "sha256": answer.json()["sha256"]}
    clash = await portal.put(
        "/admin/terms",
        json={
            "cnpj": CNPJ,
            "banner_id": 0,
            "operation": "convenio",
            "version": "2",
            "text": "Outro texto.",
        },
    )
    assert clash.status_code == 409


async def test_request_page_accept_and_receipt(portal):
    created = await request_consent(portal)
    assert created["status"] == "pendente"
    assert created["link"].startswith("http://lgpdata.test/lgpdata/t/")
    pending = (await portal.get("/api/v1/consentimento", params=status_params(NEW_CPF))).json()
    assert pending["status"] == "pendente"
    page = await portal.get(created["link"])
    assert page.status_code == 200
    assert "TERMO DE CONSENTIMENTO" in page.text and "Aceito o termo" in page.text
    action = re.search(r"action='([^']+)'", page.text).group(1)
    answered = await portal.post(action, data={"acao": "aceitar"})
    assert "aceite foi registrado" in answered.text
    done = (await portal.get("/api/v1/consentimento", params=status_params(NEW_CPF))).json()
    assert done["status"] == "aceito"
    receipt = done["comprovante"]
    assert receipt["solicitacao_id"] == created["id"]
    assert receipt["termo_versao"] == "1"
    assert len(receipt["termo_sha256"]) == 64
    assert receipt["canal"] == "link"
    assert receipt["aceito_em"]
    again = await portal.post(action, data={"acao": "recusar"})
    assert again.status_code == 409


@pytest.mark.parametrize(
    "action, status",
    [
        ("recusar", "recusado"),
        ("exclusao", "solicitado_exclusao"),
        ("remocao", "solicitado_remocao"),
    ],
)
async def test_other_answers_on_the_page(portal, action, status):
    created = await request_consent(portal)
    await portal.post(created["link"], data={"acao": action})
    answer = (await portal.get("/api/v1/consentimento", params=status_params(NEW_CPF))).json()
    assert answer["status"] == status
    assert answer["comprovante"] is None


async def test_expiry_follows_the_portal_clock(portal):
    await portal.put("/admin/expiry", json={"days": 3})
    created = await request_consent(portal)
    await portal.post("/admin/clock", json={"days": 2, "hours": 23})
    assert (await portal.get("/api/v1/consentimento", params=status_params(NEW_CPF))).json()["status"] == "pendente"
    await portal.post("/admin/clock", json={"hours": 2})
    answer = (await portal.get("/api/v1/consentimento", params=status_params(NEW_CPF))).json()
    assert answer["status"] == "expirado"
    assert answer["solicitacao"]["id"] == created["id"]
    page = await portal.get(created["link"])
    assert "prazo para responder" in page.text
    late = await portal.post(created["link"], data={"acao": "aceitar"})
    assert late.status_code == 409


async def test_trainer_cancels_a_request(portal):
    created = await request_consent(portal)
    cancelled = await portal.post(f"/admin/requests/{created['id']}/cancel")
    assert cancelled.json()["status"] == "cancelado"
    assert (await portal.get("/api/v1/consentimento", params=status_params(NEW_CPF))).json()["status"] == "cancelado"
    twice = await portal.post(f"/admin/requests/{created['id']}/cancel")
    assert twice.status_code == 409


@pytest.mark.parametrize("status", [status for status in STATUSES if status != "aceito"])
async def test_new_request_in_any_status_but_accepted(portal, status):
    await portal.put("/admin/consents", json={"document": NEW_CPF, "status": status, "operation": "convenio"})
    assert (await portal.get("/api/v1/consentimento", params=status_params(NEW_CPF))).json()["status"] == status
    first = await request_consent(portal)
    second = await request_consent(portal)
    assert first["id"] != second["id"]
    answer = (await portal.get("/api/v1/consentimento", params=status_params(NEW_CPF))).json()
    assert answer["status"] == "pendente"
    assert answer["solicitacao"]["id"] == second["id"]
    replaced = await portal.get(first["link"])
    assert "substituído" in replaced.text


async def test_a_request_never_takes_back_a_standing_acceptance(portal):
    """Accepted on the page: a new request (a cashier asking again, during an outage or not) is
    refused 409 ja_aceito with a sentence, and the portal keeps Aceito with its receipt."""
    created = await request_consent(portal)
    page = await portal.get(created["link"])
    assert (await portal.post(created["link"], data={"acao": "aceitar"})).status_code == 200, page.text
    accepted = (await portal.get("/api/v1/consentimento", params=status_params(NEW_CPF))).json()
    assert accepted["status"] == "aceito"
    for _ in range(2):
        again = await portal.post(
            "/api/v1/solicitacoes",
            json={
                "documento": NEW_CPF,
                "tipo_documento": "CPF",
                "nome": "Maria",
                "cnpj": CNPJ,
                "bandeira": 0,
                "operacao": "convenio",
            },
        )
        assert again.status_code == 409, again.text
        assert again.json()["codigo"] == "ja_aceito"
        assert "já aceitou" in again.json()["detail"]
    after = (await portal.get("/api/v1/consentimento", params=status_params(NEW_CPF))).json()
    assert after["status"] == "aceito"
    assert after["comprovante"] == accepted["comprovante"]
    assert after["solicitacao"]["id"] == created["id"]
    # the same by the trainer's hand (the scenario's accepted customer, too)
    await portal.put("/admin/consents", json={"document": NEW_CPF, "status": "aceito", "operation": "convenio"})
    assert (
        await portal.post("/api/v1/solicitacoes", json={"documento": NEW_CPF, "cnpj": CNPJ, "operacao": "convenio"})
    ).status_code == 409
    assert (await portal.get("/api/v1/consentimento", params=status_params(NEW_CPF))).json()["status"] == "aceito"


async def test_an_acceptance_of_an_older_term_version_can_be_asked_again(portal):
    """A new version of the term is a new question: the customer who accepted the old text is asked again."""
    await portal.put("/admin/consents", json={"document": NEW_CPF, "status": "aceito", "operation": "convenio"})
    state = (await portal.get("/admin/state")).json()
    term = next(t for t in state["terms"] if t["operation"] == "convenio" and t["cnpj"] == CNPJ and t["in_force"])
    changed = await portal.put(
        "/admin/terms",
        json={
            "cnpj": CNPJ,
            "banner_id": term["banner_id"],
            "operation": "convenio",
            "version": term["version"] + "-novo",
            "text": "Texto novo do termo.",
        },
    )
    assert changed.status_code == 200, changed.text
    created = await request_consent(portal)
    answer = (await portal.get("/api/v1/consentimento", params=status_params(NEW_CPF))).json()
    assert answer["status"] == "pendente" and answer["solicitacao"]["id"] == created["id"]


async def test_admin_consent_without_operation_sets_every_term(portal):
    body = (await portal.put("/admin/consents", json={"document": NEW_CPF, "status": "recusado"})).json()
    assert {t["operation"] for t in body["terms"]} == {"convenio", "fidelidade", "fidelidade_febrafar"}
    bad = await portal.put("/admin/consents", json={"document": NEW_CPF, "status": "talvez"})
    assert bad.status_code == 422


async def test_other_document_types(portal):
    await portal.put(
        "/admin/consents",
        json={
            "document": "MG-12.345.678",
            "document_type": "RG",
            "status": "aceito",
            "operation": "fidelidade",
        },
    )
    answer = (
        await portal.get("/api/v1/consentimento", params=status_params("MG12345678", "fidelidade", tipo="RG"))
    ).json()
    assert answer["status"] == "aceito"
    assert answer["tipo_documento"] == "RG"


async def test_state_masks_secrets_and_reset_restores(portal):
    await portal.put("/admin/consents", json={"document": ACCEPTED_CPF, "status": "recusado", "operation": "convenio"})
    state = (await portal.get("/admin/state")).json()
    assert "Termo@2026" not in str(state)
    assert state["expiry_days"] == 15
    reset = await portal.post("/admin/reset", json={"scenario": "treinamento"})
    assert reset.json()["ok"] is True
    assert (await portal.get("/api/v1/consentimento", params=status_params(ACCEPTED_CPF))).json()["status"] == "aceito"
    missing = await portal.post("/admin/reset", json={"scenario": "nao-existe"})
    assert missing.status_code == 404


async def test_openapi_names_the_routes(portal):
    spec = (await portal.get("/openapi.json")).json()
    assert "/api/v1/consentimento" in spec["paths"]
    assert "/admin/faults" not in spec["paths"]
    app = portal._transport.app
    mounted = next(r.app for r in app.routes if getattr(r, "path", "") == "/lgpdata")
    names = {getattr(r, "name", None) for r in mounted.routes}
    assert {"consent-status", "consent-request", "connection-test"} <= names


async def test_clock_never_goes_back(portal):
    response = await portal.post("/admin/clock", json={"days": -1})
    assert response.status_code == 422


async def test_a_consent_without_term_does_not_stop_the_portal(tmp_path):
    folder = tmp_path / "scenarios"
    folder.mkdir()
    (folder / "sem-termo.toml").write_text(
        '[scenario]\ntitle = "x"\n[[lgpdata.consents]]\ndocument = "52998224725"\nstatus = "aceito"\n'
        'operation = "fidelidade"\n',
        encoding="utf-8",
    )
    app = build_app(tmp_path / "state", WorldSource(folder, "sem-termo", token=TOKEN))
    async with httpx.AsyncClient(
        headers=HEADERS, transport=httpx.ASGITransport(app=app), base_url="http://t/lgpdata"
    ) as client:
        state = (await client.get("/admin/state")).json()
    assert state["terms"] == [] and state["consents"] == []
