"""Property-based API tests (schemathesis) of both simulated services from their own OpenAPI,
in-process (ASGI): whatever a client sends, no 5xx, and every answer matches its schema. The
admin and fault routes (the trainer's controls, which change the world) are left out. Few
examples per operation, so this stays a matter of seconds in `make test`."""
from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from servers.runner import WorldSource
from storage.scenarios import SCENARIO_DIR

CHECKS = [not_a_server_error, response_schema_conformance]


def service_schema(factory, tmp_path_factory, name: str):
    app = factory(tmp_path_factory.mktemp(f"schema-{name}"), WorldSource(SCENARIO_DIR, "treinamento"))
    return schemathesis.openapi.from_asgi("/openapi.json", app)


@pytest.fixture(scope="module")
def license_schema(tmp_path_factory):
    from servers.license.app import create_app

    return service_schema(create_app, tmp_path_factory, "license")


@pytest.fixture(scope="module")
def lgpdata_schema(tmp_path_factory):
    from servers.lgpdata.app import create_app

    return service_schema(create_app, tmp_path_factory, "lgpdata")


TRAINER_ROUTES = r"^/(admin|faults)"
license_api = schemathesis.pytest.from_fixture("license_schema").exclude(path_regex=TRAINER_ROUTES)
lgpdata_api = schemathesis.pytest.from_fixture("lgpdata_schema").exclude(path_regex=TRAINER_ROUTES)
FEW = settings(max_examples=12, suppress_health_check=list(HealthCheck), deadline=None)


@license_api.parametrize()
@FEW
def test_license_server_api(case):
    case.call_and_validate(checks=CHECKS)


@lgpdata_api.parametrize()
@FEW
def test_lgpdata_portal_api(case):
    case.call_and_validate(checks=CHECKS)
