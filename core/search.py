"""Search as you type: products by any word of the name, the code or the EAN; customers by any
word of the name, the code or the CPF/CNPJ.

Every word typed must start a word of the row, in any order ("para 750" finds PARACETAMOL
750MG; "sodica" the dipironas). The word index (storage/search_index.py: FTS5 on SQLite, a
text-search GIN index on PostgreSQL) answers with at most CANDIDATES ids, which are ranked
here, so a query stays fast on a store with 100,000 products and 200,000 customers.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from core.documents import format_document
from core.domain import ConsentRule, ConsentStatus, PersonType
from storage.models import Agreement, Customer, CustomerAgreement, Product
from storage.search_index import is_postgres, pg_vector_sql, query_words
from storage.search_text import search_key

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


CANDIDATES = 200
"""How many matching rows a search ranks (more when a caller asks for more): every row when
the words are specific, the first ones found when a word is as common as a maker's name."""

_DOCUMENT_TYPED = re.compile(r"[0-9A-Za-z./-]*[0-9][0-9A-Za-z./-]*")
"""One piece with a digit, only letters, digits and a CPF/CNPJ's punctuation: a document."""


def find_product_exact(text: str) -> ProductView | None:
    """A product whose code or EAN is exactly `text` (what a scanner or a cashier types)."""
    text = text.strip()
    if not text:
        return None
    row = Product.get_or_none(Product.code == text) or Product.get_or_none(Product.ean == text)
    return product_view(row) if row else None


def _match_ids(table: str, words: list[str], limit: int) -> list[int]:
    """Ids of up to `limit` rows of `table` with a word starting with each of `words`."""
    db = Product._meta.database
    if is_postgres(db):
        query = " & ".join(f"'{word}':*" for word in words)  # words are ASCII letters and digits
        cursor = db.execute_sql(
            f"SELECT id FROM {table} WHERE {pg_vector_sql(table)} @@ to_tsquery('simple'::regconfig, %s) LIMIT %s",
            (query, limit),
        )
    else:
        query = " ".join('"' + word.replace('"', '""') + '"*' for word in words)
        cursor = db.execute_sql(f"SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH ? LIMIT ?", (query, limit))
    return [row[0] for row in cursor.fetchall()]


def _rank(name: str, words: list[str]) -> tuple[int, int]:
    """Likelier first: more of the typed words start a word of the name (the rest matched the
    code or EAN), then the first word typed starting the name."""
    name_words = [word for word in _NAME_WORDS.split(search_key(name)) if word]
    keys = [search_key(word) for word in words]
    in_name = sum(1 for key in keys if any(part.startswith(key) for part in name_words))
    starts = bool(name_words and keys and name_words[0].startswith(keys[0]))
    return -in_name, 0 if starts else 1


_NAME_WORDS = re.compile(r"[\W_]+")


def search_products(text: str, limit: int = DEFAULT_LIMIT) -> list[ProductView]:
    """Products with a word starting with each word typed (name, code or EAN, any order,
    accents and case ignored). Ranked: exact code or EAN first, then more words in the name,
    then the name starting with the first word, then name order."""
    text = text.strip()
    if not text:
        return []
    exact = find_product_exact(text)
    words = query_words(text, Product._meta.database)
    found: list[ProductView] = []
    if words:
        ids = _match_ids("product", words, max(CANDIDATES, 2 * limit))
        if ids:
            rows = [product_view(row) for row in Product.select().where(Product.id.in_(ids))]
            rows.sort(key=lambda row: (*_rank(row.name, words), row.name, row.id))
            found = rows
    if exact:
        found = [exact] + [row for row in found if row.id != exact.id]
    return found[:limit]


def search_customers(text: str, limit: int = DEFAULT_LIMIT) -> list[CustomerView]:
    """Customers with a word starting with each word typed (name, code or document, any
    order, accents and case ignored); a CPF/CNPJ may be typed with or without punctuation.
    Ranked: exact code first, then more words in the name, then name order."""
    text = text.strip()
    if not text:
        return []
    exact = Customer.get_or_none(Customer.code == text)
    db = Customer._meta.database
    words = [_compact(text)] if _DOCUMENT_TYPED.fullmatch(text) else query_words(text, db)
    found: list[CustomerView] = []
    if words:
        ids = _match_ids("customer", words, max(CANDIDATES, 2 * limit))
        if ids:
            rows = [customer_view(row) for row in Customer.select().where(Customer.id.in_(ids))]
            rows.sort(key=lambda row: (*_rank(row.name, words), search_key(row.name), row.id))
            found = rows
    if exact:
        found = [customer_view(exact)] + [row for row in found if row.id != exact.id]
    return found[:limit]


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
