"""Four counters on one store: four PDV terminal processes selling at once for a bounded time,
on PostgreSQL and, beside it in the same run, on SQLite. Every check of the two-cashiers test
holds (0 duplicate sale numbers, 0 lost título payments, every total exact); the figure is the
sales per second the four made together."""

from __future__ import annotations

import os

import pytest

from tests.support.counters import run_counters

SECONDS = float(os.environ.get("PDV_BENCH_COUNTERS_SECONDS", "10"))
COUNTERS = 4
RATES: dict[str, float] = {}


@pytest.mark.both_engines
def test_four_counters_sales_per_second(new_store, engine, bench_row):
    done = run_counters(new_store("treinamento"), SECONDS, COUNTERS)
    RATES[engine] = done["sales_per_second"]
    baseline = f"{done['sales']} vendas, {done['payments']} recebimentos"
    ratio = "-"
    if engine == "postgres" and "sqlite" in RATES:
        baseline += f"; sqlite {RATES['sqlite']:.1f} vendas/s"
        ratio = f"{RATES['postgres'] / RATES['sqlite']:.2f}"
    bench_row(
        f"{COUNTERS} PDVs vendendo ao mesmo tempo, {engine} ({SECONDS:g} s)",
        f"{done['sales_per_second']:.1f} vendas/s",
        baseline,
        ratio,
        "0 números repetidos, 0 pagamentos perdidos",
    )
