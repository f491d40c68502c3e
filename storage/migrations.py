"""Forward-only schema migrations, recorded in the schema_version table.

A migration is a function of the database, numbered; `migrate` applies, in order and each in its
own transaction, every one the database has not recorded yet. Never edit a released one:
add the next number. Each is written once for every engine: peewee's schema tools where they
suffice, and what differs (triggers, collations) from the module that owns it.

Several PDVs may start at once on a new database: the migrations run under the setup lock
(storage/setup_lock.py), so one applies them and the others find them applied.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import peewee as pw

from storage import models as m
from storage.setup_lock import setup_lock

Migration = Callable[[pw.Database], None]


def _v1_initial(db: pw.Database) -> None:
    from storage.audit_guard import install_audit_guard

    db.create_tables([model for model in m.ALL_MODELS if model is not m.SchemaVersion])
    install_audit_guard(db)


def _v4_search_keys(db: pw.Database) -> None:
    """Search as you type: a folded-name column on product and customer, kept by triggers.

    The column may already exist (a database created after it was added to the model); the
    migration then only adds what is missing.
    """
    from storage.search_text import install_search_key, search_key_sql

    for table in ("product", "customer"):
        columns = {column.name for column in db.get_columns(table)}
        if "search_name" not in columns:
            db.execute_sql(f"ALTER TABLE {table} ADD COLUMN search_name VARCHAR(255) NOT NULL DEFAULT ''")
        db.execute_sql(f"CREATE INDEX IF NOT EXISTS {table}_search_name ON {table} (search_name)")
        install_search_key(db, table)
        db.execute_sql(f"UPDATE {table} SET search_name = {search_key_sql('name', db)}")


def _v5_search_words(db: pw.Database) -> None:
    """Search by any word: the word index of products and customers (storage/search_index.py),
    built for the rows already there."""
    from storage.search_index import install_search_index

    for table in ("product", "customer"):
        install_search_index(db, table)


def _v6_audit_chain(db: pw.Database) -> None:
    """Tamper-evident audit: the number and seal of each entry (storage/audit_chain.py), the
    entries already there sealed in their order."""
    from storage.audit_chain import install_chain

    install_chain(db)


def _v7_sealed_lgpd_credentials(db: pw.Database) -> None:
    """The LGPData portal's API-KEY and Senha encrypted at rest (storage/secret_box.py): the
    columns become TEXT where the engine enforces a length (a token is longer than the value),
    and the clear values an older database holds are encrypted with this PDV's key."""
    from storage.secret_box import is_sealed

    table = m.LgpdSettings._meta.table_name
    columns = ("api_key", "password")
    if isinstance(db, pw.PostgresqlDatabase):
        db.execute_sql(f"ALTER TABLE {table} " + ", ".join(f"ALTER COLUMN {c} TYPE TEXT" for c in columns))
    elif isinstance(db, pw.MySQLDatabase):
        db.execute_sql(f"ALTER TABLE {table} " + ", ".join(f"MODIFY {c} TEXT NOT NULL" for c in columns))
    rows = db.execute_sql(f"SELECT id, {', '.join(columns)} FROM {table}").fetchall()
    for row_id, *values in rows:
        clear = {name: value for name, value in zip(columns, values) if value is not None and not is_sealed(value)}
        if clear:  # the model's field encrypts what it writes
            m.LgpdSettings.update(**clear).where(m.LgpdSettings.id == row_id).execute()


def _v8_money_in_cents(db: pw.Database) -> None:
    """Money as integer cents (storage.models.MoneyField). SQLite kept a DECIMAL column as REAL
    (an amount paid in parts could read 72.05999999999999): each value is rounded to the cent it
    stood for, which no REAL of a two-place amount misses by half a cent; PostgreSQL's NUMERIC
    is exact and becomes BIGINT. A column already BIGINT (a store created after this change)
    holds cents already and is left alone."""
    for model in m.ALL_MODELS:
        table = model._meta.table_name
        declared = {column.name: column.data_type.upper() for column in db.get_columns(table)}
        for field in model._meta.sorted_fields:
            if not isinstance(field, m.MoneyField) or declared.get(field.column_name, "BIGINT").startswith("BIGINT"):
                continue
            column = field.column_name
            if isinstance(db, pw.PostgresqlDatabase):
                db.execute_sql(
                    f"ALTER TABLE {table} ALTER COLUMN {column} TYPE BIGINT USING ROUND({column} * 100)::BIGINT"
                )
            else:
                db.execute_sql(
                    f"UPDATE {table} SET {column} = CAST(ROUND({column} * 100) AS INTEGER) WHERE {column} IS NOT NULL"
                )


MIGRATIONS: dict[int, Migration] = {
    1: _v1_initial,
    4: _v4_search_keys,
    5: _v5_search_words,
    6: _v6_audit_chain,
    7: _v7_sealed_lgpd_credentials,
    8: _v8_money_in_cents,
}

LATEST = max(MIGRATIONS)


def current_version(db: pw.Database) -> int:
    if not db.table_exists(m.SchemaVersion._meta.table_name):
        return 0
    row = m.SchemaVersion.select(pw.fn.MAX(m.SchemaVersion.version)).scalar()
    return row or 0


def _pending(db: pw.Database) -> list[int]:
    """The migrations still to apply; StorageError if the database is newer than this PDV."""
    if not db.table_exists(m.SchemaVersion._meta.table_name):
        return sorted(MIGRATIONS)
    version = current_version(db)
    if version > LATEST:
        from storage.db import StorageError

        raise StorageError(
            f"O banco de dados está na versão {version}, mais nova que esta aplicação ({LATEST}): "
            "atualize o PDV antes de usá-lo com este banco."
        )
    applied = {row.version for row in m.SchemaVersion.select(m.SchemaVersion.version)}
    return sorted(n for n in MIGRATIONS if n not in applied)


def migrate(db: pw.Database) -> int:
    """Applies, in order, every migration the database has not recorded; returns LATEST."""
    if not _pending(db):
        return LATEST
    with setup_lock(db):  # checked again under the lock: another PDV may have just done it
        db.create_tables([m.SchemaVersion], safe=True)
        for number in _pending(db):
            with db.atomic():
                MIGRATIONS[number](db)
                m.SchemaVersion.create(version=number, applied_at=datetime.now())
    return LATEST
