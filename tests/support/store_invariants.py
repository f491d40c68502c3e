"""What must hold in a PDV database after anything (a SIGKILL, several terminals at once), read
with the engine's plain driver (sqlite3, psycopg) so the check does not trust the code under
test."""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from pathlib import Path

from domain.money import from_cents


def connect(target: str | Path):
    """A plain DB-API connection to a store: a SQLite file, or a postgresql:// URL (autocommit,
    so each query sees what is committed now)."""
    text = str(target)
    if text.startswith(("postgresql://", "postgres://")):
        import psycopg

        return psycopg.connect(text, autocommit=True, connect_timeout=10)
    return sqlite3.connect(text, timeout=10)


def is_sqlite(target: str | Path) -> bool:
    return "://" not in str(target)


def cents(value: int | Decimal) -> Decimal:
    """A money column as the database keeps it, integer cents (storage.models.MoneyField), or an
    amount computed here, as Decimal with two places. A float is neither."""
    if isinstance(value, int):
        return from_cents(value)
    assert isinstance(value, Decimal), f"dinheiro fora de centavos inteiros: {value!r}"
    return value.quantize(Decimal("0.01"))


def check_store(target: str | Path) -> dict[str, int]:
    """Asserts every invariant; returns a few counts (sales, pre-sales, receivables, payments)."""
    db = connect(target)
    try:
        if is_sqlite(target):  # PostgreSQL checks its pages and foreign keys itself
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        counters = dict(db.execute("SELECT name, value FROM counter").fetchall())

        # every sale complete: its items, its total the sum of its items
        sales = db.execute("SELECT id, number, total, payment_method, presale_id FROM sale").fetchall()
        items: dict[int, list] = {}
        for sale_id, quantity, unit_price, total in db.execute(
            "SELECT sale_id, quantity, unit_price, total FROM sale_item"
        ):
            assert cents(total) == cents(Decimal(quantity) * cents(unit_price)), (
                f"item da venda {sale_id}: total errado"
            )
            items.setdefault(sale_id, []).append(cents(total))
        for sale_id, number, total, *_ in sales:
            assert items.get(sale_id), f"venda {number} sem itens"
            assert sum(items[sale_id]) == cents(total), f"venda {number}: total difere dos itens"
        assert set(items) <= {row[0] for row in sales}, "itens de venda sem a venda"

        # numbering: unique, and each counter at least the highest number taken
        numbers = [row[1] for row in sales]
        assert len(numbers) == len(set(numbers))
        if numbers:
            assert counters.get("sale", 0) >= max(numbers)
        presales = db.execute("SELECT id, number, status, total FROM pre_sale").fetchall()
        presale_numbers = [row[1] for row in presales]
        assert len(presale_numbers) == len(set(presale_numbers))
        if presale_numbers:
            assert counters.get("presale", 0) >= max(presale_numbers)
        ids = [row[0] for row in sales] + [row[0] for row in presales]
        if ids:
            assert counters.get("sale_id", 0) >= max(ids)
        presale_items: dict[int, list] = {}
        for presale_id, total in db.execute("SELECT presale_id, total FROM pre_sale_item"):
            presale_items.setdefault(presale_id, []).append(cents(total))
        finalized = {row[4] for row in sales if row[4] is not None}
        for presale_id, number, status, total in presales:
            assert presale_items.get(presale_id), f"pré-venda {number} sem itens"
            assert sum(presale_items[presale_id]) == cents(total)
            assert (status == "finalizada") == (presale_id in finalized), f"pré-venda {number}: {status}"

        # receivables: exactly one per convênio a prazo sale, of its total; payments add up
        receivables = db.execute("SELECT id, sale_id, amount, paid_amount, status FROM receivable").fetchall()
        by_sale = {row[1]: row for row in receivables}
        assert len(by_sale) == len(receivables)
        credit = {row[0]: row for row in sales if row[3] == "convenio"}
        assert set(by_sale) == set(credit), "títulos e vendas a prazo não conferem"
        for sale_id, row in by_sale.items():
            assert cents(row[2]) == cents(credit[sale_id][2])
        paid: dict[int, Decimal] = {}
        for receivable_id, amount in db.execute("SELECT receivable_id, amount FROM receivable_payment"):
            paid[receivable_id] = paid.get(receivable_id, Decimal("0")) + cents(amount)
        for receivable_id, _, amount, paid_amount, status in receivables:
            assert cents(paid_amount) == paid.get(receivable_id, Decimal("0")), (
                f"título {receivable_id}: pagamento perdido"
            )
            assert Decimal("0") <= cents(paid_amount) <= cents(amount)
            assert (status == "pago") == (cents(paid_amount) == cents(amount)), (
                receivable_id,
                amount,
                paid_amount,
                status,
            )
        return {
            "sales": len(sales),
            "presales": len(presales),
            "receivables": len(receivables),
            "payments": sum(1 for _ in db.execute("SELECT 1 FROM receivable_payment")),
        }
    finally:
        db.close()
