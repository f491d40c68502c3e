"""Faults on the LGPData portal's named routes, set through its /admin/faults, met by the PDV's
real portal client over loopback HTTP: each call fails the way the fault says, within the
timeout, and the route recovers when the fault is cleared or used up."""

from __future__ import annotations

import time

import pytest

from core.kernel.errors import HTTP, INTERRUPTED, MALFORMED, TIMEOUT, RemoteFailure
from core.lgpd.client import LgpdataClient, PortalAccess
from tests.support.fault_support import set_fault

CNPJ = "12345678000195"
CREDS = {"api_key": "BEMESTAR-7F3A-2026", "access": "pdv.bemestar", "password": "Termo@2026"}
ACCEPTED_CPF = "70940985888"  # treinamento: aceito in convenio
TIMEOUT_S = 0.3  # the client's deadline is this plus 0.5 s


@pytest.fixture
def portal(world):
    return LgpdataClient(PortalAccess(f"{world.url}/lgpdata", timeout=TIMEOUT_S, **CREDS))


CALLS = {
    "consent-status": lambda portal: portal.status(ACCEPTED_CPF, "CPF", CNPJ, 0, "convenio"),
    "consent-request": lambda portal: portal.request("52998224725", "CPF", "Maria", CNPJ, 0, "convenio"),
    "connection-test": lambda portal: portal.test_connection(CNPJ, 0),
}


async def outcome(portal, route: str) -> tuple[str, int | None, float]:
    start = time.monotonic()
    try:
        await CALLS[route](portal)
    except RemoteFailure as failure:
        return failure.kind, failure.status_code, time.monotonic() - start
    return "ok", None, time.monotonic() - start


def test_the_portal_names_the_routes_the_faults_use(admin):
    routes = admin.get("/lgpdata/admin/faults").json()["routes"]
    assert {"consent-status", "consent-request", "connection-test"} <= set(routes)


@pytest.mark.parametrize("route", list(CALLS))
@pytest.mark.parametrize(
    "kind, options, expected",
    [
        ("status", {"code": 503}, (HTTP, 503)),
        ("malformed-json", {}, (MALFORMED, 200)),
        ("empty", {}, (MALFORMED, 200)),
        ("reset", {}, (INTERRUPTED, None)),
    ],
)
async def test_instant_faults_on_each_route(admin, portal, route, kind, options, expected):
    assert (await outcome(portal, route))[0] == "ok"
    set_fault(admin, "lgpdata", route=route, kind=kind, options=options)
    kind_seen, status, elapsed = await outcome(portal, route)
    assert (kind_seen, status) == expected
    assert elapsed < TIMEOUT_S
    others = [r for r in CALLS if r != route]
    assert [(await outcome(portal, r))[0] for r in others] == ["ok", "ok"]


@pytest.mark.parametrize(
    "route, keep", [("consent-status", "termo"), ("consent-request", "id"), ("connection-test", "ok")]
)
async def test_missing_fields_are_caught_by_the_client(admin, portal, route, keep):
    set_fault(admin, "lgpdata", route=route, kind="missing-fields", options={"keep": keep})
    assert (await outcome(portal, route))[0] == MALFORMED


@pytest.mark.parametrize(
    "route, kind, options",
    [
        ("consent-status", "hang", {}),
        ("consent-request", "delay", {"ms": 1500}),
        ("connection-test", "dribble", {"chunks": 10, "total_ms": 2000}),  # each piece within the read timeout
    ],
)
async def test_slow_faults_end_within_the_timeout(admin, portal, route, kind, options):
    set_fault(admin, "lgpdata", route=route, kind=kind, options=options)
    kind_seen, _, elapsed = await outcome(portal, route)
    assert kind_seen == TIMEOUT
    assert elapsed < TIMEOUT_S + 0.5 + 0.4  # the client's deadline, plus slack for a busy machine


async def test_status_401_and_429_reach_the_client_with_their_code(admin, portal):
    set_fault(admin, "lgpdata", route="connection-test", kind="status", options={"code": 401})
    assert (await outcome(portal, "connection-test"))[:2] == (HTTP, 401)
    set_fault(admin, "lgpdata", route="consent-request", kind="status", options={"code": 429, "retry_after": 30})
    assert (await outcome(portal, "consent-request"))[:2] == (HTTP, 429)


async def test_fail_next_two_then_recover_and_star_with_clear(admin, portal):
    set_fault(admin, "lgpdata", route="consent-status", kind="status", options={"code": 500}, count=2)
    assert [(await outcome(portal, "consent-status"))[:2] for _ in range(3)] == [(HTTP, 500), (HTTP, 500), ("ok", None)]
    set_fault(admin, "lgpdata", route="*", kind="reset")
    assert {(await outcome(portal, r))[0] for r in CALLS} == {INTERRUPTED}
    assert admin.delete("/lgpdata/admin/faults", params={"route": "*"}).json()["removed"] == 1
    assert {(await outcome(portal, r))[0] for r in CALLS} == {"ok"}


async def test_the_portal_admin_is_never_faulted(admin, portal):
    set_fault(admin, "lgpdata", route="*", kind="hang")
    state = admin.get("/lgpdata/admin/state")
    assert state.status_code == 200
