"""Crash safety: a PDV terminal process selling in a loop (tests/support/stress_driver.py, core's sale
services on the store's database) is SIGKILLed at random moments, again and again on the same
store, on SQLite and on PostgreSQL. After every kill the database is intact: no partial sale,
numbering consistent, títulos matching the convênio sales and their payments. A short run is
part of `make test`; `make soak` runs the long one (marked slow)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.support.store_invariants import check_store
from tests.support.stress_driver import start_terminal

pytestmark = pytest.mark.both_engines

ROOT = Path(__file__).resolve().parents[2]


def wait_ready(process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    line = process.stdout.readline()
    assert line.strip() == "pronto", (line, process.stderr.read() if process.poll() is not None else "")
    assert time.monotonic() < deadline


def kill_loop(db: Path | str, kills: int, seed: int) -> dict[str, int]:
    chooser = random.Random(seed)
    for round_ in range(kills):
        process = start_terminal(db, seed * 1000 + round_)
        try:
            wait_ready(process)
            time.sleep(chooser.uniform(0.05, 0.6))
            assert process.poll() is None, process.stderr.read()
        finally:
            process.send_signal(signal.SIGKILL)
            process.wait(10)
            process.stdout.close()
            process.stderr.close()
        counts = check_store(db)
    return counts


def test_sigkill_while_selling_never_leaves_a_partial_sale(store):
    counts = kill_loop(store, kills=int(os.environ.get("PDV_CRASH_KILLS", "10")), seed=7)
    assert counts["sales"] > 0 and counts["receivables"] > 0  # the kills met real work


@pytest.mark.slow
def test_sigkill_soak(store):
    counts = kill_loop(store, kills=int(os.environ.get("PDV_SOAK_KILLS", "200")), seed=11)
    assert counts["sales"] > 100
