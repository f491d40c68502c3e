"""core/kernel/admin_client.py, the base of the trainers' clients: every call bounded by the timeout it
was given, the trainer token on every call of every client, and every failure one RemoteFailure
a trainer can act on (a refused connection for real, a garbage answer, the token refused by the
real services)."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from core.billing.admin import LicenseAdmin
from core.kernel.admin_client import AdminClient
from core.kernel.errors import HTTP, MALFORMED, REFUSED, TIMEOUT, RemoteFailure
from core.lgpd.admin import LgpdataAdmin
from core.trainer.faults import FaultsAdmin
from tests.support.netutil import closed_port
from tests.support.trainer import TOKEN


class Demo(AdminClient):
    service = "Serviço de teste"
    default_url = "http://127.0.0.1:8700/teste"


def answering(response: httpx.Response, seen: list[httpx.Request] | None = None) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        if seen is not None:
            seen.append(request)
        return response

    return httpx.MockTransport(handler)


async def test_every_call_is_bounded_by_the_timeout_given():
    seen: list[httpx.Request] = []
    client = Demo(
        "http://mundo.test/teste", timeout=0.7, transport=answering(httpx.Response(200, json={"ok": 1}), seen)
    )
    assert await client.call("GET", "/admin/state", expect=("ok",)) == {"ok": 1}
    assert seen[0].extensions["timeout"] == {"connect": 0.7, "read": 0.7, "write": 0.7, "pool": 0.7}
    assert str(seen[0].url) == "http://mundo.test/teste/admin/state"


async def test_a_service_that_does_not_answer_in_time_is_a_timeout():
    async def slow(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(5)
        return httpx.Response(200, json={})

    client = Demo("http://mundo.test/teste", timeout=0.2, transport=httpx.MockTransport(slow))
    with pytest.raises(RemoteFailure) as caught:
        await asyncio.wait_for(client.call("GET", "/admin/state"), 3)  # the client's own deadline ends it
    assert caught.value.kind == TIMEOUT
    assert (
        str(caught.value)
        == "Serviço de teste: os serviços simulados em http://mundo.test/teste não responderam em 0.2 s"
    )


async def test_connection_refused_names_the_address_and_pdv_servers():
    url = f"http://127.0.0.1:{closed_port()}/license"
    with pytest.raises(RemoteFailure) as caught:
        await LicenseAdmin(url, timeout=1.0, token=TOKEN).state()
    assert caught.value.kind == REFUSED
    assert str(caught.value) == (
        f"License Server: não foi possível conectar em {url} "
        "(os serviços simulados estão rodando? inicie com 'pdv servers')"
    )


async def test_an_address_that_is_not_a_url_is_refused_without_a_call():
    with pytest.raises(RemoteFailure) as caught:
        await LicenseAdmin("http://127.0.0.1:99999/license", timeout=1.0, token=TOKEN).state()
    assert caught.value.kind == REFUSED and "URL inválida" in str(caught.value)


@pytest.mark.parametrize(
    "response",
    [
        httpx.Response(200, text="<html>não é JSON</html>"),
        httpx.Response(200, json=[1, 2]),
        httpx.Response(200, content=b"\xff\xfe"),
    ],
)
async def test_a_garbage_answer_is_malformed(response):
    client = Demo("http://mundo.test/teste", timeout=1.0, transport=answering(response))
    with pytest.raises(RemoteFailure) as caught:
        await client.call("GET", "/admin/state")
    assert caught.value.kind == MALFORMED
    assert (
        str(caught.value)
        == "Serviço de teste: resposta inválida de http://mundo.test/teste; é o endereço de 'pdv servers'?"
    )


async def test_an_answer_without_the_expected_fields_says_which():
    client = Demo("http://mundo.test/teste", timeout=1.0, transport=answering(httpx.Response(200, json={"now": "x"})))
    with pytest.raises(RemoteFailure) as caught:
        await client.call("GET", "/admin/state", expect=("now", "terms", "requests"))
    assert caught.value.kind == MALFORMED
    assert (
        str(caught.value)
        == "Serviço de teste: resposta incompleta de http://mundo.test/teste (faltam: terms, requests)"
    )


@pytest.mark.parametrize(
    "response, words",
    [
        (httpx.Response(422, json={"detail": "situação inválida"}), "situação inválida"),
        (
            httpx.Response(
                422, json={"detail": [{"msg": "Field required"}, {"msg": "Input should be a valid integer"}]}
            ),
            "Field required; Input should be a valid integer",
        ),
        (
            httpx.Response(404, json={"detail": "Not Found"}),
            "http://mundo.test/teste respondeu HTTP 404; é o endereço de 'pdv servers'?",
        ),
        (
            httpx.Response(502, text="Bad Gateway"),
            "http://mundo.test/teste respondeu HTTP 502; é o endereço de 'pdv servers'?",
        ),
    ],
)
async def test_a_refusal_is_told_in_the_services_words_or_by_its_status(response, words):
    client = Demo("http://mundo.test/teste", timeout=1.0, transport=answering(response))
    with pytest.raises(RemoteFailure) as caught:
        await client.call("PUT", "/admin/x", json={})
    assert (caught.value.kind, caught.value.status_code) == (HTTP, response.status_code)
    assert str(caught.value) == f"Serviço de teste: {words}"


async def test_the_real_services_refuse_a_call_without_the_token(tmp_path):
    from tests.support.world import World

    world = World(tmp_path, "treinamento")
    clients = [
        LicenseAdmin("http://t/license", 2.0, world.transport).state(),
        LgpdataAdmin("http://t/lgpdata", 2.0, world.transport).state(),
        FaultsAdmin("http://t", 2.0, world.transport).listing(),
    ]
    for call in clients:
        with pytest.raises(RemoteFailure) as caught:
            await call
        assert (caught.value.kind, caught.value.status_code) == (HTTP, 401)
        assert "recusaram o token do instrutor" in str(caught.value) and "PDV_TRAINER_TOKEN" in str(caught.value)
    # with the token, the same calls answer
    assert "branches" in await LicenseAdmin("http://t/license", 2.0, world.transport, TOKEN).state()
    assert "terms" in await LgpdataAdmin("http://t/lgpdata", 2.0, world.transport, TOKEN).state()
    assert "license" in (await FaultsAdmin("http://t", 2.0, world.transport, TOKEN).listing())["services"]


async def test_every_client_sends_the_trainer_token_on_every_call():
    seen: list[httpx.Request] = []
    body = {
        "now": "2026-01-01T00:00:00",
        "calls": [],
        "removed": 0,
        "revoked": 0,
        "faults": [],
        "fault": {},
        "expiry_days": 1,
        "terms": [],
        "requests": [],
        "scenario": "x",
        "services": {},
        "kinds": {},
        "version": "1",
        "sha256": "x",
        "withdrawn": 0,
        "id": "A",
        "status": "cancelado",
    }
    transport = answering(httpx.Response(200, json=body), seen)
    license_admin = LicenseAdmin("http://t/license", 1.0, transport, TOKEN)
    portal = LgpdataAdmin("http://t/lgpdata", 1.0, transport, TOKEN)
    faults = FaultsAdmin("http://t", 1.0, transport, TOKEN)
    await license_admin.state()
    await license_admin.history()
    await license_admin.clock()
    await license_admin.forget_grants("12345678000195")
    await license_admin.reset()
    await portal.state()
    await portal.set_expiry(3)
    await portal.cancel_request("A")
    await portal.reset()
    await faults.listing()
    await faults.set("license", "*", "empty")
    await faults.clear()
    await faults.reset()
    assert len(seen) == 13
    assert {request.headers.get("authorization") for request in seen} == {f"Bearer {TOKEN}"}
