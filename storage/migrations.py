"""Forward-only schema migrations, recorded in the schema_version table.

A migration is a function of the database, numbered; `migrate` applies, in order and each in its
own transaction, every one the database has not recorded yet. Never edit a released one:
add the next number.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import peewee as pw

from storage import models as m

Migration = Callable[[pw.Database], None]


def _v1_initial(db: pw.Database) -> None:
    db.create_tables([model for model in m.ALL_MODELS if model is not m.SchemaVersion])
    if isinstance(db, pw.SqliteDatabase):
        for action in ("UPDATE", "DELETE"):
            db.execute_sql(
                f"CREATE TRIGGER IF NOT EXISTS audit_entry_no_{action.lower()} "
                f"BEFORE {action} ON audit_entry "
                "BEGIN SELECT RAISE(ABORT, 'auditoria é somente inclusão'); END"
            )


def _v4_search_keys(db: pw.Database) -> None:
    """Search as you type: a folded-name column on product and customer, kept by triggers.

    The column may already exist (a database created after it was added to the model); the
    migration then only adds what is missing.
    """
    from storage.search_text import search_key_sql

    for table in ("product", "customer"):
        columns = {column.name for column in db.get_columns(table)}
        if "search_name" not in columns:
            db.execute_sql(f"ALTER TABLE {table} ADD COLUMN search_name VARCHAR(255) NOT NULL DEFAULT ''")
        db.execute_sql(f"CREATE INDEX IF NOT EXISTS {table}_search_name ON {table} (search_name)")
        if isinstance(db, pw.SqliteDatabase):
            key = search_key_sql("NEW.name")
            for when in ("INSERT", "UPDATE OF name"):
                suffix = when.split()[0].lower()
                db.execute_sql(
                    f"CREATE TRIGGER IF NOT EXISTS {table}_search_name_{suffix} "
                    f"AFTER {when} ON {table} "
                    f"BEGIN UPDATE {table} SET search_name = {key} WHERE id = NEW.id; END"
                )
        db.execute_sql(f"UPDATE {table} SET search_name = {search_key_sql('name')}")


MIGRATIONS: dict[int, Migration] = {
    1: _v1_initial,
    4: _v4_search_keys,
}

LATEST = max(MIGRATIONS)


def current_version(db: pw.Database) -> int:
    if not db.table_exists(m.SchemaVersion._meta.table_name):
        return 0
    row = m.SchemaVersion.select(pw.fn.MAX(m.SchemaVersion.version)).scalar()
    return row or 0


def migrate(db: pw.Database) -> int:
    """Applies, in order, every migration the database has not recorded; returns LATEST."""
    db.create_tables([m.SchemaVersion], safe=True)
    version = current_version(db)
    if version > LATEST:
        from storage.db import StorageError

        raise StorageError(
            f"O banco de dados está na versão {version}, mais nova que esta aplicação ({LATEST})."
        )
    applied = {row.version for row in m.SchemaVersion.select(m.SchemaVersion.version)}
    for number in sorted(n for n in MIGRATIONS if n not in applied):
        with db.atomic():
            MIGRATIONS[number](db)
            m.SchemaVersion.create(version=number, applied_at=datetime.now())
    return LATEST
