"""Venda: payment, finalizing (all or nothing, numbered inside the transaction), loading a
pre-sale by its number, and the receipt's data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from core.kernel.errors import ValidationError
from core.kernel.money import brl, parse_money
from core.kernel.permissions import by_module, requires
from core.kernel.transaction import write_transaction
from core.lgpd.decision import SaleOrigin
from core.lgpd.sale_check import ConsentFlow
from core.registry.search import customer_agreements, customer_view
from core.sales.cart import Cart, CartLine
from core.sales.cart_service import CartService
from core.sales.draft import ConsentGate, Draft
from domain.enums import Module, PaymentMethod, PreSaleStatus
from storage.counters import SALE_NUMBER, take
from storage.models import Branch, PreSale, PreSaleItem, Product, Receivable, Sale, SaleItem, User

if TYPE_CHECKING:
    from core.kernel.session import Session

CREDIT_DAYS = 30
"""Convênio a prazo: the receivable falls due this many days after the sale."""


@dataclass(frozen=True)
class Payment:
    method: PaymentMethod
    amount: Decimal
    """What the customer handed over (dinheiro), or the total (cartão); 0 for convênio a prazo."""
    change: Decimal = Decimal("0.00")


@dataclass(frozen=True)
class SaleReceipt:
    """Everything the cupom shows, read back from what was stored."""

    sale_id: int
    number: int
    created_at: datetime
    branch_name: str
    branch_cnpj: str
    cashier: str
    customer: str | None
    customer_document: str | None
    agreement: str | None
    lines: tuple[CartLine, ...]
    total: Decimal
    payment: Payment
    presale_number: int | None
    due_date: date | None


class SaleService(CartService):
    module = Module.SALE
    origin = SaleOrigin.DIRECT

    # --- payment ------------------------------------------------------------------------------

    @requires(by_module("self"))
    def prepare_payment(self, session: Session, draft: Draft, method: PaymentMethod, amount_text: str = "") -> Payment:
        """Checks a payment against the sale; ValidationError says what is wrong."""
        session.require(self.module)
        total = draft.cart.total
        if not draft.cart:
            raise ValidationError("A venda não tem itens.")
        if method == PaymentMethod.CASH:
            amount = parse_money(amount_text, field="Valor recebido") if amount_text.strip() else total
            if amount < total:
                raise ValidationError(f"Valor recebido {brl(amount)} é menor que o total {brl(total)}.")
            return Payment(method, amount, amount - total)
        if method == PaymentMethod.CARD:
            return Payment(method, total)
        if draft.customer is None or draft.agreement is None:
            raise ValidationError("Convênio a prazo exige um cliente e o seu convênio.")
        if not draft.agreement.allows_credit:
            raise ValidationError(f"O convênio {draft.agreement.name} não permite venda a prazo.")
        return Payment(method, Decimal("0.00"))

    # --- finalize -----------------------------------------------------------------------------

    @requires(by_module("self"))
    def finalize(self, session: Session, draft: Draft, payment: Payment) -> SaleReceipt:
        """Stores the sale, its items, the receivable (a prazo) and marks the pre-sale done, in
        one transaction whose first write takes the sale number: all of it or none of it."""
        session.require(self.module)
        if not draft.cart:
            raise ValidationError("A venda não tem itens.")
        if not draft.consent_cleared:
            raise ValidationError("Termo LGPD pendente: conclua a verificação do cliente antes de finalizar.")
        payment = self.prepare_payment(
            session, draft, payment.method, str(payment.amount) if payment.method == PaymentMethod.CASH else ""
        )
        sale_id = draft.ensure_sale_id()
        now = self.ctx.clock.now()
        with write_transaction(self.ctx.db):
            if draft.presale_id is None and Sale.select().where(Sale.id == sale_id).exists():
                # this draft's own id: an earlier try committed and its answer was lost (the
                # store's connection dropped at COMMIT); stored once, the retry gives its cupom
                return self._receipt(sale_id)
            number = take(SALE_NUMBER)
            if draft.presale_id is not None:
                done = (
                    PreSale.update(status=PreSaleStatus.FINALIZED.value)
                    .where((PreSale.id == draft.presale_id) & (PreSale.status == PreSaleStatus.OPEN.value))
                    .execute()
                )
                if done != 1:
                    raise ValidationError(f"A pré-venda {draft.presale_number} já foi finalizada ou cancelada.")
            sale = Sale.create(
                id=sale_id,
                number=number,
                branch=session.branch_id,
                user=session.user_id,
                customer=draft.customer.id if draft.customer else None,
                agreement=draft.agreement.id if draft.agreement else None,
                presale=draft.presale_id,
                created_at=now,
                total=draft.cart.total,
                payment_method=payment.method.value,
                amount_paid=payment.amount,
                change=payment.change,
            )
            SaleItem.insert_many(draft.cart.item_rows("sale", sale.id)).execute()
            due = None
            if payment.method == PaymentMethod.CREDIT:
                due = now.date() + timedelta(days=CREDIT_DAYS)
                Receivable.create(
                    customer=draft.customer.id,
                    agreement=draft.agreement.id,
                    sale=sale.id,
                    issued_at=now,
                    due_date=due,
                    amount=draft.cart.total,
                )
            self.ctx.audit.record(
                "venda_finalizada",
                {
                    "numero": number,
                    "total": draft.cart.total,
                    "pagamento": payment.method.value,
                    "itens": len(draft.cart.lines),
                    "pre_venda": draft.presale_number or "",
                },
                user=session.login,
                branch_cnpj=session.branch_cnpj,
                sale_id=sale.id,
            )
        session.close_draft(draft)
        return self._receipt(sale.id)

    @requires(by_module("self"))
    def discard(self, session: Session, draft: Draft, reason: str) -> None:
        """A sale given up with items in it (the cashier cancelled it, or the LGPD check aborted it)."""
        session.require(self.module)
        if draft.in_progress:
            self.ctx.audit.record(
                "venda_descartada",
                {"motivo": reason, "itens": len(draft.cart.lines), "total": draft.cart.total},
                user=session.login,
                branch_cnpj=session.branch_cnpj,
                sale_id=draft.sale_id,
            )
        session.close_draft(draft)

    def _receipt(self, sale_id: int) -> SaleReceipt:
        """The cupom read back from what was stored (called inside finalize)."""
        sale = Sale.get_by_id(sale_id)
        branch = Branch.get_by_id(sale.branch_id)
        cashier = User.get_by_id(sale.user_id)
        items = (  # the products joined: one query, not one per line
            SaleItem.select(SaleItem, Product).join(Product).where(SaleItem.sale == sale.id).order_by(SaleItem.id)
        )
        lines = tuple(
            CartLine(item.product.id, item.product.code, item.product.name, item.quantity, item.unit_price)
            for item in items
        )
        receivable = Receivable.get_or_none(Receivable.sale == sale.id)
        presale = PreSale.get_or_none(PreSale.id == sale.presale_id) if sale.presale_id else None
        customer = sale.customer if sale.customer_id else None
        return SaleReceipt(
            sale_id=sale.id,
            number=sale.number,
            created_at=sale.created_at,
            branch_name=branch.trade_name or branch.name,
            branch_cnpj=branch.cnpj,
            cashier=cashier.name,
            customer=customer.name if customer else None,
            customer_document=customer_view(customer).document_label if customer else None,
            agreement=sale.agreement.name if sale.agreement_id else None,
            lines=lines,
            total=sale.total,
            payment=Payment(PaymentMethod(sale.payment_method), sale.amount_paid, sale.change),
            presale_number=presale.number if presale else None,
            due_date=receivable.due_date if receivable else None,
        )

    # --- pre-sales ----------------------------------------------------------------------------

    @requires(by_module("self"))
    def load_presale(self, session: Session, number_text: str) -> Draft:
        """The cashier loads a pre-sale by its number, to finalize it (no new LGPD query)."""
        session.require(self.module)
        raw = number_text.strip()
        if not raw.isdigit() or len(raw) > 9:
            raise ValidationError(f"Número de pré-venda inválido: {raw or '(vazio)'}")
        presale = PreSale.get_or_none(PreSale.number == int(raw))
        if presale is None:
            raise ValidationError(f"Pré-venda {raw} não encontrada.")
        if presale.status == PreSaleStatus.FINALIZED.value:
            sale = Sale.get_or_none(Sale.presale == presale.id)
            where = f" na venda {sale.number}" if sale else ""
            raise ValidationError(f"Pré-venda {raw} já foi finalizada{where}.")
        if presale.status != PreSaleStatus.OPEN.value:
            raise ValidationError(f"Pré-venda {raw} está {presale.status}.")
        cart = Cart(
            [
                CartLine(item.product.id, item.product.code, item.product.name, item.quantity, item.unit_price)
                for item in presale.items.order_by(PreSaleItem.id)
            ]
        )
        draft = Draft(
            origin=SaleOrigin.PRESALE_FINALIZE,
            cart=cart,
            sale_id=presale.id,
            presale_id=presale.id,
            presale_number=presale.number,
        )
        if presale.customer_id:
            draft.customer = customer_view(presale.customer)
            agreements = {a.id: a for a in customer_agreements(presale.customer_id)}
            draft.agreement = agreements.get(presale.agreement_id)
            if draft.agreement is not None:
                draft.gate = ConsentGate(draft.customer.id, draft.agreement.id)
        self.ctx.audit.record(
            "pre_venda_carregada",
            {"numero": presale.number, "itens": len(cart.lines)},
            user=session.login,
            branch_cnpj=session.branch_cnpj,
            sale_id=presale.id,
        )
        if draft.gate is not None:  # finalizing a pre-sale: decided without asking the portal
            ConsentFlow(self.ctx).decide_without_query(session, draft)
        session.open_draft(draft)
        return draft
