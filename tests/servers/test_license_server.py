"""The simulated License Server over HTTP (in-process ASGI): the PDV's routes, /admin, history."""

from __future__ import annotations

import httpx
import pytest

from core.kernel.clock import FixedClock
from servers.license import texts
from tests.conftest import FIXED_NOW
from tests.support.trainer import HEADERS
from tests.support.world import World

CNPJ = "12345678000195"
ALPHA = "12ABC34501DE35"


@pytest.fixture
def clock():
    return FixedClock(FIXED_NOW)


def client(world: World) -> httpx.AsyncClient:
    return httpx.AsyncClient(headers=HEADERS, transport=world.transport, base_url="http://license.test/license")


async def access(c: httpx.AsyncClient, cnpj: str = CNPJ, version: str = "215.010") -> httpx.Response:
    return await c.post("/api/v1/access-check", json={"cnpj": cnpj, "version": version})


async def test_every_situation_answers_with_the_documents_text(tmp_path, clock):
    world = World(tmp_path, "treinamento", clock)
    async with client(world) as c:
        first = (await access(c)).json()
        assert first == {
            "cnpj": CNPJ,
            "situation": "liberado",
            "message": "",
            "checked_at": "2026-11-22T09:30:00",
            "trust_until": None,
            "route": "license-server",
        }
        for situation, text in texts.DEFAULT_MESSAGES.items():
            changed = await c.put(f"/admin/branches/{CNPJ}", json={"situation": situation})
            assert changed.status_code == 200
            body = (await access(c, "12.345.678/0001-95")).json()
            assert (body["situation"], body["message"]) == (situation, text)
    assert "Este CNPJ possui faturas em aberto." in texts.MESSAGE_TEXT
    assert "restrita somente ao módulo de Vendas" in texts.PARTIAL_BLOCK_TEXT
    assert "o uso está bloqueado" in texts.TOTAL_BLOCK_TEXT


async def test_regua_route_speaks_portuguese_and_both_routes_are_in_the_history(tmp_path, clock):
    world = World(tmp_path, "mensagem", clock)
    async with client(world) as c:
        regua = await c.get(f"/regua/v1/situacao/{CNPJ}", params={"versao": "214.500"})
        assert regua.status_code == 200
        assert regua.json()["situacao"] == "mensagem"
        assert regua.json()["mensagem"] == texts.MESSAGE_TEXT
        await access(c)
        calls = (await c.get("/admin/history")).json()["calls"]
    assert [(call["route"], call["version"]) for call in calls] == [
        ("access-check", "215.010"),
        ("regua-check", "214.500"),
    ]
    assert calls[1]["answer"]["situacao"] == "mensagem"
    assert all(
        call["cnpj"] == CNPJ and call["status_code"] == 200 and call["at"] == "2026-11-22T09:30:00" for call in calls
    )


async def test_custom_message_and_alphanumeric_cnpj(tmp_path, clock):
    world = World(tmp_path, "treinamento", clock)
    async with client(world) as c:
        set_ = await c.put(
            "/admin/branches/12.ABC.345/01DE-35", json={"situation": "mensagem", "message": "Pague o boleto."}
        )
        assert set_.status_code == 404  # a formatted CNPJ has a slash: not a path segment
        set_ = await c.put(
            f"/admin/branches/{ALPHA.lower()}", json={"situation": "mensagem", "message": "Pague o boleto."}
        )
        assert set_.status_code == 200
        body = (await access(c, "12.ABC.345/01DE-35")).json()
        assert (body["cnpj"], body["situation"], body["message"]) == (ALPHA, "mensagem", "Pague o boleto.")


async def test_invalid_requests_are_4xx_and_recorded(tmp_path, clock):
    world = World(tmp_path, "treinamento", clock)
    async with client(world) as c:
        assert (await access(c, "11.111.111/0001-11")).status_code == 422
        assert (await c.put(f"/admin/branches/{CNPJ}", json={"situation": "quase"})).status_code == 422
        assert (await c.put("/admin/branches/123", json={"situation": "liberado"})).status_code == 422
        assert (await c.post("/api/v1/access-check", json={})).status_code == 422
        calls = (await c.get("/admin/history")).json()["calls"]
    assert calls[0]["route"] == "access-check" and calls[0]["status_code"] == 422


async def test_trust_unlock_rules_grants_and_expiry(tmp_path, clock):
    world = World(tmp_path, "bloqueio-parcial", clock)
    ask = {"cnpj": CNPJ, "version": "215.010", "supervisor": "supervisor", "user": "operador"}
    async with client(world) as c:
        granted = (await c.post("/api/v1/trust-unlock", json=ask)).json()
        assert granted == {
            "result": "liberado",
            "until": "2026-11-25",
            "message": "Acesso liberado até 25/11/2026.",
            "reason": "",
        }
        in_force = (await access(c)).json()
        assert (in_force["situation"], in_force["trust_until"]) == ("liberado", "2026-11-25")
        again = (await c.post("/api/v1/trust-unlock", json=ask)).json()
        assert again["result"] == "sem-sucesso" and "Limite de 1" in again["reason"]
        clock.advance(days=4)  # the grant is over: the block is back
        assert (await access(c)).json()["situation"] == "bloqueio-parcial"
        clock.advance(days=27)  # 31 days after the first grant: a new one is allowed
        assert (await c.post("/api/v1/trust-unlock", json=ask)).json()["result"] == "liberado"
        refused = await c.put(f"/admin/branches/{CNPJ}/trust-unlock", json={"refuse": True, "reason": "Não."})
        assert refused.json()["trust_unlock"]["refuse"] is True
        await c.delete(f"/admin/branches/{CNPJ}/grants")
        assert (await c.post("/api/v1/trust-unlock", json=ask)).json() == {
            "result": "sem-sucesso",
            "until": None,
            "message": "",
            "reason": "Não.",
        }
        everyone = (await c.put("/admin/trust-unlock", json={"refuse": False, "days": 7})).json()
        assert all(b["trust_unlock"]["days"] == 7 and not b["trust_unlock"]["refuse"] for b in everyone["branches"])
        assert (await c.post("/api/v1/trust-unlock", json=ask)).json()["until"] == "2026-12-30"
        state = (await c.get("/admin/state")).json()
    assert [g["supervisor"] for g in state["grants"]] == ["supervisor"]
    assert state["default"]["trust_unlock"]["days"] == 7


async def test_trust_unlock_when_not_blocked_is_sem_sucesso(tmp_path, clock):
    world = World(tmp_path, "treinamento", clock)
    async with client(world) as c:
        answer = (await c.post("/api/v1/trust-unlock", json={"cnpj": CNPJ})).json()
    assert answer["result"] == "sem-sucesso" and "não está bloqueado" in answer["reason"]


async def test_scenario_rules_and_per_branch_entries(tmp_path, clock):
    world = World(tmp_path, "desbloqueio-sem-sucesso", clock)
    async with client(world) as c:
        state = (await c.get("/admin/state")).json()
        unknown = (await access(c, "11.222.333/0001-81")).json()
    assert state["scenario"] == "desbloqueio-sem-sucesso"
    rules = {b["cnpj"]: b["trust_unlock"] for b in state["branches"]}
    assert rules[CNPJ]["refuse"] is True and "Limite de desbloqueios" in rules[CNPJ]["reason"]
    assert unknown["situation"] == "bloqueio-total"  # a CNPJ outside the scenario gets its default


async def test_reset_to_a_scenario_and_unknown_scenario(tmp_path, clock):
    world = World(tmp_path, "treinamento", clock)
    async with client(world) as c:
        await c.put(f"/admin/branches/{CNPJ}", json={"situation": "bloqueio-total"})
        await access(c)
        reset = (await c.post("/admin/reset", json={"scenario": "mensagem"})).json()
        assert reset["scenario"] == "mensagem"
        assert (await access(c)).json()["situation"] == "mensagem"
        assert len((await c.get("/admin/history")).json()["calls"]) == 1
        back = (await c.post("/admin/reset")).json()
        assert back["scenario"] == "treinamento"
        assert (await c.post("/admin/reset", json={"scenario": "nao-existe"})).status_code == 404


async def test_state_survives_a_restart_on_the_same_folder(tmp_path, clock):
    world = World(tmp_path, "treinamento", clock)
    async with client(world) as c:
        await c.put(f"/admin/branches/{CNPJ}", json={"situation": "bloqueio-parcial"})
    again = World(tmp_path, "treinamento", clock)
    async with client(again) as c:
        assert (await access(c)).json()["situation"] == "bloqueio-parcial"
    assert (again.state_dir / "license.sqlite3").exists()


async def test_routes_have_stable_names_and_an_openapi_document(tmp_path, clock):
    world = World(tmp_path, "treinamento", clock)
    mount = next(route for route in world.app.routes if getattr(route, "path", "") == "/license")
    names = {getattr(route, "name", None) for route in mount.app.routes}
    assert {
        "access-check",
        "regua-check",
        "trust-unlock",
        "admin-state",
        "admin-set-situation",
        "admin-set-trust-unlock",
        "admin-history",
        "admin-reset",
    } <= names
    async with client(world) as c:
        document = (await c.get("/openapi.json")).json()
    assert "/api/v1/access-check" in document["paths"]
    assert "/admin/faults" not in document["paths"]
