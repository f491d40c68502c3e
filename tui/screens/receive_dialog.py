"""Receiving a título (or all of a customer's): the amount (the whole balance suggested, less
for a partial payment) and dinheiro or cartão. Core refuses what is wrong; it is told here.
The payment is stored from here, off the UI thread (tui.store_writer), while the dialog says
it is working (or that the store is busy)."""
from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Label, RadioButton, RadioSet, Static

from core.domain import PaymentMethod
from core.money import format_money
from tui.store_writer import StoreWriter
from tui.text import plain

METHODS = [PaymentMethod.CASH, PaymentMethod.CARD]


class ReceiveDialog(StoreWriter, ModalScreen[str | None]):
    BINDINGS = [
        Binding("f2", "method(0)", "Dinheiro"),
        Binding("f3", "method(1)", "Cartão"),
        Binding("f9", "confirm", "Confirmar"),
        Binding("escape", "cancel", "Voltar"),
    ]
    unfinished_work = "Há um recebimento de título em andamento."
    """Ctrl+Q asks before leaving while this dialog is up (see tui.leaving)."""

    def __init__(
        self,
        title: str,
        description: str,
        balance: Decimal,
        receive: Callable[[str, PaymentMethod], str],
        *,
        partial: bool = True,
    ) -> None:
        super().__init__()
        self.title_text = title
        self.description = description
        self.balance = balance
        self.receive = receive
        self.partial = partial
        self.method = PaymentMethod.CASH

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="receive-dialog"):
            yield Static(plain(self.title_text), classes="dialog-title")
            yield Static(plain(self.description), classes="dialog-body")
            with RadioSet(id="receive-method", compact=True):
                yield RadioButton("F2 Dinheiro", value=True)
                yield RadioButton("F3 Cartão")
            with Horizontal(id="receive-amount-row"):
                yield Label("Valor a receber R$ ")
                yield Input(
                    format_money(self.balance), id="receive-amount", max_length=14, compact=True,
                    disabled=not self.partial,
                )
            yield Static("Valor menor que o saldo = recebimento parcial." if self.partial else "", classes="hint-text")
            yield Static("", id="receive-error", classes="error-text")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        if self.partial:
            self.query_one("#receive-amount", Input).focus()
        else:
            self.query_one("#receive-method", RadioSet).focus()

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        self.method = METHODS[event.index]

    def action_method(self, index: int) -> None:
        if self.writing:
            return
        list(self.query(RadioButton))[index].value = True
        self.method = METHODS[index]

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_confirm()

    def action_confirm(self) -> None:
        if self.writing:
            return
        amount, method = self.query_one("#receive-amount", Input).value, self.method
        self.write_to_store(
            lambda: self.receive(amount, method), saying="Gravando o recebimento...",
            done=self.dismiss, failed=self._say,
        )

    def show_write_progress(self, text: str) -> None:
        self._say(text, working=True)

    def _say(self, text: str, working: bool = False) -> None:
        line = self.query_one("#receive-error", Static)
        line.set_class(working, "waiting-text")
        line.update(plain(text))

    def action_cancel(self) -> None:
        if self.writing:
            return  # the payment is being stored: its answer comes next
        self.dismiss(None)
