"""Shared pieces of the LGPD tests: a deterministic simulated portal (its clock fixed at the PDV's
test time and sequential request ids) served in-process, and a PdvApp wired to it."""
from __future__ import annotations

import itertools
from datetime import datetime

import httpx
import pytest

from servers.runner import WorldSource, build_app
from storage.scenarios.loader import SCENARIO_DIR
from tests.conftest import FIXED_NOW
from tests.trainer import TOKEN

PORTAL_NOW = FIXED_NOW.replace(minute=0)
"""The portal's own clock in tests: half an hour before the PDV's fixed clock."""


@pytest.fixture
def portal(tmp_path, monkeypatch):
    """portal(scenario='treinamento') -> httpx.ASGITransport of the whole simulated world."""
    import servers.lgpdata.store as store

    counter = itertools.count(1)
    monkeypatch.setattr(store, "machine_now", lambda: PORTAL_NOW)
    monkeypatch.setattr(store, "new_token", lambda: f"S{next(counter):025d}")  # as long as a real one

    def make(scenario: str = "treinamento") -> httpx.ASGITransport:
        folder = tmp_path / f"world-{scenario}-{next(counter)}"
        return httpx.ASGITransport(app=build_app(folder, WorldSource(SCENARIO_DIR, scenario, token=TOKEN)))

    return make


@pytest.fixture
def lgpd_app(demo_app, portal):
    """lgpd_app(scenario='treinamento', transport=None, **config) -> PdvApp talking to the portal."""

    def make(scenario: str = "treinamento", transport=None, **config):
        config.setdefault("http_timeout", 2.0)
        return demo_app(scenario, transports={"lgpdata": transport or portal(scenario)}, **config)

    return make


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


__all__ = ["PORTAL_NOW", "datetime", "lgpd_app", "portal", "settle"]
