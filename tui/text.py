"""Stored and remote text on screen: always plain text, never markup, never raw control codes.

Textual and Rich read a `str` handed to Static, Label, Option, a DataTable cell, a Rich Table
cell or notify() as markup: a customer named "[/x] Teste" raises MarkupError and ends the app,
and "[@click=app.quit]x" would even be an action. What a screen shows from the database, a
scenario, a remote service or the cashier's own typing goes through `plain` (a Rich Text, which
is never parsed) or, inside a larger text, `printable`. Control characters (ESC, BEL, C1...) are
replaced with '�' so that a name never moves the cursor or changes colours (storage/plain_text.py
says which characters those are).

Importing this module also makes a paste into an Input drop control characters: a pasted ESC
would otherwise be drawn raw by the field itself.
"""

from __future__ import annotations

from rich.console import JustifyMethod
from rich.style import StyleType
from rich.text import Text
from textual import events
from textual.widgets import Input

from core.kernel.text import printable, without_controls

__all__ = ["plain", "printable", "one_line"]


def plain(value: object, style: StyleType = "", *, justify: JustifyMethod | None = None) -> Text:
    """`value` (str() of anything; None is empty) as Rich Text that no widget reads as markup,
    with its control characters made visible. Lines are kept; a tab is a space."""
    text = "" if value is None else str(value)
    return Text(printable(text), style=style, justify=justify)


def one_line(value: object) -> str:
    """A stored value for a one-line place (a list cell, a field): no line breaks either."""
    return printable("" if value is None else str(value), newlines=False)


_input_paste = Input._on_paste


def _paste_without_controls(self: Input, event: events.Paste) -> None:
    """Input keeps the first line of a paste; that line without control characters."""
    lines = event.text.splitlines()
    event.text = without_controls(lines[0]) if lines else ""
    _input_paste(self, event)


Input._on_paste = _paste_without_controls  # type: ignore[method-assign]


def cut(text: str, width: int) -> str:
    """`text` whole when it fits in `width` cells, else cut to `width` ending in "…": a column
    that must stop somewhere says that it did."""
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"
