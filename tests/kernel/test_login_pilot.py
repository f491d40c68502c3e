"""Login and menu, driven with the keyboard as a cashier would."""

from __future__ import annotations

from textual.widgets import Input, OptionList, Static

from core.kernel.auth import INVALID, MAX_ATTEMPTS
from storage.models import AuditEntry
from tests.conftest import login
from tests.support.login_steps import first_unbuilt_key
from tui.audit.screen import AuditScreen
from tui.common.message import MessageDialog
from tui.login.menu import MenuScreen
from tui.login.screen import LoginScreen


async def test_focus_starts_on_user_and_tab_goes_to_password(demo_app):
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.focused.id == "login-user"
        await pilot.press("tab")
        assert app.focused.id == "login-password"
        assert app.screen.query_one("#login-password", Input).password


async def test_login_reaches_the_menu_with_treinamento_visible(demo_app):
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await login(pilot)
        assert isinstance(app.screen, MenuScreen)
        assert app.screen.query_one("#header-demo", Static).content == "TREINAMENTO"
        assert app.session.login == "operador"


async def test_wrong_password_is_told_inline_and_focus_returns(demo_app):
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await login(pilot, "operador", "0000")
        assert isinstance(app.screen, LoginScreen)
        message = str(app.screen.query_one("#login-message", Static).content)
        assert "Usuário ou senha inválidos" in message
        assert app.focused.id == "login-password"
        assert app.screen.query_one("#login-password", Input).value == ""


async def test_five_failures_lock_the_user(demo_app):
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(MAX_ATTEMPTS):
            app.screen.query_one("#login-user", Input).value = ""
            app.screen.query_one("#login-user", Input).focus()
            await login(pilot, "operador", "0000")
        app.screen.query_one("#login-user", Input).value = ""
        app.screen.query_one("#login-user", Input).focus()
        await login(pilot, "operador", "1234")
        assert isinstance(app.screen, LoginScreen)  # the right password, refused while locked
        assert str(app.screen.query_one("#login-message", Static).content) == INVALID
        assert AuditEntry.select().where(AuditEntry.event == "usuario_bloqueado").exists()


async def test_unbuilt_module_says_so(demo_app):
    app = demo_app()
    key = first_unbuilt_key()
    async with app.run_test(size=(80, 24)) as pilot:
        await login(pilot)
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, MessageDialog)
        assert "ainda não foi construído" in app.screen.body_text
        await pilot.press("enter")
        assert isinstance(app.screen, MenuScreen)


async def test_operator_cannot_open_auditoria(demo_app):
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await login(pilot)
        options = app.screen.query_one("#menu-options", OptionList)
        labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any("Auditoria" in label and "BLOQUEADO" in label for label in labels)
        await pilot.press("f8")
        await pilot.pause()
        assert isinstance(app.screen, MessageDialog)
        assert "restrito a supervisores" in app.screen.body_text


async def test_supervisor_reads_the_audit_and_logs_out(demo_app):
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await login(pilot, "supervisor", "4321")
        await pilot.press("down", "down", "down", "down", "down", "down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, AuditScreen)
        table = app.screen.query_one("#audit-table")
        assert table.row_count >= 1
        await pilot.press("escape")
        await pilot.press("f10")
        await pilot.pause()
        assert isinstance(app.screen, LoginScreen)
        assert app.session is None
        assert AuditEntry.select().where(AuditEntry.event == "logout").exists()


async def test_f1_shows_the_keys_and_in_demo_mode_the_scenario(demo_app):
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, MessageDialog)
        assert "treinamento" in app.screen.title_text
        assert "Ctrl+Q Sair do PDV" in app.screen.body_text
        assert "operador / 1234" in app.screen.body_text
        assert "F12: Painel do instrutor" in app.screen.body_text
    app = demo_app(demo=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, MessageDialog)
        assert app.screen.title_text == "Ajuda"
        assert "Ctrl+Q Sair do PDV" in app.screen.body_text
        assert "operador / 1234" not in app.screen.body_text, "no scenario paragraph outside demo mode"
        assert "Painel do instrutor" not in app.screen.body_text, "F12 does not open there"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LoginScreen)
