"""Auditoria: the audit log, newest first (supervisor only; core refuses the others). When the
hash chain is broken (core checks it), one line under the title names the first bad entry.

The columns fit the terminal (the detail gets the room left, cut with "…"); Enter opens the
entry under the cursor whole (AuditDetailDialog)."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from tui.audit.detail import AuditDetailDialog, AuditView
from tui.common.base import PdvScreen
from tui.text import one_line, plain

WHEN = 14
"""dd/mm HH:MM:SS"""
MOST_USER = 14
MOST_EVENT = 30
"""The longest event names (lgpd_solicitacao_consentimento, lgpd_venda_liberada_supervisor) are
whole: several share a prefix (cliente_convenio_vinculado / _desvinculado), so a cut one misleads."""
LEAST_DETAIL = 10
SCROLLBAR = 2
"""Kept free for the vertical scrollbar of a long log, so the columns never need a horizontal one."""


def audit_widths(room: int, entries: list[AuditView], cell_padding: int = 1) -> tuple[int, int, int, int]:
    """Data/hora, Usuário, Evento as wide as their cells (up to a limit), Detalhe the rest."""
    user = min(MOST_USER, max([cell_len("Usuário"), *(cell_len(e.user) for e in entries)]))
    event = min(MOST_EVENT, max([cell_len("Evento"), *(cell_len(e.event) for e in entries)]))
    detail = max(LEAST_DETAIL, room - SCROLLBAR - WHEN - user - event - 8 * cell_padding)
    return WHEN, user, event, detail


def cell(text: str) -> Text:
    cut = plain(text)
    cut.no_wrap, cut.overflow = True, "ellipsis"
    return cut


class AuditScreen(PdvScreen):
    BINDINGS = [
        Binding("enter", "detail", "Detalhe", priority=True),
        Binding("escape", "app.pop_screen", "Voltar"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[AuditView] = []
        self._widths: tuple[int, ...] = ()

    def compose_body(self) -> ComposeResult:
        yield Static("Auditoria", classes="screen-title")
        warning = Static("", id="audit-chain")
        warning.display = False
        yield warning
        yield DataTable(id="audit-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        session = self.app.session
        self.entries = [AuditView.of(entry) for entry in self.app.context.audit.entries(session, limit=500)]
        self.fill_table()
        self.show_chain(self.app.context.audit.chain_warning(session, width=max(self.app.size.width - 2, 40)))
        self.query_one("#audit-table", DataTable).focus()

    def on_resize(self, event: events.Resize) -> None:
        self.fill_table()

    def fill_table(self) -> None:
        """The log in columns that fit the terminal's width (drawn again when the width changes)."""
        table = self.query_one("#audit-table", DataTable)
        widths = audit_widths(self.app.size.width, self.entries, table.cell_padding)
        if widths == self._widths:
            return
        self._widths = widths
        row = table.cursor_row
        table.clear(columns=True)
        for label, width in zip(("Data/hora", "Usuário", "Evento", "Detalhe"), widths):
            table.add_column(label, width=width)
        for entry in self.entries:
            table.add_row(
                f"{entry.at:%d/%m %H:%M:%S}", cell(entry.user), cell(entry.event), cell(one_line(entry.detail))
            )
        if self.entries:
            table.move_cursor(row=min(row, len(self.entries) - 1), animate=False)

    def action_detail(self) -> None:
        table = self.query_one("#audit-table", DataTable)
        if not self.entries:
            self.say("A auditoria não tem entradas.")
            return
        self.app.push_screen(AuditDetailDialog(self.entries[table.cursor_row]))

    def show_chain(self, warning: str | None) -> None:
        line = self.query_one("#audit-chain", Static)
        line.update(plain(warning or ""))
        line.display = bool(warning)
