"""An error nobody planned for: the PDV keeps running, the cashier reads one Portuguese line,
the traceback (secrets masked) is in the log file, never on the terminal."""

from __future__ import annotations

import asyncio
import time

import pytest
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Static

from core.trainer.panel import InstructorService
from tests.conftest import login, settle
from tui.login.menu import MenuScreen
from tui.sales.sale import SaleScreen
from tui.trainer.panel import InstructorPanel
from tui.unexpected import REPEAT_SECONDS, STORM_COUNT, ErrorPolicy, Verdict


def record_toasts(app) -> list[str]:
    """Every one-line message the app shows from now on (a toast expires; this list does not)."""
    said: list[str] = []
    real = app.notify

    def notify(message, **options) -> None:
        said.append(str(message))
        real(message, **options)

    app.notify = notify
    return said


def failing_open(app, secret: str):
    """Makes the menu's next module key fail inside its handler, with a secret in reach."""
    real = app.open_module

    def open_module(module: str) -> None:
        app.open_module = real  # only once
        password = secret  # noqa: F841 - a local a traceback with locals would print
        raise KeyError(f"senha={secret}")

    app.open_module = open_module


async def test_an_error_in_a_key_handler_is_told_and_the_pdv_goes_on(demo_app, log_file):
    app = demo_app()
    app.fail_tests_on_unexpected = False
    toasts = record_toasts(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await login(pilot)
        assert isinstance(app.screen, MenuScreen)
        failing_open(app, "hunter2-secret")
        await pilot.press("f2")
        await settle(pilot)
        assert toasts == ["Falha inesperada (KeyError). Tente novamente; se repetir, chame o suporte."]
        assert app.is_running and app.return_code is None and isinstance(app.screen, MenuScreen)
        await pilot.press("f2")  # the same key again: the menu still answers
        await settle(pilot)
        assert isinstance(app.screen, SaleScreen)
    logged = log_file.read_text(encoding="utf-8")
    assert "Falha inesperada em tela MenuScreen: KeyError" in logged and "Traceback" in logged
    assert "in open_module" in logged and "password = ***" in logged
    assert "hunter2-secret" not in logged


async def test_a_screen_worker_that_fails_is_told_by_the_app(demo_app, log_file, monkeypatch):
    async def broken_read(self, session=None):
        raise RuntimeError("License Server respondeu algo que ninguém previu")

    monkeypatch.setattr(InstructorService, "read", broken_read)
    app = demo_app()
    app.fail_tests_on_unexpected = False
    toasts = record_toasts(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await login(pilot)
        await pilot.press("f12")
        await settle(pilot)
        assert isinstance(app.screen, InstructorPanel)
        assert toasts == ["Falha inesperada (RuntimeError). Tente novamente; se repetir, chame o suporte."]
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MenuScreen) and app.return_code is None
    logged = log_file.read_text(encoding="utf-8")
    assert "Falha inesperada em worker _read: RuntimeError" in logged and "broken_read" in logged


async def test_a_login_that_fails_unexpectedly_can_be_tried_again(demo_app, log_file, monkeypatch):
    from core.billing.service import BillingService
    from tui.login.screen import LoginScreen

    real = BillingService.check
    calls = []

    async def check_once_broken(self, login, **kwargs):
        calls.append(login)
        if len(calls) == 1:
            raise RuntimeError("resposta que ninguém previu")
        return await real(self, login, **kwargs)

    monkeypatch.setattr(BillingService, "check", check_once_broken)
    app = demo_app()
    app.fail_tests_on_unexpected = False
    toasts = record_toasts(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await login(pilot)
        screen = app.screen
        assert isinstance(screen, LoginScreen) and not screen.busy and not screen.holds_keys
        assert "falha inesperada" in str(screen.query_one("#login-message").content)
        assert toasts == ["Falha inesperada (RuntimeError). Tente novamente; se repetir, chame o suporte."]
        await pilot.press("1", "2", "3", "4", "enter")  # the focus is back on Senha
        await settle(pilot)
        assert isinstance(app.screen, MenuScreen)
    assert "Falha inesperada em worker _login: RuntimeError" in log_file.read_text(encoding="utf-8")


async def test_the_same_error_again_is_logged_not_told_again(demo_app, log_file):
    app = demo_app()
    app.fail_tests_on_unexpected = False
    toasts = record_toasts(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await login(pilot)
        for _ in range(2):
            failing_open(app, "segredo-repetido")
            await pilot.press("f2")
            await settle(pilot)
        assert len(toasts) == 1
    logged = log_file.read_text(encoding="utf-8")
    assert logged.count("Traceback") == 1 and "Falha repetida em tela MenuScreen: KeyError" in logged
    assert "segredo-repetido" not in logged


async def test_a_recovered_error_still_fails_a_headless_test(demo_app, log_file):
    app = demo_app()
    with pytest.raises(KeyError):
        async with app.run_test(size=(80, 24)) as pilot:
            await login(pilot)
            failing_open(app, "x")
            await pilot.press("f2")
            await settle(pilot)
            assert app.is_running  # the PDV went on; the test is told when it ends


class Undrawable(Widget):
    def render(self):
        raise ValueError("não sei me desenhar")


class HalfBrokenDialog(ModalScreen):
    BINDINGS = [Binding("escape", "app.pop_screen", "Voltar")]

    def compose(self):
        yield Static("o resto do aviso", id="rest")
        yield Undrawable()


async def test_a_widget_that_cannot_be_drawn_is_hidden_and_the_rest_is_drawn(demo_app, log_file):
    """Drawing fails on every repaint, and takes the whole frame with it: a frozen screen. The
    widget is hidden instead; the screen is drawn and answers."""
    app = demo_app()
    app.fail_tests_on_unexpected = False
    toasts = record_toasts(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await login(pilot)
        dialog = HalfBrokenDialog()
        await app.push_screen(dialog)  # mounted; drawn by the app's own repaint, not the test's
        undrawable = dialog.query_one(Undrawable)
        deadline = time.monotonic() + 20
        while undrawable.display and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        assert not undrawable.display
        assert toasts == ["Falha inesperada (ValueError). Tente novamente; se repetir, chame o suporte."]
        await pilot.pause()  # a full repaint now succeeds
        assert "o resto do aviso" in str(dialog.query_one("#rest", Static).content)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MenuScreen) and app.return_code is None
    assert "in render" in log_file.read_text(encoding="utf-8")


async def test_an_error_that_ends_the_pdv_leaves_one_line_and_the_log(demo_app, log_file, capsys):
    app = demo_app()
    with pytest.raises(MemoryError):
        async with app.run_test(size=(80, 24)) as pilot:
            await login(pilot)
            try:
                raise MemoryError("sem memória")
            except MemoryError as exc:
                app._handle_exception(exc)  # type: ignore[arg-type]
            await pilot.pause()
    assert app.return_code == 1
    lines = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert lines == [f"pdv: falha inesperada (MemoryError); detalhes em {log_file}"]
    assert "MemoryError: sem memória" in log_file.read_text(encoding="utf-8")


def test_what_still_ends_the_pdv():
    now = [0.0]
    policy = ErrorPolicy(clock=lambda: now[0])
    error = KeyError("x")
    assert policy.judge(error, started=False, closing=False) is Verdict.END  # before the first screen
    assert policy.judge(MemoryError(), started=True, closing=False) is Verdict.END
    assert policy.judge(error, started=True, closing=False) is Verdict.SHOW
    now[0] += REPEAT_SECONDS / 2
    assert policy.judge(error, started=True, closing=False) is Verdict.QUIET
    now[0] += REPEAT_SECONDS
    assert policy.judge(error, started=True, closing=False) is Verdict.SHOW
    assert policy.judge(ValueError("y"), started=True, closing=True) is Verdict.QUIET
    storm = ErrorPolicy(clock=lambda: 100.0)
    verdicts = [storm.judge(ValueError(str(n)), started=True, closing=False) for n in range(STORM_COUNT)]
    assert Verdict.END not in verdicts[:-1] and verdicts[-1] is Verdict.END
