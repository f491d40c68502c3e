"""The store database given with --db, on a real terminal: two PDVs started at the same time on
a brand-new database (a SQLite file, a PostgreSQL database) both reach the login and the
menu, and the store is seeded once; a PostgreSQL password refused is one Portuguese line
without the password."""

from __future__ import annotations

import pytest

from storage.scenarios.loader import DEFAULT_SCENARIO, load_scenario
from tests.support.store_invariants import connect
from tests.terminal.conftest import login


@pytest.mark.both_engines
def test_two_pdvs_on_a_new_store_at_once(start_pdv, new_store):
    target = new_store(None)
    first, second = start_pdv("--db", target), start_pdv("--db", target)  # booting together
    for term in (first, second):
        login(term)
    for term in (first, second):
        term.wait_for(r"Menu principal")
    scenario = load_scenario(DEFAULT_SCENARIO).data
    conn = connect(target)
    try:
        assert conn.execute("SELECT COUNT(*) FROM branch").fetchone()[0] == len(scenario["branches"])
        assert conn.execute('SELECT COUNT(*) FROM "user"').fetchone()[0] == len(scenario["users"])
    finally:
        conn.close()


@pytest.mark.parametrize("engine", ["postgres"], indirect=True)
def test_a_refused_password_is_one_line_without_it(start_pdv, postgres_server, new_store):
    new_store(None)
    wrong = "s3nh4-errada"
    term = start_pdv("--db", postgres_server.url("postgres", password=wrong))
    assert term.wait_exit() != 0
    screen = term.text()
    assert "usuário ou senha recusados" in screen, term.framed()
    assert wrong not in screen and wrong.encode() not in bytes(term.raw)
