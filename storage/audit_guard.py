"""The audit is append-only on every engine: the database itself refuses to change or remove an
entry of audit_entry, whatever program writes to it (SQLite and PostgreSQL triggers).

Every guard of the audit table is installed from here, idempotently, and on both engines. The
PDV checks them at every start (`ensure_audit_guard`) and puts back any that is missing or
disabled: dropping a trigger by hand to change an entry lasts until the next PDV opens the store
(and the hash chain, storage/audit_chain.py, still names the changed entry).
"""

from __future__ import annotations

import peewee as pw

TABLE = "audit_entry"
REFUSAL = "auditoria é somente inclusão"
SQLITE_ACTIONS = ("UPDATE", "DELETE")
POSTGRES_ACTIONS = (("UPDATE", "ROW"), ("DELETE", "ROW"), ("TRUNCATE", "STATEMENT"))
FUNCTION = f"{TABLE}_append_only"


def _trigger(action: str) -> str:
    return f"{TABLE}_no_{action.lower()}"


def install_audit_guard(db: pw.Database) -> None:
    """Creates (or recreates) the triggers that refuse UPDATE and DELETE (and TRUNCATE) of the
    audit. The refusal is an integrity error on both engines (peewee.IntegrityError)."""
    if isinstance(db, pw.SqliteDatabase):
        for action in SQLITE_ACTIONS:
            db.execute_sql(
                f"CREATE TRIGGER IF NOT EXISTS {_trigger(action)} "
                f"BEFORE {action} ON {TABLE} "
                f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END"
            )
    elif isinstance(db, pw.PostgresqlDatabase):
        db.execute_sql(
            f"CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN RAISE EXCEPTION '{REFUSAL}' USING ERRCODE = 'integrity_constraint_violation'; END $$"
        )
        for action, level in POSTGRES_ACTIONS:
            name = _trigger(action)
            db.execute_sql(f"DROP TRIGGER IF EXISTS {name} ON {TABLE}")
            db.execute_sql(
                f"CREATE TRIGGER {name} BEFORE {action} ON {TABLE} FOR EACH {level} EXECUTE FUNCTION {FUNCTION}()"
            )
    else:
        raise NotImplementedError(f"auditoria somente inclusão: banco {type(db).__name__} não suportado")


def drop_audit_guard(db: pw.Database) -> None:
    """Removes the triggers (migration 6 seals the entries an older PDV wrote, then installs
    them again in the same transaction)."""
    if isinstance(db, pw.SqliteDatabase):
        for action in SQLITE_ACTIONS:
            db.execute_sql(f"DROP TRIGGER IF EXISTS {_trigger(action)}")
    elif isinstance(db, pw.PostgresqlDatabase):
        for action, _ in POSTGRES_ACTIONS:
            db.execute_sql(f"DROP TRIGGER IF EXISTS {_trigger(action)} ON {TABLE}")


def audit_guard_intact(db: pw.Database) -> bool:
    """Are all the triggers there, enabled, and refusing (read only; cheap)?"""
    if isinstance(db, pw.SqliteDatabase):
        rows = db.execute_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?", (TABLE,)
        ).fetchall()
        found = {name: sql or "" for name, sql in rows}
        return all(
            REFUSAL in found.get(_trigger(action), "") and f"BEFORE {action} ON {TABLE}" in found[_trigger(action)]
            for action in SQLITE_ACTIONS
        )
    if isinstance(db, pw.PostgresqlDatabase):
        rows = db.execute_sql(
            "SELECT t.tgname FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid "
            "WHERE t.tgrelid = to_regclass(%s) AND NOT t.tgisinternal AND t.tgenabled <> 'D' "
            "AND p.proname = %s AND position(%s in p.prosrc) > 0",
            (TABLE, FUNCTION, REFUSAL),
        ).fetchall()
        return {row[0] for row in rows} >= {_trigger(action) for action, _ in POSTGRES_ACTIONS}
    raise NotImplementedError(f"auditoria somente inclusão: banco {type(db).__name__} não suportado")


def ensure_audit_guard(db: pw.Database) -> bool:
    """At every start of the PDV: the triggers checked, and put back (dropped and created again,
    under the setup lock) when one is missing, disabled or changed. True if it repaired them."""
    from storage.setup_lock import setup_lock

    if audit_guard_intact(db):
        return False
    with setup_lock(db):  # another PDV starting at the same time may be repairing them too
        if audit_guard_intact(db):
            return False
        drop_audit_guard(db)
        install_audit_guard(db)
    return True
