"""Recebimento de títulos driven with the keyboard: pick the customer, receive part, then all."""
from __future__ import annotations

from decimal import Decimal

from textual.widgets import DataTable, Input, Static

from domain.enums import PaymentMethod
from core.kernel.login import start_session
from core.sales.sale import SaleService
from storage.models import Customer, Receivable, ReceivablePayment, User
from tests.sale_support import open_module, settle, status_text, type_text
from tui.sales.receivables import ReceivablesScreen
from tui.sales.receive_dialog import ReceiveDialog


def credit_sales(context, customer_code: str, *codes: str) -> list[Receivable]:
    """Títulos made the way the counter makes them: credit sales finalized by the sale service."""
    session = start_session(context, User.get(User.login == "operador"))
    sales = SaleService(context)
    customer = Customer.get(Customer.code == customer_code)
    agreement = next(a for a in sales.agreements_of(session, customer.id) if a.allows_credit)
    made = []
    for code in codes:
        draft = sales.new_draft(session)
        sales.set_customer(session, draft, customer.id, agreement.id)
        sales.add_item(session, draft, code)
        receipt = sales.finalize(session, draft, sales.prepare_payment(session, draft, PaymentMethod.CREDIT))
        made.append(Receivable.get(Receivable.sale == receipt.sale_id))
    return made


async def pick(pilot, query: str) -> None:
    await pilot.press("f2")
    await pilot.pause()
    await type_text(pilot, query)
    await pilot.press("enter")
    await settle(pilot)


async def test_receive_part_then_all(demo_app):
    app = demo_app()
    first, second = credit_sales(app.context, "0900", "1", "7")  # PJ: no LGPD check
    async with app.run_test(size=(80, 24)) as pilot:
        await open_module(pilot, "f4")
        screen = app.screen
        assert isinstance(screen, ReceivablesScreen)
        await pick(pilot, "0900")
        assert screen.query_one("#receivables-table", DataTable).row_count == 2
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReceiveDialog)
        amount = app.screen.query_one("#receive-amount", Input)
        assert amount.value == f"{first.amount:.2f}".replace(".", ",")
        amount.value = ""
        await type_text(pilot, "999")
        await pilot.press("enter")
        await pilot.pause()
        assert "maior que o saldo" in str(app.screen.query_one("#receive-error", Static).content)
        amount.value = ""
        await type_text(pilot, "10,00")
        await pilot.press("f3", "enter")  # cartão
        await settle(pilot)
        assert app.screen is screen
        assert "Recebido R$ 10,00 (Cartão)" in status_text(screen)
        stored = Receivable.get_by_id(first.id)
        assert stored.paid_amount == Decimal("10.00") and stored.status == "aberto"
        assert screen.rows[0].balance == first.amount - Decimal("10.00")

        await pilot.press("f9")
        await pilot.pause()
        assert isinstance(app.screen, ReceiveDialog)
        open_total = first.amount + second.amount - Decimal("10.00")  # editable: the whole open total
        assert app.screen.query_one("#receive-amount", Input).value == f"{open_total:.2f}".replace(".", ",")
        await pilot.press("f9")
        await settle(pilot)
        assert screen.rows == []
        assert all(r.status == "pago" for r in Receivable.select())
        assert ReceivablePayment.select().count() == 3
        assert "Recebidos 2 título(s)" in status_text(screen)


async def test_customer_without_titles_is_told(demo_app):
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_module(pilot, "f4")
        await pick(pilot, "0901")
        assert "não tem títulos em aberto" in status_text(app.screen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReceivablesScreen)
