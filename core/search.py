"""Search as you type: products by code, EAN or name; customers by code, CPF/CNPJ or name.

Every query is an index range scan with a limit (prefix of the folded name, of the EAN, of the
document), so it stays fast on a store with 50,000 products and 100,000 customers.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from core.documents import format_document
from core.domain import ConsentRule, ConsentStatus, PersonType
from storage.models import Agreement, Customer, CustomerAgreement, Product
from storage.search_text import prefix_upper_bound, search_key

DEFAULT_LIMIT = 20


@dataclass(frozen=True)
class ProductView:
    id: int
    code: str
    ean: str
    name: str
    price: Decimal


@dataclass(frozen=True)
class CustomerView:
    id: int
    code: str
    name: str
    person_type: PersonType
    document_type: str | None
    document: str | None

    @property
    def document_label(self) -> str:
        if not self.document:
            return "sem documento"
        shown = format_document(self.document_type, self.document)
        return f"{self.document_type} {shown}" if self.document_type else shown


@dataclass(frozen=True)
class AgreementView:
    id: int
    code: str
    name: str
    rule: ConsentRule
    allows_credit: bool
    consent_status: ConsentStatus
    """The term status stored on this customer's link to the agreement."""


def product_view(row: Product) -> ProductView:
    return ProductView(row.id, row.code, row.ean, row.name, row.price)


def customer_view(row: Customer) -> CustomerView:
    return CustomerView(
        row.id, row.code, row.name, PersonType(row.person_type), row.document_type, row.document
    )


def _compact(text: str) -> str:
    return "".join(ch for ch in text.upper() if ch.isalnum())


def find_product_exact(text: str) -> ProductView | None:
    """A product whose code or EAN is exactly `text` (what a scanner or a cashier types)."""
    text = text.strip()
    if not text:
        return None
    row = Product.get_or_none(Product.code == text) or Product.get_or_none(Product.ean == text)
    return product_view(row) if row else None


def search_products(text: str, limit: int = DEFAULT_LIMIT) -> list[ProductView]:
    """Exact code or EAN first, then EAN prefix (digits typed), then name prefix."""
    text = text.strip()
    if not text:
        return []
    found: dict[int, ProductView] = {}
    exact = find_product_exact(text)
    if exact:
        found[exact.id] = exact
    if text.isdigit() and len(text) >= 3:
        rows = (
            Product.select()
            .where((Product.ean >= text) & (Product.ean < prefix_upper_bound(text)))
            .order_by(Product.ean)
            .limit(limit)
        )
        for row in rows:
            found.setdefault(row.id, product_view(row))
    key = search_key(text)
    if key and len(found) < limit:
        rows = (
            Product.select()
            .where((Product.search_name >= key) & (Product.search_name < prefix_upper_bound(key)))
            .order_by(Product.search_name)
            .limit(limit - len(found))
        )
        for row in rows:
            found.setdefault(row.id, product_view(row))
    return list(found.values())[:limit]


def first_product(text: str) -> ProductView | None:
    """The first of `search_products(text)`, without looking up the rest: what Enter takes when
    the cashier (or a scanner) typed ahead of the suggestion list."""
    return find_product_exact(text) or next(iter(search_products(text, limit=1)), None)


def search_customers(text: str, limit: int = DEFAULT_LIMIT) -> list[CustomerView]:
    """Exact code first, then document prefix (CPF/CNPJ with or without punctuation), then name."""
    text = text.strip()
    if not text:
        return []
    found: dict[int, CustomerView] = {}
    row = Customer.get_or_none(Customer.code == text)
    if row:
        found[row.id] = customer_view(row)
    compact = _compact(text)
    if len(compact) >= 3 and any(ch.isdigit() for ch in compact):
        rows = (
            Customer.select()
            .where((Customer.document >= compact) & (Customer.document < prefix_upper_bound(compact)))
            .order_by(Customer.document)
            .limit(limit)
        )
        for row in rows:
            found.setdefault(row.id, customer_view(row))
    key = search_key(text)
    if key and not key.isdigit() and len(found) < limit:
        rows = (
            Customer.select()
            .where((Customer.search_name >= key) & (Customer.search_name < prefix_upper_bound(key)))
            .order_by(Customer.search_name)
            .limit(limit - len(found))
        )
        for row in rows:
            found.setdefault(row.id, customer_view(row))
    return list(found.values())[:limit]


def customer_agreements(customer_id: int) -> list[AgreementView]:
    """The agreements a customer is linked to, with the stored term status of each link."""
    rows = (
        CustomerAgreement.select(CustomerAgreement, Agreement)
        .join(Agreement)
        .where(CustomerAgreement.customer == customer_id)
        .order_by(Agreement.name)
    )
    return [
        AgreementView(
            link.agreement.id, link.agreement.code, link.agreement.name,
            ConsentRule(link.agreement.consent_rule), link.agreement.allows_credit,
            ConsentStatus(link.consent_status),
        )
        for link in rows
    ]


def get_customer(customer_id: int) -> CustomerView | None:
    row = Customer.get_or_none(Customer.id == customer_id)
    return customer_view(row) if row else None
