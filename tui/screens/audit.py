"""Auditoria: the audit log, newest first (supervisor only; core refuses the others). When the
hash chain is broken (core checks it), one line under the title names the first bad entry."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from tui.screens.base import PdvScreen
from tui.text import one_line, plain


class AuditScreen(PdvScreen):
    BINDINGS = [Binding("escape", "app.pop_screen", "Voltar")]

    def compose_body(self) -> ComposeResult:
        yield Static("Auditoria", classes="screen-title")
        warning = Static("", id="audit-chain")
        warning.display = False
        yield warning
        yield DataTable(id="audit-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one("#audit-table", DataTable)
        table.add_columns("Data/hora", "Usuário", "Evento", "Detalhe")
        for entry in self.app.context.audit.entries(self.app.session, limit=500):
            table.add_row(f"{entry.at:%d/%m %H:%M:%S}", plain(one_line(entry.user)), plain(one_line(entry.event)),
                          plain(one_line(entry.detail)))
        self.show_chain(self.app.context.audit.chain_warning(self.app.session, width=max(self.app.size.width - 2, 40)))
        table.focus()

    def show_chain(self, warning: str | None) -> None:
        line = self.query_one("#audit-chain", Static)
        line.update(plain(warning or ""))
        line.display = bool(warning)
