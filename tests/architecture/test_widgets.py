"""Textual widgets whose own words are English are used through the PDV's Portuguese ones."""

from __future__ import annotations

import re
from pathlib import Path

TUI = Path(__file__).resolve().parents[2] / "tui"


def test_every_select_is_a_pdv_select():
    """Textual's Select opens a list whose key bar says "Dismiss menu"; PdvSelect says it in
    Portuguese. A screen that builds a plain Select would bring the English back."""
    plain = [
        f"{path.relative_to(TUI.parent)}:{number}"
        for path in TUI.rglob("*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"(?<![\w.])Select\(", line)
    ]
    assert plain == []
