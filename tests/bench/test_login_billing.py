"""What the Régua de Cobrança check adds to login → menu, over real loopback HTTP.

1. Healthy server: a real `python -m servers` (uvicorn) on a free port. The same login (user
   checked, check made, session entered) is timed with the check (version 215.010, License
   Server route) and without (version 212.000, no check); the difference is what the check adds.
2. A server that accepts the connection and never answers: the decision must arrive within the
   timeout + 0.5 s, and the screen must keep repainting meanwhile (the spinner's frames are
   counted as real repaints, and the event loop's worst delay is measured).
"""

from __future__ import annotations

import asyncio
import shutil
import statistics
import time
from pathlib import Path

import pytest
from textual.widgets import Input

from core.kernel.clock import FixedClock
from core.kernel.config import Config
from storage.scenarios.loader import load_scenario
from tests.conftest import FIXED_NOW
from tests.support.netutil import silent_server
from tests.support.world_process import running_world

RUNS = 25
TIMEOUT = 1.0


@pytest.fixture(scope="module")
def server_url(tmp_path_factory):
    with running_world(tmp_path_factory.mktemp("servers"), "liberado", wait=30) as url:
        yield url


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    from core.kernel.context import build_context

    path = tmp_path_factory.mktemp("template") / "pdv.sqlite3"
    ctx = build_context(path, config=Config(), clock=FixedClock(FIXED_NOW), seed_with=load_scenario("liberado"))
    ctx.db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    ctx.close()
    return path


def make_app(template: Path, folder: Path, **config):
    from core.kernel.context import build_context
    from tui.app import PdvApp

    target = folder / f"pdv-{time.monotonic_ns()}.sqlite3"
    shutil.copy(template, target)
    ctx = build_context(target, config=Config(demo=True, recheck_minutes=0, **config), clock=FixedClock(FIXED_NOW))
    return PdvApp(context=ctx)


async def timed_login(app, pilot) -> float:
    """Seconds from submitting operador/1234 to the session being entered."""
    from tui.login.screen import LoginScreen

    entered = asyncio.get_running_loop().create_future()
    original = app.enter_session

    def enter(session):
        if not entered.done():
            entered.set_result(time.perf_counter())
        original(session)

    app.enter_session = enter
    screen = app.screen
    assert isinstance(screen, LoginScreen)
    screen.query_one("#login-user", Input).value = "operador"
    screen.query_one("#login-password", Input).value = "1234"
    started = time.perf_counter()
    screen.submit()
    done = await asyncio.wait_for(entered, 10)
    app.enter_session = original
    await pilot.pause()
    return done - started


async def login_times(template: Path, folder: Path, runs: int, **config) -> list[float]:
    app = make_app(template, folder, **config)
    times = []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for _ in range(runs + 2):
            times.append(await timed_login(app, pilot))
            app.logout()
            await pilot.pause()
    return times[2:]  # the first ones warm the imports and the connection code


def test_login_to_menu_with_a_healthy_license_server(server_url, template, tmp_path, bench_row):
    async def both():
        with_check, without = [], []
        for _ in range(RUNS // 5):  # interleaved, so machine noise hits both alike
            with_check += await login_times(template, tmp_path, 5, license_url=f"{server_url}/license")
            without += await login_times(
                template, tmp_path, 5, license_url=f"{server_url}/license", app_version="212.000"
            )
        return with_check, without

    with_check, without = asyncio.run(both())
    added = statistics.median(with_check) - statistics.median(without)
    bench_row(
        "login → menu: consulta à Régua (loopback)",
        f"{statistics.median(with_check) * 1000:.0f} ms",
        f"{statistics.median(without) * 1000:.0f} ms (sem consulta)",
        f"+{added * 1000:.0f} ms",
        "≤ +150 ms",
    )
    print(
        f"\nlogin with check {statistics.median(with_check):.3f}s, without {statistics.median(without):.3f}s, added {added * 1000:.0f} ms"
    )
    assert added <= 0.150


def test_login_with_a_server_that_never_answers(template, tmp_path, bench_row):
    from textual.widgets import Static

    from tui.login.menu import MenuScreen

    async def run(url: str) -> tuple[float, float, int, float, str]:
        app = make_app(template, tmp_path, license_url=f"{url}/license", http_timeout=TIMEOUT)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            paints = []
            original_display = app._display

            def display(screen, renderable):
                if renderable is not None:
                    paints.append(time.perf_counter())
                return original_display(screen, renderable)

            app._display = display
            lags: list[tuple[float, float]] = []

            async def ticker():
                while True:
                    before = time.perf_counter()
                    await asyncio.sleep(0.01)
                    lags.append((before, time.perf_counter() - before - 0.01))

            asking: list[float] = []
            screen = app.screen
            original_waiting = screen.waiting

            def waiting_started(text):
                asking.append(time.perf_counter())
                original_waiting(text)

            screen.waiting = waiting_started
            tick = asyncio.create_task(ticker())
            started = time.perf_counter()
            decision = await timed_login(app, pilot)
            tick.cancel()
            waiting = [p for p in paints if asking[0] < p < started + decision]
            decided = started + decision
            # the wait only: argon2 comes before it, the menu's first paint after it
            during = [lag for at, lag in lags if asking[0] <= at and at + 0.01 + lag <= decided]
            assert isinstance(app.screen, MenuScreen)
            line = str(app.screen.query_one("#status-line", Static).content)
            return decided - asking[0], decision, len(waiting), max(during), line

    with silent_server() as url:
        decision, whole, paints, worst_lag, line = asyncio.run(run(url))
    bench_row(
        "servidor mudo: consulta → decisão",
        f"{decision * 1000:.0f} ms",
        f"{TIMEOUT * 1000:.0f} ms (tempo limite)",
        f"{decision / TIMEOUT:.2f}",
        "≤ limite + 500 ms",
    )
    bench_row("servidor mudo: Enter → decisão (com argon2)", f"{whole * 1000:.0f} ms")
    bench_row(
        "servidor mudo: repinturas durante a espera",
        f"{paints} ({paints / decision:.0f}/s)",
        "-",
        f"pior atraso do laço na espera {worst_lag * 1000:.0f} ms",
        "tela viva",
    )
    print(
        f"\nsilent server: decided {decision:.3f}s after asking ({whole:.3f}s after Enter), {paints} repaints, worst loop lag {worst_lag * 1000:.0f} ms; {line}"
    )
    assert decision <= TIMEOUT + 0.5
    assert paints >= 5  # the spinner turns every 0.1 s
    assert "Régua sem resposta" in line
