"""Two PDVs started at the same moment on a brand-new store database, on each engine: both
come up (migrated, seeded, a cashier logged in) and the store is seeded once. Without the
setup lock one of the two died with `UNIQUE constraint failed: branch.cnpj` (or with the
database called corrupt) in most trials."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from storage.scenarios.loader import load_scenario
from tests.support.store_invariants import connect

pytestmark = pytest.mark.both_engines

ROOT = Path(__file__).resolve().parents[2]
TRIALS = int(os.environ.get("PDV_FIRST_START_TRIALS", "3"))


def start_waiting(db: str, go: Path, user: str) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.support.stress_driver",
            db,
            "--seconds",
            "0",
            "--scenario",
            "treinamento",
            "--go-file",
            str(go),
            "--user",
            user,
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def start_two_at_once(db: str, go: Path) -> list[tuple[int, str, str]]:
    """Both processes imported and waiting, then released together; their (code, out, err)."""
    pair = [start_waiting(db, go, user) for user in ("operador", "supervisor")]
    try:
        for process in pair:
            line = process.stdout.readline()
            assert line.strip() == "esperando", (line, process.stderr.read() if process.poll() is not None else "")
        go.touch()
        return [(p.wait(60), p.stdout.read(), p.stderr.read()) for p in pair]
    finally:
        for process in pair:
            if process.poll() is None:
                process.kill()
                process.wait(10)
            process.stdout.close()
            process.stderr.close()


def test_two_pdvs_on_a_new_database_at_once_both_come_up_and_seed_once(new_store, tmp_path):
    scenario = load_scenario("treinamento").data
    for trial in range(TRIALS):
        db = new_store(None)
        go = tmp_path / f"go-{trial}"
        started = time.monotonic()
        results = start_two_at_once(db, go)
        for code, out, err in results:
            assert code == 0 and out.split() == ["pronto", "fim"], f"tentativa {trial}: saiu com {code}\n{err[-3000:]}"
        conn = connect(db)
        try:
            assert conn.execute("SELECT COUNT(*) FROM branch").fetchone()[0] == len(scenario["branches"])
            assert conn.execute('SELECT COUNT(*) FROM "user"').fetchone()[0] == len(scenario["users"])
            assert conn.execute("SELECT COUNT(*) FROM product").fetchone()[0] == len(scenario["products"])
            versions = [row[0] for row in conn.execute("SELECT version FROM schema_version ORDER BY version")]
            assert len(versions) == len(set(versions)) > 0
        finally:
            conn.close()
        assert time.monotonic() - started < 60
