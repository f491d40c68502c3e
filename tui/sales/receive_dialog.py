"""Receiving a título (or all of a customer's): the amount (the whole open balance suggested; less
is a partial payment, spread over the oldest títulos first when receiving all) and dinheiro, with
the amount handed over and the troco as it is typed, or cartão. Core refuses what is wrong and
checks the balance again when paying; it is told here, and a balance another terminal changed
is shown anew. The payment is stored off the UI thread (tui.store_writer), while the dialog says
it is working (or that the store is busy)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Label, RadioButton, RadioSet, Static

from core.kernel.errors import PdvError
from core.kernel.money import brl, format_money, parse_money
from core.sales.receivables import cash_given
from domain.enums import PaymentMethod
from tui.store_writer import StoreWriter
from tui.text import plain

METHODS = [PaymentMethod.CASH, PaymentMethod.CARD]


@dataclass(frozen=True)
class Receiving:
    """What the cashier confirmed: the amount, how, the cash handed over, and the open balance
    they were shown (core refuses the payment if it changed meanwhile)."""

    amount: str
    method: PaymentMethod
    tendered: str
    shown_balance: Decimal


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
        receive: Callable[[Receiving], str],
        current_balance: Callable[[], Decimal],
        *,
        hint: str = "Valor menor que o saldo = recebimento parcial.",
    ) -> None:
        super().__init__()
        self.title_text = title
        self.description = description
        self.balance = balance
        self.receive = receive
        self.current_balance = current_balance
        self.hint = hint
        self.method = PaymentMethod.CASH

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="receive-dialog"):
            yield Static(plain(self.title_text), classes="dialog-title")
            yield Static(plain(self.description), classes="dialog-body")
            yield Static(self.open_text(), id="receive-open")
            with RadioSet(id="receive-method", compact=True):
                yield RadioButton("F2 Dinheiro", value=True)
                yield RadioButton("F3 Cartão")
            with Horizontal(id="receive-amount-row"):
                yield Label("Valor a receber R$ ")
                yield Input(format_money(self.balance), id="receive-amount", max_length=14, compact=True)
            with Horizontal(id="receive-tendered-row"):
                yield Label("Valor entregue R$ ")
                yield Input(id="receive-tendered", max_length=14, compact=True, placeholder="valor exato")
            yield Static("", id="receive-change")
            yield Static(plain(self.hint), classes="hint-text")
            yield Static("", id="receive-error", classes="error-text")
        yield Footer(compact=True, show_command_palette=False)

    def open_text(self) -> str:
        return f"Em aberto: {brl(self.balance)}"

    def on_mount(self) -> None:
        self.query_one("#receive-amount", Input).focus()
        self._show_change()

    # --- dinheiro or cartão, and the troco ---------------------------------------------------

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        self._set_method(METHODS[event.index])

    def action_method(self, index: int) -> None:
        if self.writing:
            return
        list(self.query(RadioButton))[index].value = True
        self._set_method(METHODS[index])

    def _set_method(self, method: PaymentMethod) -> None:
        self.method = method
        cash = method == PaymentMethod.CASH
        self.query_one("#receive-tendered-row").display = cash
        self.query_one("#receive-change", Static).display = cash
        self._show_change()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._show_change()

    def _show_change(self) -> None:
        """The troco as it is typed, computed by core (as the sale's payment shows it)."""
        line = self.query_one("#receive-change", Static)
        amount_text = self.query_one("#receive-amount", Input).value
        tendered = self.query_one("#receive-tendered", Input).value
        try:
            amount = parse_money(amount_text, field="Valor a receber")
        except PdvError:
            line.update("Troco: -")
            return
        if not tendered.strip():
            line.update("Troco: R$ 0,00 (valor entregue vazio = valor exato)")
            return
        try:
            given = cash_given(amount, tendered)
        except PdvError:
            try:
                short = amount - parse_money(tendered, field="Valor entregue")
            except PdvError:
                line.update("Troco: -")
                return
            line.update(f"Faltam {brl(short)}")
            return
        line.update(f"Troco: {brl(given.change)}")

    # --- confirm ------------------------------------------------------------------------------

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_confirm()

    def action_confirm(self) -> None:
        if self.writing:
            return
        tendered = self.query_one("#receive-tendered", Input).value if self.method == PaymentMethod.CASH else ""
        receiving = Receiving(self.query_one("#receive-amount", Input).value, self.method, tendered, self.balance)
        self.write_to_store(
            lambda: self.receive(receiving),
            saying="Gravando o recebimento...",
            done=self.dismiss,
            failed=self._refused,
        )

    def _refused(self, text: str) -> None:
        """Told as core said it; a balance changed by another terminal is shown anew, with the
        amount suggested again, for the cashier to confirm."""
        self._say(text)
        try:
            now = self.current_balance()
        except PdvError:
            return
        if now != self.balance:
            self.balance = now
            self.query_one("#receive-open", Static).update(self.open_text())
            self.query_one("#receive-amount", Input).value = format_money(now)

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
