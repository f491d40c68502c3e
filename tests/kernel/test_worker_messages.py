"""Workers post what they got as messages; the screens change in those messages' handlers
(tui.app, tui.login.screen, tui.billing.supervisor_prompt): the boot in its thread, the login
while the database is still opening, a billing re-check whose answer is on its way."""

from __future__ import annotations

import threading

from textual.widgets import Input, Static

from core.billing.service import BillingService
from domain.enums import BillingStatus
from storage.db import StorageError
from tests.conftest import wait_for
from tests.support.login_steps import CNPJ, login_to, type_login
from tui.login.menu import MenuScreen
from tui.login.screen import LoginScreen


def message(app) -> str:
    return str(app.screen.query_one("#login-message", Static).content)


async def test_a_login_typed_while_the_database_opens_enters_once_it_is_open(make_context):
    from tui.app import PdvApp

    ctx = make_context("treinamento", demo=True)
    release = threading.Event()

    def boot():
        release.wait(10)
        return ctx

    app = PdvApp(config=ctx.config, boot=boot)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_login(pilot)
        await wait_for(pilot, lambda: message(app) == "Carregando o banco de dados...")
        assert app.context is None and isinstance(app.screen, LoginScreen) and app.screen.holds_keys
        release.set()
        await wait_for(pilot, lambda: isinstance(app.screen, MenuScreen))
        assert app.context is ctx and app.branch_label
        assert not app.screen_stack[1].holds_keys and not app.screen_stack[1].busy


async def test_a_database_that_cannot_be_opened_ends_the_pdv_with_its_line(make_context):
    from tui.app import PdvApp

    ctx = make_context("treinamento", demo=True)

    def boot():
        raise StorageError("banco de dados ilegível")

    app = PdvApp(config=ctx.config, boot=boot)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.return_code is not None)
    assert app.return_code == 2 and app.boot_error == "banco de dados ilegível" and app.context is None


async def test_wrong_password_is_told_by_the_screen_after_the_worker(setup):
    app, _ = setup("treinamento")
    async with app.run_test(size=(80, 24)) as pilot:
        await login_to(pilot, LoginScreen, password="0000")
        await wait_for(pilot, lambda: "inválidos" in message(app))
        screen = app.screen
        assert not screen.busy and not screen.holds_keys
        assert app.focused is screen.query_one("#login-password", Input) and app.focused.value == ""


async def test_a_recheck_answer_not_yet_handled_holds_back_the_next_recheck(setup):
    app, world = setup("treinamento")
    async with app.run_test(size=(80, 24)) as pilot:
        await login_to(pilot, MenuScreen)
        await world.admin().set_situation(CNPJ, BillingStatus.PARTIAL_BLOCK)
        app.sale_started()  # the answer waits for the sale's end: no dialog in this test
        service = BillingService(app.context)
        decision = await service.recheck(app.session)
        assert decision is not None
        app._post_billing(app.BillingRechecked(service, app.session, decision))
        app.recheck_billing()  # the answer above is still on its way: as if its worker still ran
        assert not [w for w in app.workers if w.group == "billing-recheck"]
        await wait_for(pilot, lambda: "fim da venda" in app.status_text)
        assert app._billing_in_hand == 0 and app.session.pending_billing is decision
        app.recheck_billing()
        assert len([w for w in app.workers if w.group == "billing-recheck"]) == 1


async def test_no_field_cursor_blinks(make_context):
    """Thin terminals over SSH: the focused field's cursor stays on, it never blinks."""
    from tui.app import PdvApp

    ctx = make_context("treinamento", demo=True)
    app = PdvApp(context=ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        field = app.screen.query_one("#login-user", Input)
        assert field.has_focus and field.cursor_blink is False
        await pilot.press("tab")
        await pilot.pause(1.2)  # two blink periods
        password = app.screen.query_one("#login-password", Input)
        assert password.has_focus and password.cursor_blink is False and password._cursor_visible


async def test_a_status_set_while_a_screen_is_not_composed_yet_is_shown_when_it_opens(setup):
    """A re-check's answer can arrive while a screen was just pushed (or while the PDV closes
    and the screens are taken apart): the status line waits for the screen instead of failing."""
    app, _ = setup("treinamento")
    async with app.run_test(size=(80, 24)) as pilot:
        await login_to(pilot, MenuScreen)
        app.push_screen(MenuScreen())
        app.set_status("Régua de Cobrança: Mensagem (aplica-se ao fim da venda)")
        await pilot.pause()
        line = app.screen.query_one("#status-line", Static)
        assert "aplica-se ao fim da venda" in str(line.content) and line.display
