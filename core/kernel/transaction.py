"""The write transaction of core's services: storage's, with a connection to the store's
database lost on the way told to the cashier as a PdvError (StoreUnavailable). The screens keep
the sale, pre-sale or payment in memory, so the same action can simply be tried again."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import peewee as pw

from core.kernel.errors import StoreUnavailable
from storage.db import ConnectionLost
from storage.db import write_transaction as storage_transaction


@contextmanager
def write_transaction(db: pw.Database) -> Iterator[None]:
    try:
        with storage_transaction(db):
            yield
    except ConnectionLost as lost:
        raise StoreUnavailable(str(lost)) from lost
