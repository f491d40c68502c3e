"""The cupom (receipt) of a finalized sale, rendered with Rich: a narrow slip like a printer's."""

from __future__ import annotations

from rich import box
from rich.console import Group
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from core.kernel.money import format_money
from core.sales.sale import SaleReceipt
from domain.documents import format_cnpj
from domain.enums import PaymentMethod
from tui.text import one_line, plain

WIDTH = 56


def render_receipt(receipt: SaleReceipt, *, training: bool) -> Panel:
    """The slip: store, items, total, payment; TREINAMENTO (no fiscal value) in demo mode."""
    parts: list = []
    if training:
        parts.append(Text("*** TREINAMENTO - SEM VALOR FISCAL ***", style="bold reverse", justify="center"))
    parts.append(plain(receipt.branch_name, style="bold", justify="center"))
    parts.append(Text(f"CNPJ {format_cnpj(receipt.branch_cnpj)}", justify="center"))
    parts.append(Text("CUPOM NÃO FISCAL", style="bold", justify="center"))
    parts.append(Text(f"Venda nº {receipt.number}   {receipt.created_at:%d/%m/%Y %H:%M}", justify="center"))
    if receipt.presale_number:
        parts.append(Text(f"Pré-venda nº {receipt.presale_number}", justify="center"))
    parts.append(Rule(style="dim"))

    items = Table(box=None, show_header=True, pad_edge=False, expand=True, header_style="bold")
    items.add_column("Item", no_wrap=False, ratio=1)
    items.add_column("Qtd", justify="right", width=4)
    items.add_column("Unit.", justify="right", width=9)
    items.add_column("Total", justify="right", width=10)
    for index, line in enumerate(receipt.lines, start=1):
        items.add_row(
            plain(f"{index:02d} {one_line(line.code)} {one_line(line.name)}"),
            str(line.quantity),
            format_money(line.unit_price),
            format_money(line.total),
        )
    parts.append(items)
    parts.append(Rule(style="dim"))

    totals = Table(box=None, show_header=False, pad_edge=False, expand=True)
    totals.add_column(ratio=1)
    totals.add_column(justify="right")
    totals.add_row(Text("TOTAL R$", style="bold"), Text(format_money(receipt.total), style="bold"))
    payment = receipt.payment
    totals.add_row(
        payment.method.label, format_money(payment.amount if payment.method != PaymentMethod.CREDIT else receipt.total)
    )
    if payment.method == PaymentMethod.CASH:
        totals.add_row("Troco", format_money(payment.change))
    parts.append(totals)

    if receipt.customer:
        parts.append(Rule(style="dim"))
        parts.append(plain(f"Cliente: {receipt.customer} ({receipt.customer_document})"))
        if receipt.agreement:
            parts.append(plain(f"Convênio: {receipt.agreement}"))
    if receipt.due_date:
        parts.append(Text(f"Título a prazo: vencimento {receipt.due_date:%d/%m/%Y}"))
    parts.append(Rule(style="dim"))
    parts.append(plain(f"Operador: {receipt.cashier}", justify="center"))
    if training:
        parts.append(Text("*** TREINAMENTO - SEM VALOR FISCAL ***", style="bold reverse", justify="center"))
    return Panel(Group(*parts), box=box.SQUARE, width=WIDTH, padding=(0, 1))
