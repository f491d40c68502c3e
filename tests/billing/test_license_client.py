"""The License Server client at unit level: every failure kind, produced by httpx.MockTransport."""

from __future__ import annotations

import asyncio
import json
import time
from datetime import date

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.billing.client import BillingRoute, LicenseClient
from core.kernel.errors import HTTP, MALFORMED, REFUSED, TIMEOUT, RemoteFailure
from domain.enums import BillingStatus

CNPJ = "12345678000195"
GOOD = {"cnpj": CNPJ, "situation": "bloqueio-parcial", "message": "Pague.", "trust_until": None}


def client_with(handler, timeout: float = 0.5) -> LicenseClient:
    return LicenseClient("http://license.test/license", timeout, httpx.MockTransport(handler))


def answering(status: int = 200, body: object = GOOD, raw: bytes | None = None):
    def handler(request: httpx.Request) -> httpx.Response:
        if raw is not None:
            return httpx.Response(status, content=raw, headers={"content-type": "application/json"})
        return httpx.Response(status, json=body)

    return handler


async def test_license_server_answer_is_read():
    seen = []

    def handler(request):
        seen.append((request.method, request.url.path, json.loads(request.content)))
        return httpx.Response(200, json={**GOOD, "trust_until": "2026-11-25"})

    answer = await client_with(handler).check(BillingRoute.LICENSE_SERVER, CNPJ, "215.010")
    assert answer.status is BillingStatus.PARTIAL_BLOCK
    assert (answer.message, answer.trust_until, answer.route) == (
        "Pague.",
        date(2026, 11, 25),
        BillingRoute.LICENSE_SERVER,
    )
    assert seen == [("POST", "/license/api/v1/access-check", {"cnpj": CNPJ, "version": "215.010"})]


async def test_regua_answer_is_read():
    seen = []

    def handler(request):
        seen.append((request.method, request.url.path, request.url.params["versao"]))
        return httpx.Response(200, json={"cnpj": CNPJ, "situacao": "mensagem", "mensagem": "Aviso."})

    answer = await client_with(handler).check(BillingRoute.REGUA, CNPJ, "214.500")
    assert (answer.status, answer.message, answer.route) == (BillingStatus.MESSAGE, "Aviso.", BillingRoute.REGUA)
    assert seen == [("GET", f"/license/regua/v1/situacao/{CNPJ}", "214.500")]


def refused(request):
    raise httpx.ConnectError("connection refused", request=request)


def read_timeout(request):
    raise httpx.ReadTimeout("timed out", request=request)


async def slow(request):
    await asyncio.sleep(5)
    return httpx.Response(200, json=GOOD)


@pytest.mark.parametrize(
    "handler, kind, words",
    [
        (refused, REFUSED, "não foi possível conectar"),
        (read_timeout, TIMEOUT, "tempo limite"),
        (slow, TIMEOUT, "tempo limite"),
        (answering(500, {"detail": "boom"}), HTTP, "erro HTTP 500"),
        (answering(401, {"detail": "não autorizado"}), HTTP, "erro HTTP 401"),
        (answering(503, raw=b"<html>down</html>"), HTTP, "erro HTTP 503"),
        (answering(raw=b'{"cnpj": "1234'), MALFORMED, "resposta inválida"),
        (answering(raw=b""), MALFORMED, "resposta inválida"),
        (answering(body=[GOOD]), MALFORMED, "resposta inválida"),
        (answering(body={"cnpj": CNPJ, "message": "x"}), MALFORMED, "faltam: situation"),
        (answering(body={"situation": "liberado", "message": ""}), MALFORMED, "faltam: cnpj"),
        (answering(body={**GOOD, "situation": "quase-bloqueado"}), MALFORMED, "situação desconhecida"),
        (answering(body={**GOOD, "message": 42}), MALFORMED, "não é texto"),
        (answering(body={**GOOD, "cnpj": "11222333000181"}), MALFORMED, "outro CNPJ"),
        (answering(body={**GOOD, "trust_until": "amanhã"}), MALFORMED, "data inválida"),
    ],
)
async def test_every_failure_kind_is_a_remote_failure(handler, kind, words):
    started = time.monotonic()
    with pytest.raises(RemoteFailure) as caught:
        await client_with(handler, timeout=0.3).check(BillingRoute.LICENSE_SERVER, CNPJ, "215.010")
    assert caught.value.kind == kind
    assert words in str(caught.value)
    assert time.monotonic() - started < 0.3 + 0.5


async def test_regua_missing_fields_are_malformed():
    handler = answering(body={"cnpj": CNPJ, "situacao": "mensagem"})
    with pytest.raises(RemoteFailure) as caught:
        await client_with(handler).check(BillingRoute.REGUA, CNPJ, "214.500")
    assert caught.value.kind == MALFORMED and "mensagem" in str(caught.value)


async def test_trust_unlock_answers_and_failures():
    granted = answering(body={"result": "liberado", "until": "2026-11-25"})
    answer = await client_with(granted).trust_unlock(CNPJ, "215.010", "supervisor", "operador")
    assert (answer.granted, answer.until) == (True, date(2026, 11, 25))
    refused_answer = answering(body={"result": "sem-sucesso", "reason": "Não."})
    answer = await client_with(refused_answer).trust_unlock(CNPJ, "215.010", "supervisor", "operador")
    assert (answer.granted, answer.reason) == (False, "Não.")
    for body, words in [
        ({"result": "liberado"}, "sem a data"),
        ({"result": "talvez"}, "resultado desconhecido"),
        ({"until": "2026-11-25"}, "faltam: result"),
    ]:
        with pytest.raises(RemoteFailure) as caught:
            await client_with(answering(body=body)).trust_unlock(CNPJ, "215.010", "s", "o")
        assert caught.value.kind == MALFORMED and words in str(caught.value)
    with pytest.raises(RemoteFailure) as caught:
        await client_with(refused).trust_unlock(CNPJ, "215.010", "s", "o")
    assert caught.value.kind == REFUSED


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=3),
    max_leaves=8,
)
answers = st.fixed_dictionaries(
    {},
    optional={
        "cnpj": st.sampled_from([CNPJ, "12.345.678/0001-95", "x"]) | json_values,
        "situation": st.sampled_from(["liberado", "mensagem", "bloqueio-parcial", "bloqueio-total"]) | json_values,
        "message": st.text(max_size=30) | json_values,
        "trust_until": st.sampled_from([None, "2026-11-25", "2026-11-25T10:00:00"]) | json_values,
    },
)


@settings(
    max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=answers | json_values)
async def test_any_json_answer_is_an_answer_or_a_remote_failure(body):
    try:
        answer = await client_with(answering(body=body)).check(BillingRoute.LICENSE_SERVER, CNPJ, "215.010")
    except RemoteFailure as failure:
        assert failure.kind == MALFORMED
    else:
        assert isinstance(answer.status, BillingStatus) and isinstance(answer.message, str)
