"""The house's rule for workers: every worker of the PDV is started with exit_on_error=False, so a
failing one is told and logged by tui.unexpected, never ends the app by itself (a scan of tui/)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _worker_calls(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in {"work", "run_worker"}:
                yield node


def test_every_worker_of_the_pdv_is_started_with_exit_on_error_false():
    """A worker that fails never ends the app by itself: tui.unexpected tells and logs it."""
    found, missing = 0, []
    for path in sorted((ROOT / "tui").rglob("*.py")):
        for call in _worker_calls(ast.parse(path.read_text(encoding="utf-8"))):
            found += 1
            flags = {kw.arg: kw.value for kw in call.keywords}
            value = flags.get("exit_on_error")
            if not (isinstance(value, ast.Constant) and value.value is False):
                missing.append(f"{path.relative_to(ROOT)}:{call.lineno}")
    assert found >= 15, found
    assert not missing, missing
