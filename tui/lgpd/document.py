"""Bloquear and a PF without an identification document: the PDV asks for one (CPF, RG,
Passaporte or another), saves it to the customer, then requires the term as usual. Esc aborts
the sale, as Fechar does in the Bloquear dialog."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Label, RadioButton, RadioSet, Static

from core.kernel.errors import PdvError
from core.registry.customers import PF_DOCUMENT_TYPES
from tui.lgpd.dialog import ConsentResult
from tui.text import one_line, plain

if TYPE_CHECKING:
    from core.kernel.session import Session
    from core.lgpd.sale_check import ConsentFlow
    from core.sales.draft import Draft

SAVED = "documento"


class AskDocumentDialog(ModalScreen[str]):
    BINDINGS = [
        Binding("f2", "save", "Gravar documento"),
        Binding("f3", "abort", "Abortar venda"),
        Binding("escape", "close", "Fechar (aborta)"),
    ]

    def __init__(self, flow: ConsentFlow, session: Session, draft: Draft) -> None:
        super().__init__()
        self.flow = flow
        self.session = session
        self.draft = draft

    def compose(self) -> ComposeResult:
        customer, agreement = self.draft.customer, self.draft.agreement
        with Vertical(classes="dialog"):
            yield Static("LGPD: documento de identificação", classes="dialog-title")
            yield Static(
                plain(
                    f"Cliente: {one_line(customer.name)} (sem documento)\n"
                    f"Convênio: {one_line(agreement.name)} - {agreement.rule.label}\n\n"
                    "Para exigir o termo LGPD é preciso um documento de identificação do "
                    "cliente. Ele será gravado no cadastro."
                ),
                classes="dialog-body",
            )
            yield Label("Tipo de documento")
            with RadioSet(id="document-type", compact=True):
                for index, kind in enumerate(PF_DOCUMENT_TYPES):
                    yield RadioButton(kind.label, value=index == 0)
            yield Label("Número")
            yield Input(id="document-number", max_length=24)
            error = Static("", id="document-error", classes="error-text")
            error.display = False  # shown with an error only: no blank band at the foot
            yield error
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#document-number", Input).focus()

    def show_error(self, text: object) -> None:
        error = self.query_one("#document-error", Static)
        error.update(plain(text))
        error.display = True

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        radios = self.query_one("#document-type", RadioSet)
        kind = PF_DOCUMENT_TYPES[radios.pressed_index if radios.pressed_index >= 0 else 0]
        number = self.query_one("#document-number", Input)
        try:
            self.flow.save_document(self.session, self.draft, kind, number.value)
        except PdvError as exc:
            self.show_error(exc)
            number.focus()
            return
        self.dismiss(SAVED)

    def action_close(self) -> None:
        """Fechar: as in the Bloquear dialog, the sale is aborted."""
        self.action_abort()

    def action_abort(self) -> None:
        try:
            self.flow.abort(self.session, self.draft)
        except PdvError as exc:
            self.show_error(exc)
            return
        self.dismiss(ConsentResult.ABORTED)
