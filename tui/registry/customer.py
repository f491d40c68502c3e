"""Cadastro de cliente: Dados (PF/PJ, document), Vincular convênios, and the 7 LGPD tab.

Agreement links are edited on screen and written with the customer by Gravar (F2), in one
transaction. After saving a PF, the LGPD notice of the rule (Notificar / Bloquear) is shown when
an agreement has no accepted term. The LGPD tab's actions need the customer saved.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Input, Select, Static, TabbedContent, TabPane

from core.kernel.errors import PdvError
from core.lgpd.consent import has_consent_control
from core.registry.customers import CustomerForm, CustomerService, validate
from domain.documents import format_document
from domain.enums import DocumentType, PersonType
from tui.common.base import PdvScreen
from tui.common.confirm import ConfirmDialog
from tui.common.form import FormRow
from tui.common.message import MessageDialog
from tui.common.select import PdvSelect
from tui.lgpd.customer_tab import CustomerLgpdPane
from tui.registry.pick_agreement import PickAgreementDialog
from tui.text import cut, one_line, plain

PF_TYPES = [
    (kind.label, kind.value) for kind in (DocumentType.CPF, DocumentType.RG, DocumentType.PASSPORT, DocumentType.OTHER)
]
PJ_TYPES = [(DocumentType.CNPJ.label, DocumentType.CNPJ.value)]
"""A PJ's only document type: the field shows it, greyed (what Gravar stores for a PJ)."""
FIELDS = {"name": "customer-name", "document_type": "customer-doctype", "document": "customer-document"}


class CustomerScreen(PdvScreen):
    BINDINGS = [
        Binding("escape", "leave", "Voltar"),
        Binding("f2", "save", "Gravar"),
        Binding("f3", "tab('tab-data')", "Dados", show=False),
        Binding("f4", "tab('tab-agreements')", "Convênios", show=False),
        Binding("f7", "tab('tab-lgpd')", "LGPD", show=False),
        Binding("f5", "link", "Vincular"),
        Binding("f6", "unlink", "Desvincular"),
        Binding("f8", "refresh_status", "Atualizar status"),
        Binding("f9", "request_consent", "Solicitar consent."),
    ]

    def __init__(self, customer_id: int | None) -> None:
        super().__init__()
        self.customer_id = customer_id
        self.customer = CustomerService(self.app.context).get(self.app.session, customer_id) if customer_id else None
        self.agreement_ids: list[int] = list(self.customer.agreement_ids) if self.customer else []
        self.saved_state: tuple | None = None
        self.pf_doctype = self.first_pf_doctype()
        """The PF document type to show when the person type is (or goes back to) Pessoa Física."""

    def first_pf_doctype(self):
        """The stored type of a PF; CPF for a new customer or a PJ (none for a PF stored without one)."""
        customer = self.customer
        if customer is None or customer.person_type is PersonType.COMPANY:
            return DocumentType.CPF.value
        return customer.document_type if customer.document_type in {v for _, v in PF_TYPES} else Select.NULL

    # --- layout --------------------------------------------------------------------------------

    def compose_body(self) -> ComposeResult:
        customer = self.customer
        title = f"Cliente {customer.code} - {customer.name}" if customer else "Novo cliente"
        yield Static(plain(title), classes="screen-title", id="customer-title")
        with TabbedContent(id="customer-tabs"):
            with TabPane("Dados (F3)", id="tab-data"):
                with Vertical(classes="tab-body"):
                    person = customer.person_type.value if customer else PersonType.PERSON.value
                    yield FormRow(
                        "Tipo de pessoa",
                        PdvSelect(
                            [(p.label, p.value) for p in PersonType],
                            id="customer-person",
                            allow_blank=False,
                            value=person,
                            compact=True,
                        ),
                    )
                    yield FormRow(
                        "Nome",
                        Input(
                            one_line(customer.name) if customer else "",
                            id="customer-name",
                            max_length=120,
                            compact=True,
                        ),
                    )
                    company = PersonType(person) is PersonType.COMPANY
                    yield FormRow(
                        "Tipo de documento",
                        PdvSelect(
                            PJ_TYPES if company else PF_TYPES,
                            id="customer-doctype",
                            prompt="(selecione)",
                            compact=True,
                            value=DocumentType.CNPJ.value if company else self.pf_doctype,
                        ),
                    )
                    yield FormRow(
                        "Documento",
                        Input(
                            one_line(format_document(customer.document_type, customer.document)) if customer else "",
                            id="customer-document",
                            max_length=20,
                            compact=True,
                        ),
                    )
                    yield Static("", id="customer-doc-help", classes="hint")
            with TabPane("Convênios (F4)", id="tab-agreements"):
                yield DataTable(id="customer-agreements", cursor_type="row", zebra_stripes=True)
                yield Static("F5 vincula um convênio; F6 desvincula o selecionado. Grave com F2.", classes="hint")
            with TabPane("7 LGPD (F7)", id="tab-lgpd"):
                yield CustomerLgpdPane(self.customer_id, id="customer-lgpd")
        yield Static("", id="customer-message", classes="form-message")

    def on_mount(self) -> None:
        table = self.query_one("#customer-agreements", DataTable)
        table.add_columns("Código", "Nome", "Sem aceite de termo", "Operação")
        self.sync_person_type()
        self.refresh_agreements()
        self.saved_state = self.state()
        self.query_one("#customer-name", Input).focus()

    # --- Dados ---------------------------------------------------------------------------------

    def person_type(self) -> PersonType:
        return PersonType(self.query_one("#customer-person", Select).value)

    def sync_person_type(self) -> None:
        """The document type follows the person type: CNPJ (greyed) for a PJ; for a PF the
        choice it had (the stored type, or CPF)."""
        company = self.person_type() is PersonType.COMPANY
        doctype = self.query_one("#customer-doctype", Select)
        showing_company = doctype.value == DocumentType.CNPJ.value
        if company and not showing_company:
            self.pf_doctype = doctype.value  # kept for a switch back to Pessoa Física
            doctype.set_options(PJ_TYPES)
            doctype.value = DocumentType.CNPJ.value
        elif not company and showing_company:
            doctype.set_options(PF_TYPES)
            doctype.value = self.pf_doctype
        doctype.disabled = company
        help_text = (
            "Pessoa jurídica: CNPJ (numérico ou alfanumérico). Sem controle de termo LGPD."
            if company
            else "Pessoa física: CPF ou outro documento de identificação (RG, Passaporte...), exigido para o termo LGPD."
        )
        self.query_one("#customer-doc-help", Static).update(help_text)
        self.query_one(CustomerLgpdPane).set_person_type(self.person_type())
        self.refresh_bindings()

    @on(Select.Changed, "#customer-person")
    def person_changed(self) -> None:
        self.sync_person_type()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    def read_form(self) -> CustomerForm:
        person = self.person_type()
        doctype = self.query_one("#customer-doctype", Select).value
        return CustomerForm(
            customer_id=self.customer_id,
            name=self.query_one("#customer-name", Input).value,
            person_type=person,
            document_type=DocumentType.CNPJ
            if person is PersonType.COMPANY
            else (None if doctype is Select.NULL else DocumentType(doctype)),
            document=self.query_one("#customer-document", Input).value,
        )

    def state(self) -> tuple:
        form = self.read_form()
        return (form.name, form.person_type, form.document_type, form.document, tuple(self.agreement_ids))

    def say(self, text: str) -> None:
        self.query_one("#customer-message", Static).update(plain(text))

    # --- Convênios -----------------------------------------------------------------------------

    def refresh_agreements(self) -> None:
        table = self.query_one("#customer-agreements", DataTable)
        table.clear()
        for agreement in CustomerService(self.app.context).agreements(self.app.session, self.agreement_ids):
            table.add_row(
                plain(agreement.code),
                plain(cut(one_line(agreement.name), 30)),
                agreement.consent_rule.label,
                agreement.consent_operation.label if agreement.consent_operation else "-",
                key=str(agreement.id),
            )
        self.query_one(CustomerLgpdPane).set_agreements(self.agreement_ids)

    def action_link(self) -> None:
        choices = [
            a for a in CustomerService(self.app.context).agreements(self.app.session) if a.id not in self.agreement_ids
        ]
        if not choices:
            self.say("O cliente já está em todos os convênios.")
            return

        def picked(agreement_id: int | None) -> None:
            if agreement_id is not None:
                self.agreement_ids.append(agreement_id)
                self.refresh_agreements()
                self.say("Convênio vinculado: grave (F2) para confirmar.")

        self.app.push_screen(PickAgreementDialog(choices), picked)

    def action_unlink(self) -> None:
        table = self.query_one("#customer-agreements", DataTable)
        if not table.row_count:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        self.agreement_ids.remove(int(key.value))
        self.refresh_agreements()
        self.say("Convênio desvinculado: grave (F2) para confirmar.")

    # --- tabs and bindings ---------------------------------------------------------------------

    def action_tab(self, tab: str) -> None:
        self.query_one("#customer-tabs", TabbedContent).active = tab

    @on(TabbedContent.TabActivated)
    def tab_activated(self) -> None:
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        active = self.query_one("#customer-tabs", TabbedContent).active if self.is_mounted else ""
        if action in ("link", "unlink"):
            return active == "tab-agreements"
        if action in ("refresh_status", "request_consent"):
            # a PJ has no LGPD control: nothing to offer (its tab says why)
            return active == "tab-lgpd" and has_consent_control(self.person_type())
        return True

    def action_refresh_status(self) -> None:
        self.query_one(CustomerLgpdPane).refresh_status()

    def action_request_consent(self) -> None:
        self.query_one(CustomerLgpdPane).request_consent()

    # --- save / leave --------------------------------------------------------------------------

    def show_problems(self, problems: dict[str, str]) -> None:
        for name, widget_id in FIELDS.items():
            self.query_one(f"#{widget_id}").parent.set_problem(problems.get(name))

    def action_save(self) -> None:
        form = self.read_form()
        problems = validate(form)
        self.show_problems(problems)
        if problems:
            first = next(iter(problems))
            self.action_tab("tab-data")
            self.query_one(f"#{FIELDS[first]}").focus()
            self.say(problems[first])
            return
        service = CustomerService(self.app.context)
        try:
            customer = service.save(self.app.session, form, list(self.agreement_ids))
        except PdvError as exc:
            self.say(str(exc))
            return
        created = self.customer_id is None
        self.customer_id = customer.id
        self.customer = customer
        self.query_one("#customer-title", Static).update(plain(f"Cliente {customer.code} - {customer.name}"))
        self.query_one("#customer-document", Input).value = format_document(customer.document_type, customer.document)
        self.saved_state = self.state()
        self.query_one(CustomerLgpdPane).set_customer(customer.id)
        self.say(f"Cliente {customer.code} {'cadastrado' if created else 'gravado'}.")
        notice = service.consent_notice(self.app.session, customer.id)
        if notice is not None:

            def then(_: None) -> None:
                self.action_tab("tab-lgpd")

            self.app.push_screen(MessageDialog(notice.title, notice.text), then)

    def edited(self) -> bool:
        return self.is_mounted and self.saved_state is not None and self.state() != self.saved_state

    @property
    def unfinished_work(self) -> str | None:
        """Ctrl+Q asks before leaving edits not saved (tui.leaving), as Esc does."""
        return "Há alterações deste cliente não gravadas." if self.edited() else None

    def action_leave(self) -> None:
        if self.edited():

            def answered(discard: bool | None) -> None:
                if discard:
                    self.app.pop_screen()

            self.app.push_screen(
                ConfirmDialog(
                    "Alterações não gravadas", "Sair sem gravar as alterações deste cliente?", "Sair sem gravar"
                ),
                answered,
            )
            return
        self.app.pop_screen()
