"""A modal with a title, a text and one OK button: notices and refusals. Like every dialog it has
its own key bar, so the keys listed are the ones that work here."""

from __future__ import annotations

from rich.console import RenderableType
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Static

from tui.text import plain


class MessageDialog(ModalScreen[None]):
    """A text longer than the terminal (F1 with a long scenario) scrolls inside the dialog, with
    ↑/↓ and PgUp/PgDn, so OK always stays on screen; the focus never stops on the text."""

    BINDINGS = [
        Binding("escape", "close", "Fechar"),
        Binding("down", "scroll('down')", "Rolar", show=False),
        Binding("up", "scroll('up')", "Rolar", show=False),
        Binding("pagedown", "scroll('page_down')", "Rolar", show=False),
        Binding("pageup", "scroll('page_up')", "Rolar", show=False),
    ]

    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        self.title_text = title
        self.body_text = text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(plain(self.title_text), classes="dialog-title")
            with VerticalScroll(classes="message-scroll", can_focus=False):
                yield Static(self.body(), classes="dialog-body")
            yield Button("OK", id="ok", variant="primary")
        yield Footer(compact=True, show_command_palette=False)

    def body(self) -> RenderableType:
        """What the dialog says (a subclass may draw it otherwise: F1's keys in columns)."""
        return plain(self.body_text)

    def on_mount(self) -> None:
        self.query_one("#ok", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_scroll(self, where: str) -> None:
        getattr(self.query_one(".message-scroll", VerticalScroll), f"scroll_{where}")()
