"""Money is integer cents in the database: a store written with REAL money (schema version 7)
migrates exactly, and arithmetic in SQL is exact on both engines."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from core.kernel.config import Config
from core.kernel.context import build_context
from domain.money import from_cents, to_cents
from storage.migrations import LATEST
from storage.models import PreSale, Product, Receivable, ReceivablePayment, Sale, SaleItem
from tests.conftest import FIXED_NOW, FixedClock

DATA = Path(__file__).parent / "data"


def test_cents_round_trip_and_refuse_floats():
    assert to_cents(Decimal("72.06")) == 7206 and from_cents(7206) == Decimal("72.06")
    assert to_cents(Decimal("0.005")) == 1 and to_cents("1234.5") == 123450 and to_cents(0) == 0
    assert str(from_cents(5)) == "0.05" and str(from_cents(-120)) == "-1.20"
    with pytest.raises(TypeError):
        to_cents(0.1)


def test_a_release7_store_migrates_to_cents_exactly(tmp_path):
    """The store in tests/storage/data was written by the release with schema version 7 (money REAL in
    SQLite, a título paid in five parts); what that release read back is in the JSON beside it."""
    store = tmp_path / "loja.sqlite3"
    shutil.copy(DATA / "release7-store.sqlite3", store)
    expected = json.loads((DATA / "release7-expected.json").read_text(encoding="utf-8"))
    raw = __import__("sqlite3").connect(store)
    assert raw.execute("SELECT typeof(paid_amount) FROM receivable WHERE id = 1").fetchone() == ("real",)
    raw.close()

    ctx = build_context(store, config=Config(), clock=FixedClock(FIXED_NOW))
    try:
        assert ctx.db.execute_sql("SELECT MAX(version) FROM schema_version").fetchone()[0] == LATEST
        assert {str(s.number): [str(s.total), str(s.amount_paid), str(s.change)] for s in Sale.select()} == expected[
            "sales"
        ]
        assert {str(i.id): [str(i.unit_price), str(i.total)] for i in SaleItem.select()} == expected["sale_items"]
        assert {str(r.id): [str(r.amount), str(r.paid_amount), r.status] for r in Receivable.select()} == expected[
            "receivables"
        ]
        assert {str(p.id): str(p.amount) for p in ReceivablePayment.select()} == expected["payments"]
        assert {str(p.number): str(p.total) for p in PreSale.select()} == expected["presales"]
        # every money column holds integers now, and a sum in SQL is exact
        for table, column in (
            ("receivable", "paid_amount"),
            ("sale", "total"),
            ("product", "price"),
            ("receivable_payment", "amount"),
        ):
            kinds = {k for (k,) in ctx.db.execute_sql(f"SELECT DISTINCT typeof({column}) FROM {table}").fetchall()}
            assert kinds == {"integer"}, (table, column, kinds)
        total = ctx.db.execute_sql("SELECT SUM(price) FROM product").fetchone()[0]
        assert from_cents(total) == Decimal(expected["price_sum"])
        paid = ctx.db.execute_sql("SELECT SUM(amount) FROM receivable_payment WHERE receivable_id = 1").fetchone()[0]
        assert from_cents(paid) == Receivable.get_by_id(1).paid_amount == Decimal("35.90")
    finally:
        ctx.close()


@pytest.mark.both_engines
def test_a_new_store_keeps_integer_cents(context):
    product = Product.select().order_by(Product.id).first()
    raw = context.db.execute_sql(f"SELECT price FROM product WHERE id = {context.db.param}", (product.id,)).fetchone()[
        0
    ]
    assert isinstance(raw, int) and from_cents(raw) == product.price
    Product.update(price=Product.price + Decimal("0.01")).where(Product.id == product.id).execute()
    assert Product.get_by_id(product.id).price == product.price + Decimal("0.01")


def _money_columns():
    from storage import models as m

    for model in m.ALL_MODELS:
        for field in model._meta.sorted_fields:
            if isinstance(field, m.MoneyField):
                yield model._meta.table_name, field.column_name


def _as_release7(db) -> None:
    """The store back to what the release with schema version 7 kept: REAL in SQLite, NUMERIC(14,2)
    in PostgreSQL, amounts in reais; migration 8 not applied."""
    import peewee as pw

    for table, column in _money_columns():
        if isinstance(db, pw.PostgresqlDatabase):
            db.execute_sql(f"ALTER TABLE {table} ALTER COLUMN {column} TYPE NUMERIC(14, 2) USING {column} / 100.0")
        else:
            db.execute_sql(f"UPDATE {table} SET {column} = {column} / 100.0 WHERE {column} IS NOT NULL")
    db.execute_sql("DELETE FROM schema_version WHERE version = 8")


@pytest.mark.both_engines
def test_migration_8_on_either_engine_keeps_every_amount(context):
    from core.kernel.login import start_session
    from core.sales.draft import ConsentOutcome
    from core.sales.receivables import ReceivablesService
    from core.sales.sale import SaleService
    from domain.enums import PaymentMethod
    from storage.migrations import migrate
    from storage.models import Customer, User

    session = start_session(context, User.get(User.login == "operador"))
    sales = SaleService(context)
    customer = Customer.get(Customer.code == "0003")
    agreement = next(a for a in sales.agreements_of(session, customer.id) if a.allows_credit)
    draft = sales.new_draft(session)
    sales.set_customer(session, draft, customer.id, agreement.id)
    draft.gate.outcome = ConsentOutcome.CONTINUED_WITHOUT_TERM
    for code in ("1", "7"):
        sales.add_item(session, draft, code)
    receipt = sales.finalize(session, draft, sales.prepare_payment(session, draft, PaymentMethod.CREDIT))
    title = Receivable.get(Receivable.sale == receipt.sale_id)
    for amount in ("0,01", "2,26", "33,33"):
        ReceivablesService(context).receive(session, title.id, amount, PaymentMethod.CASH)

    def amounts():
        return (
            [(r.amount, r.paid_amount, r.status) for r in Receivable.select().order_by(Receivable.id)],
            [p.amount for p in ReceivablePayment.select().order_by(ReceivablePayment.id)],
            [(s.total, s.amount_paid, s.change) for s in Sale.select().order_by(Sale.id)],
            sorted((p.id, p.price) for p in Product.select()),
        )

    before = amounts()
    assert before[0][0][1] == Decimal("35.60")
    _as_release7(context.db)
    migrate(context.db)
    assert amounts() == before
    rest = title.amount - Decimal("35.60")
    done = ReceivablesService(context).receive(session, title.id, rest, PaymentMethod.CARD)
    assert done.balance == Decimal("0.00") and Receivable.get_by_id(title.id).status == "pago"
