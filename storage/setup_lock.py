"""One PDV at a time sets a database up: the migrations, and the first seeding of its store.

Several PDVs started at once on a brand-new database would otherwise each find it empty and each
create the tables or seed the store. Under this lock the first does the work and the others,
waiting on it, find it done. SQLite: a write transaction begun at once (BEGIN IMMEDIATE; the
others wait on the busy timeout). PostgreSQL: a transaction-level advisory lock, which also
serializes the DDL (two CREATE TABLE IF NOT EXISTS at once can both try to create the table).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import peewee as pw

SETUP_LOCK_KEY = 0x5044_5653  # "PDVS": the advisory lock of this application's setup


@contextmanager
def setup_lock(db: pw.Database) -> Iterator[None]:
    """A transaction that holds the database's setup lock until it ends."""
    if isinstance(db, pw.SqliteDatabase):
        with db.atomic("IMMEDIATE"):
            yield
        return
    with db.atomic():
        if isinstance(db, pw.PostgresqlDatabase):
            db.execute_sql("SELECT pg_advisory_xact_lock(%s)", (SETUP_LOCK_KEY,))
        yield
