"""The simulated remote world in-process, for tests: the real FastAPI services of servers/,
reached through httpx.ASGITransport, with the same fixed clock as the PDV."""

from __future__ import annotations

from pathlib import Path

import httpx

from storage.scenarios.loader import SCENARIO_DIR
from tests.conftest import FIXED_NOW
from tests.support.trainer import TOKEN


class World:
    """build_app of the scenario, its transport, and an admin client on it."""

    def __init__(self, tmp_path: Path, scenario: str, clock=None, services: set[str] | None = None) -> None:
        from servers.runner import WorldSource, build_app

        now = clock.now if clock is not None else (lambda: FIXED_NOW)
        self.state_dir = tmp_path / f"world-{scenario}"
        self.scenario = scenario
        source = WorldSource(SCENARIO_DIR, scenario, clock=now, token=TOKEN)
        self.app = build_app(self.state_dir, source) if services is None else _only(self.state_dir, source, services)
        self.transport = httpx.ASGITransport(app=self.app)

    def transports(self) -> dict[str, httpx.AsyncBaseTransport]:
        return {"license": self.transport, "lgpdata": self.transport}

    def admin(self):
        from core.billing.admin import LicenseAdmin

        return LicenseAdmin("http://license.test/license", 3.0, self.transport, token=TOKEN)


def _only(state_dir: Path, source, services: set[str]):
    """The root app with only some services mounted (a test that brings its own for the others)."""
    from importlib import import_module

    from fastapi import FastAPI

    from servers.runner import SERVICES

    root = FastAPI()
    for prefix in sorted(services):
        module_name, _, factory = SERVICES[prefix].partition(":")
        root.mount(f"/{prefix}", getattr(import_module(module_name), factory)(state_dir, source))
    return root
