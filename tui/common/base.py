"""The frame every full screen shares: PdvHeader on top, a status line and the Footer below."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Static

from tui.common.header import PdvHeader
from tui.text import plain


class PdvScreen(Screen):
    """Subclasses that handle ScreenResume must not call `prevent_default()`: Screen's own
    handler is what repaints a screen on a real terminal. Textual calls the resume handler of
    every class in the chain, so a subclass's handler never calls super() either."""

    message = ""
    """What the screen's last action said: it outlives a dialog that closed over it."""

    def compose(self) -> ComposeResult:
        yield PdvHeader()
        yield from self.compose_body()
        yield Static("", id="status-line", classes="status-line")
        yield Footer(compact=True, show_command_palette=False)

    def compose_body(self) -> ComposeResult:
        yield from ()

    def on_screen_resume(self) -> None:
        for header in self.query(PdvHeader):
            header.refresh_text()
        self.show_status(self.message or self.app.status_text)

    def say(self, text: str) -> None:
        self.message = text
        self.show_status(text)

    def show_status(self, text: str) -> None:
        lines = self.query("#status-line").results(Static)
        line = next(lines, None)
        if line is None:  # pushed and not composed yet: on_screen_resume shows the app's status
            return
        line.update(plain(text))
        line.display = bool(text)
