"""Pré-venda (F3): the counter clerk identifies the customer (LGPD check as in a sale), rings
up the products and saves; the pre-sale gets a number the cashier types in Venda (F3). Saving
runs off the UI thread (tui.store_writer); the status line says it is working."""

from __future__ import annotations

from textual.binding import Binding

from core.kernel.money import brl
from core.sales.presale import PreSaleSaved, PreSaleService
from tui.common.message import MessageDialog
from tui.sales.cart_screen import CartScreen
from tui.store_writer import StoreWriter


class PreSaleScreen(StoreWriter, CartScreen):
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
        if self.writing:
            return
        if not self.draft.cart:
            self.say("A pré-venda não tem itens.")
            return
        if not self.consent_ready():
            return
        session, draft = self.session, self.draft
        self.write_to_store(
            lambda: self.service.save(session, draft),
            saying="Gravando a pré-venda...",
            done=self.saved,
            failed=self.say,
        )

    def show_write_progress(self, text: str) -> None:
        self.show_status(text)

    def saved(self, saved: PreSaleSaved) -> None:
        self.start_new(f"Pré-venda {saved.number} gravada.")
        self.app.push_screen(
            MessageDialog(
                f"Pré-venda nº {saved.number}",
                f"Pré-venda nº {saved.number} gravada: {saved.items} item(ns), total {brl(saved.total)}.\n\n"
                f"No caixa: Venda (F2), F3 Pré-venda, número {saved.number}.",
            )
        )
