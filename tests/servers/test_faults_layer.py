"""The fault layer in process (httpx.ASGITransport): what a client sees for each fault kind, what
core's call_json makes of it, the count and probability modifiers, and the admin API."""

from __future__ import annotations

import json
import time

import httpx
import pytest

from core.kernel.http import (
    HTTP,
    INTERRUPTED,
    MALFORMED,
    TIMEOUT,
    RemoteFailure,
    call_json,
    make_client,
    require_fields,
)
from servers.faults.registry import FaultRegistry
from servers.faults.specs import parse_fault
from tests.support.fault_service import ITEM
from tests.support.fault_support import aset_fault, demo_app, in_process_client


@pytest.fixture
def app(tmp_path):
    return demo_app(tmp_path)


@pytest.fixture
async def client(app):
    async with in_process_client(app) as client:
        yield client


async def remote_call(app, path: str = "/demo/items/7", deadline: float | None = 0.5) -> dict:
    """call_json as the PDV's clients use it, through the in-process transport."""
    async with make_client("http://mundo.test", 0.5, transport=httpx.ASGITransport(app=app)) as pdv:
        return await call_json(pdv, "GET", path, service="demo", deadline=deadline)


async def test_no_fault_passes_through(client):
    response = await client.get("/demo/items/7")
    assert response.status_code == 200
    assert response.json() == ITEM
    assert "x-simulated-fault" not in response.headers


async def test_fixed_delay(app, client):
    await aset_fault(client, route="item", kind="delay", options={"ms": 120})
    start = time.monotonic()
    response = await client.get("/demo/items/7")
    elapsed = time.monotonic() - start
    assert response.json() == ITEM
    assert 0.12 <= elapsed < 1.0
    assert response.headers["x-simulated-fault"] == "delay; ms=120.0"
    await aset_fault(client, route="item", kind="delay", options={"ms": 900})
    with pytest.raises(RemoteFailure) as failure:
        await remote_call(app, deadline=0.3)
    assert failure.value.kind == TIMEOUT


@pytest.mark.parametrize("code", [401, 429, 500, 503])
async def test_http_status(app, client, code):
    await aset_fault(client, route="item", kind="status", options={"code": code, "retry_after": 3})
    response = await client.get("/demo/items/7")
    assert response.status_code == code
    assert isinstance(response.json()["detail"], str) and response.json()["detail"]
    assert response.headers["retry-after"] == "3"
    with pytest.raises(RemoteFailure) as failure:
        await remote_call(app)
    assert (failure.value.kind, failure.value.status_code) == (HTTP, code)
    assert str(code) in str(failure.value)


async def test_status_with_given_body(client):
    await aset_fault(client, route="item", kind="status", options={"code": 500, "body": {"erro": "banco fora"}})
    response = await client.get("/demo/items/7")
    assert (response.status_code, response.json()) == (500, {"erro": "banco fora"})


async def test_malformed_json_is_the_real_body_cut(app, client):
    await aset_fault(client, route="item", kind="malformed-json")
    response = await client.get("/demo/items/7")
    assert response.status_code == 200
    real = json.dumps(ITEM, separators=(",", ":")).encode()
    assert real.startswith(response.content) and 0 < len(response.content) < len(real)
    with pytest.raises(ValueError):
        response.json()
    with pytest.raises(RemoteFailure) as failure:
        await remote_call(app)
    assert failure.value.kind == MALFORMED


async def test_missing_fields_named(app, client):
    await aset_fault(client, route="item", kind="missing-fields", options={"fields": ["price", "stock"]})
    response = await client.get("/demo/items/7")
    assert response.json() == {"id": 7, "name": ITEM["name"]}
    body = await remote_call(app)
    with pytest.raises(RemoteFailure) as failure:
        require_fields(body, "demo", "id", "price")
    assert failure.value.kind == MALFORMED
    assert "price" in str(failure.value)


async def test_missing_fields_all_but_one(client):
    await aset_fault(client, route="item", kind="missing-fields", options={"keep": "name"})
    assert (await client.get("/demo/items/7")).json() == {"name": ITEM["name"]}
    await aset_fault(client, route="item", kind="missing-fields")
    assert (await client.get("/demo/items/7")).json() == {}


async def test_empty_response(app, client):
    await aset_fault(client, route="item", kind="empty")
    response = await client.get("/demo/items/7")
    assert (response.status_code, response.content) == (200, b"")
    with pytest.raises(RemoteFailure) as failure:
        await remote_call(app)
    assert failure.value.kind == MALFORMED


@pytest.mark.parametrize("mode", ["rst", "fin"])
async def test_reset_in_process_raises_what_a_socket_would(app, client, mode):
    await aset_fault(client, route="item", kind="reset", options={"mode": mode})
    expected = httpx.ReadError if mode == "rst" else httpx.RemoteProtocolError
    with pytest.raises(expected):
        await client.get("/demo/items/7")
    with pytest.raises(RemoteFailure) as failure:
        await remote_call(app)
    assert failure.value.kind == INTERRUPTED


async def test_hang_in_process_ends_at_the_deadline(app, client):
    await aset_fault(client, route="item", kind="hang")
    start = time.monotonic()
    with pytest.raises(RemoteFailure) as failure:
        await remote_call(app, deadline=0.3)
    assert failure.value.kind == TIMEOUT
    assert 0.3 <= time.monotonic() - start < 1.5


async def test_hang_with_limit_then_closes(client):
    await aset_fault(client, route="item", kind="hang", options={"ms": 100})
    start = time.monotonic()
    with pytest.raises(httpx.RemoteProtocolError):
        await client.get("/demo/items/7")
    assert 0.1 <= time.monotonic() - start < 1.0


async def test_dribble_delivers_the_whole_body_over_total_ms(app, client):
    await aset_fault(client, route="big", kind="dribble", options={"chunks": 4, "total_ms": 200})
    start = time.monotonic()
    response = await client.get("/demo/big")
    assert 0.2 <= time.monotonic() - start < 1.2
    assert len(response.json()["rows"]) == 200
    await aset_fault(client, route="big", kind="dribble", options={"chunks": 4, "total_ms": 2000})
    with pytest.raises(RemoteFailure) as failure:
        await remote_call(app, "/demo/big", deadline=0.3)
    assert failure.value.kind == TIMEOUT


async def test_fail_next_n_then_recover(client):
    fault = await aset_fault(client, route="item", kind="status", options={"code": 503}, count=2)
    assert fault["remaining"] == 2
    codes = [(await client.get("/demo/items/7")).status_code for _ in range(4)]
    assert codes == [503, 503, 200, 200]
    assert (await client.get("/faults")).json()["faults"] == []


async def test_route_fault_wins_over_star_and_other_routes_untouched(client):
    await aset_fault(client, route="*", kind="status", options={"code": 500})
    await aset_fault(client, route="item", kind="status", options={"code": 429})
    assert (await client.get("/demo/items/1")).status_code == 429
    assert (await client.get("/demo/big")).status_code == 500
    await client.delete("/demo/admin/faults", params={"route": "*"})
    assert (await client.get("/demo/big")).status_code == 200
    assert (await client.get("/demo/items/1")).status_code == 429


async def test_admin_routes_are_never_faulted(client):
    await aset_fault(client, route="*", kind="reset")
    assert (await client.get("/demo/admin/own")).json() == {"admin": True}  # the service's own admin
    assert (await client.get("/demo/admin/faults")).status_code == 200
    assert (await client.delete("/faults")).json()["removed"] == 1
    assert (await client.get("/demo/items/1")).status_code == 200


async def test_request_body_reaches_the_route_under_a_delay(client):
    await aset_fault(client, route="echo", kind="delay", options={"ms": 10})
    response = await client.post("/demo/echo", json={"cpf": "123"})
    assert response.json() == {"received": {"cpf": "123"}}


def _draws(seed: int, calls: int = 8, **fault) -> list:
    registry = FaultRegistry()
    registry.add_service("demo", lambda: ["item"])
    registry.set(parse_fault("demo", {"route": "item", "seed": seed, **fault}, ["item"]))
    shots = [registry.take("demo", "item") for _ in range(calls)]
    return [None if shot is None else round(shot.delay_ms, 6) for shot in shots]


def test_random_delay_seed_replays_the_sequence():
    fault = {"kind": "random-delay", "options": {"min_ms": 10, "max_ms": 500}}
    first = _draws(42, **fault)
    assert first == _draws(42, **fault)
    assert first != _draws(43, **fault)
    assert all(10 <= d <= 500 for d in first) and len(set(first)) > 1


def test_probability_seed_replays_the_sequence():
    fault = {"kind": "status", "options": {"code": 503}, "probability": 0.5}
    first = _draws(7, calls=40, **fault)
    assert first == _draws(7, calls=40, **fault)
    assert first != _draws(8, calls=40, **fault)
    hits = sum(shot is not None for shot in first)
    assert 5 < hits < 35  # a fair coin over 40 calls


async def test_seeded_random_delay_and_probability_over_http(client):
    async def run() -> list[str | None]:
        await aset_fault(
            client,
            route="item",
            kind="random-delay",
            options={"min_ms": 0, "max_ms": 20},
            probability=0.5,
            seed=2024,
        )
        headers = [(await client.get("/demo/items/1")).headers.get("x-simulated-fault") for _ in range(12)]
        await client.delete("/faults")
        return headers

    first = await run()
    assert first == await run()
    assert None in first and any(h and h.startswith("random-delay; ms=") for h in first)


async def test_seed_is_chosen_and_shown_when_not_given(client):
    fault = await aset_fault(client, route="item", kind="random-delay", options={"min_ms": 0, "max_ms": 5})
    assert isinstance(fault["seed"], int)


@pytest.mark.parametrize(
    "payload, message",
    [
        (
            {"route": "nada", "kind": "delay", "options": {"ms": 1}},
            "route: rota 'nada' não existe no serviço demo (rotas: item, echo, big, calls; ou * para todas)",
        ),
        ({"kind": "delay"}, "route: obrigatória"),
        ({"route": "item", "kind": "explodir"}, "kind: tipo de falha 'explodir' inválido (use: delay, random-delay"),
        ({"route": "item", "kind": "delay"}, "options.ms: obrigatória para 'delay'"),
        ({"route": "item", "kind": "delay", "options": {"ms": "muito"}}, "options.ms: deveria ser um inteiro"),
        ({"route": "item", "kind": "delay", "options": {"ms": -5}}, "options.ms: deveria estar entre 0 e"),
        (
            {"route": "item", "kind": "delay", "options": {"ms": 5, "code": 500}},
            "options.code: opção desconhecida para 'delay' (opções: ms)",
        ),
        (
            {"route": "item", "kind": "random-delay", "options": {"min_ms": 50, "max_ms": 10}},
            "options.min_ms: maior que max_ms",
        ),
        (
            {"route": "item", "kind": "status", "options": {"code": 200}},
            "options.code: deveria ser um status de erro HTTP",
        ),
        ({"route": "item", "kind": "missing-fields", "options": {"fields": ["a"], "keep": "b"}}, "não os dois"),
        (
            {"route": "item", "kind": "reset", "options": {"mode": "suave"}},
            "options.mode: valor 'suave' inválido (use: rst, fin)",
        ),
        ({"route": "item", "kind": "empty", "count": 0}, "count: deveria ser um inteiro >= 1"),
        ({"route": "item", "kind": "empty", "probability": 1.5}, "probability: deveria ser um número entre 0 e 1"),
        ({"route": "item", "kind": "empty", "seed": "abc"}, "seed: deveria ser um inteiro"),
        ({"route": "item", "kind": "empty", "cor": "azul"}, "cor: campo desconhecido"),
        ({"route": "item", "kind": "empty", "service": "outro"}, "esta é a rota de admin de demo"),
        ([1, 2], "a falha deveria ser um objeto JSON"),
    ],
)
async def test_admin_refuses_bad_input_in_portuguese(client, payload, message):
    response = await client.post("/demo/admin/faults", json=payload)
    assert response.status_code == 422
    assert message in response.json()["detail"]
    assert (await client.get("/faults")).json()["faults"] == []


async def test_admin_refuses_a_body_that_is_not_json(client):
    response = await client.post("/demo/admin/faults", content=b"delay 100", headers={"content-type": "text/plain"})
    assert response.status_code == 422
    assert "objeto JSON" in response.json()["detail"]


async def test_admin_clear_one_route_unknown_route_and_listing(client):
    await aset_fault(client, route="item", kind="empty")
    await aset_fault(client, route="big", kind="empty")
    listing = (await client.get("/demo/admin/faults")).json()
    assert listing["routes"] == ["item", "echo", "big", "calls"]
    assert [f["route"] for f in listing["faults"]] == ["big", "item"]
    assert listing["kinds"]["hang"] == "nunca responde"
    bad = await client.delete("/demo/admin/faults", params={"route": "nada"})
    assert bad.status_code == 422 and "rotas: item, echo, big, calls" in bad.json()["detail"]
    cleared = (await client.delete("/demo/admin/faults", params={"route": "item"})).json()
    assert cleared["removed"] == 1 and [f["route"] for f in cleared["faults"]] == ["big"]
    assert (await client.delete("/demo/admin/faults")).json()["removed"] == 1


async def test_root_lists_and_clears_every_service(client):
    await aset_fault(client, route="item", kind="empty", count=3)
    everything = (await client.get("/faults")).json()
    assert everything["services"] == {"demo": ["item", "echo", "big", "calls"]}
    assert everything["faults"] == [
        {
            "service": "demo",
            "route": "item",
            "kind": "empty",
            "label": "resposta vazia",
            "options": {},
            "count": 3,
            "remaining": 3,
            "probability": None,
            "seed": None,
            "applied": 0,
        }
    ]
    assert (await client.delete("/faults")).json() == {"removed": 1, "faults": []}


async def test_admin_routes_are_in_the_root_openapi_not_the_service_one(client):
    root_doc = (await client.get("/openapi.json")).json()
    assert {"/faults", "/faults/reset", "/demo/admin/faults"} <= set(root_doc["paths"])
    operations = root_doc["paths"]["/demo/admin/faults"]
    assert set(operations) == {"get", "post", "delete"}
    shapes = operations["post"]["requestBody"]["content"]["application/json"]["schema"]["oneOf"]
    assert shapes[0]["properties"]["kind"]["enum"] == ["delay"]
    assert shapes[0]["properties"]["route"]["enum"] == ["*", "item", "echo", "big", "calls"]
    assert operations["post"]["tags"] == ["falhas simuladas"]
    service_doc = (await client.get("/demo/openapi.json")).json()
    assert "/items/{item_id}" in service_doc["paths"]
    assert not any("faults" in path for path in service_doc["paths"])


async def test_url_for_still_finds_the_service_routes(client):
    """Mounted inside the layer, a service still builds its own links by route name."""
    app = client._transport.app
    mount = next(r for r in app.routes if getattr(r, "path", "") == "/demo")
    assert str(mount.url_path_for("item", item_id=3)) == "/demo/items/3"
