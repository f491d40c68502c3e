"""Ctrl+Q and small terminals in the app (Pilot): the question over a título being received, the
question that Ctrl+Q cannot bypass, a discard that cannot be stored, and the size guard."""

from __future__ import annotations

from textual.widgets import DataTable, Input

from core.kernel.login import start_session
from core.sales.sale import SaleService
from domain.enums import Module, PaymentMethod
from storage.models import AuditEntry, Customer, User
from tests.conftest import settle
from tests.support.sale_support import open_module, ring_up, type_text
from tui.common.message import MessageDialog
from tui.leaving import LeaveDialog
from tui.sales.receive_dialog import ReceiveDialog
from tui.sales.sale import SaleScreen
from tui.size_guard import TooSmall


def credit_sale(context, customer_code: str, code: str) -> None:
    """A título, made the way the counter makes it: a credit sale finalized by the sale service."""
    session = start_session(context, User.get(User.login == "operador"))
    sales = SaleService(context)
    customer = Customer.get(Customer.code == customer_code)
    agreement = next(a for a in sales.agreements_of(session, customer.id) if a.allows_credit)
    draft = sales.new_draft(session)
    sales.set_customer(session, draft, customer.id, agreement.id)
    sales.add_item(session, draft, code)
    sales.finalize(session, draft, sales.prepare_payment(session, draft, PaymentMethod.CREDIT))


def discards() -> list[AuditEntry]:
    return list(AuditEntry.select().where(AuditEntry.event == "venda_descartada"))


async def test_ctrl_q_while_a_titulo_is_being_received_asks(demo_app):
    app = demo_app()
    credit_sale(app.context, "0900", "1")  # PJ: no LGPD check
    async with app.run_test(size=(80, 24)) as pilot:
        await open_module(pilot, "f4")
        await pilot.press("f2")
        await pilot.pause()
        await type_text(pilot, "0900")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.query_one("#receivables-table", DataTable).row_count == 1
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReceiveDialog)
        amount = app.screen.query_one("#receive-amount", Input)
        amount.value = "10,00"
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, LeaveDialog)
        assert "recebimento de título em andamento" in app.screen.body_text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReceiveDialog) and amount.value == "10,00"
        assert app.return_code is None
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("f2")
        await settle(pilot)
        assert app.return_code == 0


async def test_ctrl_q_on_the_question_does_not_bypass_it(demo_app):
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_module(pilot, "f2")
        await ring_up(pilot, "1")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, LeaveDialog)
        for _ in range(3):
            await pilot.press("ctrl+q")
            await pilot.pause()
        assert isinstance(app.screen, LeaveDialog) and sum(isinstance(s, LeaveDialog) for s in app.screen_stack) == 1
        assert app.return_code is None and discards() == []
        await pilot.press("f2")
        await settle(pilot)
        assert app.return_code == 0
        [entry] = discards()
        assert "Ctrl+Q" in entry.detail


async def test_a_discard_that_cannot_be_stored_keeps_the_pdv_open(demo_app):
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_module(pilot, "f2")
        await ring_up(pilot, "1")
        app.session.locked[Module.SALE] = "Venda bloqueada pela Régua de Cobrança."
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("f2")
        await settle(pilot)
        assert app.return_code is None
        assert isinstance(app.screen, MessageDialog)
        assert "Venda bloqueada pela Régua de Cobrança" in app.screen.body_text
        assert discards() == []


async def test_small_terminal_covers_the_screen_and_ignores_keys_until_it_grows(demo_app):
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_module(pilot, "f2")
        await ring_up(pilot, "1")
        sale = app.screen
        assert isinstance(sale, SaleScreen)
        await pilot.resize_terminal(70, 20)
        await pilot.pause()
        [guard] = sale.query_children(TooSmall)
        assert guard.region == sale.region  # the whole screen
        assert "agora: 70x20" in str(guard.render())
        await type_text(pilot, "7")
        await pilot.press("enter", "f6", "escape", "f12")
        await pilot.pause()
        assert app.screen is sale and len(sale.draft.cart.lines) == 1
        assert sale.query_one("#entry-product", Input).value == ""
        await pilot.resize_terminal(80, 23)
        await pilot.pause()
        assert "agora: 80x23" in str(guard.render())
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert not sale.query_children(TooSmall)
        assert sale.focused is sale.query_one("#entry-product", Input)  # focus is where it was
        await type_text(pilot, "7")
        await pilot.press("enter")
        await pilot.pause()
        assert len(sale.draft.cart.lines) == 2


async def test_a_signal_while_the_question_is_up_discards_and_leaves(demo_app):
    import signal

    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_module(pilot, "f2")
        await ring_up(pilot, "1")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, LeaveDialog)
        app.leave_on_signal(signal.SIGTERM)  # what tui.shutdown calls on SIGTERM
        await settle(pilot)
        assert app.return_code == 128 + signal.SIGTERM
        [entry] = discards()
        assert "SIGTERM" in entry.detail
