"""Recebimento de títulos (F4): a customer's open títulos; receive one (all or part) or all of
them (all, or an amount spread over the oldest first), in dinheiro (with the troco) or cartão.

The table fits the terminal's width: the sale number, the dates and the amounts as wide as their
widest cell, and the agreement's name gets the room left (cut with "…" only when that is not
enough; the receive dialog names it whole). The TOTAL line ends where the Saldo column does."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from core.kernel.errors import PdvError
from core.kernel.money import brl, format_money
from core.registry.search import CustomerView, get_customer
from core.sales.receivables import ReceivablesService, ReceivableView
from tui.common.base import PdvScreen
from tui.common.columns import Column, fit_widths, table_room
from tui.sales.customer_dialog import CustomerChoice, CustomerDialog
from tui.sales.receive_dialog import ReceiveDialog, Receiving
from tui.text import cut, one_line, plain

COLUMNS = (
    Column("Venda"),
    Column("Convênio", 12),
    Column("Emissão"),
    Column("Vencto."),
    Column("Valor", right=True),
    Column("Saldo", right=True),
)
AGREEMENT = 1
WIDE_AGREEMENT = 40
"""On a wide terminal the agreement column stops here (wider only for a longer name)."""
TOTAL_LABEL, TOTAL_AMOUNT = "TOTAL  R$ ", 14


def change_text(change: Decimal) -> str:
    return f" Troco: {brl(change)}." if change > 0 else ""


def titulo_cells(row: ReceivableView) -> tuple[str, ...]:
    """One título as the table shows it (the agreement uncut)."""
    return (
        str(row.sale_number),
        one_line(row.agreement),
        f"{row.issued_at:%d/%m/%Y}",
        f"{row.due_date:%d/%m/%Y}",
        format_money(row.amount),
        format_money(row.balance),
    )


def titulo_widths(room: int, rows: Sequence[Sequence[str]], cell_padding: int = 1) -> tuple[int, ...]:
    """The width of each column of a table `room` cells wide: the agreement the rest, up to
    WIDE_AGREEMENT or its longest name (tui.common.columns)."""
    return fit_widths(room, COLUMNS, rows, AGREEMENT, cell_padding=cell_padding, wide=WIDE_AGREEMENT)


def total_text(count: int, total: Decimal, width: int) -> Text:
    """The TOTAL line's text, `width` cells long (at least what it says): the count on the
    left, the total at the right end."""
    amount = format_money(total).rjust(TOTAL_AMOUNT)
    label = f"{count} título(s) em aberto"
    return Text.assemble(
        label.ljust(width - len(TOTAL_LABEL) - len(amount)),
        (TOTAL_LABEL, "bold"),
        (amount, "bold"),
    )


class ReceivablesScreen(PdvScreen):
    BINDINGS = [
        Binding("f2", "customer", "Cliente"),
        Binding("enter", "receive", "Receber"),
        Binding("f9", "receive_all", "Receber todos"),
        Binding("escape", "app.pop_screen", "Voltar"),
        Binding("down", "move(1)", "", show=False),
        Binding("up", "move(-1)", "", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.service = ReceivablesService(self.app.context)
        self.customer: CustomerView | None = None
        self.rows: list[ReceivableView] = []
        self.message = ""
        self._widths: tuple[int, ...] = ()

    def compose_body(self) -> ComposeResult:
        yield Static(Text("Recebimento de títulos", style="bold"), classes="sale-title")
        yield Static("", id="receivables-customer", classes="sale-customer")
        table = DataTable(id="receivables-table", cursor_type="row", zebra_stripes=True)
        table.can_focus = False  # the screen's keys move its cursor; Enter receives
        yield table
        yield Static("", id="receivables-total", classes="sale-total")

    def on_mount(self) -> None:
        self.refresh_rows()

    def on_resize(self, event: events.Resize) -> None:
        self.fill_table(keep_cursor=True)  # the columns and the TOTAL line fit the new width

    def action_move(self, delta: int) -> None:
        table = self.query_one("#receivables-table", DataTable)
        if table.row_count:
            table.move_cursor(row=max(0, min(table.row_count - 1, table.cursor_row + delta)))

    def refresh_rows(self) -> None:
        info = self.query_one("#receivables-customer", Static)
        if self.customer is None:
            info.update("Cliente: (nenhum) - F2 escolhe o cliente")
            self.rows = []
            self.fill_table()
            return
        try:
            self.rows = self.service.open_for(self.app.session, self.customer.id)
        except PdvError as exc:
            self.rows = []
            self.fill_table()
            self.say(str(exc))
            return
        info.update(plain(f"Cliente: {self.customer.code} {self.customer.name} ({self.customer.document_label})"))
        self.fill_table()
        if not self.rows:
            self.say(f"{self.customer.name} não tem títulos em aberto.")

    def fill_table(self, keep_cursor: bool = False) -> None:
        """The títulos in columns that fit the table's width, and the TOTAL line under the
        Saldo column. The cursor starts on the first título, or stays on its row (`keep_cursor`:
        the same títulos drawn again for a new width)."""
        table = self.query_one("#receivables-table", DataTable)
        cells = [titulo_cells(row) for row in self.rows]
        widths = titulo_widths(table_room(table, len(cells), self.app.size.width), cells, table.cell_padding)
        row = table.cursor_row if keep_cursor else 0
        table.clear(columns=widths != self._widths)
        if widths != self._widths:
            self._widths = widths
            for column, width in zip(COLUMNS, widths):
                table.add_column(Text(column.label, justify="right" if column.right else "left"), width=width)
        for line in cells:
            number, agreement, issued, due, amount, balance = line
            table.add_row(
                number,
                plain(cut(agreement, widths[AGREEMENT])),
                issued,
                due,
                Text(amount, justify="right"),
                Text(balance, justify="right"),
            )
        if table.row_count and row:
            table.move_cursor(row=min(row, table.row_count - 1), animate=False)
        total = self.query_one("#receivables-total", Static)
        if self.customer is None:
            total.update("")
            return
        # the Saldo column's text ends one padding cell before the table's last column ends;
        # the TOTAL line has one cell of padding on its left
        right_edge = sum(widths) + 2 * table.cell_padding * len(widths) - table.cell_padding
        open_total = sum((row.balance for row in self.rows), Decimal("0"))
        total.update(total_text(len(self.rows), open_total, right_edge - 1))

    def action_customer(self) -> None:
        self.app.push_screen(
            CustomerDialog(
                lambda text: self.service.find_customers(self.app.session, text, limit=8),
                lambda customer_id: [],
                allow_none=False,
                title="Cliente dos títulos",
            ),
            self.customer_chosen,
        )

    def customer_chosen(self, choice: CustomerChoice | None) -> None:
        if choice is None or choice.customer_id is None:
            return
        self.customer = get_customer(choice.customer_id)
        self.say("")
        self.refresh_rows()

    def action_receive(self) -> None:
        if not self.rows:
            self.say("Escolha um cliente com títulos em aberto (F2).")
            return
        table = self.query_one("#receivables-table", DataTable)
        row = self.rows[table.cursor_row]
        session = self.app.session

        def receive(it: Receiving) -> str:  # run off the UI thread
            done = self.service.receive(
                session,
                row.id,
                it.amount,
                it.method,
                tendered=it.tendered,
                expected_balance=it.shown_balance,
            )
            left = f"; saldo {brl(done.balance)}" if done.balance > 0 else "; título quitado"
            return f"Recebido {brl(done.amount)} ({it.method.label}) da venda {row.sale_number}{left}.{change_text(done.change)}"

        self.app.push_screen(
            ReceiveDialog(
                "Receber título",
                f"{self.customer.name}\nVenda {row.sale_number} - {row.agreement}\n"
                f"Vencimento {row.due_date:%d/%m/%Y} - valor {brl(row.amount)}",
                row.balance,
                receive,
                lambda: self.service.balance_of(session, row.id),
            ),
            self.received,
        )

    def action_receive_all(self) -> None:
        if not self.rows:
            self.say("Escolha um cliente com títulos em aberto (F2).")
            return
        open_total = sum((row.balance for row in self.rows), Decimal("0"))
        session, customer_id = self.app.session, self.customer.id

        def receive(it: Receiving) -> str:  # run off the UI thread
            done = self.service.receive_all(
                session,
                customer_id,
                it.method,
                it.amount,
                tendered=it.tendered,
                expected_total=it.shown_balance,
            )
            if not done.left:
                text = f"Recebidos {len(done.paid)} título(s), {brl(done.total)} ({it.method.label})."
            else:  # the table shows what is left on each título
                text = f"Recebido {brl(done.total)} ({it.method.label}) em {len(done.paid)} título(s)."
            return text + change_text(done.change)

        self.app.push_screen(
            ReceiveDialog(
                "Receber todos os títulos",
                f"{self.customer.name}: {len(self.rows)} título(s) em aberto, total {brl(open_total)}.",
                open_total,
                receive,
                lambda: self.service.open_total(session, customer_id),
                hint="Valor menor que o total = pago nos títulos mais antigos primeiro.",
            ),
            self.received,
        )

    def received(self, message: str | None) -> None:
        if message is None:
            return
        self.refresh_rows()
        self.say(message)
