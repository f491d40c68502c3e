"""Shared fixtures: a seeded database per test (copied from a per-scenario template), a fixed
clock, and the snapshot folder at the top level (snapshots/<test module>/)."""
from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
import pytest_textual_snapshot
from hypothesis import settings


from core.clock import FixedClock
from core.config import Config

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOT_DIR = ROOT / "snapshots"
FIXED_NOW = datetime(2026, 11, 22, 9, 30)


def _snapshot_dirname(cls, *, test_location) -> str:
    return str(SNAPSHOT_DIR / Path(test_location.filepath).stem)


pytest_textual_snapshot.SVGImageExtension.dirname = classmethod(_snapshot_dirname)

# Property tests: the same examples on every run (no flaky CI), no per-example deadline on a
# busy 2-core machine.
settings.register_profile("pdv", derandomize=True, deadline=None)
settings.load_profile("pdv")


@pytest.fixture(scope="session")
def scenario_template(tmp_path_factory) -> Callable[[str], Path]:
    """A seeded database file per scenario, built once per test process."""
    cache: dict[str, Path] = {}

    def build(name: str) -> Path:
        if name not in cache:
            from core.context import build_context
            from storage.scenarios import load_scenario

            path = tmp_path_factory.mktemp(f"template-{name}") / "pdv.sqlite3"
            ctx = build_context(path, config=Config(), clock=FixedClock(FIXED_NOW), seed_with=load_scenario(name))
            ctx.db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            ctx.close()
            cache[name] = path
        return cache[name]

    return build


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(FIXED_NOW)


@pytest.fixture
def make_context(scenario_template, tmp_path, clock):
    """make_context(scenario='treinamento', **config) -> AppContext on a fresh copy, talking to
    the scenario's simulated License Server in-process (unless `transports` gives one)."""
    opened = []

    def make(scenario: str = "treinamento", **config):
        from core.context import build_context

        if config.get("world") is None:
            # the License Server (every login asks it) unless the test gives its own: the
            # scenario's simulated one, in-process, on the same clock
            transports = dict(config.get("transports") or {})
            missing = {"license"} - set(transports)
            if missing:
                from tests.world import World

                world = World(tmp_path / f"world-{len(opened)}", scenario, clock, services=missing)
                transports.update({name: world.transport for name in missing})
            config["transports"] = transports
        if "trainer_token" not in config:
            from tests.trainer import TOKEN

            config["trainer_token"] = TOKEN  # of the in-process worlds (tests.world)
        target = tmp_path / f"{scenario}-{len(opened)}.sqlite3"
        shutil.copy(scenario_template(scenario), target)
        ctx = build_context(target, config=Config(**config), clock=clock)
        opened.append(ctx)
        return ctx

    yield make
    for ctx in opened:
        ctx.close()


@pytest.fixture
def context(make_context):
    return make_context()


@pytest.fixture
def demo_app(make_context):
    """demo_app(scenario='treinamento', **config) -> PdvApp in demo mode on a fresh database."""
    from tui.app import PdvApp

    def make(scenario: str = "treinamento", **config):
        config.setdefault("demo", True)
        return PdvApp(context=make_context(scenario, **config))

    return make


async def login(pilot, user: str = "operador", password: str = "1234") -> None:
    """Types a login as a cashier would and waits for the answer."""
    await pilot.pause()
    await pilot.press(*user, "enter", *password, "enter")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
