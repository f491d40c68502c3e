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


MIGRATIONS: dict[int, Migration] = {
    1: _v1_initial,
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
