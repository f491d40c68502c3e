"""The full `make test` time (lint-imports, then pytest -n 2), run as `make test` runs it, last of
the benchmarks (the file name sorts last). Its baseline in the same run: pytest starting its two
workers and collecting the whole suite without running it (the fixed cost of any run)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "PDV_"))}
    return {**env, "PDV_REQUIRE_POSTGRES": "1"}  # as make test runs it


def timed(*commands: list[str]) -> tuple[float, str]:
    start = time.monotonic()
    output = []
    for command in commands:
        done = subprocess.run(command, cwd=ROOT, env=clean_env(), capture_output=True, text=True, timeout=1200)
        output.append(done.stdout.strip().splitlines()[-1] if done.stdout.strip() else "")
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return time.monotonic() - start, output[-1]


def test_full_make_test_time(bench_row):
    pytest_cmd = [str(BIN / "python"), "-m", "pytest", "-n", "2", "-q"]
    collect, _ = timed(pytest_cmd + ["--collect-only"])
    whole, summary = timed([str(BIN / "lint-imports")], pytest_cmd)
    bench_row(
        f"make test completo ({summary})",
        f"{whole:.0f} s",
        f"{collect:.1f} s (só coletar, -n 2)",
        f"{whole / collect:.0f}",
        "≤ 300 s",
    )
