"""The audit's hash chain (storage/audit_chain.py) on both engines: every entry numbered and
sealed to the one before; a changed, removed or hand-written entry named by the check (in core,
on the Auditoria screen and by `pdv auditoria verificar`); the chain kept whole by several PDV
processes writing at once; an older database sealed by migration 6; the append-only triggers put
back at every start."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

import peewee
import pytest

from storage.audit_chain import GENESIS, Problem, check_chain, report_warning, seal, verify_chain
from storage.audit_guard import audit_guard_intact
from storage.db import open_database
from storage.models import AuditEntry
from tests.support.store_invariants import connect, is_sqlite

pytestmark = pytest.mark.both_engines

PDV = str(Path(sys.executable).with_name("pdv"))
ROOT = Path(__file__).resolve().parents[2]


# --- the pure check ---------------------------------------------------------------------------


def chain_of(count: int) -> list[SimpleNamespace]:
    rows, previous = [], GENESIS
    for number in range(1, count + 1):
        row = SimpleNamespace(
            id=number + 100,
            seq=number,
            at=datetime(2026, 11, 22, 9, number),
            user="ana",
            event=f"evento{number}",
            detail=f"d={number}",
            branch_cnpj="11222333000181",
            sale_id=None,
        )
        row.hash = seal(previous, row.seq, row.at, row.user, row.event, row.detail, row.branch_cnpj, row.sale_id)
        previous = row.hash
        rows.append(row)
    return rows


def test_pure_check_of_an_intact_chain_counts_every_entry():
    assert verify_chain([]).intact and verify_chain([]).checked == 0
    report = verify_chain(chain_of(5))
    assert report.intact and report.checked == 5 and report_warning(report) is None


@pytest.mark.parametrize(
    "field, value",
    [
        ("detail", "d=999"),
        ("user", "outro"),
        ("event", "x"),
        ("at", datetime(2026, 11, 22, 10, 0)),
        ("sale_id", 7),
        ("branch_cnpj", None),
        ("hash", "f" * 64),
    ],
)
def test_pure_check_names_the_changed_entry(field, value):
    rows = chain_of(5)
    setattr(rows[2], field, value)  # the third entry
    report = verify_chain(rows)
    assert report.broken is not None
    assert (report.broken.number, report.broken.entry_id, report.broken.problem) == (3, 103, Problem.ALTERED)
    assert report.checked == 2


def test_pure_check_sees_a_removed_entry_and_a_removed_first_one():
    rows = chain_of(5)
    del rows[1]
    report = verify_chain(rows)
    assert (report.broken.number, report.broken.problem, report.broken.expected_number) == (
        3,
        Problem.MISSING_BEFORE,
        2,
    )
    rows = chain_of(3)[1:]
    assert verify_chain(rows).broken.number == 2 and verify_chain(rows).broken.problem is Problem.MISSING_BEFORE


def test_pure_check_sees_an_entry_without_seal_and_a_renumbered_one():
    rows = chain_of(3) + [
        SimpleNamespace(
            id=900, seq=None, at=None, user=None, event="manual", detail="", branch_cnpj=None, sale_id=None, hash=None
        )
    ]
    report = verify_chain(rows)
    assert (report.broken.label, report.broken.problem, report.checked) == ("id 900", Problem.UNSEALED, 3)
    rows = chain_of(4)
    rows[3].seq = 2
    assert verify_chain(rows).broken.problem is Problem.OUT_OF_ORDER
    rows = chain_of(4)
    rows[1].seq = "dois"  # SQLite keeps text in an integer column changed by hand
    assert (verify_chain(rows).broken.number, verify_chain(rows).broken.problem) == ("dois", Problem.OUT_OF_ORDER)


def test_the_screen_line_fits_80_columns_with_any_event():
    rows = chain_of(3)
    rows[1].event = "e" * 200 + "\x1b[31m"
    warning = report_warning(verify_chain(rows), 78)
    assert len(warning) <= 78 and warning.startswith("AUDITORIA ADULTERADA: entrada nº 2 (22/11 09:02, ")
    assert warning.endswith("…): alterada") and "\x1b" not in warning


# --- on the engine ----------------------------------------------------------------------------


def test_entries_are_numbered_and_sealed_in_order(context):
    entries = [context.audit.record("teste", {"n": n, "senha": "segredo"}, user="ana") for n in range(4)]
    numbers = [entry.seq for entry in entries]
    assert numbers == list(range(numbers[0], numbers[0] + 4))
    stored = list(AuditEntry.select().order_by(AuditEntry.seq))
    assert [row.seq for row in stored] == list(range(1, len(stored) + 1))
    previous = GENESIS
    for row in stored:  # recomputed independently of verify_chain
        assert len(row.hash) == 64
        assert row.hash == seal(
            previous, row.seq, row.at, row.user, row.event, row.detail, row.branch_cnpj, row.sale_id
        )
        previous = row.hash
    assert "segredo" not in stored[-1].detail  # secrets never in the audit, nor in what is sealed
    report = check_chain()
    assert report.intact and report.checked == len(stored)


def test_core_gives_the_chain_to_a_supervisor_only(context):
    from core.kernel.permissions import PermissionDenied
    from core.kernel.session import Session
    from domain.enums import Role

    branch = context.current_branch()
    supervisor = Session(1, "supervisor", "Carlos", Role.SUPERVISOR, branch.id, branch.cnpj, branch.name)
    operator = Session(2, "operador", "Ana", Role.OPERATOR, branch.id, branch.cnpj, branch.name)
    context.audit.record("teste", "x")
    assert context.audit.chain(supervisor).intact
    assert context.audit.chain_warning(supervisor) is None
    with pytest.raises(PermissionDenied):
        context.audit.chain(operator)


def test_a_unique_number_refuses_a_fork(context):
    last = context.audit.record("teste", "x")
    with pytest.raises(peewee.IntegrityError):
        with context.db.atomic():
            peewee.Model.save(
                AuditEntry(at=last.at, event="fork", detail="", seq=last.seq, hash="0" * 64), force_insert=True
            )


def tamper(target: str, statements: list[str]) -> None:
    """Drops the append-only triggers with the engine's plain driver and runs `statements`."""
    conn = connect(target)
    try:
        if is_sqlite(target):
            conn.execute("DROP TRIGGER audit_entry_no_update")
            conn.execute("DROP TRIGGER audit_entry_no_delete")
        else:
            for action in ("update", "delete", "truncate"):
                conn.execute(f"DROP TRIGGER audit_entry_no_{action} ON audit_entry")
        for statement in statements:
            conn.execute(statement)
        if is_sqlite(target):
            conn.commit()
    finally:
        conn.close()


def store_with_entries(new_store, count: int = 4) -> tuple[str, list[AuditEntry]]:
    from core.kernel.audit import AuditLog
    from core.kernel.clock import FixedClock

    target = new_store()
    db = open_database(target)
    try:
        log = AuditLog(FixedClock(datetime(2026, 11, 22, 9, 30, 15)))
        entries = [log.record(f"evento_{n}", {"n": n}, user="supervisor") for n in range(count)]
    finally:
        db.close()
    return target, entries


def test_a_changed_entry_is_named_and_the_next_start_puts_the_triggers_back(new_store):
    target, entries = store_with_entries(new_store)
    victim = entries[1]
    tamper(target, [f"UPDATE audit_entry SET detail = 'n=99' WHERE id = {victim.id}"])
    db = open_database(target)  # what every start of the PDV does
    try:
        report = check_chain()
        assert report.broken is not None
        assert (report.broken.number, report.broken.event, report.broken.problem) == (
            victim.seq,
            "evento_1",
            Problem.ALTERED,
        )
        assert audit_guard_intact(db)
        with pytest.raises(peewee.IntegrityError, match="auditoria é somente inclusão"):
            AuditEntry.update(detail="n=1").where(AuditEntry.id == victim.id).execute()
    finally:
        db.close()


def test_a_removed_entry_is_a_gap_before_the_next(new_store):
    target, entries = store_with_entries(new_store)
    tamper(target, [f"DELETE FROM audit_entry WHERE id = {entries[2].id}"])
    db = open_database(target)
    try:
        report = check_chain()
        assert (report.broken.number, report.broken.problem) == (entries[3].seq, Problem.MISSING_BEFORE)
        assert report.broken.expected_number == entries[2].seq
    finally:
        db.close()


def run_verify(target: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if not key.startswith("PDV_")}
    return subprocess.run(
        [PDV, "auditoria", "verificar", "--db", target], capture_output=True, text=True, timeout=60, env=env
    )


def test_pdv_auditoria_verificar_says_ok_then_names_the_tampered_entry(new_store):
    target, entries = store_with_entries(new_store)
    done = run_verify(target)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Auditoria íntegra: ") and "entradas conferidas" in lines[0]
    assert int(lines[0].split(": ")[1].split()[0]) >= len(entries)

    victim = entries[2]
    tamper(target, [f"UPDATE audit_entry SET event = 'evento_falso' WHERE id = {victim.id}"])
    done = run_verify(target)
    assert done.returncode == 1
    assert f"entrada nº {victim.seq} (22/11/2026 09:30:15, evento evento_falso)" in done.stdout
    assert "alterada" in done.stdout and "Traceback" not in done.stderr
    # the check changed nothing: the triggers are still gone until a PDV starts on the store
    db = open_database(target)
    try:
        assert audit_guard_intact(db)
    finally:
        db.close()
    conn = connect(target)
    try:
        trigger_names = (
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_entry'"
            if is_sqlite(target)
            else "SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_entry'::regclass AND NOT tgisinternal"
        )
        names = {row[0] for row in conn.execute(trigger_names).fetchall()}
    finally:
        conn.close()
    assert {"audit_entry_no_update", "audit_entry_no_delete"} <= names
    assert run_verify(target).returncode == 1  # putting the triggers back does not hide the change


@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)
def test_pdv_auditoria_verificar_on_a_missing_file_is_one_line(tmp_path, engine):
    missing = tmp_path / "nao-existe.sqlite3"
    done = run_verify(str(missing))
    assert done.returncode == 2 and not missing.exists()
    assert done.stderr.strip().splitlines() == [
        f"pdv: banco de dados {missing} não existe (use --db para indicar outro)"
    ]


def test_an_older_database_is_sealed_by_migration_6(new_store):
    target, entries = store_with_entries(new_store, 5)
    conn = connect(target)
    try:  # back to before migration 6: no columns, no index, version 6 not recorded
        before = [row[0] for row in conn.execute("SELECT id FROM audit_entry ORDER BY id").fetchall()]
    finally:
        conn.close()
    tamper(
        target,
        [
            "DROP INDEX audit_entry_seq",
            "ALTER TABLE audit_entry DROP COLUMN seq",
            "ALTER TABLE audit_entry DROP COLUMN hash",
            "DELETE FROM schema_version WHERE version = 6",
        ],
    )
    db = open_database(target)
    try:
        stored = list(AuditEntry.select().order_by(AuditEntry.seq))
        assert [row.id for row in stored] == before and [row.seq for row in stored] == list(range(1, len(before) + 1))
        report = check_chain()
        assert report.intact and report.checked == len(before)
        assert audit_guard_intact(db)
        entry = AuditEntry.create(at=datetime(2026, 11, 23), event="depois", detail="")
        assert entry.seq == len(before) + 1 and check_chain().checked == len(before) + 1
    finally:
        db.close()


WRITER = textwrap.dedent("""
    import sys
    from datetime import datetime
    from storage.db import open_database
    from core.kernel.audit import AuditLog
    from core.kernel.clock import SystemClock

    target, name, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    db = open_database(target)
    log = AuditLog(SystemClock())
    for n in range(count):
        log.record("concorrente", {"pdv": name, "n": n}, user=name)
    db.close()
""")


def test_several_pdv_processes_writing_at_once_keep_one_chain(new_store):
    target = new_store()
    db = open_database(target)
    start = AuditEntry.select().count()
    db.close()
    writers, each = 4, 40
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("PDV_")}, "PYTHONPATH": str(ROOT)}
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, target, f"pdv{n}", str(each)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(writers)
    ]
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err[-2000:]
    db = open_database(target)
    try:
        report = check_chain()
        assert report.intact, report
        assert report.checked == start + writers * each
        numbers = [row.seq for row in AuditEntry.select(AuditEntry.seq).order_by(AuditEntry.seq)]
        assert numbers == list(range(1, start + writers * each + 1))
        per_writer = {}
        for row in AuditEntry.select().where(AuditEntry.event == "concorrente"):
            per_writer[row.user] = per_writer.get(row.user, 0) + 1
        assert per_writer == {f"pdv{n}": each for n in range(writers)}
    finally:
        db.close()
