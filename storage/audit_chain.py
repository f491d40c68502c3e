"""The audit's hash chain: every entry of audit_entry carries a number (`seq`: 1, 2, 3...) and a
seal (`hash`), the SHA-256 of the previous entry's seal and the entry's own canonical fields. An
entry changed in the database (the append-only triggers dropped first), removed, or written
around the PDV no longer matches: `verify_chain` walks the entries and names the first one.

Writing an entry is a critical section on every engine: the last seal is read and the new entry
inserted under one lock (SQLite: the write transaction, BEGIN IMMEDIATE; PostgreSQL: a
transaction-level advisory lock), so several PDVs on one store never fork the chain; the unique
`seq` refuses a fork should anything get around the lock.

What the chain does not see: the newest entries removed together (nothing after them to
disagree), or the whole chain recomputed by someone who rewrites every later entry; the
append-only triggers (storage/audit_guard.py) and the database's own permissions are the guard
there.
"""

from __future__ import annotations

import enum
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import peewee as pw

GENESIS = "0" * 64
"""The "previous seal" of the first entry."""
CHAIN_LOCK_KEY = 0x5044_5641  # "PDVA": the advisory lock of the audit's chain (PostgreSQL)
COLUMNS = {"seq": "INTEGER", "hash": "VARCHAR(64)"}
SEQ_INDEX = "audit_entry_seq"  # the name peewee gives the model's unique index


# --- the seal ---------------------------------------------------------------------------------


def moment_text(value: Any) -> str:
    """The entry's moment as the seal reads it: a naive datetime to the microsecond (what both
    engines keep and give back); anything else (a value changed by hand) as it reads."""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="microseconds")
    return "" if value is None else str(value)


def canonical(seq: Any, at: Any, user: Any, event: Any, detail: Any, branch_cnpj: Any, sale_id: Any) -> bytes:
    """The entry's fields as the seal covers them: a JSON array, so no two entries read alike."""
    fields = [seq, moment_text(at), user, event, detail, branch_cnpj, sale_id]
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":"), default=str).encode("utf-8")


def seal(previous: str, seq: Any, at: Any, user: Any, event: Any, detail: Any, branch_cnpj: Any, sale_id: Any) -> str:
    """SHA-256 (hex) of the previous seal and the entry's canonical fields."""
    digest = hashlib.sha256(previous.encode("ascii", "replace"))
    digest.update(b"\n")
    digest.update(canonical(seq, at, user, event, detail, branch_cnpj, sale_id))
    return digest.hexdigest()


def _seal_of(row: Any, previous: str) -> str:
    return seal(previous, row.seq, row.at, row.user, row.event, row.detail, row.branch_cnpj, row.sale_id)


# --- verification (pure) ----------------------------------------------------------------------


class Problem(enum.Enum):
    ALTERED = "o selo não confere (entrada alterada)"
    MISSING_BEFORE = "faltam entradas antes dela (removidas)"
    UNSEALED = "sem selo (gravada fora do PDV)"
    OUT_OF_ORDER = "número fora de ordem na cadeia"

    @property
    def short(self) -> str:
        return _SHORT[self]


_SHORT = {
    Problem.ALTERED: "alterada",
    Problem.MISSING_BEFORE: "anterior removida",
    Problem.UNSEALED: "sem selo",
    Problem.OUT_OF_ORDER: "fora de ordem",
}


@dataclass(frozen=True)
class BrokenEntry:
    """The first entry the chain does not vouch for."""

    number: int | None  # its seq; None for an entry without one
    entry_id: int
    at: Any
    event: str
    problem: Problem
    expected_number: int  # the number the chain expected there

    @property
    def label(self) -> str:
        """Its name in a message: "nº 12", or "id 57" for an entry without a number."""
        return f"nº {self.number}" if self.number is not None else f"id {self.entry_id}"


@dataclass(frozen=True)
class ChainReport:
    checked: int
    """Entries found intact (all of them, or those before the broken one)."""
    broken: BrokenEntry | None = None

    @property
    def intact(self) -> bool:
        return self.broken is None


def _when(value: Any, pattern: str) -> str:
    return value.strftime(pattern) if isinstance(value, datetime) else moment_text(value)


def _printable(value: Any) -> str:
    """Stored text for a message: one line, control characters shown as '�'."""
    from storage.plain_text import printable

    return printable("" if value is None else str(value), newlines=False)


def report_sentence(report: ChainReport) -> str:
    """The command line's answer, one line in Portuguese."""
    if report.broken is None:
        noun = "entrada conferida" if report.checked == 1 else "entradas conferidas"
        return f"Auditoria íntegra: {report.checked} {noun}, cadeia de selos sem falhas."
    broken = report.broken
    problem = broken.problem.value
    if broken.problem is Problem.MISSING_BEFORE and broken.number is not None:
        first, last = broken.expected_number, broken.number - 1
        problem = (
            f"falta a entrada nº {first} antes dela (removida)"
            if first == last
            else f"faltam as entradas nº {first} a {last} antes dela (removidas)"
        )
    return (
        f"Auditoria ADULTERADA: entrada {broken.label} ({_when(broken.at, '%d/%m/%Y %H:%M:%S')}, "
        f"evento {_printable(broken.event)}): {problem}; {report.checked} anteriores conferidas."
    )


def report_warning(report: ChainReport, width: int = 78) -> str | None:
    """The screen's one line (at most `width` characters) when the chain is broken; else None."""
    broken = report.broken
    if broken is None:
        return None
    head = f"AUDITORIA ADULTERADA: entrada {broken.label} ({_when(broken.at, '%d/%m %H:%M')}, "
    tail = f"): {broken.problem.short}"
    event = _printable(broken.event)
    room = width - len(head) - len(tail)
    if len(event) > room:
        event = event[: max(room - 1, 0)] + "…"
    return (head + event + tail)[:width]


def verify_chain(rows: Iterable[Any]) -> ChainReport:
    """Walks the entries in chain order (by `seq`, entries without one last) and reports the
    first that does not match: its seal recomputed differs (changed), its number skips (entries
    removed before it), or it has no seal (written around the PDV). Pure: `rows` are any objects
    with the entry's attributes (id, seq, at, user, event, detail, branch_cnpj, sale_id, hash)."""
    previous, expected, checked = GENESIS, 1, 0
    for row in rows:
        problem = None
        if row.seq is None or not row.hash:
            problem = Problem.UNSEALED
        elif not isinstance(row.seq, int) or isinstance(row.seq, bool):  # changed by hand to text
            problem = Problem.OUT_OF_ORDER
        elif row.seq > expected:
            problem = Problem.MISSING_BEFORE
        elif row.seq < expected:
            problem = Problem.OUT_OF_ORDER
        elif _seal_of(row, previous) != row.hash:
            problem = Problem.ALTERED
        if problem is not None:
            return ChainReport(checked, BrokenEntry(row.seq, row.id, row.at, row.event, problem, expected))
        previous, expected, checked = row.hash, row.seq + 1, checked + 1
    return ChainReport(checked)


# --- the database -----------------------------------------------------------------------------


def _entries_in_chain_order():
    from storage.models import AuditEntry

    fields = (
        AuditEntry.id,
        AuditEntry.seq,
        AuditEntry.at,
        AuditEntry.user,
        AuditEntry.event,
        AuditEntry.detail,
        AuditEntry.branch_cnpj,
        AuditEntry.sale_id,
        AuditEntry.hash,
    )
    return (
        AuditEntry.select(*fields)
        .order_by(AuditEntry.seq.is_null(), AuditEntry.seq, AuditEntry.id)
        .namedtuples()
        .iterator()
    )


def check_chain() -> ChainReport:
    """verify_chain over the audit of the bound database (storage.db.database)."""
    return verify_chain(_entries_in_chain_order())


def _target(db: pw.Database) -> pw.Database:
    return db.obj if isinstance(db, pw.DatabaseProxy) else db


def append_entry(**fields: Any):
    """Inserts one audit entry at the end of the chain, its number and seal computed from the
    last entry under the chain's lock; returns the AuditEntry. Inside a transaction already
    open it joins it (SQLite: a savepoint of the caller's write transaction)."""
    from storage.db import write_transaction
    from storage.models import AuditEntry

    at = fields.get("at")
    if isinstance(at, datetime) and at.tzinfo is not None:  # the column keeps a naive moment
        fields["at"] = at.astimezone().replace(tzinfo=None)
    db = _target(AuditEntry._meta.database)
    with write_transaction(db):
        if isinstance(db, pw.PostgresqlDatabase):
            db.execute_sql("SELECT pg_advisory_xact_lock(%s)", (CHAIN_LOCK_KEY,))
        last = (
            AuditEntry.select(AuditEntry.seq, AuditEntry.hash)
            .where(AuditEntry.seq.is_null(False))
            .order_by(AuditEntry.seq.desc())
            .limit(1)
            .first()
        )
        seq = last.seq + 1 if last else 1
        previous = (last.hash or GENESIS) if last else GENESIS
        entry = AuditEntry(**fields)
        entry.seq = seq
        entry.hash = seal(
            previous, seq, entry.at, entry.user, entry.event, entry.detail, entry.branch_cnpj, entry.sale_id
        )
        entry.save(force_insert=True)
    return entry


def install_chain(db: pw.Database) -> None:
    """Migration 6: the columns and the unique index of the chain, and the seal of every entry
    an older PDV wrote (in id order, after the last sealed one). Runs inside the migration's
    transaction; the append-only triggers are lifted for the sealing and put back at once."""
    from storage.audit_guard import TABLE, drop_audit_guard, install_audit_guard

    columns = {column.name for column in db.get_columns(TABLE)}
    for name, kind in COLUMNS.items():
        if name not in columns:
            db.execute_sql(f"ALTER TABLE {TABLE} ADD COLUMN {name} {kind}")
    db.execute_sql(f"CREATE UNIQUE INDEX IF NOT EXISTS {SEQ_INDEX} ON {TABLE} (seq)")
    last = db.execute_sql(f"SELECT seq, hash FROM {TABLE} WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1").fetchone()
    unsealed = db.execute_sql(
        f'SELECT id, at, "user", event, detail, branch_cnpj, sale_id FROM {TABLE} WHERE seq IS NULL ORDER BY id'
    ).fetchall()
    if not unsealed:
        return
    from storage.models import AuditEntry

    at_field = AuditEntry._meta.fields["at"]
    seq, previous = (last[0], last[1] or GENESIS) if last else (0, GENESIS)
    updates = []
    for entry_id, at, user, event, detail, branch_cnpj, sale_id in unsealed:
        seq += 1
        moment = at_field.python_value(at)  # as the model reads it back (SQLite keeps text)
        previous = seal(previous, seq, moment, user, event, detail, branch_cnpj, sale_id)
        updates.append((seq, previous, entry_id))
    param = db.param
    drop_audit_guard(db)
    cursor = db.cursor()
    cursor.executemany(f"UPDATE {TABLE} SET seq = {param}, hash = {param} WHERE id = {param}", updates)
    install_audit_guard(db)


def verify_store(target: Any) -> ChainReport:
    """Opens the store at `target` (a SQLite file or a database URL) without changing it (no
    migration, no trigger put back), walks its chain and closes it. StorageError (one
    Portuguese line) when it cannot be read or predates the chain."""
    from pathlib import Path

    from storage import db as store
    from storage.models import SchemaVersion

    text = str(target)
    if "://" not in text and not Path(text).expanduser().is_file():
        raise store.StorageError(f"banco de dados {text} não existe (use --db para indicar outro)")
    database = store.make_database(target)
    store.database.initialize(database)
    try:
        if isinstance(database, pw.SqliteDatabase):
            store._connect_sqlite(database)
        else:
            database.connect(reuse_if_open=True)
        if not database.table_exists(SchemaVersion._meta.table_name) or not (
            SchemaVersion.select().where(SchemaVersion.version == 6).exists()
        ):
            raise store.StorageError(
                f"a auditoria de {store.shown(text)} ainda não tem a cadeia de selos: abra o PDV "
                "nesse banco uma vez para atualizá-lo"
            )
        return check_chain()
    except pw.DatabaseError as exc:
        from storage.postgres import StoreDatabase, describe

        if isinstance(database, StoreDatabase):
            raise store.StorageError(describe(exc, text)) from None
        raise store.StorageError(f"banco de dados ilegível em {store.shown(text)}: {exc}") from None
    finally:
        if not database.is_closed():
            database.close()
