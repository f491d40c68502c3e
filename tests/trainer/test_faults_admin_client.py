"""core/trainer/faults.py's client against the world in process (what the instructor panel, the
command line and Pilot tests use), and the one-line description of a fault."""

from __future__ import annotations

import httpx
import pytest

from core.kernel.errors import RemoteFailure
from core.trainer.faults import FaultsAdmin, describe
from tests.support.fault_support import demo_app
from tests.support.trainer import TOKEN

SCENARIO_FAULT = '[[faults]]\nservice = "demo"\nroute = "big"\nkind = "hang"\noptions = { ms = 100 }\n'


@pytest.fixture
def admin(tmp_path):
    app = demo_app(tmp_path, SCENARIO_FAULT)
    return FaultsAdmin("http://mundo.test", timeout=1.0, transport=httpx.ASGITransport(app=app), token=TOKEN)


async def test_set_list_clear_reset(admin):
    held = await admin.set("demo", "item", "random-delay", {"min_ms": 1, "max_ms": 2}, count=4, probability=0.5, seed=9)
    assert (held["remaining"], held["probability"], held["seed"]) == (4, 0.5, 9)
    assert held["label"] == "atraso aleatório com semente"  # the service's words for its kind
    listing = await admin.listing()
    assert [(f["route"], f["kind"]) for f in listing["faults"]] == [("big", "hang"), ("item", "random-delay")]
    assert listing["services"]["demo"] == ["item", "echo", "big", "calls"]
    assert listing["kinds"]["hang"] == "nunca responde"
    one = await admin.service_listing("demo")
    assert one["services"] == {"demo": ["item", "echo", "big", "calls"]} and one["kinds"] == listing["kinds"]
    assert await admin.clear("demo", "item") == 1
    assert await admin.clear() == 1
    assert [f["kind"] for f in await admin.reset()] == ["hang"]
    assert await admin.clear("demo") == 1


async def test_refusals_are_sentences(admin):
    with pytest.raises(RemoteFailure) as error:
        await admin.set("demo", "item", "status", {"code": 200})
    assert str(error.value) == (
        "Falhas simuladas: options.code: deveria ser um status de erro HTTP (400 a 599, ex.: 401, 429, 500, 503)"
    )
    with pytest.raises(RemoteFailure) as error:
        await admin.set("erp", "item", "empty")
    assert str(error.value) == "Falhas simuladas: serviço 'erp' não existe em http://mundo.test (serviços: demo)"
    with pytest.raises(RemoteFailure) as error:
        await admin.reset("nao-existe")
    assert "cenário 'nao-existe' não existe" in str(error.value)


async def test_world_down():
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("recusada", request=request)

    admin = FaultsAdmin("http://mundo.test", transport=httpx.MockTransport(refuse), token=TOKEN)
    with pytest.raises(RemoteFailure) as error:
        await admin.listing()
    assert str(error.value) == (
        "Falhas simuladas: não foi possível conectar em http://mundo.test "
        "(os serviços simulados estão rodando? inicie com 'pdv servers')"
    )


async def test_not_the_world():
    for answer in ([1], {"faults": []}):
        transport = httpx.MockTransport(lambda r, answer=answer: httpx.Response(200, json=answer))
        with pytest.raises(RemoteFailure) as error:
            await FaultsAdmin("http://mundo.test", transport=transport, token=TOKEN).listing()
        assert "http://mundo.test" in str(error.value) and "é o endereço de 'pdv servers'?" in str(error.value)
    missing = httpx.MockTransport(lambda r: httpx.Response(404, json={"detail": "Not Found"}))
    with pytest.raises(RemoteFailure) as error:
        await FaultsAdmin("http://mundo.test/license", transport=missing, token=TOKEN).listing()
    assert str(error.value) == (
        "Falhas simuladas: http://mundo.test/license não tem a rota /faults; é o endereço de 'pdv servers'?"
    )


def test_describe_says_where_what_and_modifiers():
    fault = {
        "service": "license",
        "route": "access-check",
        "kind": "delay",
        "label": "atraso fixo",
        "options": {"ms": 2000},
        "count": 3,
        "remaining": 1,
        "probability": 0.5,
        "seed": 42,
        "applied": 2,
    }
    assert describe(fault) == (
        "license access-check: delay (atraso fixo; ms=2000) "
        "[restam 1 de 3 chamadas; probabilidade 0.5; semente 42; aplicada 2x]"
    )


def test_describe_shows_lists_and_bodies_plainly():
    base = {
        "service": "lgpdata",
        "route": "consent-status",
        "count": None,
        "remaining": None,
        "probability": None,
        "seed": None,
        "applied": 0,
    }
    assert describe(
        {**base, "kind": "missing-fields", "label": "JSON sem campos", "options": {"fields": ["status", "termo"]}}
    ) == ("lgpdata consent-status: missing-fields (JSON sem campos; fields=status,termo)")
    assert describe(
        {**base, "kind": "status", "label": "erro HTTP", "options": {"code": 500, "body": {"erro": "não"}}}
    ) == ('lgpdata consent-status: status (erro HTTP; code=500, body={"erro": "não"})')
    # a service that does not name its kinds: the kind and its options alone
    assert describe({**base, "kind": "empty", "options": {}}) == "lgpdata consent-status: empty"
