"""Login: Usuário, Senha; Enter moves on then submits; wrong credentials answer inline."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.widgets import Input, Label, Static

from tui.screens.base import PdvScreen


class LoginScreen(PdvScreen):
    BINDINGS = [
        Binding("ctrl+q", "app.quit", "Sair do PDV"),
        Binding("f1", "app.scenario_info", "Cenário"),
    ]

    def compose_body(self) -> ComposeResult:
        with Center():
            with Vertical(id="login-box", classes="form-box"):
                yield Static("Acesso ao PDV", classes="box-title")
                yield Label("Usuário")
                yield Input(id="login-user", placeholder="usuário", max_length=40)
                yield Label("Senha")
                yield Input(id="login-password", password=True, placeholder="senha", max_length=128)
                yield Static("", id="login-message", classes="error-text")

    def on_mount(self) -> None:
        self.query_one("#login-user", Input).focus()

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        password = self.query_one("#login-password", Input)
        password.value = ""
        self.query_one("#login-user", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "login-user":
            self.query_one("#login-password", Input).focus()
            return
        self.submit()

    def say(self, text: str) -> None:
        self.query_one("#login-message", Static).update(text)

    def submit(self) -> None:
        user = self.query_one("#login-user", Input).value
        password = self.query_one("#login-password", Input).value
        self.run_worker(self.app.login(user, password), exclusive=True, group="login")

    def failed(self, text: str) -> None:
        self.say(text)
        password = self.query_one("#login-password", Input)
        password.value = ""
        password.focus()
