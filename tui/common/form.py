"""Form rows for 80x24: a fixed-width label and a one-line field; a field with a problem is
marked in words ("!" before the label), not by colour alone."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Label


class FormRow(Horizontal):
    DEFAULT_CSS = """
    FormRow { height: 1; width: 1fr; }
    FormRow > Label { width: 31; padding-right: 1; }
    FormRow.-invalid > Label { color: $error; text-style: bold; }
    """

    def __init__(self, label: str, field: Widget, **kwargs) -> None:
        super().__init__(**kwargs)
        self.label_text = label
        self.field = field

    def compose(self) -> ComposeResult:
        yield Label(self.label_text)
        yield self.field

    def set_problem(self, problem: str | None) -> None:
        self.set_class(bool(problem), "-invalid")
        self.query_one(Label).update(("! " if problem else "") + self.label_text)
