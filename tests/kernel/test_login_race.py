"""The lockout holds across terminals: several processes, each a PDV terminal on the same
database file, try wrong passwords for the same user at once (then the right one). However they
interleave, at most MAX_ATTEMPTS passwords of that user are checked before the lock engages.

Each process counts the argon2 checks made against the user's real hash (the checks against the
stand-in hash of a refused try are not password checks) and reports them."""

from __future__ import annotations

import multiprocessing
import shutil

import pytest

from core.kernel.auth import INVALID, MAX_ATTEMPTS
from storage.models import AuditEntry

TERMINALS = 6
WRONG_EACH = 4


def terminal(db_path: str, login: str, password: str, barrier, results) -> None:
    """One terminal: waits for the others, then WRONG_EACH wrong passwords and the right one."""
    import core.kernel.auth
    from core.kernel.clock import FixedClock
    from core.kernel.config import Config
    from core.kernel.context import build_context
    from core.kernel.errors import AuthError
    from tests.conftest import FIXED_NOW

    real_hash = None
    checks = {"wrong": 0, "right": 0}
    verify = core.kernel.auth.verify_password

    def counting(password_hash: str, typed: str) -> bool:
        if password_hash == real_hash:
            checks["right" if typed == password else "wrong"] += 1
        return verify(password_hash, typed)

    core.kernel.auth.verify_password = counting
    context = build_context(db_path, config=Config(), clock=FixedClock(FIXED_NOW))
    from storage.models import User

    real_hash = User.get(User.login == login).password_hash
    answers, entered = set(), 0
    barrier.wait()
    for typed in [f"errada{n}" for n in range(WRONG_EACH)] + [password]:
        try:
            context.auth.authenticate(login, typed)
            entered += 1
        except AuthError as refused:
            answers.add(str(refused))
    context.close()
    results.put({**checks, "entered": entered, "answers": sorted(answers)})


@pytest.mark.parametrize("login, password", [("supervisor", "4321"), ("operador", "1234")])
def test_terminals_trying_at_once_get_at_most_five_wrong_passwords_checked(
    scenario_template, tmp_path, login, password
):
    db_path = tmp_path / "loja.sqlite3"
    shutil.copy(scenario_template("treinamento"), db_path)
    spawn = multiprocessing.get_context("spawn")
    barrier, results = spawn.Barrier(TERMINALS), spawn.Queue()
    processes = [
        spawn.Process(target=terminal, args=(str(db_path), login, password, barrier, results)) for _ in range(TERMINALS)
    ]
    for process in processes:
        process.start()
    reports = [results.get(timeout=120) for _ in processes]
    for process in processes:
        process.join(30)
        assert process.exitcode == 0
    wrong_checked = sum(report["wrong"] for report in reports)
    tried_wrong = TERMINALS * WRONG_EACH
    assert tried_wrong > MAX_ATTEMPTS
    assert wrong_checked == MAX_ATTEMPTS, reports  # the count always reaches the limit, never passes it
    assert all(report["answers"] in ([], [INVALID]) for report in reports)  # one answer for every refusal

    from storage.db import open_database

    db = open_database(db_path)  # the same database, read back
    assert AuditEntry.select().where(AuditEntry.event == "usuario_bloqueado").count() == 1
    guesses = AuditEntry.select().where(
        (AuditEntry.event == "login_falhou") & AuditEntry.detail.contains("senha incorreta")
    )
    assert guesses.count() == MAX_ATTEMPTS
    refused_locked = AuditEntry.select().where(AuditEntry.detail.contains("usuário bloqueado")).count()
    entered = sum(report["entered"] for report in reports)
    assert refused_locked + entered + MAX_ATTEMPTS == TERMINALS * (WRONG_EACH + 1)
    db.close()
