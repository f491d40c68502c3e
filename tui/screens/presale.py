"""Pré-venda (F3): the counter clerk identifies the customer (LGPD check as in a sale), rings
up the products and saves; the pre-sale gets a number the cashier types in Venda (F3)."""
from __future__ import annotations

from textual.binding import Binding

from core.errors import PdvError
from core.money import brl
from core.presale import PreSaleService
from tui.screens.cart_screen import CartScreen
from tui.screens.message import MessageDialog


class PreSaleScreen(CartScreen):
    NAME = "Pré-venda"
    BINDINGS = [
        *CartScreen.CUSTOMER_KEYS,
        *CartScreen.LINE_KEYS,
        Binding("f9", "save", "Gravar"),
        *CartScreen.LEAVE_KEYS,
    ]

    def make_service(self) -> PreSaleService:
        return PreSaleService(self.app.context)

    def action_save(self) -> None:
        if not self.draft.cart:
            self.say("A pré-venda não tem itens.")
            return
        if not self.consent_ready():
            return
        try:
            saved = self.service.save(self.session, self.draft)
        except PdvError as exc:
            self.say(str(exc))
            return
        self.start_new(f"Pré-venda {saved.number} gravada.")
        self.app.push_screen(MessageDialog(
            f"Pré-venda nº {saved.number}",
            f"Pré-venda nº {saved.number} gravada: {saved.items} item(ns), total {brl(saved.total)}.\n\n"
            f"No caixa: Venda (F2), F3 Pré-venda, número {saved.number}.",
        ))
