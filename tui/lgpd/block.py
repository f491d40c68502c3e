"""Bloquear venda: the sale needs the accepted term. Solicitar consentimento (the dialog stays),
Abortar venda, Consulta status, Fechar (= Abortar venda); with no answer from the portal (Sem
status) also the release of this one sale by a supervisor."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Button

from core.kernel.errors import PdvError
from core.lgpd.decision import Step
from tui.lgpd.dialog import ConsentDialog, ConsentResult
from tui.lgpd.supervisor_release import SupervisorReleaseDialog


class BlockDialog(ConsentDialog):
    TITLE_TEXT = "LGPD: venda bloqueada sem termo de consentimento"
    BINDINGS = [
        ConsentDialog.REQUEST,
        Binding("f3", "abort", "Abortar venda"),
        ConsentDialog.REFRESH,
        # short: with F7 offered the five keys must fit the Footer at 80 columns (Esc Fechar too)
        Binding("f7", "release", "Liberar"),
        Binding("escape", "close", "Fechar"),
    ]

    @property
    def release_offered(self) -> bool:
        return self.decision.step == Step.BLOCK_WITH_RELEASE

    def buttons(self) -> ComposeResult:
        yield Button("F2 Solicitar consentimento", name="request", id="lgpd-request", compact=True)
        yield Button("F3 Abortar venda", name="abort", id="lgpd-abort", compact=True, variant="error")
        yield Button("F8 Consulta status", name="refresh", id="lgpd-refresh", compact=True)
        yield Button("Esc Fechar", name="close", id="lgpd-close", compact=True)
        yield Button("F7 Liberar com supervisor", name="release", id="lgpd-release", compact=True, variant="warning")

    def explanation(self) -> str:
        if self.release_offered:
            return (
                "O convênio exige o termo LGPD aceito e o portal LGPData não respondeu. "
                "A venda pode ser liberada com usuário e senha de um supervisor."
            )
        return "O convênio exige o termo LGPD aceito. Solicite o consentimento ou aborte a venda."

    def on_mount(self) -> None:
        super().on_mount()
        self.decision_changed()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "release":
            return self.release_offered
        return True

    def decision_changed(self) -> None:
        self.query_one("#lgpd-release", Button).display = self.release_offered
        self.query_one("#lgpd-text").update(self.explanation())
        self.refresh_bindings()

    def action_close(self) -> None:
        """Fechar: the same as Abortar venda."""
        self.action_abort()

    def action_abort(self) -> None:
        try:
            self.flow.abort(self.session, self.draft)
        except PdvError as exc:
            self.say(str(exc))
            return
        self.dismiss(ConsentResult.ABORTED)

    def action_release(self) -> None:
        if not self.release_offered:
            return

        def check(login: str, password: str) -> str:
            return self.flow.release(self.session, self.draft, login, password)

        self.app.push_screen(SupervisorReleaseDialog(check), self._released)

    def _released(self, supervisor: str | None) -> None:
        if supervisor:
            self.dismiss(ConsentResult.RELEASED)
