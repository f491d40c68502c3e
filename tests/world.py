"""The simulated remote world in-process, for tests: the real FastAPI services of servers/,
reached through httpx.ASGITransport, with the same fixed clock as the PDV."""
from __future__ import annotations

from pathlib import Path

import httpx

from storage.scenarios import SCENARIO_DIR
from tests.conftest import FIXED_NOW


class World:
    """build_app of the scenario, its transport, and an admin client on it."""

    def __init__(self, tmp_path: Path, scenario: str, clock=None) -> None:
        from servers.runner import WorldSource, build_app

        now = clock.now if clock is not None else (lambda: FIXED_NOW)
        self.state_dir = tmp_path / f"world-{scenario}"
        self.scenario = scenario
        self.app = build_app(self.state_dir, WorldSource(SCENARIO_DIR, scenario, clock=now))
        self.transport = httpx.ASGITransport(app=self.app)

    def transports(self) -> dict[str, httpx.AsyncBaseTransport]:
        return {"license": self.transport, "lgpdata": self.transport}

    def admin(self):
        from core.license_admin import LicenseAdmin

        return LicenseAdmin("http://license.test/license", 3.0, self.transport)
