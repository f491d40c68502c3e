"""Recebimento de títulos (F4): a customer's open títulos; receive one (all or part) or all of
them (all, or an amount spread over the oldest first), in dinheiro (with the troco) or cartão."""

from __future__ import annotations

from decimal import Decimal

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from core.kernel.errors import PdvError
from core.kernel.money import brl, format_money
from core.registry.search import CustomerView, get_customer
from core.sales.receivables import ReceivablesService, ReceivableView
from tui.common.base import PdvScreen
from tui.sales.customer_dialog import CustomerChoice, CustomerDialog
from tui.sales.receive_dialog import ReceiveDialog, Receiving
from tui.text import cut, one_line, plain


def change_text(change: Decimal) -> str:
    return f" Troco: {brl(change)}." if change > 0 else ""


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

    def compose_body(self) -> ComposeResult:
        yield Static(Text("Recebimento de títulos", style="bold"), classes="sale-title")
        yield Static("", id="receivables-customer", classes="sale-customer")
        table = DataTable(id="receivables-table", cursor_type="row", zebra_stripes=True)
        table.can_focus = False  # the screen's keys move its cursor; Enter receives
        yield table
        yield Static("", id="receivables-total", classes="sale-total")

    def on_mount(self) -> None:
        table = self.query_one("#receivables-table", DataTable)
        table.add_column("Venda", width=6)
        table.add_column("Convênio", width=22)
        table.add_column("Emissão", width=10)
        table.add_column("Vencto.", width=10)
        table.add_column(Text("Valor", justify="right"), width=9)
        table.add_column(Text("Saldo", justify="right"), width=9)
        self.refresh_rows()

    def action_move(self, delta: int) -> None:
        table = self.query_one("#receivables-table", DataTable)
        if table.row_count:
            table.move_cursor(row=max(0, min(table.row_count - 1, table.cursor_row + delta)))

    def refresh_rows(self) -> None:
        table = self.query_one("#receivables-table", DataTable)
        table.clear()
        info = self.query_one("#receivables-customer", Static)
        total = self.query_one("#receivables-total", Static)
        if self.customer is None:
            info.update("Cliente: (nenhum) - F2 escolhe o cliente")
            total.update("")
            self.rows = []
            return
        try:
            self.rows = self.service.open_for(self.app.session, self.customer.id)
        except PdvError as exc:
            self.rows = []
            self.say(str(exc))
            return
        info.update(plain(f"Cliente: {self.customer.code} {self.customer.name} ({self.customer.document_label})"))
        for row in self.rows:
            table.add_row(
                str(row.sale_number),
                plain(cut(one_line(row.agreement), 22)),
                f"{row.issued_at:%d/%m/%Y}",
                f"{row.due_date:%d/%m/%Y}",
                Text(format_money(row.amount), justify="right"),
                Text(format_money(row.balance), justify="right"),
            )
        open_total = sum((row.balance for row in self.rows), Decimal("0"))
        total.update(
            Text.assemble(
                f"{len(self.rows)} título(s) em aberto".ljust(52),
                ("TOTAL  R$ ", "bold"),
                (format_money(open_total).rjust(14), "bold"),
            )
        )
        if not self.rows:
            self.say(f"{self.customer.name} não tem títulos em aberto.")

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
                f"Venda {row.sale_number} - {row.agreement}\nVencimento {row.due_date:%d/%m/%Y} - valor {brl(row.amount)}",
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
