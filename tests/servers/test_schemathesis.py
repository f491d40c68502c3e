"""The HTTP contract of both simulated services, proven by schemathesis from their own OpenAPI,
in process (ASGI), with every check schemathesis 4 has: no 5xx, every answer in its schema, no
status code or content type the document does not declare, headers as declared, invalid data
(negative mode) refused, valid data (positive mode) accepted, Allow on 405, and the trainer token
not ignored. The trainer's routes (/admin of each service, the fault routes of the root app) are
called with the trainer token; each case that changes the world is followed by a reset, so the
next case meets the scenario again. Separately: every trainer route answers 401 without the
token (or with another) and changes nothing, and extreme clocks break no route.

Bounded (few examples per operation, derandomized): a matter of seconds.
"""

from __future__ import annotations

import collections
import string
from datetime import datetime, timedelta

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import CHECKS, load_all_checks
from starlette.testclient import TestClient
from stdnum.br import cnpj as cnpj_rules

from servers.runner import WorldSource, build_app
from storage.scenarios.loader import SCENARIO_DIR
from tests.support.trainer import HEADERS, TOKEN

SCENARIO = "treinamento"
load_all_checks()
BUILT_IN = {name: CHECKS.get_one(name) for name in CHECKS.get_all_names()}
CASES: collections.Counter[str] = collections.Counter()
MODES: collections.Counter[str] = collections.Counter()


# --- what JSON Schema cannot say -------------------------------------------------------------


def _cnpj(base: int, formatted: bool) -> str:
    digits = f"{base:012d}"
    number = digits + cnpj_rules.calc_check_digits(digits)
    return cnpj_rules.format(number) if formatted else number


schemathesis.openapi.format(
    "cnpj",
    st.builds(_cnpj, st.integers(1, 10**12 - 1), st.booleans()),
)
schemathesis.openapi.format("cnpj-path", st.builds(_cnpj, st.integers(1, 10**12 - 1), st.just(False)))
"""The License Server's CNPJs are `format: cnpj` (check digits; in a path, without the slash):
valid data is a valid CNPJ."""

RELATIVE_RULES = ("10 anos", "3660 dias", "maior que max_ms")
"""Refusals of valid-shaped data by a rule JSON Schema cannot state: a clock at most ten years
from the machine's (a range relative to now, and to where the clock already is), and a
random-delay whose min_ms exceeds max_ms. Each is answered 422 with a sentence naming it."""


def positive_data_acceptance(ctx, response, case):
    """schemathesis's check, except for the relative rules above (by their own refusal)."""
    try:
        return BUILT_IN["positive_data_acceptance"](ctx, response, case)
    except Exception:
        if response.status_code == 422 and any(rule in response.text for rule in RELATIVE_RULES):
            return None
        raise


CHECKS_ALL = [check for name, check in BUILT_IN.items() if name != "positive_data_acceptance"]
CHECKS_ALL.append(positive_data_acceptance)
assert len(CHECKS_ALL) == len(BUILT_IN) >= 14


# --- the worlds --------------------------------------------------------------------------------


def world() -> WorldSource:
    return WorldSource(SCENARIO_DIR, SCENARIO, token=TOKEN)


class Service:
    """One app under test, its schema, and how to put its world back to the scenario."""

    def __init__(self, name: str, app, reset, parameters=None) -> None:
        self.name, self.app, self.reset = name, app, reset
        self.schema = schemathesis.openapi.from_asgi("/openapi.json", app)
        self.schema.config.update(headers=dict(HEADERS), parameters=parameters or {})


@pytest.fixture(scope="module")
def license_service(tmp_path_factory):
    from servers.license.app import create_app

    source = world()
    app = create_app(tmp_path_factory.mktemp("license"), source)
    scenario = source.read()
    return Service("license", app, lambda: app.state.store.load_world(source.name, scenario))


@pytest.fixture(scope="module")
def lgpdata_service(tmp_path_factory):
    from servers.lgpdata.app import create_app

    source = world()
    app = create_app(tmp_path_factory.mktemp("lgpdata"), source)
    store = app.state.store
    given = store.credentials()
    credentials = {
        "header.API-KEY": given["api_key"],
        "header.Acesso": given["access"],
        "header.Senha": given["password"],
    }
    section = source.read().get("lgpdata", {})
    return Service("lgpdata", app, lambda: store.reset(section, source.name), credentials)


@pytest.fixture(scope="module")
def faults_service(tmp_path_factory):
    source = world()
    app = build_app(tmp_path_factory.mktemp("world"), source)
    registry = app.state.faults
    faults = source.read().get("faults", [])

    def reset() -> None:
        registry.clear()
        registry.load(faults)

    return Service("faults", app, reset)


@pytest.fixture(scope="module")
def license_schema(license_service):
    return license_service.schema


@pytest.fixture(scope="module")
def lgpdata_schema(lgpdata_service):
    return lgpdata_service.schema


@pytest.fixture(scope="module")
def faults_schema(faults_service):
    return faults_service.schema.include(path_regex=r"^/(faults|[a-z]+/admin/faults)")


FEW = settings(max_examples=6, suppress_health_check=list(HealthCheck), deadline=None, derandomize=True, database=None)


def run(case, service: Service) -> None:
    CASES[f"{service.name} {case.operation.label}"] += 1
    if case.meta is not None:
        MODES[case.meta.generation.mode.value] += 1
    response = None
    try:
        response = case.call()
        case.validate_response(response, checks=CHECKS_ALL)
    finally:
        path = case.formatted_path
        changing = case.method.upper() != "GET" and ("/admin/" in path or path.startswith("/faults"))
        if changing and (response is None or response.status_code < 400):  # a refusal changed nothing
            service.reset()


@schemathesis.pytest.from_fixture("license_schema").parametrize()
@FEW
def test_license_server_contract(case, license_service):
    run(case, license_service)


@schemathesis.pytest.from_fixture("lgpdata_schema").parametrize()
@FEW
def test_lgpdata_portal_contract(case, lgpdata_service):
    run(case, lgpdata_service)


@schemathesis.pytest.from_fixture("faults_schema").parametrize()
@FEW
def test_fault_admin_contract(case, faults_service):
    run(case, faults_service)


def test_contract_runs_reported(license_schema, lgpdata_schema, faults_schema):
    """Every operation was generated for, in both modes (printed with -s: the run's counts)."""
    schemas = {"license": license_schema, "lgpdata": lgpdata_schema, "faults": faults_schema}
    operations = {f"{name} {op.ok().label}" for name, schema in schemas.items() for op in schema.get_all_operations()}
    print(
        f"\nschemathesis: {len(operations)} operações, {sum(CASES.values())} casos "
        f"(positivos {MODES['positive']}, negativos {MODES['negative']})"
    )
    if CASES:  # run alone, this test has nothing to count
        assert operations <= set(CASES), sorted(operations - set(CASES))
        assert MODES["positive"] and MODES["negative"]


# --- without the token: 401, and nothing changes ---------------------------------------------

VALID_CNPJ = "12345678000195"
TRAINER_CALLS = {
    # (method, path in the OpenAPI): (path to call, JSON body) — each would change the world
    "license": {
        ("GET", "/admin/state"): ("/admin/state", None),
        ("PUT", "/admin/branches/{cnpj}"): (f"/admin/branches/{VALID_CNPJ}", {"situation": "bloqueio-total"}),
        ("PUT", "/admin/branches/{cnpj}/trust-unlock"): (
            f"/admin/branches/{VALID_CNPJ}/trust-unlock",
            {"refuse": True},
        ),
        ("PUT", "/admin/trust-unlock"): ("/admin/trust-unlock", {"days": 30}),
        ("DELETE", "/admin/branches/{cnpj}/grants"): (f"/admin/branches/{VALID_CNPJ}/grants", None),
        ("POST", "/admin/branches/{cnpj}/grants/revoke"): (f"/admin/branches/{VALID_CNPJ}/grants/revoke", None),
        ("GET", "/admin/clock"): ("/admin/clock", None),
        ("POST", "/admin/clock"): ("/admin/clock", {"days": 5}),
        ("PUT", "/admin/clock"): ("/admin/clock", {"now": "2030-01-01T00:00:00"}),
        ("GET", "/admin/history"): ("/admin/history", None),
        ("POST", "/admin/reset"): ("/admin/reset", {"scenario": "bloqueio-total"}),
    },
    "lgpdata": {
        ("GET", "/admin/state"): ("/admin/state", None),
        ("PUT", "/admin/terms"): (
            "/admin/terms",
            {"cnpj": VALID_CNPJ, "operation": "convenio", "version": "9", "text": "novo"},
        ),
        ("POST", "/admin/terms/withdraw"): ("/admin/terms/withdraw", {"cnpj": VALID_CNPJ, "operation": "convenio"}),
        ("PUT", "/admin/consents"): ("/admin/consents", {"document": "52998224725", "status": "recusado"}),
        ("PUT", "/admin/expiry"): ("/admin/expiry", {"days": 2}),
        ("POST", "/admin/clock"): ("/admin/clock", {"days": 5}),
        ("PUT", "/admin/clock"): ("/admin/clock", {"now": "2030-01-01T00:00:00"}),
        ("POST", "/admin/requests/{token}/cancel"): ("/admin/requests/ABC/cancel", None),
        ("PUT", "/admin/credentials"): ("/admin/credentials", {"api_key": "x", "access": "y", "password": "z"}),
        ("POST", "/admin/reset"): ("/admin/reset", {"scenario": "lgpd-bloquear"}),
    },
    "faults": {
        ("GET", "/faults"): ("/faults", None),
        ("DELETE", "/faults"): ("/faults", None),
        ("POST", "/faults/reset"): ("/faults/reset", None),
        ("GET", "/license/admin/faults"): ("/license/admin/faults", None),
        ("POST", "/license/admin/faults"): (
            "/license/admin/faults",
            {"route": "*", "kind": "status", "options": {"code": 503}},
        ),
        ("DELETE", "/license/admin/faults"): ("/license/admin/faults", None),
        ("GET", "/lgpdata/admin/faults"): ("/lgpdata/admin/faults", None),
        ("POST", "/lgpdata/admin/faults"): ("/lgpdata/admin/faults", {"route": "*", "kind": "empty"}),
        ("DELETE", "/lgpdata/admin/faults"): ("/lgpdata/admin/faults", None),
    },
}


def _trainer_operations(schema) -> set[tuple[str, str]]:
    found = set()
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.path.startswith("/faults") or "/admin" in operation.path:
            found.add((operation.method.upper(), operation.path))
    return found


@pytest.mark.parametrize("name", ["license", "lgpdata", "faults"])
def test_trainer_routes_refuse_without_the_token(name, tmp_path, request):
    """Every trainer route of the OpenAPI answers 401 without the token, or with another, and
    the world (state, faults) is as it was."""
    source = world()
    if name == "faults":
        app = build_app(tmp_path, source)
        snapshot_path = "/faults"
    else:
        from importlib import import_module

        app = import_module(f"servers.{name}.app").create_app(tmp_path, source)
        snapshot_path = "/admin/state"
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    calls = TRAINER_CALLS[name]
    assert _trainer_operations(schema) == set(calls)

    def snapshot() -> dict:
        state = client.get(snapshot_path, headers=HEADERS).json()
        state.pop("now", None)  # the clock runs on its own
        return state

    with TestClient(app) as client:
        before = snapshot()
        clock = client.get("/admin/clock", headers=HEADERS).json() if name == "license" else None
        for (method, _), (path, body) in sorted(calls.items()):
            for headers in ({}, {"Authorization": "Bearer outro-token"}, {"Authorization": TOKEN}):
                answer = client.request(method, path, json=body, headers=headers)
                assert answer.status_code == 401, (method, path, headers, answer.text)
                assert answer.json()["detail"].startswith("Token do instrutor"), answer.text
                assert answer.headers["www-authenticate"] == "Bearer"
        assert snapshot() == before
        if clock is not None:
            assert abs(client.get("/admin/clock", headers=HEADERS).json()["offset_seconds"]) < 1
        # ...and the same calls with the token are what change it (the test is not vacuous)
        for (method, _), (path, body) in sorted(calls.items()):
            if method != "GET":
                assert client.request(method, path, json=body, headers=HEADERS).status_code < 500
        assert snapshot() != before


# --- extreme clocks ----------------------------------------------------------------------------


def test_extreme_portal_clock_breaks_no_route(tmp_path):
    """The portal's clock at either end of what the trainer may set: every route still answers."""
    from servers.lgpdata.app import create_app
    from servers.lgpdata.vocabulary import MAX_CLOCK_OFFSET_DAYS

    app = create_app(tmp_path, world())
    creds = app.state.store.credentials()
    api = {"API-KEY": creds["api_key"], "Acesso": creds["access"], "Senha": creds["password"]}
    with TestClient(app) as client:
        terms = client.get("/admin/state", headers=HEADERS).json()["terms"]
        term = terms[0]
        key = {"cnpj": term["cnpj"], "bandeira": term["banner_id"], "operacao": term["operation"]}
        limit = timedelta(days=MAX_CLOCK_OFFSET_DAYS) - timedelta(hours=1)
        for moment in (datetime.now() + limit, datetime.now() - limit, None):
            body = {"now": moment.isoformat(timespec="seconds") if moment else None}
            assert client.put("/admin/clock", json=body, headers=HEADERS).status_code == 200
            created = client.post("/api/v1/solicitacoes", headers=api, json={"documento": "52998224725", **key})
            assert created.status_code == 201, created.text
            assert (
                client.get("/api/v1/consentimento", headers=api, params={"documento": "52998224725", **key}).status_code
                == 200
            )
            assert client.get("/api/v1/conexao", headers=api, params={"cnpj": term["cnpj"]}).status_code == 200
            assert client.get(created.json()["link"]).status_code == 200
            assert client.get("/admin/state", headers=HEADERS).status_code == 200
            advanced = client.post("/admin/clock", json={"days": MAX_CLOCK_OFFSET_DAYS}, headers=HEADERS)
            assert advanced.status_code in (200, 422), advanced.text


def test_extreme_license_clock_breaks_no_route(tmp_path):
    from servers.license.app import CLOCK_DAYS, create_app

    app = create_app(tmp_path, world())
    with TestClient(app) as client:
        for days in (CLOCK_DAYS - 1, -(CLOCK_DAYS - 1)):
            client.put("/admin/clock", json={"now": None}, headers=HEADERS)
            assert client.post("/admin/clock", json={"days": days}, headers=HEADERS).status_code == 200
            assert client.post("/api/v1/access-check", json={"cnpj": VALID_CNPJ}).status_code == 200
            assert client.get(f"/regua/v1/situacao/{VALID_CNPJ}").status_code == 200
            assert client.post("/api/v1/trust-unlock", json={"cnpj": VALID_CNPJ}).status_code == 200
            assert client.get("/admin/state", headers=HEADERS).status_code == 200
            assert client.get("/admin/history", headers=HEADERS).status_code == 200


# --- scenario names only -------------------------------------------------------------------

NOT_NAMES = [
    "../treinamento",
    "treinamento/../treinamento",
    "/etc/passwd",
    "/tmp/x.toml",
    "a/b",
    "..",
    ".",
    "treinamento.toml",
    "-x",
    "",
    "x" * 65,
]


@pytest.mark.parametrize("service", ["license", "lgpdata"])
def test_reset_loads_a_scenario_by_name_only(service, tmp_path):
    """A reset names a scenario of the scenario folders; anything else (a path) is 422, unread."""
    from importlib import import_module

    app = import_module(f"servers.{service}.app").create_app(tmp_path, world())
    with TestClient(app) as client:
        before = client.get("/admin/state", headers=HEADERS).json()
        for name in NOT_NAMES:
            answer = client.post("/admin/reset", json={"scenario": name}, headers=HEADERS)
            assert answer.status_code == 422, (name, answer.text)
        assert client.post("/admin/reset", json={"scenario": "nao-existe"}, headers=HEADERS).status_code == 404
        after = client.get("/admin/state", headers=HEADERS).json()
        assert after["scenario"] == before["scenario"] == SCENARIO
        loaded = client.post("/admin/reset", json={"scenario": "bloqueio-total"}, headers=HEADERS)
        assert loaded.status_code == 200, loaded.text
        assert client.get("/admin/state", headers=HEADERS).json()["scenario"] == "bloqueio-total"


def test_fault_reset_takes_scenario_names_only(tmp_path):
    app = build_app(tmp_path, world())
    with TestClient(app) as client:
        for name in NOT_NAMES:
            answer = client.post("/faults/reset", params={"scenario": name}, headers=HEADERS)
            assert answer.status_code == 422, (name, answer.text)
            assert "cenário" in answer.json()["detail"]


def test_generated_cnpjs_are_valid():
    assert all(
        cnpj_rules.is_valid(_cnpj(base, formatted))
        for base in (1, 2, 123456780001, 10**12 - 1)
        for formatted in (True, False)
    )
    assert set(string.digits) >= set(_cnpj(42, False))
