"""Sequential numbers taken inside the caller's transaction: a rolled-back sale returns its number.

`take` must run inside `db.atomic()`: the increment is the transaction's first write, so two
terminals never get the same number and a failure after it leaves the counter untouched.
SQLite: the write transaction holds the whole database. PostgreSQL: the UPDATE locks the
counter's row until the transaction ends, so another terminal's increment waits and then adds
to the committed value (a sequence would not give a rolled-back sale's number back).
"""

from __future__ import annotations

from collections.abc import Callable

import peewee as pw

from storage.models import Counter, PreSale, Sale

SALE_NUMBER = "sale"
PRESALE_NUMBER = "presale"
SALE_ID = "sale_id"
"""The identity of a sale flow, reserved when it is first needed (the LGPD audit of a sale not
yet finalized, a pre-sale); a pre-sale and the sale that finalizes it share it."""


def _max(*queries: pw.SelectQuery) -> int:
    return max((query.scalar() or 0) for query in queries)


_FLOORS: dict[str, Callable[[], int]] = {
    SALE_NUMBER: lambda: _max(Sale.select(pw.fn.MAX(Sale.number))),
    PRESALE_NUMBER: lambda: _max(PreSale.select(pw.fn.MAX(PreSale.number))),
    SALE_ID: lambda: _max(Sale.select(pw.fn.MAX(Sale.id)), PreSale.select(pw.fn.MAX(PreSale.id))),
}


def take(name: str) -> int:
    """The next value of the counter `name` (created from the table's highest number)."""
    updated = Counter.update(value=Counter.value + 1).where(Counter.name == name).execute()
    if not updated:
        floor = _FLOORS[name]() if name in _FLOORS else 0
        Counter.insert(name=name, value=floor + 1).on_conflict(
            conflict_target=[Counter.name], update={Counter.value: Counter.value + 1}
        ).execute()
    return Counter.get_by_id(name).value
