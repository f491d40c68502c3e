"""Solicitar consentimento: asks the portal for a new request and shows its link and QR code.

The dialog stays open while the customer answers on the phone and offers Consulta status; it
closes with Fechar (Esc), returning the last ConsentCheck (or None). The sale flow reuses it:
`close_on_accept=True` closes it by itself when Consulta status answers Aceito.
"""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Static

from core.kernel.errors import PdvError
from core.lgpd.consent import ConsentCheck, ConsentRequest, ConsentService
from core.lgpd.terms import term_subject
from core.lgpd.words import meaning
from domain.enums import ConsentStatus, Module
from tui.lgpd.consent_receipt import receipt_lines
from tui.lgpd.qr import QrCode
from tui.text import one_line, plain


class ConsentLinkDialog(ModalScreen[ConsentCheck | None]):
    class Requested(Message):
        """The portal made the request (`created`), or could not (`error`)."""

        def __init__(self, created: ConsentRequest | None, error: str | None = None) -> None:
            super().__init__()
            self.created = created
            self.error = error

    class Checked(Message):
        """Consulta status answered (a failure comes as Sem status with its reason)."""

        def __init__(self, check: ConsentCheck) -> None:
            super().__init__()
            self.check = check

    BINDINGS = [
        Binding("escape", "close", "Fechar"),
        Binding("f8", "query", "Consulta status"),
        Binding("f9", "request", "Nova solicitação"),
        # a modal screen stops the app's own bindings: F12 is offered here (see ConsentDialog)
        Binding("f12", "app.instructor_panel", "Painel do instrutor", show=False),
    ]

    def __init__(
        self,
        customer_id: int,
        agreement_id: int,
        *,
        via: Module | None = None,
        close_on_accept: bool = False,
        request: ConsentRequest | None = None,
    ) -> None:
        super().__init__()
        self.customer_id = customer_id
        self.agreement_id = agreement_id
        self.via = via
        self.close_on_accept = close_on_accept
        self.consent_request = request
        self.last_check: ConsentCheck | None = None

    def compose(self) -> ComposeResult:
        subject = term_subject(self.app.session, self.customer_id, self.agreement_id, via=self.via)
        with Vertical(classes="dialog", id="consent-link"):
            yield Static("Solicitar consentimento LGPD", classes="dialog-title")
            with Horizontal(id="consent-link-body"):
                yield QrCode(id="consent-qr")
                with Vertical(id="consent-link-side"):
                    yield Static(
                        plain(
                            f"{one_line(subject.customer_name)}\n"
                            f"Convênio {subject.agreement_code} - {one_line(subject.agreement_name)}"
                        ),
                        id="consent-who",
                    )
                    yield Static("Gerando o link no portal...", id="consent-link-text")
                    yield Static("", id="consent-status")
                    yield Static("", id="consent-detail")
                    with Horizontal(id="consent-link-buttons"):
                        yield Button("Consulta status", id="consent-query", compact=True, disabled=True)
                        yield Button("Fechar", id="consent-close", compact=True)
        # its own keys: without a Footer of its own the one of the screen underneath shows through
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        if self.consent_request is not None:
            self._show_request(self.consent_request)
        else:
            self.action_request()

    # --- actions -----------------------------------------------------------------------------

    def action_request(self) -> None:
        self.query_one("#consent-link-text", Static).update("Gerando o link no portal...")
        self.query_one("#consent-status", Static).update("")
        self.query_one("#consent-detail", Static).update("")
        self._request()

    def action_query(self) -> None:
        if self.query_one("#consent-query", Button).disabled:
            return
        self.query_one("#consent-status", Static).update("Consultando o status no portal...")
        self._query()

    def action_close(self) -> None:
        self.dismiss(self.last_check)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "consent-query":
            self.action_query()
        else:
            self.action_close()

    # --- workers (async, on the app's loop): each posts its result; the handlers draw it ----
    # (a result that arrives after Esc closed the dialog is dropped with the dialog)

    def _service(self) -> ConsentService:
        return ConsentService(self.app.context)

    @work(exclusive=True, group="consent-link", exit_on_error=False)
    async def _request(self) -> None:
        try:
            created = await self._service().request_consent_of(
                self.app.session, self.customer_id, self.agreement_id, via=self.via
            )
        except PdvError as exc:
            self.post_message(self.Requested(None, str(exc)))
            return
        self.post_message(self.Requested(created))

    def on_consent_link_dialog_requested(self, message: Requested) -> None:
        if message.created is None:
            self.query_one("#consent-link-text", Static).update(
                plain(
                    f"Não foi possível solicitar o consentimento:\n{message.error}\n\n"
                    "F8 consulta o status do termo; F9 tenta de novo."
                )
            )
            self.query_one("#consent-query", Button).disabled = False  # the term's status is there to ask
            return
        self.consent_request = message.created
        self._show_request(message.created)

    def _show_request(self, created: ConsentRequest) -> None:
        self.query_one("#consent-qr", QrCode).set_data(created.link)
        self.query_one("#consent-link-text", Static).update(
            plain(f"Link do termo (leia o QR code com o celular):\n{one_line(created.link)}")
        )
        self.query_one("#consent-status", Static).update(
            plain(f"Status: {created.status.label} (solicitação {one_line(created.request_id)})")
        )
        self.query_one("#consent-detail", Static).update("Após o aceite do cliente, use Consulta status (F8).")
        button = self.query_one("#consent-query", Button)
        button.disabled = False
        button.focus()

    @work(exclusive=True, group="consent-link", exit_on_error=False)
    async def _query(self) -> None:
        check = await self._service().query_status_of(
            self.app.session, self.customer_id, self.agreement_id, via=self.via
        )
        self.post_message(self.Checked(check))

    def on_consent_link_dialog_checked(self, message: Checked) -> None:
        check = message.check
        self.last_check = check
        status = self.query_one("#consent-status", Static)
        detail = self.query_one("#consent-detail", Static)
        if check.failure:
            status.update(f"Status: {ConsentStatus.UNKNOWN.label}")
            detail.update(plain(check.failure))
            return
        status.update(f"Status: {check.status.label} (consultado {check.checked_at:%d/%m/%Y %H:%M})")
        detail.update(plain("\n".join(receipt_lines(check.receipt)) or meaning(check.status)))
        if check.status is ConsentStatus.ACCEPTED and self.close_on_accept:
            self.dismiss(check)
