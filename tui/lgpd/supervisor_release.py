"""Liberação por supervisor: user and password of a supervisor release one sale blocked by the
LGPD rule when the portal gave no answer. Wrong passwords count toward that user's lockout."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Label, Static

from core.kernel.errors import PdvError
from tui.text import plain


class SupervisorReleaseDialog(ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "cancel", "Voltar")]

    def __init__(self, check: Callable[[str, str], str]) -> None:
        super().__init__()
        self.check = check

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog narrow-dialog"):
            yield Static("Liberar venda: supervisor", classes="dialog-title")
            yield Static(
                "Venda sem termo LGPD aceito (portal sem resposta). A liberação vale só para "
                "esta venda e fica registrada na auditoria.",
                classes="dialog-body",
            )
            yield Label("Usuário supervisor")
            yield Input(id="release-user", max_length=40)
            yield Label("Senha")
            yield Input(id="release-password", password=True, max_length=128)
            error = Static("", id="release-error", classes="error-text")
            error.display = False  # shown with an error only: no blank band at the foot
            yield error
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#release-user", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "release-user":
            self.query_one("#release-password", Input).focus()
            return
        user = self.query_one("#release-user", Input).value
        password = self.query_one("#release-password", Input)
        try:
            supervisor = self.check(user, password.value)
        except PdvError as exc:
            error = self.query_one("#release-error", Static)
            error.update(plain(exc))
            error.display = True
            password.value = ""
            password.focus()
            return
        self.dismiss(supervisor)

    def action_cancel(self) -> None:
        self.dismiss(None)
