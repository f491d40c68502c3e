"""Faults on the License Server's named routes, set through its /admin/faults, met by the PDV's
real license client over loopback HTTP: each call fails the way the fault says, within the
timeout; the License Server's own reset puts its scenario faults back."""

from __future__ import annotations

import time

import pytest

from core.billing.client import BillingRoute, LicenseClient
from core.kernel.errors import HTTP, INTERRUPTED, MALFORMED, TIMEOUT, RemoteFailure
from tests.support.fault_support import set_fault

CNPJ = "12345678000195"
TIMEOUT_S = 0.3  # the client's timeout, and its deadline for the whole call


@pytest.fixture
def license_server(world):
    return LicenseClient(f"{world.url}/license", TIMEOUT_S)


CALLS = {
    "access-check": lambda c: c.check(BillingRoute.LICENSE_SERVER, CNPJ, "215.010"),
    "regua-check": lambda c: c.check(BillingRoute.REGUA, CNPJ, "213.000"),
    "trust-unlock": lambda c: c.trust_unlock(CNPJ, "215.010", "supervisor", "operador"),
}


async def outcome(client, route: str) -> tuple[str, int | None, float]:
    start = time.monotonic()
    try:
        await CALLS[route](client)
    except RemoteFailure as failure:
        return failure.kind, failure.status_code, time.monotonic() - start
    return "ok", None, time.monotonic() - start


def test_the_license_server_names_the_routes_the_faults_use(admin):
    routes = admin.get("/license/admin/faults").json()["routes"]
    assert {"access-check", "regua-check", "trust-unlock"} <= set(routes)


@pytest.mark.parametrize("route", list(CALLS))
@pytest.mark.parametrize(
    "kind, options, expected",
    [
        ("status", {"code": 503}, (HTTP, 503)),
        ("malformed-json", {}, (MALFORMED, 200)),
        ("missing-fields", {"keep": "cnpj"}, (MALFORMED, None)),
        ("empty", {}, (MALFORMED, 200)),
        ("reset", {}, (INTERRUPTED, None)),
    ],
)
async def test_instant_faults_on_each_route(admin, license_server, route, kind, options, expected):
    assert (await outcome(license_server, route))[0] == "ok"
    set_fault(admin, "license", route=route, kind=kind, options=options)
    kind_seen, status, elapsed = await outcome(license_server, route)
    assert (kind_seen, status) == expected
    assert elapsed < TIMEOUT_S
    others = [r for r in CALLS if r != route]
    assert [(await outcome(license_server, r))[0] for r in others] == ["ok", "ok"]


@pytest.mark.parametrize(
    "route, kind, options",
    [
        ("access-check", "hang", {}),
        ("regua-check", "random-delay", {"min_ms": 800, "max_ms": 1200}),
        ("trust-unlock", "dribble", {"chunks": 10, "total_ms": 2000}),
    ],
)
async def test_slow_faults_end_within_the_timeout(admin, license_server, route, kind, options):
    set_fault(admin, "license", route=route, kind=kind, options=options)
    kind_seen, _, elapsed = await outcome(license_server, route)
    assert kind_seen == TIMEOUT
    assert elapsed < TIMEOUT_S + 0.4  # slack for a busy machine


async def test_status_401_and_429(admin, license_server):
    set_fault(admin, "license", route="access-check", kind="status", options={"code": 401})
    assert (await outcome(license_server, "access-check"))[:2] == (HTTP, 401)
    set_fault(admin, "license", route="access-check", kind="status", options={"code": 429}, count=1)
    assert [(await outcome(license_server, "access-check"))[:2] for _ in range(2)] == [(HTTP, 429), ("ok", None)]


async def test_the_license_reset_puts_its_scenario_faults_back_and_leaves_the_portal(admin, license_server):
    set_fault(admin, "license", route="*", kind="status", options={"code": 500})
    set_fault(admin, "lgpdata", route="connection-test", kind="empty")
    assert (await outcome(license_server, "access-check"))[:2] == (HTTP, 500)
    assert admin.get("/license/admin/state").status_code == 200  # the server's own admin is never faulted
    assert admin.post("/license/admin/reset", json={}).status_code == 200
    assert [(f["service"], f["route"]) for f in admin.get("/faults").json()["faults"]] == [
        ("lgpdata", "connection-test")
    ]
    assert (await outcome(license_server, "access-check"))[0] == "ok"
