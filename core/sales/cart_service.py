"""What Venda and Pré-venda share: finding products and customers, the cart, the customer and
agreement of the sale. Each method checks first that the session may use the module."""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.kernel.errors import ValidationError
from core.kernel.permissions import by_module, requires
from core.lgpd.decision import SaleOrigin
from core.lgpd.sale_check import ConsentFlow
from core.registry.search import (
    AgreementView,
    CustomerView,
    ProductView,
    customer_agreements,
    first_product,
    get_customer,
    search_customers,
    search_products,
)
from core.sales.cart import CartLine, parse_quantity, resolve_product
from core.sales.draft import ConsentGate, Draft
from domain.enums import Module
from storage.models import Product

if TYPE_CHECKING:
    from core.kernel.context import AppContext
    from core.kernel.session import Session


class CartService:
    module: Module
    origin: SaleOrigin

    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    @requires(by_module("self"))
    def new_draft(self, session: Session) -> Draft:
        session.require(self.module)
        draft = Draft(origin=self.origin)
        session.open_draft(draft)
        return draft

    # --- search -------------------------------------------------------------------------------

    @requires(by_module("self"))
    def find_products(self, session: Session, text: str, limit: int = 20) -> list[ProductView]:
        session.require(self.module)
        return search_products(text, limit)

    @requires(by_module("self"))
    def first_product(self, session: Session, text: str) -> ProductView | None:
        """What the product list for `text` would show first (None when nothing matches)."""
        session.require(self.module)
        return first_product(text)

    @requires(by_module("self"))
    def find_customers(self, session: Session, text: str, limit: int = 20) -> list[CustomerView]:
        session.require(self.module)
        return search_customers(text, limit)

    @requires(by_module("self"))
    def agreements_of(self, session: Session, customer_id: int) -> list[AgreementView]:
        session.require(self.module)
        return customer_agreements(customer_id)

    # --- the cart -----------------------------------------------------------------------------

    @requires(by_module("self"))
    def add_item(self, session: Session, draft: Draft, text: str, quantity_text: str = "1") -> CartLine:
        """Code, EAN or an unambiguous name, and the quantity typed; the cart is untouched on error."""
        session.require(self.module)
        quantity = parse_quantity(quantity_text)
        product = resolve_product(text)
        return draft.cart.add(product, quantity)

    @requires(by_module("self"))
    def add_product(self, session: Session, draft: Draft, product_id: int, quantity_text: str = "1") -> CartLine:
        """A product picked in the search list."""
        session.require(self.module)
        quantity = parse_quantity(quantity_text)
        row = Product.get_or_none(Product.id == product_id)
        if row is None:
            raise ValidationError("Produto não encontrado.")
        return draft.cart.add(ProductView(row.id, row.code, row.ean, row.name, row.price), quantity)

    @requires(by_module("self"))
    def remove_line(self, session: Session, draft: Draft, index: int) -> CartLine:
        session.require(self.module)
        return draft.cart.remove(index)

    # --- customer and agreement ---------------------------------------------------------------

    @requires(by_module("self"))
    def set_customer(self, session: Session, draft: Draft, customer_id: int | None, agreement_id: int | None) -> None:
        """Who the sale is for (None: sale without a customer) and under which of their agreements.
        A new customer or agreement opens a new LGPD check: decided at once when no query is
        needed (PJ, Nenhuma ação, a PF without document); otherwise ConsentFlow.check asks the
        portal."""
        session.require(self.module)
        if draft.presale_id is not None:
            raise ValidationError(f"O cliente desta venda vem da pré-venda {draft.presale_number}.")
        if customer_id is None:
            draft.customer = draft.agreement = None
            draft.gate = None
            return
        customer = get_customer(customer_id)
        if customer is None:
            raise ValidationError("Cliente não encontrado.")
        agreements = {a.id: a for a in customer_agreements(customer_id)}
        if agreement_id is not None and agreement_id not in agreements:
            raise ValidationError(f"O cliente {customer.name} não pertence a esse convênio.")
        draft.customer = customer
        draft.agreement = agreements.get(agreement_id) if agreement_id is not None else None
        draft.gate = ConsentGate(customer.id, agreement_id) if draft.agreement else None
        if draft.gate is not None:  # what can be decided without the portal is decided now
            ConsentFlow(self.ctx).decide_without_query(session, draft)
