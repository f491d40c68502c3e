"""Benchmarks print one table at the end: each figure, its baseline from the same run, the ratio."""

from __future__ import annotations

import compileall
from pathlib import Path

import pytest

ROWS: list[tuple[str, str, str, str, str]] = []


@pytest.fixture(scope="session", autouse=True)
def compiled_like_an_install():
    """The project's modules byte-compiled, as an installed wheel has them (pip compiles what it
    installs; an editable install under PYTHONDONTWRITEBYTECODE=1 never writes them), so a
    start-up measures the PDV and not the compiler. Textual's own are compiled at install."""
    root = Path(__file__).resolve().parents[2]
    for package in ("tui", "core", "storage", "servers", "domain"):
        compileall.compile_dir(root / package, quiet=1)


@pytest.fixture
def bench_row():
    """bench_row(name, value, baseline, ratio, target) adds one line to the final table."""

    def add(name: str, value: str, baseline: str = "-", ratio: str = "-", target: str = "-") -> None:
        ROWS.append((name, value, baseline, ratio, target))

    return add


def pytest_terminal_summary(terminalreporter):
    if not ROWS:
        return
    headers = ("medida", "valor", "base (mesma execução)", "razão", "alvo")
    widths = [max(len(h), *(len(r[i]) for r in ROWS)) for i, h in enumerate(headers)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths))
    terminalreporter.write_sep("=", "benchmarks")
    terminalreporter.write_line(line)
    terminalreporter.write_line("-" * len(line))
    for row in ROWS:
        terminalreporter.write_line("  ".join(c.ljust(w) for c, w in zip(row, widths)))
