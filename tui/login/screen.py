"""Login: Usuário, Senha; Enter moves on then submits; wrong credentials answer inline.

While the login is being decided (the Régua de Cobrança is consulted), the screen says so with
a turning spinner and ignores further submits; it stays responsive throughout.

The decision is taken in a worker (PdvApp.login); what it means on screen comes back as messages
(Progress, Decided) and is shown by their handlers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.message import Message
from textual.widgets import Input, Label, Static

from tui.common.base import PdvScreen
from tui.text import plain

if TYPE_CHECKING:
    from core.kernel.session import Session

SPINNER = "|/-\\"


class LoginScreen(PdvScreen):
    BINDINGS = [
        # priority: shown in this footer (the app's own Ctrl+Q is not shown on every screen)
        Binding("ctrl+q", "app.quit", "Sair do PDV", priority=True),
        Binding("f1", "app.scenario_info", "Ajuda"),
        # shown where F12 opens before a login (demo mode); elsewhere the app's F12 says why not
        Binding("f12", "panel", "Painel do instrutor"),
    ]

    busy = False
    holds_keys = False
    """True from the password's Enter until the login is decided: keys typed ahead meanwhile
    go to the screen that comes next (tui.keys)."""
    _spin_timer = None
    _spin_step = 0
    _spin_text = ""

    class Progress(Message):
        """The login is waiting: `text` said (for the database), or with a spinner (`spinning`,
        for the Régua de Cobrança); an empty text clears the message."""

        def __init__(self, text: str, *, spinning: bool = False) -> None:
            super().__init__()
            self.text = text
            self.spinning = spinning

    class Decided(Message):
        """How the login ended: `failed` (the password is typed again), `refused` (Bloqueio
        Total: another user may try), or the `session` to enter; none of them: nothing to show."""

        def __init__(
            self, *, failed: str | None = None, refused: str | None = None, session: Session | None = None
        ) -> None:
            super().__init__()
            self.failed = failed
            self.refused = refused
            self.session = session

    def compose_body(self) -> ComposeResult:
        with Center():
            with Vertical(id="login-box", classes="form-box"):
                yield Static("Acesso ao PDV", classes="box-title")
                yield Label("Usuário")
                yield Input(id="login-user", placeholder="usuário", max_length=40)
                yield Label("Senha")
                yield Input(id="login-password", password=True, placeholder="senha", max_length=128)
                yield Static("", id="login-message", classes="error-text")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "panel":
            if self.app.context is None:  # the first paint: not before the database is open
                return False
            from tui.common.scenario_info import panel_offered

            return panel_offered(self.app)
        return True

    def action_panel(self) -> None:
        self.app.action_instructor_panel()

    def on_mount(self) -> None:
        self.query_one("#login-user", Input).focus()

    def on_screen_resume(self) -> None:
        self.holds_keys = False
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
        self.stop_waiting()
        message = self.query_one("#login-message", Static)
        message.remove_class("waiting-text")
        message.update(plain(text))

    def waiting(self, text: str) -> None:
        """Shows `text` with a spinner that turns until say() or stop_waiting()."""
        self.stop_waiting()
        self._spin_text = text
        self._spin_step = 0
        self.query_one("#login-message", Static).add_class("waiting-text")
        self._spin()
        self._spin_timer = self.set_interval(0.1, self._spin)

    def _spin(self) -> None:
        frame = SPINNER[self._spin_step % len(SPINNER)]
        self._spin_step += 1
        self.query_one("#login-message", Static).update(plain(f"{frame} {self._spin_text}"))

    def stop_waiting(self) -> None:
        if self._spin_timer is not None:
            self._spin_timer.stop()
            self._spin_timer = None

    def submit(self) -> None:
        if self.busy:
            return
        user = self.query_one("#login-user", Input).value
        password = self.query_one("#login-password", Input).value
        self.holds_keys = True
        self.run_worker(self._login(user, password), exclusive=True, group="login", exit_on_error=False)

    async def _login(self, user: str, password: str) -> None:
        try:
            decided = await self.app.login(user, password)
        except Exception:
            self.post_message(self.Decided(failed="Não foi possível entrar (falha inesperada). Tente de novo."))
            raise  # the app tells it and logs it (tui.unexpected)
        self.post_message(decided)

    def on_login_screen_progress(self, message: Progress) -> None:
        if message.spinning:
            self.waiting(message.text)
        else:
            self.say(message.text)

    def on_login_screen_decided(self, message: Decided) -> None:
        self.busy = False
        if message.session is not None:
            self.app.enter_session(message.session)
        elif message.refused is not None:
            self.refused(message.refused)
        elif message.failed is not None:
            self.failed(message.failed)
        self.holds_keys = False  # keys typed ahead go to what is shown now

    def failed(self, text: str) -> None:
        """Wrong user or password: the user stays, the password is typed again."""
        self.say(text)
        password = self.query_one("#login-password", Input)
        password.value = ""
        password.focus()

    def refused(self, text: str) -> None:
        """The user was right and the entry was refused (Bloqueio Total): the password is
        cleared and the focus goes back to Usuário with its text selected, so the next name
        typed replaces it (another person at the counter) and Enter alone keeps it."""
        self.say(text)
        self.query_one("#login-password", Input).value = ""
        user = self.query_one("#login-user", Input)
        user.focus()
        user.select_all()
