"""Two cashiers on one store: two (and four) PDV terminal processes (tests/support/stress_driver.py) on
the same store (a SQLite file, a PostgreSQL database) sell at once, receiving parts of the same
títulos. No lost update, no "database is locked" reaching a cashier (busy_timeout is 10 s),
every sale each reported stored and every number unique. Short in `make test`; `make soak`
runs a longer one (marked slow)."""

from __future__ import annotations

import os

import pytest

from tests.support.counters import run_counters

pytestmark = pytest.mark.both_engines


def run_two(db, seconds: float) -> None:
    run_counters(db, seconds, 2)


def test_two_cashiers_sell_at_once_on_one_store(store):
    run_two(store, float(os.environ.get("PDV_TWO_CASHIERS_SECONDS", "4")))


def test_four_counters_sell_at_once_on_one_store(store):
    done = run_counters(store, float(os.environ.get("PDV_FOUR_COUNTERS_SECONDS", "4")), 4)
    assert done["payments"] > 0


@pytest.mark.slow
def test_two_cashiers_soak(store):
    run_two(store, float(os.environ.get("PDV_SOAK_SECONDS", "60")))
