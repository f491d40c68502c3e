"""Writes tests/storage/data/release7-store.sqlite3 and release7-expected.json: a store as the release
with schema version 7 wrote it (money as REAL in SQLite), and what that release read back.

Kept for the record; it was run once with that release's code first on the path
(`git worktree add /tmp/rel <release commit>; PYTHONPATH=/tmp/rel python tests/storage/data/make_release7_store.py OUT`).
Amounts are chosen for REAL's tails: 72.06 paid in parts (0.01, 2.26, 33.33 ...), cash with change.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from core.kernel.clock import FixedClock
from core.kernel.config import Config
from core.kernel.context import build_context
from core.kernel.login import start_session
from core.sales.draft import ConsentOutcome
from core.sales.receivables import ReceivablesService
from core.sales.sale import SaleService
from domain.enums import PaymentMethod
from storage.models import Customer, PreSale, Receivable, ReceivablePayment, Sale, SaleItem, User
from storage.scenarios.loader import load_scenario


def main(out: Path) -> None:
    store = out / "release7-store.sqlite3"
    ctx = build_context(
        store, config=Config(), clock=FixedClock(datetime(2026, 11, 22, 9, 30)), seed_with=load_scenario("treinamento")
    )
    session = start_session(ctx, User.get(User.login == "operador"))
    sales = SaleService(ctx)

    def sale(method, products, tendered=None, customer=None):
        draft = sales.new_draft(session)
        if customer:
            row = Customer.get(Customer.code == customer)
            agreement = next(a for a in sales.agreements_of(session, row.id) if a.allows_credit)
            sales.set_customer(session, draft, row.id, agreement.id)
            draft.gate.outcome = ConsentOutcome.CONTINUED_WITHOUT_TERM
        for code in products:
            sales.add_item(session, draft, code)
        payment = (
            sales.prepare_payment(session, draft, method, tendered)
            if tendered
            else sales.prepare_payment(session, draft, method)
        )
        return sales.finalize(session, draft, payment)

    sale(PaymentMethod.CASH, ["1", "7", "7"], tendered="200,00")
    sale(PaymentMethod.CARD, ["2", "3", "5"])
    credits = [
        sale(PaymentMethod.CREDIT, products, customer="0003") for products in (["1", "7"], ["7"], ["2", "2", "3"])
    ]
    receivables = ReceivablesService(ctx)
    first, second, _ = (Receivable.get(Receivable.sale == c.sale_id) for c in credits)
    for amount in ("0,01", "2,26", "33,33", "0,10", "0,20"):
        receivables.receive(session, first.id, amount, PaymentMethod.CASH)
    receivables.receive(session, second.id, Receivable.get_by_id(second.id).amount, PaymentMethod.CARD)
    ctx.db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")

    expected = {
        "sales": {s.number: [str(s.total), str(s.amount_paid), str(s.change)] for s in Sale.select()},
        "sale_items": {i.id: [str(i.unit_price), str(i.total)] for i in SaleItem.select()},
        "receivables": {r.id: [str(r.amount), str(r.paid_amount), r.status] for r in Receivable.select()},
        "payments": {p.id: str(p.amount) for p in ReceivablePayment.select()},
        "presales": {p.number: str(p.total) for p in PreSale.select()},
        "price_sum": str(sum(Decimal(str(p)) for (p,) in ctx.db.execute_sql("SELECT price FROM product").fetchall())),
    }
    ctx.close()
    (out / "release7-expected.json").write_text(json.dumps(expected, indent=1, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
