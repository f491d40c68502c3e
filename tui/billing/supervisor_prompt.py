"""DESBLOQUEIO EM CONFIANÇA: asks a supervisor's user and password, then waits for the answer.

`submit(login, password)` is awaited in a worker while the prompt says it is asking; its answer
comes back as a message (Answered): a PdvError (wrong password, not a supervisor, locked user) is
told inline and the prompt stays; anything returned dismisses the prompt with it. Esc (or
CANCELAR) dismisses with None. The password is never shown nor kept.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Label, Static

from core.kernel.errors import PdvError
from tui.text import plain


class SupervisorPrompt(ModalScreen[Any]):
    BINDINGS = [Binding("escape", "cancel", "Cancelar")]

    class Answered(Message):
        """What `submit` answered: its result, or the PdvError's text (`error`)."""

        def __init__(self, result: Any, error: str | None = None) -> None:
            super().__init__()
            self.result = result
            self.error = error

    def __init__(
        self,
        submit: Callable[[str, str], Awaitable[Any]],
        *,
        title: str = "DESBLOQUEIO EM CONFIANÇA",
        text: str = "Informe usuário e senha de um supervisor para pedir o desbloqueio à Linx.",
        waiting: str = "Consultando o License Server...",
    ) -> None:
        super().__init__()
        self.submit = submit
        self.title_text = title
        self.body_text = text
        self.waiting_text = waiting
        self.busy = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="supervisor-prompt"):
            yield Static(plain(self.title_text), classes="dialog-title")
            yield Static(plain(self.body_text), classes="dialog-body")
            yield Label("Usuário supervisor")
            yield Input(id="supervisor-user", placeholder="usuário", max_length=40)
            yield Label("Senha")
            yield Input(id="supervisor-password", password=True, placeholder="senha", max_length=128)
            yield Static("", id="supervisor-message", classes="error-text")
            with Horizontal(classes="aviso-buttons"):
                yield Button("CONFIRMAR", id="supervisor-ok", variant="primary")
                yield Button("CANCELAR", id="supervisor-cancel")
        # its own keys: without a Footer of its own the one of the screen underneath shows through
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#supervisor-user", Input).focus()

    def say(self, text: str, *, error: bool = True) -> None:
        message = self.query_one("#supervisor-message", Static)
        message.update(plain(text))
        message.set_class(not error, "waiting-text")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "supervisor-user":
            self.query_one("#supervisor-password", Input).focus()
        else:
            self.action_confirm()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "supervisor-ok":
            self.action_confirm()
        else:
            self.action_cancel()

    def action_confirm(self) -> None:
        if self.busy:
            return
        login = self.query_one("#supervisor-user", Input).value
        password = self.query_one("#supervisor-password", Input).value
        self.busy = True
        self.say(self.waiting_text, error=False)
        self.run_worker(self._attempt(login, password), exclusive=True, group="supervisor", exit_on_error=False)

    async def _attempt(self, login: str, password: str) -> None:
        try:
            result = await self.submit(login, password)
        except PdvError as exc:
            self.post_message(self.Answered(None, str(exc)))
            return
        self.post_message(self.Answered(result))

    def on_supervisor_prompt_answered(self, message: Answered) -> None:
        if message.error is None:
            self.dismiss(message.result)
            return
        self.busy = False
        self.say(message.error)
        field = self.query_one("#supervisor-password", Input)
        field.value = ""
        field.focus()

    def action_cancel(self) -> None:
        if not self.busy:
            self.dismiss(None)
