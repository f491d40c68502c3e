"""Clientes (F5): search as you type by name, code or document; open or create a customer."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Input, Static

from core.registry.customers import CustomerService
from domain.documents import format_document
from domain.enums import PersonType
from tui.common.base import PdvScreen
from tui.text import cut, one_line, plain


class CustomersScreen(PdvScreen):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Voltar"),
        Binding("f2", "new", "Novo cliente"),
        Binding("down", "to_table", "Lista", show=False),
    ]

    def compose_body(self) -> ComposeResult:
        yield Static("Clientes", classes="screen-title")
        yield Input(id="customers-search", placeholder="Buscar por nome, código, CPF/CNPJ ou documento", compact=True)
        yield DataTable(id="customers-table", cursor_type="row", zebra_stripes=True)
        yield Static("Enter abre o cliente; F2 cadastra um novo.", classes="hint")

    def on_mount(self) -> None:
        table = self.query_one("#customers-table", DataTable)
        table.add_columns("Código", "Nome", "Tipo", "Documento")
        self.refresh_rows()
        self.query_one("#customers-search", Input).focus()

    def on_screen_resume(self) -> None:
        """Back from a customer: the list is read again and typing goes to the search field
        (its text selected: what is typed starts a new search)."""
        self.refresh_rows()
        search = self.query_one("#customers-search", Input)
        search.focus()
        search.select_all()

    def refresh_rows(self, first: bool = False) -> None:
        """Reads the list again; the highlight stays on its row, or goes to the first match
        (`first`: the search text changed)."""
        text = self.query_one("#customers-search", Input).value
        table = self.query_one("#customers-table", DataTable)
        row = 0 if first else table.cursor_row
        table.clear()
        for customer in CustomerService(self.app.context).search(self.app.session, text):
            kind = customer.document_type or ""
            document = format_document(kind, customer.document) if customer.document else "(sem documento)"
            table.add_row(
                plain(customer.code),
                plain(cut(one_line(customer.name), 36)),
                PersonType(customer.person_type).value,
                plain(f"{kind} {document}".strip()),
                key=str(customer.id),
            )
        if table.row_count:
            table.move_cursor(row=min(max(row, 0), table.row_count - 1))

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.refresh_rows(first=True)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the search field opens the highlighted customer (the first match, unless
        the arrows moved the highlight); with no match it says so."""
        event.stop()
        table = self.query_one("#customers-table", DataTable)
        if not table.row_count:
            self.say("Nenhum cliente encontrado: F2 cadastra um novo.")
            return
        self.open_customer(int(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value))

    def action_to_table(self) -> None:
        self.query_one("#customers-table", DataTable).focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.open_customer(int(event.row_key.value))

    def open_customer(self, customer_id: int) -> None:
        from tui.registry.customer import CustomerScreen

        self.say("")
        self.app.push_screen(CustomerScreen(customer_id))

    def action_new(self) -> None:
        from tui.registry.customer import CustomerScreen

        self.app.push_screen(CustomerScreen(None))
