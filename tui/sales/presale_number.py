"""Venda > F3: the number of the pre-sale to load; a wrong number is told here, the sale stays."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Label, Static

from core.kernel.errors import PdvError
from core.sales.draft import Draft
from tui.text import plain


class PreSaleNumberDialog(ModalScreen[Draft | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancelar")]

    def __init__(self, load: Callable[[str], Draft]) -> None:
        super().__init__()
        self.load = load

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog narrow-dialog"):
            yield Static("Carregar pré-venda", classes="dialog-title")
            yield Label("Número da pré-venda")
            yield Input(id="presale-number", max_length=12, placeholder="ex.: 12")
            yield Static("", id="presale-error", classes="error-text")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#presale-number", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            draft = self.load(event.value)
        except PdvError as exc:
            self.query_one("#presale-error", Static).update(plain(exc))
            event.input.focus()
            return
        self.dismiss(draft)

    def action_cancel(self) -> None:
        self.dismiss(None)
