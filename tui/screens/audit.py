"""Auditoria: the audit log, newest first (supervisor only; core refuses the others)."""
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
        yield DataTable(id="audit-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one("#audit-table", DataTable)
        table.add_columns("Data/hora", "Usuário", "Evento", "Detalhe")
        for entry in self.app.context.audit.entries(self.app.session, limit=500):
            table.add_row(f"{entry.at:%d/%m %H:%M:%S}", plain(one_line(entry.user)), plain(one_line(entry.event)),
                          plain(one_line(entry.detail)))
        table.focus()
