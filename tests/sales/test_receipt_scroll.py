"""The cupom scrolls one line per arrow, also for arrows that arrive together (typed ahead)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from textual import events
from textual.app import App
from textual.containers import VerticalScroll

from core.sales.cart import CartLine
from core.sales.sale import Payment, SaleReceipt
from domain.enums import PaymentMethod
from tui.sales.receipt_dialog import ReceiptDialog


def long_receipt() -> SaleReceipt:
    lines = tuple(CartLine(i, str(i), f"PRODUTO {i:02d}", 1, Decimal("1.00")) for i in range(30))
    return SaleReceipt(
        1,
        1,
        datetime(2026, 11, 22, 9, 30),
        "Drogaria",
        "12345678000195",
        "Ana",
        None,
        None,
        None,
        lines,
        Decimal("30.00"),
        Payment(PaymentMethod.CARD, Decimal("30.00")),
        None,
        None,
    )


async def test_five_arrows_in_one_burst_scroll_five_lines():
    class Shows(App):
        def on_mount(self) -> None:
            self.push_screen(ReceiptDialog(long_receipt(), training=False))

    app = Shows()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        scroll = app.screen.query_one("#receipt-scroll", VerticalScroll)
        assert scroll.max_scroll_y > 5
        for _ in range(5):  # all queued before the first is handled, as a terminal delivers them
            app.post_message(events.Key("down", None))
        await pilot.pause()
        await pilot.pause()
        assert scroll.scroll_y == 5
