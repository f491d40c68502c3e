"""Recebimento de títulos on a real terminal: "Receber todos" takes the amount typed and spreads
it over the títulos oldest first; dinheiro shows the troco as it is typed and says it when
received; and a balance another terminal changed while the dialog was open is told, shown anew
and never paid blindly."""

from __future__ import annotations

import re
from decimal import Decimal

from core.kernel.money import format_money
from tests.terminal.conftest import login
from tests.terminal.flows import cupom, module, open_sale, product, ring, wait_words
from tests.terminal.screens import titulo_rows, two_credit_sales

PJ = "FARMACIA POPULAR DO BAIRRO LTDA"  # 0900, METALURGICA SAO JORGE a prazo, no LGPD control


def pick(term, query: str, name: str) -> str:
    module(term, "f4", r"Recebimento de títulos[\s\S]*F2 escolhe o cliente")
    term.press("f2")
    term.wait_for(r"Cliente dos títulos")
    term.write(query)
    term.wait_for(rf"\d+ {re.escape(name)}")
    term.press("enter")
    return term.wait_for(r"título\(s\) em aberto\s+TOTAL").string


def test_receive_all_spreads_the_amount_typed_and_gives_the_troco(start_pdv):
    term, first, second = two_credit_sales(start_pdv)
    pick(term, "Juliana Ro", "Juliana Rocha Souza")

    term.press("f9")
    term.wait_for(r"Receber todos os títulos")
    wait_words(term, "Valor menor que o total = pago nos títulos mais antigos primeiro.")
    term.wait_for(rf"Valor a receber R\$ {re.escape(format_money(first + second))}")  # editable, the whole total
    term.write("\x15" + "60")
    term.press("tab")  # Valor entregue
    term.write("100")
    term.wait_for(r"Troco: R\$ 40,00")
    term.write("\x15" + "50")
    term.wait_for(r"Faltam R\$ 10,00")
    term.write("\x15" + "100")
    term.wait_for(r"Troco: R\$ 40,00")
    term.press("f9")
    wait_words(term, "Recebido R$ 60,00 (Dinheiro) em 2 título(s). Troco: R$ 40,00.")
    left = format_money(first + second - 60)
    screen = term.wait_for(rf"1 título\(s\) em aberto\s+TOTAL\s+R\$\s+{re.escape(left)}").string
    assert titulo_rows(screen) == {"2": (format_money(second), left)}, term.framed(screen)  # the oldest paid first


def test_a_balance_paid_meanwhile_on_another_terminal_is_told_and_shown_anew(start_pdv, new_store):
    target = new_store()
    counter = start_pdv("--db", target)
    login(counter)
    counter.wait_for(r"Menu principal")
    open_sale(counter)
    counter.press("f2")
    counter.wait_for(r"Identificar cliente")
    counter.write("0900")
    counter.wait_for(rf"\d+ {re.escape(PJ)}")
    counter.press("enter")
    counter.wait_for(r"Convênio: METALURGICA SAO JORGE")
    price = Decimal(product("1")["price"])
    ring(counter, product("1")["ean"], 1)
    counter.press("f9")
    counter.wait_for(r"Pagamento")
    counter.press("f4", "f9")
    cupom(counter, "Título a prazo: vencimento")
    counter.press("enter")
    counter.wait_gone(r"CUPOM NÃO FISCAL")
    counter.press("esc")
    counter.wait_for(r"Menu principal")
    pick(counter, "0900", PJ)
    counter.press("enter")  # the título: its whole balance suggested
    counter.wait_for(rf"Em aberto: R\$ {re.escape(format_money(price))}")

    other = start_pdv("--db", target)  # another terminal of the store receives part of it
    login(other)
    other.wait_for(r"Menu principal")
    pick(other, "0900", PJ)
    other.press("enter")
    other.wait_for(r"Receber título")
    other.write("\x15" + "20")
    other.press("f3", "enter")
    wait_words(other, f"Recebido R$ 20,00 (Cartão) da venda 1; saldo R$ {format_money(price - 20)}.")

    counter.press("f9")  # the stale balance: refused, told, shown anew
    now = format_money(price - 20)
    wait_words(counter, f"era R$ {format_money(price)}, agora R$ {now}. Nada foi recebido")
    counter.wait_for(rf"Em aberto: R\$ {re.escape(now)}")
    counter.wait_for(rf"Valor a receber R\$ {re.escape(now)}")
    counter.press("f9")
    wait_words(counter, f"Recebido R$ {now} (Dinheiro) da venda 1; título quitado.")
    counter.wait_for(r"0 título\(s\) em aberto")
