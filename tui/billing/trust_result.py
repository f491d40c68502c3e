"""The answer of a Desbloqueio em Confiança: Liberado with the date, or Sem Sucesso with the
server's reason. OK closes (entering with full access, or back to the block dialog)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Static

from core.billing.service import TrustUnlockResult
from tui.text import plain


class TrustUnlockResultDialog(ModalScreen[None]):
    BINDINGS = [Binding("escape", "close", "Fechar")]

    def __init__(self, result: TrustUnlockResult) -> None:
        super().__init__()
        self.result = result

    def compose(self) -> ComposeResult:
        granted = self.result.granted
        with Vertical(classes="dialog", id="trust-result"):
            yield Static("DESBLOQUEIO EM CONFIANÇA", classes="dialog-title")
            yield Static(
                "Liberado" if granted else "Sem Sucesso",
                id="trust-outcome",
                classes="trust-granted" if granted else "trust-refused",
            )
            if granted and self.result.until:
                text = f"Acesso ao sistema liberado até {self.result.until:%d/%m/%Y}."
            else:
                text = self.result.reason
            yield Static(plain(text), classes="dialog-body", id="trust-text")
            with Horizontal(classes="aviso-buttons"):
                yield Button("OK", id="trust-ok", variant="primary")
        yield Footer(compact=True, show_command_palette=False)  # its own keys, not the screen's below

    def on_mount(self) -> None:
        self.query_one("#trust-ok", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
