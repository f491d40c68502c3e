"""Notificar pendência: the customer has no accepted term; the sale may go on without it.
Solicitar consentimento (the dialog stays), Continuar sem termo, Consulta status, Fechar
(= Continuar sem termo)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Button

from core.kernel.errors import PdvError
from tui.lgpd.dialog import ConsentDialog, ConsentResult


class NotifyDialog(ConsentDialog):
    TITLE_TEXT = "LGPD: cliente sem termo de consentimento aceito"
    BINDINGS = [
        ConsentDialog.REQUEST,
        Binding("f3", "continue", "Continuar sem termo"),
        ConsentDialog.REFRESH,
        Binding("escape", "close", "Fechar"),
    ]

    def buttons(self) -> ComposeResult:
        yield Button("F2 Solicitar consentimento", name="request", id="lgpd-request", compact=True)
        yield Button("F3 Continuar sem termo", name="continue", id="lgpd-continue", compact=True, variant="primary")
        yield Button("F8 Consulta status", name="refresh", id="lgpd-refresh", compact=True)
        yield Button("Esc Fechar", name="close", id="lgpd-close", compact=True)

    def explanation(self) -> str:
        return (
            "O convênio notifica a pendência do termo LGPD. Solicite o consentimento ao "
            "cliente ou continue a venda sem o termo."
        )

    def action_close(self) -> None:
        """Fechar: the same as Continuar sem termo."""
        self.action_continue()

    def action_continue(self) -> None:
        try:
            self.flow.continue_without_term(self.session, self.draft)
        except PdvError as exc:
            self.say(str(exc))
            return
        self.dismiss(ConsentResult.CONTINUED)
