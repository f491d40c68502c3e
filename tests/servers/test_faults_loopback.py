"""The fault layer over real loopback HTTP (uvicorn on a free port): what httpx sees for each
kind — status, body, timing, the exception class for a dropped connection or a silent server —
and the RemoteFailure kind core's call_json turns it into, within the timeout."""

from __future__ import annotations

import asyncio
import logging
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
from tests.support.fault_service import ITEM
from tests.support.fault_support import LoopbackServer, demo_app, set_fault
from tests.support.trainer import HEADERS

TIMEOUT_S = 0.5


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with LoopbackServer(demo_app(tmp_path_factory.mktemp("loopback"))) as running:
        yield running


@pytest.fixture
def admin(server):
    with httpx.Client(headers=HEADERS, base_url=server.url, timeout=2.0) as client:
        client.delete("/faults")
        yield client
        client.delete("/faults")


@pytest.fixture
def uvicorn_errors(caplog):
    """The errors uvicorn logged (an app that fails or returns without answering shows here)."""
    caplog.set_level(logging.WARNING, logger="uvicorn.error")
    return lambda: [
        r.getMessage() for r in caplog.records if r.name.startswith("uvicorn") and r.levelno >= logging.WARNING
    ]


async def pdv_call(
    server, path: str = "/demo/items/7", deadline: float | None = None
) -> tuple[dict | RemoteFailure, float]:
    """call_json with a 0.5 s timeout, as the PDV's clients call; returns the result (or the
    failure) and the seconds it took."""
    start = time.monotonic()
    async with make_client(server.url, TIMEOUT_S) as client:
        try:
            result: dict | RemoteFailure = await call_json(client, "GET", path, service="demo", deadline=deadline)
        except RemoteFailure as failure:
            result = failure
    return result, time.monotonic() - start


def timed_get(
    server, path: str = "/demo/items/7", timeout: float = TIMEOUT_S
) -> tuple[httpx.Response | Exception, float]:
    start = time.monotonic()
    try:
        result: httpx.Response | Exception = httpx.get(server.url + path, timeout=timeout)
    except httpx.HTTPError as exc:
        result = exc
    return result, time.monotonic() - start


async def test_fixed_delay_within_and_beyond_the_timeout(server, admin):
    set_fault(admin, route="item", kind="delay", options={"ms": 150})
    response, elapsed = timed_get(server)
    assert response.json() == ITEM and 0.15 <= elapsed < 1.0
    set_fault(admin, route="item", kind="delay", options={"ms": 800})
    result, elapsed = await pdv_call(server)
    assert isinstance(result, RemoteFailure) and result.kind == TIMEOUT
    assert TIMEOUT_S <= elapsed < TIMEOUT_S + 0.5


async def test_random_delay_stays_in_bounds(server, admin):
    set_fault(admin, route="item", kind="random-delay", options={"min_ms": 50, "max_ms": 120}, seed=5)
    for _ in range(3):
        response, elapsed = timed_get(server)
        drawn = float(response.headers["x-simulated-fault"].split("ms=")[1])
        assert 50 <= drawn <= 120
        assert drawn / 1000 <= elapsed < drawn / 1000 + 0.5


async def test_hang_until_the_client_gives_up_without_blocking_others(server, admin, uvicorn_errors):
    set_fault(admin, route="item", kind="hang")
    held = asyncio.create_task(pdv_call(server))
    await asyncio.sleep(0.1)
    async with httpx.AsyncClient(headers=HEADERS, base_url=server.url, timeout=TIMEOUT_S) as other:
        start = time.monotonic()
        response = await other.get("/demo/calls")
        assert response.status_code == 200 and time.monotonic() - start < 0.3
    result, elapsed = await held
    assert isinstance(result, RemoteFailure) and result.kind == TIMEOUT
    assert TIMEOUT_S <= elapsed < TIMEOUT_S + 0.5
    raw, _ = timed_get(server, timeout=0.2)
    assert isinstance(raw, httpx.ReadTimeout)
    assert uvicorn_errors() == []


async def test_hang_with_a_limit_closes_without_answer(server, admin):
    set_fault(admin, route="item", kind="hang", options={"ms": 150})
    raw, elapsed = timed_get(server)
    assert isinstance(raw, httpx.RemoteProtocolError) and 0.15 <= elapsed < 0.45


@pytest.mark.parametrize("code", [401, 429, 500, 503])
async def test_http_status(server, admin, code):
    set_fault(admin, route="item", kind="status", options={"code": code})
    response, _ = timed_get(server)
    assert response.status_code == code and response.json()["detail"]
    result, elapsed = await pdv_call(server)
    assert isinstance(result, RemoteFailure) and (result.kind, result.status_code) == (HTTP, code)
    assert elapsed < TIMEOUT_S


async def test_malformed_json(server, admin):
    set_fault(admin, route="item", kind="malformed-json")
    response, _ = timed_get(server)
    assert response.status_code == 200 and response.headers["content-type"] == "application/json"
    with pytest.raises(ValueError):
        response.json()
    result, _ = await pdv_call(server)
    assert isinstance(result, RemoteFailure) and result.kind == MALFORMED


async def test_missing_fields(server, admin):
    set_fault(admin, route="item", kind="missing-fields", options={"fields": ["price"]})
    response, _ = timed_get(server)
    assert response.json() == {k: v for k, v in ITEM.items() if k != "price"}
    body, _ = await pdv_call(server)
    with pytest.raises(RemoteFailure) as failure:
        require_fields(body, "demo", "name", "price")
    assert failure.value.kind == MALFORMED


async def test_empty_response(server, admin):
    set_fault(admin, route="item", kind="empty")
    response, _ = timed_get(server)
    assert (response.status_code, response.content) == (200, b"")
    result, _ = await pdv_call(server)
    assert isinstance(result, RemoteFailure) and result.kind == MALFORMED


async def test_reset_is_a_tcp_reset(server, admin, uvicorn_errors):
    set_fault(admin, route="item", kind="reset")
    raw, elapsed = timed_get(server)
    assert isinstance(raw, httpx.ReadError)
    causes = []
    cause: BaseException | None = raw
    while cause is not None:
        causes.append(cause)
        cause = cause.__context__
    assert any(isinstance(c, ConnectionResetError) for c in causes)  # ECONNRESET: the peer sent RST
    assert elapsed < 0.3
    result, _ = await pdv_call(server)
    assert isinstance(result, RemoteFailure) and result.kind == INTERRUPTED
    assert timed_get(server, "/demo/calls")[0].status_code == 200  # the server goes on
    assert uvicorn_errors() == []


async def test_reset_fin_closes_without_answer(server, admin, uvicorn_errors):
    set_fault(admin, route="item", kind="reset", options={"mode": "fin"})
    raw, _ = timed_get(server)
    assert isinstance(raw, httpx.RemoteProtocolError)
    assert "without sending a response" in str(raw)
    result, _ = await pdv_call(server)
    assert isinstance(result, RemoteFailure) and result.kind == INTERRUPTED
    assert uvicorn_errors() == []


async def test_dribble_arrives_whole_unless_the_deadline_cuts_it(server, admin):
    set_fault(admin, route="big", kind="dribble", options={"chunks": 4, "total_ms": 400})
    response, elapsed = timed_get(server, "/demo/big")
    assert len(response.json()["rows"]) == 200 and 0.4 <= elapsed < 1.2
    # each piece comes within the read timeout: only the whole-call deadline stops it
    set_fault(admin, route="big", kind="dribble", options={"chunks": 5, "total_ms": 1500})
    result, elapsed = await pdv_call(server, "/demo/big", deadline=0.6)
    assert isinstance(result, RemoteFailure) and result.kind == TIMEOUT
    assert 0.6 <= elapsed < 1.1


async def test_fail_next_two_then_recover(server, admin):
    set_fault(admin, route="item", kind="reset", count=2)
    outcomes = []
    for _ in range(3):
        result, _ = await pdv_call(server)
        outcomes.append(result.kind if isinstance(result, RemoteFailure) else "ok")
    assert outcomes == [INTERRUPTED, INTERRUPTED, "ok"]
