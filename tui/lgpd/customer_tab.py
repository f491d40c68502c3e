"""The customer's 7 LGPD tab: per linked agreement the term status, the last query, and the
actions Atualizar status (F8) and Solicitar consentimento (F9), once the customer is saved.

A PJ has no LGPD control, and a branch without the LGPData product says how to get it. A failed
query shows Sem status with the reason; what was typed elsewhere on the screen is untouched.
"""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, DataTable, Static

from core.lgpd.consent import ConsentCheck, ConsentService, has_consent_control, load_receipt, unavailable_reason
from domain.enums import ConsentRule, ConsentStatus, Module, PersonType
from storage.models import Agreement, Branch, Customer, CustomerAgreement
from tui.common.shown import still_shown
from tui.lgpd.consent_receipt import checked_text, receipt_lines
from tui.text import cut, one_line, plain

PJ_TEXT = (
    "Pessoa jurídica: somente os clientes do tipo pessoa física possuem controle de termo LGPD; "
    "pessoas jurídicas (empresas) não possuem controle de dados."
)

# At 80 columns the two longest status names leave no room for the date of the query: the table
# shows them shortened and the line below it names them in full (show_detail).
SHORT_STATUS = {
    ConsentStatus.DELETION_REQUESTED: "Solic. exclusão",
    ConsentStatus.REVOCATION_REQUESTED: "Solic. remoção",
}


class CustomerLgpdPane(Vertical):
    def __init__(self, customer_id: int | None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.customer_id = customer_id
        self.agreement_ids: list[int] = []
        self.person_type = PersonType.PERSON
        self.checks: dict[int, ConsentCheck] = {}
        self.busy: set[int] = set()

    def compose(self) -> ComposeResult:
        yield Static("", id="lgpd-note")
        yield DataTable(id="lgpd-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="lgpd-detail")
        with Horizontal(classes="form-buttons", id="lgpd-buttons"):
            yield Button("Atualizar status (F8)", id="lgpd-refresh", compact=True)
            yield Button("Solicitar consentimento (F9)", id="lgpd-request", compact=True)

    def on_mount(self) -> None:
        self.query_one("#lgpd-table", DataTable).add_columns("Convênio", "Regra", "Status", "Última consulta")
        self.redraw()

    def on_show(self) -> None:
        """The tab came into view (F7): the arrows go to the agreements, not to the tab strip
        (with the focus left on a field of another tab, or on the tabs, Right changed the tab)."""
        table = self.query_one("#lgpd-table", DataTable)
        focused = self.screen.focused
        if focused is not None and focused.visible and self in focused.ancestors:
            return  # already here (a button of the tab, or the table itself)
        if table.display and table.row_count:
            table.focus()

    # --- what the screen tells the pane -------------------------------------------------------

    def set_person_type(self, person_type: PersonType) -> None:
        self.person_type = person_type
        if self.is_mounted:
            self.redraw()

    def set_agreements(self, agreement_ids: list[int]) -> None:
        self.agreement_ids = list(agreement_ids)
        if self.is_mounted:
            self.redraw()

    def set_customer(self, customer_id: int) -> None:
        self.customer_id = customer_id
        self.checks.clear()
        self.redraw()

    # --- drawing -------------------------------------------------------------------------------

    def _blocked_reason(self) -> str | None:
        """Why the whole tab has no LGPD control (PJ, product not enabled), or None."""
        if not has_consent_control(self.person_type):
            return PJ_TEXT
        branch = Branch.get_by_id(self.app.session.branch_id)
        if not branch.lgpd_enabled:
            return unavailable_reason(branch)
        return None

    def _link(self, agreement_id: int) -> CustomerAgreement | None:
        if self.customer_id is None:
            return None
        return CustomerAgreement.get_or_none(
            (CustomerAgreement.customer == self.customer_id) & (CustomerAgreement.agreement == agreement_id)
        )

    def selected(self) -> int | None:
        table = self.query_one("#lgpd-table", DataTable)
        if not table.row_count or not table.display:
            return None
        return int(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def redraw(self) -> None:
        table = self.query_one("#lgpd-table", DataTable)
        note = self.query_one("#lgpd-note", Static)
        blocked = self._blocked_reason()
        table.display = blocked is None
        self.query_one("#lgpd-buttons").display = blocked is None
        self.query_one("#lgpd-detail", Static).display = blocked is None
        if blocked:
            note.update(plain(blocked))
            return
        if self.customer_id is None:
            note.update("Grave o cadastro do cliente (F2) para usar as ações do termo LGPD.")
        elif not self.agreement_ids:
            note.update("O cliente não está em nenhum convênio: vincule na guia Convênios (F4).")
        else:
            note.update("Termo LGPD por convênio do cliente:")
        row = table.cursor_row
        table.clear()
        for agreement in Agreement.select().where(Agreement.id.in_(self.agreement_ids)).order_by(Agreement.code):
            status, when = self._status_of(agreement.id)
            table.add_row(
                plain(cut(f"{one_line(agreement.code)} {one_line(agreement.name)}", 32)),
                ConsentRule(agreement.consent_rule).label.split()[0],
                status,
                when,
                key=str(agreement.id),
            )
        if table.row_count:
            table.move_cursor(row=min(max(row, 0), table.row_count - 1))
        self.show_detail()

    def _status_of(self, agreement_id: int) -> tuple[str, str]:
        if agreement_id in self.busy:
            return "consultando...", ""
        link = self._link(agreement_id)
        check = self.checks.get(agreement_id)
        if link is None:
            return "-", "não gravado"
        stored_when = checked_text(link.consent_checked_at)
        if check is not None and check.status is ConsentStatus.UNKNOWN:
            return ConsentStatus.UNKNOWN.label, stored_when
        status = ConsentStatus(link.consent_status)
        return SHORT_STATUS.get(status, status.label), stored_when

    def show_detail(self) -> None:
        detail = self.query_one("#lgpd-detail", Static)
        agreement_id = self.selected()
        refresh = self.query_one("#lgpd-refresh", Button)
        request = self.query_one("#lgpd-request", Button)
        reason = self.action_problem(agreement_id)
        refresh.disabled = request.disabled = reason is not None
        if agreement_id is None:
            detail.update(plain(reason or ""))
            return
        if agreement_id in self.busy:
            detail.update("Consultando o portal LGPData...")
            return
        check = self.checks.get(agreement_id)
        link = self._link(agreement_id)
        lines: list[str] = []
        if reason:
            lines.append(reason)
        if check is not None and check.failure:
            lines.append(f"Sem status: {check.failure}")
            if link is not None:
                lines.append(f"Último status conhecido: {ConsentStatus(link.consent_status).label}.")
        elif link is not None:
            if check is not None and check.checked_at is not None:
                lines.append(f"Consultado no portal em {check.checked_at:%d/%m/%Y às %H:%M:%S}.")
            if ConsentStatus(link.consent_status) in SHORT_STATUS:
                lines.append(f"Status: {ConsentStatus(link.consent_status).label}.")
            lines.extend(
                receipt_lines(load_receipt(link)) if link.consent_status == ConsentStatus.ACCEPTED.value else []
            )
        detail.update(plain("\n".join(lines)))

    def action_problem(self, agreement_id: int | None) -> str | None:
        """Why Atualizar status / Solicitar consentimento cannot run for the selected row."""
        if self.customer_id is None:
            return "Grave o cadastro do cliente (F2) antes de usar as ações do termo."
        if agreement_id is None:
            return "Selecione um convênio."
        if self._link(agreement_id) is None:
            return "Convênio ainda não gravado para o cliente: grave (F2)."
        customer = Customer.get_by_id(self.customer_id)
        if not customer.document:
            return "Cliente sem documento de identificação: informe na guia Dados e grave."
        if not Agreement.get_by_id(agreement_id).consent_operation:
            return "Convênio sem Código operação: configure em Convênios (F6)."
        branch = Branch.get_by_id(self.app.session.branch_id)
        return unavailable_reason(branch)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self.show_detail()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "lgpd-refresh":
            self.refresh_status()
        else:
            self.request_consent()

    # --- actions -------------------------------------------------------------------------------

    def _say(self, text: str) -> None:
        self.query_one("#lgpd-detail", Static).update(plain(text))

    def refresh_status(self) -> None:
        if self._blocked_reason():
            return
        agreement_id = self.selected()
        problem = self.action_problem(agreement_id)
        if problem:
            self._say(problem)
            return
        self.busy.add(agreement_id)
        self.redraw()
        self._query(agreement_id)

    @work(group="lgpd-tab", exit_on_error=False)
    async def _query(self, agreement_id: int) -> None:
        customer = Customer.get_by_id(self.customer_id)
        agreement = Agreement.get_by_id(agreement_id)
        try:
            check = await ConsentService(self.app.context).query_status(
                self.app.session,
                customer,
                agreement,
                via=Module.CUSTOMERS,
            )
        finally:
            self.busy.discard(agreement_id)
        self.checks[agreement_id] = check
        if not still_shown(self):  # the customer was closed while the portal answered
            return
        self.redraw()

    def request_consent(self) -> None:
        if self._blocked_reason():
            return
        agreement_id = self.selected()
        problem = self.action_problem(agreement_id)
        if problem:
            self._say(problem)
            return
        from tui.lgpd.consent_link import ConsentLinkDialog

        def closed(check: ConsentCheck | None) -> None:
            if check is not None:
                self.checks[agreement_id] = check
            else:
                self.checks.pop(agreement_id, None)
            self.redraw()

        self.app.push_screen(
            ConsentLinkDialog(self.customer_id, agreement_id, via=Module.CUSTOMERS),
            closed,
        )
