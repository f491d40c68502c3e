"""AVISO FINANCEIRO: the Régua de Cobrança's answer as the specification's figures show it.

- Mensagem (Figura 01): the server's text and OK (enters normally);
- Bloqueio Parcial (Figura 02): DESBLOQUEIO EM CONFIANÇA and CONTINUAR (enters with sales only);
- Bloqueio Total (Figura 03): DESBLOQUEIO EM CONFIANÇA and OK (back to the login screen).

Dismisses with "trust", "continue" or "ok". The server's text is shown as plain text (never
read as markup). Keys: Enter on the focused button, Tab / arrows between buttons, D for
DESBLOQUEIO EM CONFIANÇA; Esc is the button that grants the least (OK or CONTINUAR).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Static

from domain.enums import BillingStatus
from tui.text import plain

TRUST = "trust"
CONTINUE = "continue"
OK = "ok"


class BillingNoticeDialog(ModalScreen[str]):
    BINDINGS = [
        Binding("d", "trust", "Desbloqueio em confiança"),
        Binding("escape", "least", "Fechar"),
        Binding("left", "app.focus_previous", show=False),
        Binding("right", "app.focus_next", show=False),
        Binding("down", "scroll_text(1)", show=False),
        Binding("up", "scroll_text(-1)", show=False),
    ]

    def __init__(self, status: BillingStatus, text: str) -> None:
        super().__init__()
        self.status = status
        self.text = text

    def buttons(self) -> list[tuple[str, str]]:
        if self.status is BillingStatus.PARTIAL_BLOCK:
            return [(TRUST, "DESBLOQUEIO EM CONFIANÇA"), (CONTINUE, "CONTINUAR")]
        if self.status is BillingStatus.TOTAL_BLOCK:
            return [(TRUST, "DESBLOQUEIO EM CONFIANÇA"), (OK, "OK")]
        return [(OK, "OK")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog aviso-dialog", id=f"aviso-{self.status.value}"):
            yield Static("AVISO FINANCEIRO", classes="dialog-title")
            with VerticalScroll(id="aviso-body") as body:
                # Tab and the arrows go from button to button only; ↑/↓ scroll a long text
                body.can_focus = False
                yield Static(plain(self.text), classes="dialog-body")
            with Horizontal(classes="aviso-buttons"):
                for choice, label in self.buttons():
                    yield Button(label, id=f"aviso-{choice}", variant="primary" if choice != TRUST else "default")
        yield Footer()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "trust":  # D only where the document offers the Desbloqueio em Confiança
            return self.status in (BillingStatus.PARTIAL_BLOCK, BillingStatus.TOTAL_BLOCK)
        return True

    def on_mount(self) -> None:
        last = self.buttons()[-1][0]
        self.query_one(f"#aviso-{last}", Button).focus()

    def action_scroll_text(self, lines: int) -> None:
        self.query_one("#aviso-body", VerticalScroll).scroll_relative(y=lines, animate=False, immediate=True)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id.removeprefix("aviso-"))

    def action_least(self) -> None:
        self.dismiss(self.buttons()[-1][0])

    def action_trust(self) -> None:
        if self.status in (BillingStatus.PARTIAL_BLOCK, BillingStatus.TOTAL_BLOCK):
            self.dismiss(TRUST)
