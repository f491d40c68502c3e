"""Shared fixtures: a seeded database per test (copied from a per-scenario template), a fixed
clock, the context and the app (`make_context`, `context`, `demo_app`; with the simulated
services: `setup`, `world_app`, `portal`, `lgpd_app`), the Pilot steps every folder uses (`login`,
`settle`, `wait_for`: one copy each), and the snapshot folder at the top level
(snapshots/<test module>/). Helper modules are in tests/support/; a folder's own fixtures in its
conftest.py.

The store's engine: SQLite for every test, and also PostgreSQL for the modules marked
`pytestmark = pytest.mark.both_engines` (their tests run once per engine, `[sqlite]` and
`[postgres]`). The PostgreSQL server is started once per test process (tests/support/pg_server.py),
only when a test asks for it; with PDV_REQUIRE_POSTGRES=1 (make test, CI) a server that cannot
start fails those tests, otherwise they are skipped saying why.
"""

from __future__ import annotations

import itertools
import os
import shutil
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
import pytest_textual_snapshot
from hypothesis import settings

from core.kernel.clock import FixedClock
from core.kernel.config import Config
from tests.support.snapshot_plugin import pytest_sessionfinish  # noqa: F401 - keeps unused snapshots, offline report
from tests.terminal.readme_rows import pytest_terminal_summary  # noqa: F401 - README row -> test table

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


ENGINES = ("sqlite", "postgres")


def pytest_generate_tests(metafunc):
    given = any("engine" in str(mark.args[0]) for mark in metafunc.definition.iter_markers("parametrize"))
    if "engine" in metafunc.fixturenames and metafunc.definition.get_closest_marker("both_engines") and not given:
        metafunc.parametrize("engine", ENGINES, indirect=True)


@pytest.fixture(scope="session")
def postgres_server():
    """A PostgreSQL server of this test process, removed at the end of the session."""
    from tests.support.pg_server import ServerUnavailable, start_server

    try:
        server = start_server()
    except (ServerUnavailable, OSError, RuntimeError) as exc:
        if os.environ.get("PDV_REQUIRE_POSTGRES") == "1":
            pytest.fail(
                f"PostgreSQL exigido (PDV_REQUIRE_POSTGRES=1) e não foi possível iniciá-lo: {exc}", pytrace=False
            )
        pytest.skip(f"PostgreSQL indisponível ({exc}); com PDV_REQUIRE_POSTGRES=1 isto é uma falha")
    yield server
    server.remove()


@pytest.fixture(scope="session")
def postgres_template(postgres_server) -> Callable[[str], str]:
    """A seeded template database per scenario on the server, built once per test process."""
    cache: dict[str, str] = {}

    def build(name: str) -> str:
        if name not in cache:
            from core.kernel.context import build_context
            from storage.scenarios.loader import load_scenario

            database = f"template_{name.replace('-', '_')}"
            url = postgres_server.create_database(database)
            ctx = build_context(url, config=Config(), clock=FixedClock(FIXED_NOW), seed_with=load_scenario(name))
            ctx.close()
            cache[name] = database
        return cache[name]

    return build


@pytest.fixture
def engine(request) -> str:
    """The store's engine of this test: 'sqlite', unless the module runs on both engines."""
    return getattr(request, "param", "sqlite")


_DATABASE_NUMBERS = itertools.count(1)


@pytest.fixture
def new_store(engine, request, tmp_path) -> Callable[..., str]:
    """new_store(scenario='treinamento') -> a fresh store on this test's engine, as the target a
    PDV is given (a file path or a postgresql:// URL); new_store(None) -> an empty database."""
    made: list[str] = []

    def make(scenario: str | None = "treinamento") -> str:
        number = next(_DATABASE_NUMBERS)
        if engine == "sqlite":
            target = tmp_path / f"{scenario or 'vazio'}-{number}.sqlite3"
            if scenario is not None:
                shutil.copy(request.getfixturevalue("scenario_template")(scenario), target)
            return str(target)
        server = request.getfixturevalue("postgres_server")
        name = f"test_{os.getpid()}_{number}"
        template = request.getfixturevalue("postgres_template")(scenario) if scenario is not None else None
        url = server.create_database(name, template)
        made.append(name)
        return url

    yield make
    if made:
        from storage.db import database

        if database.obj is not None and not database.is_closed():
            database.close()
        server = request.getfixturevalue("postgres_server")
        for name in made:
            server.drop_database(name)


@pytest.fixture(scope="session", autouse=True)
def error_log_folder(tmp_path_factory) -> Path:
    """The PDV's error log (core.kernel.error_log) of in-process tests goes to a temporary folder, not
    to the user's log folder."""
    from core.kernel import error_log

    folder = tmp_path_factory.mktemp("error-log")
    error_log.use_directory(folder)
    return folder


@pytest.fixture(scope="session", autouse=True)
def secret_key_file(tmp_path_factory) -> Path:
    """The key of the stored LGPData credentials (storage.secret_box) of in-process tests, and of
    the `pdv` processes they start with this environment: a temporary file, not the user's."""
    from storage.secret_box import KEY_ENV

    path = tmp_path_factory.mktemp("secret-key") / "secret.key"
    before = os.environ.get(KEY_ENV)
    os.environ[KEY_ENV] = str(path)
    yield path
    if before is None:
        os.environ.pop(KEY_ENV, None)
    else:
        os.environ[KEY_ENV] = before


@pytest.fixture(scope="session")
def scenario_template(tmp_path_factory) -> Callable[[str], Path]:
    """A seeded database file per scenario, built once per test process."""
    cache: dict[str, Path] = {}

    def build(name: str) -> Path:
        if name not in cache:
            from core.kernel.context import build_context
            from storage.scenarios.loader import load_scenario

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
def make_context(new_store, tmp_path, clock):
    """make_context(scenario='treinamento', **config) -> AppContext on a fresh copy, talking to
    the scenario's simulated License Server in-process (unless `transports` gives one)."""
    opened = []

    def make(scenario: str = "treinamento", **config):
        from core.kernel.context import build_context

        if config.get("world") is None:
            # the License Server (every login asks it) unless the test gives its own: the
            # scenario's simulated one, in-process, on the same clock
            transports = dict(config.get("transports") or {})
            missing = {"license"} - set(transports)
            if missing:
                from tests.support.world import World

                world = World(tmp_path / f"world-{len(opened)}", scenario, clock, services=missing)
                transports.update({name: world.transport for name in missing})
            config["transports"] = transports
        if "trainer_token" not in config:
            from tests.support.trainer import TOKEN

            config["trainer_token"] = TOKEN  # of the in-process worlds (tests.support.world)
        ctx = build_context(new_store(scenario), config=Config(**config), clock=clock)
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


async def settle(pilot) -> None:
    """Lets the screen and its workers finish: pause, wait for the workers, pause."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def wait_for(pilot, predicate, timeout: float = 3.0) -> None:
    """Polls until `predicate()`, then lets the screen that came finish mounting."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timeout waiting; screen is {type(pilot.app.screen).__name__}")
        await pilot.pause(0.02)
    await pilot.pause()


@pytest.fixture
def setup(demo_app, tmp_path, clock):
    """setup(scenario, **config) -> (app, world): the PDV and its simulated License Server
    (in-process, tests.support.world)."""
    from tests.support.world import World

    def make(scenario: str = "treinamento", **config):
        world = World(tmp_path, scenario, clock)
        config.setdefault("transports", world.transports())
        return demo_app(scenario, **config), world

    return make


@pytest.fixture
def world_app(demo_app, tmp_path, clock):
    """world_app(scenario, **config) -> PdvApp talking to the scenario's simulated services
    (in-process)."""
    from tests.support.world import World

    def make(scenario: str, **config):
        world = World(tmp_path, scenario, clock)
        return demo_app(scenario, transports=world.transports(), **config)

    return make


@pytest.fixture
def portal(tmp_path, monkeypatch):
    """portal(scenario='treinamento') -> httpx.ASGITransport of the whole simulated world, its
    clock at PORTAL_NOW and its request ids sequential (tests.support.lgpd_support)."""
    import httpx

    import servers.lgpdata.store as store
    from servers.runner import WorldSource, build_app
    from storage.scenarios.loader import SCENARIO_DIR
    from tests.support.lgpd_support import PORTAL_NOW
    from tests.support.trainer import TOKEN

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
