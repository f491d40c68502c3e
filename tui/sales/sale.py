"""Venda (F2): identify the customer, ring up, pay, finalize → the cupom → a new sale. A
pre-sale is loaded by its number (F3) and finalized here without a new LGPD query."""

from __future__ import annotations

from collections.abc import Callable

from textual.binding import Binding

from core.sales.draft import Draft
from core.sales.sale import Payment, SaleReceipt, SaleService
from tui.sales.cart_screen import CartScreen
from tui.sales.payment_dialog import PaymentDialog
from tui.sales.presale_number import PreSaleNumberDialog
from tui.sales.receipt_dialog import ReceiptDialog


class SaleScreen(CartScreen):
    NAME = "Venda"
    BINDINGS = [
        *CartScreen.CUSTOMER_KEYS,
        Binding("f3", "load_presale", "Pré-venda"),
        *CartScreen.LINE_KEYS,
        Binding("f9", "pay", "Pagar"),
        *CartScreen.LEAVE_KEYS,
    ]

    def make_service(self) -> SaleService:
        return SaleService(self.app.context)

    def refresh_title(self) -> None:
        from rich.text import Text

        title = Text("Venda", style="bold")
        if self.draft.presale_number:
            title.append(f"  (pré-venda nº {self.draft.presale_number})")
        self.query_one("#sale-title").update(title)

    def action_load_presale(self) -> None:
        if self.draft.in_progress:
            self.say("Finalize ou cancele (F6) a venda em andamento antes de carregar uma pré-venda.")
            return

        def loaded(draft) -> None:
            if draft is None:
                return
            self.draft = draft
            self.refresh_all()
            self.say(f"Pré-venda {draft.presale_number} carregada: confira os itens e F9 para pagar.")

        self.app.push_screen(PreSaleNumberDialog(lambda text: self.service.load_presale(self.session, text)), loaded)

    def action_pay(self) -> None:
        if not self.draft.cart:
            self.say("A venda não tem itens.")
            return
        if not self.consent_ready():
            return
        agreement = self.draft.agreement
        if agreement is None:
            note = "Convênio a prazo: identifique o cliente e o convênio (F2)."
        elif agreement.allows_credit:
            note = f"Convênio a prazo: {agreement.name}."
        else:
            note = f"O convênio {agreement.name} não permite venda a prazo."
        self.app.push_screen(
            PaymentDialog(
                self.draft.cart.total,
                lambda method, amount: self.service.prepare_payment(self.session, self.draft, method, amount),
                self.finalizer(self.draft),
                note,
            ),
            self.paid,
        )

    def finalizer(self, draft: Draft) -> Callable[[Payment], SaleReceipt]:
        """Stores `draft` paid with a payment (run by the payment dialog, off the UI thread)."""
        session = self.session
        return lambda payment: self.service.finalize(session, draft, payment)

    def paid(self, receipt: SaleReceipt | None) -> None:
        """The payment dialog closed: with the stored sale's receipt, or None (Voltar)."""
        if receipt is None:
            return
        # The sale ends for the cashier when the cupom is closed: only then a new one starts
        # (and a billing change that waited for the sale may show).
        self.app.push_screen(
            ReceiptDialog(receipt, training=self.app.demo),
            lambda _closed: self.start_new(f"Venda {receipt.number} finalizada."),
        )
