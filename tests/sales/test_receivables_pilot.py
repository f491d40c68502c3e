"""Recebimento de títulos driven with the keyboard: pick the customer, receive part, then all."""

from __future__ import annotations

from decimal import Decimal

from textual.widgets import DataTable, Input, Static

from storage.models import Receivable, ReceivablePayment
from tests.conftest import settle
from tests.support.sale_support import credit_sales, open_module, pick, status_text, type_text
from tui.sales.receivables import ReceivablesScreen
from tui.sales.receive_dialog import ReceiveDialog


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
