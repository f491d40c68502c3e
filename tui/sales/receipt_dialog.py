"""The cupom of the sale just finalized; Enter or Esc closes it and a new sale starts."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from core.sales.sale import SaleReceipt
from tui.sales.receipt import render_receipt


class ReceiptDialog(ModalScreen[None]):
    BINDINGS = [
        Binding("enter", "close", "Nova venda"),
        Binding("escape", "close", "Fechar", show=False),
        Binding("down", "scroll(1)", "Rolar"),
        Binding("up", "scroll(-1)", "", show=False),
    ]

    def __init__(self, receipt: SaleReceipt, *, training: bool) -> None:
        super().__init__()
        self.receipt = receipt
        self.training = training

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="receipt-scroll") as scroll:
            scroll.can_focus = False  # Enter closes; the arrows below scroll it
            with Center():
                yield Static(render_receipt(self.receipt, training=self.training), id="receipt")
        yield Footer(compact=True, show_command_palette=False)

    def action_scroll(self, lines: int) -> None:
        # immediate: arrows typed ahead each scroll a line (a deferred scroll counts from the
        # same position until the next refresh, and most of a burst of arrows was lost)
        self.query_one("#receipt-scroll", VerticalScroll).scroll_relative(y=lines, animate=False, immediate=True)

    def action_close(self) -> None:
        self.dismiss(None)
