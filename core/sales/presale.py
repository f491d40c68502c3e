"""Pré-venda: the counter clerk builds the sale and stores it with a number; the cashier loads
it by that number in Venda (SaleService.load_presale) and finalizes it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from core.kernel.errors import ValidationError
from core.kernel.permissions import by_module, requires
from core.kernel.transaction import write_transaction
from core.lgpd.decision import SaleOrigin
from core.sales.cart_service import CartService
from core.sales.draft import Draft
from domain.enums import Module
from storage.counters import PRESALE_NUMBER, take
from storage.models import PreSale, PreSaleItem

if TYPE_CHECKING:
    from core.kernel.session import Session


@dataclass(frozen=True)
class PreSaleSaved:
    id: int
    number: int
    total: Decimal
    items: int


class PreSaleService(CartService):
    module = Module.PRESALE
    origin = SaleOrigin.PRESALE

    @requires(by_module("self"))
    def save(self, session: Session, draft: Draft) -> PreSaleSaved:
        """Stores the pre-sale and its items in one transaction that takes its number."""
        session.require(self.module)
        if not draft.cart:
            raise ValidationError("A pré-venda não tem itens.")
        if not draft.consent_cleared:
            raise ValidationError("Termo LGPD pendente: conclua a verificação do cliente antes de gravar.")
        presale_id = draft.ensure_sale_id()
        with write_transaction(self.ctx.db):
            stored = PreSale.get_or_none(PreSale.id == presale_id)
            if stored is not None:  # saved by an earlier try whose answer was lost
                return PreSaleSaved(presale_id, stored.number, stored.total, stored.items.count())
            number = take(PRESALE_NUMBER)
            PreSale.create(
                id=presale_id,
                number=number,
                branch=session.branch_id,
                user=session.user_id,
                customer=draft.customer.id if draft.customer else None,
                agreement=draft.agreement.id if draft.agreement else None,
                created_at=self.ctx.clock.now(),
                total=draft.cart.total,
            )
            PreSaleItem.insert_many(draft.cart.item_rows("presale", presale_id)).execute()
            self.ctx.audit.record(
                "pre_venda_gravada",
                {"numero": number, "total": draft.cart.total, "itens": len(draft.cart.lines)},
                user=session.login,
                branch_cnpj=session.branch_cnpj,
                sale_id=presale_id,
            )
        session.close_draft(draft)
        return PreSaleSaved(presale_id, number, draft.cart.total, len(draft.cart.lines))

    @requires(by_module("self"))
    def discard(self, session: Session, draft: Draft, reason: str) -> None:
        session.require(self.module)
        if draft.in_progress:
            self.ctx.audit.record(
                "pre_venda_descartada",
                {"motivo": reason, "itens": len(draft.cart.lines)},
                user=session.login,
                branch_cnpj=session.branch_cnpj,
                sale_id=draft.sale_id,
            )
        session.close_draft(draft)
