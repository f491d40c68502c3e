"""Search as you type: products by any word of the name, the code or the EAN; customers by any
word of the name, the code or the CPF/CNPJ.

Every word typed must start a word of the row, in any order ("para 750" finds PARACETAMOL
750MG; "sodica" the dipironas). The word index (storage/search_index.py: FTS5 on SQLite, a
text-search GIN index on PostgreSQL) answers with at most CANDIDATES ids, which are ranked
here, so a query stays fast on a store with 100,000 products and 200,000 customers.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from domain.documents import compact, format_document
from domain.enums import ConsentRule, ConsentStatus, PersonType
from storage.models import Agreement, Customer, CustomerAgreement, Product
from storage.search_index import is_postgres, pg_vector_sql, query_words

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
    return CustomerView(row.id, row.code, row.name, PersonType(row.person_type), row.document_type, row.document)


CANDIDATES = 100
"""How many matching rows a search ranks (more when a caller asks for more): every row when
the words are specific, the first ones found when a word is as common as a maker's name."""

_DOCUMENT_TYPED = re.compile(r"[0-9A-Za-z./-]*[0-9][0-9A-Za-z./-]*")
"""One piece with a digit, only letters, digits and a CPF/CNPJ's punctuation: a document."""


def _by_code(table: str, columns: tuple[str, ...], keys: tuple[str, ...], text: str) -> tuple | None:
    """The row whose first of `keys` (code, then EAN) is exactly `text`: one indexed lookup per
    key in one statement, without a model object."""
    db = Product._meta.database
    listed = ", ".join(columns)
    union = " UNION ALL ".join(
        f"SELECT {n} AS k, {listed} FROM {table} WHERE {key} = {db.param}" for n, key in enumerate(keys)
    )
    row = db.execute_sql(f"SELECT * FROM ({union}) AS found ORDER BY k LIMIT 1", (text,) * len(keys)).fetchone()
    return row[1:] if row else None


_PRODUCT_COLUMNS = ("id", "code", "ean", "name", "price")
_CUSTOMER_COLUMNS = ("id", "code", "name", "person_type", "document_type", "document")


def _product(row: tuple) -> ProductView:
    return ProductView(row[0], row[1], row[2], row[3], Product.price.python_value(row[4]))


def _customer(row: tuple) -> CustomerView:
    return CustomerView(row[0], row[1], row[2], PersonType(row[3]), row[4], row[5])


def find_product_exact(text: str) -> ProductView | None:
    """A product whose code or EAN is exactly `text` (what a scanner or a cashier types)."""
    text = text.strip()
    if not text:
        return None
    row = _by_code("product", _PRODUCT_COLUMNS, ("code", "ean"), text)
    return _product(row) if row else None


def _matches(table: str, columns: tuple[str, ...], words: list[str], limit: int) -> list[tuple]:
    """`columns` of up to `limit` rows of `table` with a word starting with each of `words`:
    one query, the word index joined to the table, rows as tuples (no model objects)."""
    db = Product._meta.database
    listed = ", ".join(f"{table}.{column}" for column in columns)
    if is_postgres(db):
        query = " & ".join(f"'{word}':*" for word in words)  # words are ASCII letters and digits
        cursor = db.execute_sql(
            f"SELECT {listed} FROM {table} WHERE {pg_vector_sql(table)} "
            "@@ to_tsquery('simple'::regconfig, %s) LIMIT %s",
            (query, limit),
        )
    else:
        query = " ".join('"' + word.replace('"', '""') + '"*' for word in words)
        cursor = db.execute_sql(
            f"SELECT {listed} FROM {table}_fts JOIN {table} ON {table}.id = {table}_fts.rowid "
            f"WHERE {table}_fts MATCH ? LIMIT ?",
            (query, limit),
        )
    return cursor.fetchall()


def _fold(text: str) -> str:
    """Accents off, upper case: enough to compare a typed word with a name's words."""
    if text.isascii():
        return text.upper()
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").upper()


def _ranker(words: list[str]):
    """The sort key of a name, likelier first: more of the typed words start a word of the
    name (the rest matched the code, EAN or document), then the name starting with the first
    word typed, then the name."""
    keys = [_fold(word) for word in words]
    starts = [re.compile(r"(?:^|[\W_])" + re.escape(key)) for key in keys]
    first = keys[0]

    def rank(name: str) -> tuple[int, int, str]:
        folded = _fold(name)
        in_name = sum(1 for start in starts if start.search(folded))
        return -in_name, 0 if folded.startswith(first) else 1, folded

    return rank


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
        rows = _matches("product", _PRODUCT_COLUMNS, words, max(CANDIDATES, 2 * limit))
        rank = _ranker(words)
        rows.sort(key=lambda row: (*rank(row[3]), row[0]))
        found = [_product(row) for row in rows[: limit + 1]]
    if exact:
        found = [exact] + [row for row in found if row.id != exact.id]
    return found[:limit]


def first_product(text: str) -> ProductView | None:
    """The first of `search_products(text)`, without looking up the rest: what Enter takes when
    the cashier (or a scanner) typed ahead of the suggestion list."""
    return find_product_exact(text) or next(iter(search_products(text, limit=1)), None)


def search_customers(text: str, limit: int = DEFAULT_LIMIT) -> list[CustomerView]:
    """Customers with a word starting with each word typed (name, code or document, any
    order, accents and case ignored); a CPF/CNPJ may be typed with or without punctuation.
    Ranked: exact code first, then more words in the name, then name order."""
    text = text.strip()
    if not text:
        return []
    row = _by_code("customer", _CUSTOMER_COLUMNS, ("code",), text)
    exact = _customer(row) if row else None
    db = Customer._meta.database
    words = [compact(text)] if _DOCUMENT_TYPED.fullmatch(text) else query_words(text, db)
    found: list[CustomerView] = []
    if words:
        rows = _matches("customer", _CUSTOMER_COLUMNS, words, max(CANDIDATES, 2 * limit))
        rank = _ranker(words)
        rows.sort(key=lambda row: (*rank(row[2]), row[0]))
        found = [_customer(row) for row in rows[: limit + 1]]
    if exact:
        found = [exact] + [row for row in found if row.id != exact.id]
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
            link.agreement.id,
            link.agreement.code,
            link.agreement.name,
            ConsentRule(link.agreement.consent_rule),
            link.agreement.allows_credit,
            ConsentStatus(link.consent_status),
        )
        for link in rows
    ]


def get_customer(customer_id: int) -> CustomerView | None:
    row = Customer.get_or_none(Customer.id == customer_id)
    return customer_view(row) if row else None
