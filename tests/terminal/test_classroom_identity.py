"""Classroom mode on one machine: two students' PDVs (`--aluno 1`, `--aluno 2`) on the same user
account, hence the same database, each ask the License Server about their own CNPJ; a plain
`pdv` afterwards asks about the store's. What each asked is read on the License Server's side
(its call history), and the store's branch in the database is left as the store says."""

from __future__ import annotations

import asyncio
import sqlite3

from core.billing.admin import LicenseAdmin
from core.trainer.classroom import student_cnpj
from tests.support.trainer import TOKEN
from tests.support.world_process import running_world
from tests.terminal.conftest import login

STORE_CNPJ = "12345678000195"


def enter(term, user: str = "operador", password: str = "1234") -> None:
    login(term, user, password)
    term.wait_for(r"Menu principal")


def test_two_students_on_one_machine_query_their_own_cnpjs_and_a_plain_pdv_the_stores(start_pdv, tmp_path):
    home = tmp_path / "maquina"  # one machine, one user account: one pdv.sqlite3
    with running_world(tmp_path / "mundo") as url:
        urls = ("--license-url", f"{url}/license", "--lgpdata-url", f"{url}/lgpdata")
        first = start_pdv(*urls, "--aluno", "1", home=home)
        enter(first)
        first.wait_for(r"Aluno 1 · 12\.345\.678/9001-")
        second = start_pdv(*urls, "--aluno", "2", home=home)  # while the first is still open
        enter(second)
        second.wait_for(r"Aluno 2 · 12\.345\.678/9002-")
        first.press("f10")  # a second login of student 1, after student 2 started
        enter(first)
        for term in (first, second):
            term.close()
        plain = start_pdv(*urls, home=home)
        enter(plain)
        assert "Aluno" not in plain.text()
        plain.close()
        calls = asyncio.run(LicenseAdmin(f"{url}/license", 3.0, token=TOKEN).history(limit=50))
    asked = [call["cnpj"] for call in reversed(calls) if call["route"] == "access-check"]
    one, two = student_cnpj(STORE_CNPJ, 1), student_cnpj(STORE_CNPJ, 2)
    assert asked == [one, two, one, STORE_CNPJ]
    database = home / ".local/share/pdv-sim/pdv.sqlite3"
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
        assert [row[0] for row in db.execute("SELECT cnpj FROM branch ORDER BY code")][0] == STORE_CNPJ
        assert not db.execute("SELECT 1 FROM branch WHERE cnpj IN (?, ?)", (one, two)).fetchall()
