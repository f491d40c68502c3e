"""A yes/no question: F2 (or Enter on Sim) confirms, Esc (or Não) keeps things as they are."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Static

from tui.text import plain


class YesNoDialog(ModalScreen[bool]):
    BINDINGS = [
        Binding("f2", "answer(True)", "Sim"),
        Binding("escape", "answer(False)", "Não"),
    ]

    def __init__(self, title: str, text: str, yes: str = "Sim", no: str = "Não") -> None:
        super().__init__()
        self.title_text = title
        self.body_text = text
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(plain(self.title_text), classes="dialog-title")
            yield Static(plain(self.body_text), classes="dialog-body")
            with Horizontal(classes="yes-no-buttons"):
                yield Button(f"F2 {self.yes}", id="yes", variant="error")
                yield Button(f"Esc {self.no}", id="no", variant="primary")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)
