"""What the Notificar and Bloquear dialogs share: who and which agreement, the term status, and
the two actions that talk to the portal (Solicitar consentimento, Consulta status), each in a
worker that posts its result back. Subclasses add their own buttons and closing rule."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Static

from core.kernel.errors import PdvError
from core.lgpd.decision import ConsentDecision, Step
from domain.enums import ConsentStatus
from tui.common.errors import unexpected
from tui.text import one_line, plain, printable

if TYPE_CHECKING:
    from core.kernel.session import Session
    from core.lgpd.sale_check import ConsentFlow
    from core.sales.draft import Draft


class ConsentResult(str, Enum):
    ACCEPTED = "aceito"
    CONTINUED = "continuou"
    ABORTED = "abortada"
    RELEASED = "liberada"


class ConsentDialog(ModalScreen[ConsentResult]):
    TITLE_TEXT = ""
    BINDINGS: list[Binding] = [
        # a modal screen stops the app's own bindings: F12 is offered here so a trainer can flip
        # the customer's status on the portal while the dialog waits (closing it comes back here)
        Binding("f12", "app.instructor_panel", "Painel do instrutor", show=False),
    ]  # each dialog orders its own keys for the Footer
    REQUEST = Binding("f2", "request", "Solicitar")
    REFRESH = Binding("f8", "refresh", "Consulta status")

    class Refreshed(Message):
        def __init__(self, decision: ConsentDecision | None, error: str | None = None) -> None:
            super().__init__()
            self.decision = decision
            self.error = error

    class StatusChanged(Message):
        """Posted to the screen underneath (the sale) after a Consulta status: its header shows
        the term's status too, and must not go stale while the dialog stays open."""

        def __init__(self, draft: Draft) -> None:
            super().__init__()
            self.draft = draft

    def __init__(self, flow: ConsentFlow, session: Session, draft: Draft) -> None:
        super().__init__()
        self.flow = flow
        self.session = session
        self.draft = draft

    @property
    def decision(self) -> ConsentDecision:
        return self.draft.gate.decision

    # --- layout -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog lgpd-dialog"):
            yield Static(self.TITLE_TEXT, classes="dialog-title")
            yield Static(plain(self.who_text()), id="lgpd-who")
            yield Static("", id="lgpd-status")
            yield Static(self.explanation(), id="lgpd-text", classes="dialog-body")
            with Grid(classes="lgpd-buttons"):
                yield from self.buttons()
            # shown only with something to say: an empty line here was a blank band at the foot
            message = Static("", id="lgpd-message", classes="hint-text")
            message.display = False
            yield message
        yield Footer(compact=True, show_command_palette=False)

    def buttons(self) -> ComposeResult:
        yield from ()

    def who_text(self) -> str:
        customer, agreement = self.draft.customer, self.draft.agreement
        return (
            f"Cliente: {one_line(customer.name)} ({customer.document_label})\n"
            f"Convênio: {one_line(agreement.name)} - {agreement.rule.label}"
        )

    def explanation(self) -> str:
        return ""

    def on_mount(self) -> None:
        self.show_status()
        self.query(Button).first().focus()

    def show_status(self) -> None:
        gate = self.draft.gate
        status = gate.status or ConsentStatus.UNKNOWN
        when = f"(consultado em {gate.checked_at:%d/%m/%Y %H:%M})" if gate.checked_at else ""
        # the space after the label goes with the label: a run of text that starts with a space
        # lost it in the snapshot pictures (SVG), which read "Expirado(consultado..."
        text = Text.assemble("Status do termo: ", (f"{status.label} " if when else status.label, "bold"), when)
        if status == ConsentStatus.UNKNOWN and gate.failure:
            text.append(f"\n{printable(gate.failure)}")
        self.query_one("#lgpd-status", Static).update(text)

    def say(self, text: str) -> None:
        message = self.query_one("#lgpd-message", Static)
        message.update(plain(text))
        message.display = bool(text)

    # --- buttons and keys ---------------------------------------------------------------------

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        action = event.button.name
        if action:
            self.run_action(action)

    def action_request(self) -> None:
        """Solicitar consentimento: the consent-link dialog creates the request and shows the
        link and its QR code; this dialog stays underneath."""
        from tui.lgpd.consent_link import ConsentLinkDialog

        gate = self.draft.gate
        self.say("Link de consentimento: após o aceite do cliente, Consulta status.")
        self.app.push_screen(
            ConsentLinkDialog(gate.customer_id, gate.agreement_id, via=self.draft.module, close_on_accept=True),
            self._link_closed,
        )

    def _link_closed(self, check) -> None:
        """The consent-link dialog returns its last Consulta status (or None): decide with it."""
        if check is None:
            return
        try:
            decision = self.flow.apply_answer(self.session, self.draft, check.status, check.checked_at, check.failure)
        except PdvError as exc:
            self.say(str(exc))
            return
        self.post_message(self.Refreshed(decision))

    def action_refresh(self) -> None:
        self.say("Consultando o status no portal LGPData...")
        self._refresh()

    @work(exclusive=True, group="lgpd-refresh", exit_on_error=False)
    async def _refresh(self) -> None:
        try:
            decision = await self.flow.refresh(self.session, self.draft)
        except PdvError as exc:
            self.post_message(self.Refreshed(None, str(exc)))
            return
        except Exception as exc:  # never a traceback at the counter
            self.post_message(self.Refreshed(None, unexpected(exc)))
            return
        self.post_message(self.Refreshed(decision))

    def on_consent_dialog_refreshed(self, message: Refreshed) -> None:
        if message.error:
            self.say(message.error)
            return
        self.show_status()
        self.tell_the_screen_below()
        if message.decision.step == Step.PROCEED:
            self.dismiss(ConsentResult.ACCEPTED)
            return
        gate = self.draft.gate
        if gate.status == ConsentStatus.UNKNOWN:
            self.say(f"Sem status: {gate.failure or 'o portal não respondeu'}.")
        else:
            self.say(f"Termo ainda não aceito ({gate.status.label}).")
        self.decision_changed()

    def tell_the_screen_below(self) -> None:
        stack = self.app.screen_stack
        if self in stack and stack.index(self) > 0:
            stack[stack.index(self) - 1].post_message(self.StatusChanged(self.draft))

    def decision_changed(self) -> None:
        """A new answer of the portal (e.g. Sem status now offers the supervisor release)."""
