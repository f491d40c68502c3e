"""Pagamento: dinheiro (with the change as you type), cartão, or convênio a prazo; F9 finalizes.
Core checks the payment; a refusal is told here and the sale stays as it was. The sale is
stored from here, off the UI thread (tui.store_writer): the dialog says it is working (or that
the store is busy) and closes with the stored sale's receipt."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Label, RadioButton, RadioSet, Static

from core.kernel.errors import PdvError
from core.kernel.money import brl, parse_money
from core.sales.sale import Payment, SaleReceipt
from domain.enums import PaymentMethod
from tui.store_writer import StoreWriter
from tui.text import plain

METHODS = [PaymentMethod.CASH, PaymentMethod.CARD, PaymentMethod.CREDIT]


class PaymentDialog(StoreWriter, ModalScreen[SaleReceipt | None]):
    BINDINGS = [
        Binding("f2", "method(0)", "Dinheiro"),
        Binding("f3", "method(1)", "Cartão"),
        Binding("f4", "method(2)", "A prazo"),
        Binding("f9", "finish", "Finalizar"),
        Binding("enter", "finish", "Finalizar", show=False),
        Binding("escape", "cancel", "Voltar"),
    ]

    def __init__(
        self,
        total: Decimal,
        prepare: Callable[[PaymentMethod, str], Payment],
        finalize: Callable[[Payment], SaleReceipt],
        credit_note: str = "",
    ) -> None:
        super().__init__()
        self.total = total
        self.prepare = prepare
        self.finalize = finalize
        self.credit_note = credit_note
        self.method = PaymentMethod.CASH

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="payment-dialog"):
            yield Static("Pagamento", classes="dialog-title")
            yield Static(f"Total da venda: {brl(self.total)}", id="payment-total")
            with RadioSet(id="payment-method", compact=True):
                yield RadioButton("F2 Dinheiro", value=True)
                yield RadioButton("F3 Cartão")
                yield RadioButton("F4 Convênio a prazo")
            with Horizontal(id="payment-amount-row"):
                yield Label("Valor recebido R$ ")
                yield Input(
                    id="payment-amount", max_length=14, placeholder=f"{self.total:.2f}".replace(".", ","), compact=True
                )
            yield Static("", id="payment-change")
            yield Static(plain(self.credit_note), id="payment-note", classes="hint-text")
            yield Static("", id="payment-error", classes="error-text")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#payment-amount", Input).focus()
        self._show_change("")

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        self._set_method(METHODS[event.index])

    def action_method(self, index: int) -> None:
        if self.writing:
            return
        radios = list(self.query(RadioButton))
        radios[index].value = True
        self._set_method(METHODS[index])

    def _set_method(self, method: PaymentMethod) -> None:
        self.method = method
        cash = method == PaymentMethod.CASH
        self.query_one("#payment-amount-row").display = cash
        self.query_one("#payment-change", Static).display = cash
        self.query_one("#payment-error", Static).update("")
        if cash:
            self.query_one("#payment-amount", Input).focus()
        else:
            # nothing to type: Enter finalizes (a focused RadioSet would take it as "select")
            self.set_focus(None)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._show_change(event.value)

    def _show_change(self, text: str) -> None:
        change = self.query_one("#payment-change", Static)
        if not text.strip():
            change.update("Troco: R$ 0,00 (Enter sem valor = valor exato)")
            return
        try:
            amount = parse_money(text, field="Valor recebido")
        except PdvError:
            change.update("Troco: -")
            return
        change.update(
            f"Troco: {brl(amount - self.total)}" if amount >= self.total else f"Faltam {brl(self.total - amount)}"
        )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_finish()

    def action_finish(self) -> None:
        if self.writing:
            return
        amount = self.query_one("#payment-amount", Input).value if self.method == PaymentMethod.CASH else ""
        try:
            payment = self.prepare(self.method, amount)
        except PdvError as exc:
            self._say(str(exc))
            return
        self.write_to_store(
            lambda: self.finalize(payment),
            saying="Gravando a venda...",
            done=self.dismiss,
            failed=self._say,
        )

    def show_write_progress(self, text: str) -> None:
        self._say(text, working=True)

    def _say(self, text: str, working: bool = False) -> None:
        line = self.query_one("#payment-error", Static)
        line.set_class(working, "waiting-text")
        line.update(plain(text))

    def action_cancel(self) -> None:
        if self.writing:
            return  # the sale is being stored: its answer (the cupom, or why not) comes next
        self.dismiss(None)
