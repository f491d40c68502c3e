"""The customer's 7 LGPD tab: per linked agreement the term status, the last query, and the
actions Atualizar status (F8) and Solicitar consentimento (F9), once the customer is saved.

A PJ has no LGPD control, and a branch without the LGPData product says how to get it. A failed
query shows Sem status with the reason; what was typed elsewhere on the screen is untouched.

The table fits the tab's width with no horizontal scroll: the rule, the status and the last query
as wide as their widest cell, the agreement (code and name) gets the room left; a name cut there
ends in "…" and is named whole under the table for the highlighted row.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from textual import events, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, DataTable, Static

from core.lgpd.consent import ConsentCheck, ConsentService
from core.lgpd.terms import UNSAVED_CUSTOMER, CustomerTerms, TermRow, customer_terms
from domain.enums import ConsentStatus, Module, PersonType
from tui.common.columns import SCROLLBAR, Column, fit_widths
from tui.lgpd.consent_receipt import checked_text, receipt_lines
from tui.text import cut, one_line, plain

# At 80 columns the two longest status names leave no room for the date of the query: the table
# shows them shortened and the line below it names them in full (show_detail).
SHORT_STATUS = {
    ConsentStatus.DELETION_REQUESTED: "Solic. exclusão",
    ConsentStatus.REVOCATION_REQUESTED: "Solic. remoção",
}
COLUMNS = (Column("Convênio", 12), Column("Regra"), Column("Status"), Column("Última consulta"))
AGREEMENT = 0


def term_widths(room: int, rows: Sequence[Sequence[str]], cell_padding: int = 1) -> tuple[int, ...]:
    """The width of each column of a table `room` cells wide: the agreement the rest, up to its
    longest (tui.common.columns)."""
    return fit_widths(room, COLUMNS, rows, AGREEMENT, cell_padding=cell_padding)


class CustomerLgpdPane(Vertical):
    class Checked(Message):
        """The portal answered F8 (or failed: the check says Sem status and why)."""

        def __init__(self, customer_id: int, agreement_id: int, check: ConsentCheck) -> None:
            super().__init__()
            self.customer_id = customer_id
            self.agreement_id = agreement_id
            self.check = check

    def __init__(self, customer_id: int | None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.customer_id = customer_id
        self.agreement_ids: list[int] = []
        self.person_type = PersonType.PERSON
        self.checks: dict[int, ConsentCheck] = {}
        self.busy: set[int] = set()
        self.terms = CustomerTerms(None, ())
        self.cells: list[tuple[str, ...]] = []
        self._widths: tuple[int, ...] = ()

    def compose(self) -> ComposeResult:
        yield Static("", id="lgpd-note")
        yield DataTable(id="lgpd-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="lgpd-detail")
        with Horizontal(classes="form-buttons", id="lgpd-buttons"):
            yield Button("Atualizar status (F8)", id="lgpd-refresh", compact=True)
            yield Button("Solicitar consentimento (F9)", id="lgpd-request", compact=True)

    def on_mount(self) -> None:
        self.redraw()

    def on_resize(self, event: events.Resize) -> None:
        """Shown (F7) or the terminal resized: the columns fit the tab's width."""
        if self.fill_table():
            self.show_detail()

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

    def selected(self) -> int | None:
        table = self.query_one("#lgpd-table", DataTable)
        if not table.row_count or not table.display:
            return None
        return int(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def redraw(self) -> None:
        """Reads core's view of the tab again (the stored terms and what F8/F9 may do) and draws it."""
        self.terms = customer_terms(self.app.session, self.customer_id, self.person_type, self.agreement_ids)
        table = self.query_one("#lgpd-table", DataTable)
        note = self.query_one("#lgpd-note", Static)
        blocked = self.terms.blocked
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
        self.cells = [
            (self.agreement_text(term), term.rule.label.split()[0], *self._status_of(term)) for term in self.terms.rows
        ]
        self._widths = ()
        self.fill_table()
        self.show_detail()

    @staticmethod
    def agreement_text(term: TermRow) -> str:
        return f"{one_line(term.code)} {one_line(term.name)}"

    def fill_table(self) -> bool:
        """The rows in columns that fit the tab's width, the highlight kept on its row; says
        whether it drew them (not when the widths are the ones drawn)."""
        table = self.query_one("#lgpd-table", DataTable)
        room = table.content_region.width or self.content_region.width or self.app.size.width - 2
        most = table.styles.max_height  # the table grows with its rows up to this height
        shown = (most.cells if most is not None and most.cells else self.app.size.height) - table.header_height
        if len(self.cells) > shown:
            room -= SCROLLBAR  # the rows overflow: the vertical scrollbar takes its columns
        widths = term_widths(room, self.cells, table.cell_padding)
        if widths == self._widths:
            return False
        self._widths = widths
        row = table.cursor_row
        table.clear(columns=True)
        for column, width in zip(COLUMNS, widths):
            table.add_column(column.label, width=width)
        for term, cells in zip(self.terms.rows, self.cells):
            agreement, *rest = cells  # the name is stored text; the rest are the tab's own words
            table.add_row(plain(cut(agreement, widths[AGREEMENT])), *rest, key=str(term.agreement_id))
        if table.row_count:
            table.move_cursor(row=min(max(row, 0), table.row_count - 1), animate=False)
        return True

    def name_cut(self, term: TermRow) -> bool:
        """Whether the table shows `term`'s agreement cut (the line under it names it whole)."""
        return bool(self._widths) and cell_len(self.agreement_text(term)) > self._widths[AGREEMENT]

    def _status_of(self, term: TermRow) -> tuple[str, str]:
        if term.agreement_id in self.busy:
            return "consultando...", ""
        if term.status is None:
            return "-", "não gravado"
        stored_when = checked_text(term.checked_at)
        check = self.checks.get(term.agreement_id)
        if check is not None and check.status is ConsentStatus.UNKNOWN:
            return ConsentStatus.UNKNOWN.label, stored_when
        return SHORT_STATUS.get(term.status, term.status.label), stored_when

    def show_detail(self) -> None:
        detail = self.query_one("#lgpd-detail", Static)
        agreement_id = self.selected()
        refresh = self.query_one("#lgpd-refresh", Button)
        request = self.query_one("#lgpd-request", Button)
        reason = self.action_problem(agreement_id)
        refresh.disabled = request.disabled = reason is not None
        term = self.terms.row(agreement_id)
        if term is None:
            detail.update(plain(reason or ""))
            return
        lines: list[str] = []
        if self.name_cut(term):
            lines.append(f"Convênio {one_line(term.code)} - {one_line(term.name)}")
        if agreement_id in self.busy:
            lines.append("Consultando o portal LGPData...")
            detail.update(plain("\n".join(lines)))
            return
        check = self.checks.get(agreement_id)
        if reason:
            lines.append(reason)
        if check is not None and check.failure:
            lines.append(f"Sem status: {check.failure}")
            if term.status is not None:
                lines.append(f"Último status conhecido: {term.status.label}.")
        elif term.status is not None:
            if check is not None and check.checked_at is not None:
                lines.append(f"Consultado no portal em {check.checked_at:%d/%m/%Y às %H:%M:%S}.")
            if term.status in SHORT_STATUS:
                lines.append(f"Status: {term.status.label}.")
            lines.extend(receipt_lines(term.receipt))
        detail.update(plain("\n".join(lines)))

    def action_problem(self, agreement_id: int | None) -> str | None:
        """Why Atualizar status / Solicitar consentimento cannot run for the selected row (core's
        answer, in the view)."""
        term = self.terms.row(agreement_id)
        if term is None:
            return UNSAVED_CUSTOMER if self.customer_id is None else "Selecione um convênio."
        return term.problem

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

    def _ready(self) -> int | None:
        """The selected agreement when F8/F9 may run on it; otherwise says why and gives None."""
        if self.terms.blocked:
            return None
        agreement_id = self.selected()
        problem = self.action_problem(agreement_id)
        if problem:
            self._say(problem)
            return None
        return agreement_id

    def refresh_status(self) -> None:
        agreement_id = self._ready()
        if agreement_id is None:
            return
        self.busy.add(agreement_id)
        self.redraw()
        self._query(self.customer_id, agreement_id)

    @work(group="lgpd-tab", exit_on_error=False)
    async def _query(self, customer_id: int, agreement_id: int) -> None:
        try:
            check = await ConsentService(self.app.context).query_status_of(
                self.app.session, customer_id, agreement_id, via=Module.CUSTOMERS
            )
        finally:
            self.busy.discard(agreement_id)
        self.post_message(self.Checked(customer_id, agreement_id, check))

    def on_customer_lgpd_pane_checked(self, message: Checked) -> None:
        message.stop()
        if message.customer_id != self.customer_id:
            return  # another customer is on screen now
        self.checks[message.agreement_id] = message.check
        self.redraw()

    def request_consent(self) -> None:
        agreement_id = self._ready()
        if agreement_id is None:
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
