"""The command line run as a person runs it (a real `python -m tui` process) and the check of its
one clear line on bad input."""

from __future__ import annotations

import subprocess
import sys

PDV = [sys.executable, "-m", "tui"]


def run(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([*PDV, *args], capture_output=True, text=True, timeout=60, **kwargs)


def assert_one_clear_line(result: subprocess.CompletedProcess, needle: str) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert needle in lines[0]
