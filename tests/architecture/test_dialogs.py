"""Every dialog lists its own keys: a modal screen without a key bar of its own shows the one of
the screen underneath, whose keys do nothing while the dialog is up."""

from __future__ import annotations

import ast
from pathlib import Path

TUI = Path(__file__).resolve().parents[2] / "tui"


def _modal_classes_without_footer() -> list[str]:
    missing = []
    for path in TUI.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        modal: set[str] = set()  # this module's modal classes, a form base class included
        for node in tree.body:
            if not isinstance(node, ast.ClassDef):
                continue
            bases = [ast.unparse(base) for base in node.bases]
            if not any(base.startswith("ModalScreen") or base in modal for base in bases):
                continue
            modal.add(node.name)
            composes = [item for item in node.body if isinstance(item, ast.FunctionDef) and item.name == "compose"]
            calls = {
                ast.unparse(call.func) for method in composes for call in ast.walk(method) if isinstance(call, ast.Call)
            }
            if composes and "Footer" not in calls:
                missing.append(f"{path.relative_to(TUI.parent)}:{node.name}")
    return missing


def test_every_dialog_that_draws_itself_has_its_own_key_bar():
    assert _modal_classes_without_footer() == []
