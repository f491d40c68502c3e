"""The audit is append-only on every engine: the database itself refuses to change or remove an
entry of audit_entry, whatever program writes to it (SQLite and PostgreSQL triggers).

Every guard of the audit table is installed from here, idempotently, so a further one (a hash
chain over the entries) joins the same place and runs on both engines.
"""
from __future__ import annotations

import peewee as pw

TABLE = "audit_entry"
REFUSAL = "auditoria é somente inclusão"


def install_audit_guard(db: pw.Database) -> None:
    """Creates (or recreates) the triggers that refuse UPDATE and DELETE (and TRUNCATE) of the
    audit. The refusal is an integrity error on both engines (peewee.IntegrityError)."""
    if isinstance(db, pw.SqliteDatabase):
        for action in ("UPDATE", "DELETE"):
            db.execute_sql(
                f"CREATE TRIGGER IF NOT EXISTS {TABLE}_no_{action.lower()} "
                f"BEFORE {action} ON {TABLE} "
                f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END"
            )
    elif isinstance(db, pw.PostgresqlDatabase):
        db.execute_sql(
            f"CREATE OR REPLACE FUNCTION {TABLE}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN RAISE EXCEPTION '{REFUSAL}' USING ERRCODE = 'integrity_constraint_violation'; END $$"
        )
        for action, level in (("UPDATE", "ROW"), ("DELETE", "ROW"), ("TRUNCATE", "STATEMENT")):
            name = f"{TABLE}_no_{action.lower()}"
            db.execute_sql(f"DROP TRIGGER IF EXISTS {name} ON {TABLE}")
            db.execute_sql(
                f"CREATE TRIGGER {name} BEFORE {action} ON {TABLE} "
                f"FOR EACH {level} EXECUTE FUNCTION {TABLE}_append_only()"
            )
    else:
        raise NotImplementedError(f"auditoria somente inclusão: banco {type(db).__name__} não suportado")
