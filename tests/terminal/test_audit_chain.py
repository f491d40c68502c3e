"""A tampered audit on a real terminal: someone drops the append-only triggers with sqlite3 and
changes an entry; the PDV started on that store puts the triggers back, and its Auditoria (F8,
supervisor) says in one line under the title which entry does not match. An intact store shows
no such line."""

from __future__ import annotations

import re
import sqlite3
from datetime import datetime

from tests.terminal.conftest import login
from tests.terminal.flows import module

WARNING = "AUDITORIA ADULTERADA"


def store_with_entries(new_store) -> tuple[str, list]:
    from core.kernel.audit import AuditLog
    from core.kernel.clock import FixedClock
    from storage.db import open_database

    target = new_store()
    db = open_database(target)
    try:
        log = AuditLog(FixedClock(datetime(2026, 11, 22, 9, 30, 15)))
        entries = [log.record(f"evento_{n}", {"n": n}, user="supervisor") for n in range(3)]
    finally:
        db.close()
    return target, entries


def audit_triggers(target: str) -> set[str]:
    conn = sqlite3.connect(target)
    try:
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_entry'")
        return {row[0] for row in rows}
    finally:
        conn.close()


def open_audit(start_pdv, target: str):
    term = start_pdv("--db", target)
    login(term, "supervisor", "4321")
    term.wait_for(r"Menu principal")
    module(term, "f8", r"Auditoria[\s\S]*Evento")
    return term


def test_auditoria_names_the_changed_entry_and_the_start_puts_the_triggers_back(start_pdv, new_store):
    target, entries = store_with_entries(new_store)
    victim = entries[1]
    conn = sqlite3.connect(target)
    conn.execute("DROP TRIGGER audit_entry_no_update")
    conn.execute("DROP TRIGGER audit_entry_no_delete")
    conn.execute("UPDATE audit_entry SET detail = 'n=99' WHERE id = ?", (victim.id,))
    conn.commit()
    conn.close()
    assert audit_triggers(target) == set()

    term = open_audit(start_pdv, target)
    line = f"{WARNING}: entrada nº {victim.seq} (22/11 09:30, evento_1): alterada"
    screen = term.wait_for(re.escape(line)).string
    row = next(text for text in screen.splitlines() if WARNING in text)
    assert row.strip() == line, term.framed()
    assert len(row.rstrip()) <= 80
    assert "Data/hora" in screen and "evento_1" in screen  # the log is still there below it
    assert audit_triggers(target) == {"audit_entry_no_update", "audit_entry_no_delete"}


def test_an_intact_audit_shows_no_warning(start_pdv, new_store):
    target, _ = store_with_entries(new_store)
    term = open_audit(start_pdv, target)
    screen = term.wait_for(r"evento_2").string
    assert WARNING not in screen and "ADULTERADA" not in term.text(), term.framed()
