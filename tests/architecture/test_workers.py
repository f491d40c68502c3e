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


WIDGET_CALLS = {"query_one", "query", "query_exactly_one", "mount", "remove_children", "set_focus", "notify"}
"""What only a message handler does: find, add or remove widgets, move the focus, tell the user."""

WORKERS_THAT_LEAVE = {"tui/leaving.py"}
"""Leaving the PDV: its workers end the app, with nothing left to draw."""


def _worker_bodies(tree: ast.AST):
    """The functions run as workers: decorated with @work, or handed to run_worker in the same
    class (self.run_worker(self._login(...)) or self.run_worker(self._boot_in_thread, ...))."""
    functions = {
        node.name: node for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
    }
    for node in functions.values():
        for decorator in node.decorator_list:
            target = decorator.func if isinstance(decorator, ast.Call) else decorator
            if getattr(target, "id", None) == "work":
                yield node
    for call in _worker_calls(tree):
        if getattr(call.func, "attr", None) != "run_worker" or not call.args:
            continue
        started = call.args[0].func if isinstance(call.args[0], ast.Call) else call.args[0]
        if isinstance(started, ast.Attribute) and started.attr in functions:
            yield functions[started.attr]


def test_workers_post_their_results_and_the_handlers_draw_them():
    """A worker does the slow part (core, the network, the database) and posts a message with
    what it got; only the message's handler touches the screen (Textual drops the message when
    its screen has closed meanwhile)."""
    found, touching = 0, []
    for path in sorted((ROOT / "tui").rglob("*.py")):
        relative = str(path.relative_to(ROOT))
        if relative in WORKERS_THAT_LEAVE:
            continue
        for body in _worker_bodies(ast.parse(path.read_text(encoding="utf-8"))):
            found += 1
            for node in ast.walk(body):
                if isinstance(node, ast.Call) and getattr(node.func, "attr", None) in WIDGET_CALLS:
                    touching.append(f"{relative}:{node.lineno} ({body.name}: {node.func.attr})")
    assert found >= 12, found
    assert not touching, touching
