"""Fixtures of the service tests: the whole simulated world (treinamento) served by a real uvicorn
on a free loopback port, one per test module, and a trainer's admin client that clears its
faults before and after each test."""

from __future__ import annotations

import httpx
import pytest

from servers.runner import WorldSource, build_app
from storage.scenarios.loader import SCENARIO_DIR
from tests.support.fault_support import LoopbackServer
from tests.support.trainer import HEADERS, TOKEN


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    app = build_app(tmp_path_factory.mktemp("loopback-world"), WorldSource(SCENARIO_DIR, "treinamento", token=TOKEN))
    with LoopbackServer(app) as running:
        yield running


@pytest.fixture
def admin(world):
    with httpx.Client(headers=HEADERS, base_url=world.url, timeout=3.0) as client:
        client.delete("/faults")
        yield client
        client.delete("/faults")
