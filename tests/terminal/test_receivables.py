"""Recebimento de títulos on a real terminal: two convênio a prazo sales make two títulos; the
one under the cursor is received in part (cartão), then all of them (dinheiro)."""
from __future__ import annotations

import re
from decimal import Decimal

import pytest

from core.kernel.money import format_money
from tests.terminal.flows import CART, choose_customer, cupom, enter, module, open_sale, product, ring, wait_words


def credit_sale(term, code: str) -> None:
    """A sale to Juliana Rocha Souza on METALURGICA SAO JORGE (a prazo), cupom closed."""
    choose_customer(term, "0009", "Juliana Rocha Souza", agreement="METALURGICA SAO JORGE")
    term.wait_for(r"Convênio: METALURGICA SAO JORGE \| LGPD: Aceito")
    ring(term, product(code)["ean"], 1)
    term.press("f9")
    wait_words(term, "Convênio a prazo: METALURGICA SAO JORGE.")
    term.press("f4", "f9")
    cupom(term, "Título a prazo: vencimento")
    term.press("enter")
    term.wait_gone(r"CUPOM NÃO FISCAL")
    term.wait_for(r"\b0 item\(ns\)")


def two_credit_sales(start_pdv) -> tuple:
    """`pdv demo treinamento` as operador: two credit sales (products 1 and 7) to the same
    customer, back on the menu. Returns (terminal, first price, second price)."""
    term = enter(start_pdv)
    open_sale(term)
    credit_sale(term, "1")
    credit_sale(term, "7")
    term.press("esc")
    term.wait_for(r"Menu principal")
    return term, Decimal(product("1")["price"]), Decimal(product("7")["price"])


def titulo_rows(screen: str) -> dict[str, tuple[str, str]]:
    """Sale number -> (valor, saldo) of each título on the screen."""
    found = {}
    for m in re.finditer(r"^ (\d+)\s+METALURGICA SAO JORGE\s+\S+\s+\S+\s+([\d.,]+)\s+([\d.,]+)\s*$", screen, re.M):
        found[m.group(1)] = (m.group(2), m.group(3))
    return found


@pytest.mark.readme(
    "Venda: Recebimento de títulos | F2",
    "Venda: Recebimento de títulos | ↑/↓, Enter",
    "Venda: Recebimento de títulos | F9",
)
def test_partial_then_total_after_two_credit_sales(start_pdv):
    term, first, second = two_credit_sales(start_pdv)

    module(term, "f4", r"Recebimento de títulos[\s\S]*F2 escolhe o cliente")
    term.press("enter")  # nothing to receive yet
    wait_words(term, "Escolha um cliente com títulos em aberto (F2).")
    term.press("f2")
    term.wait_for(r"Cliente dos títulos")
    term.write("Juliana Ro")
    term.wait_for(r"0009 Juliana Rocha Souza")
    term.press("enter")
    open_total = format_money(first + second)
    screen = term.wait_for(rf"2 título\(s\) em aberto\s+TOTAL\s+R\$\s+{re.escape(open_total)}").string
    rows = titulo_rows(screen)
    assert rows == {"1": (format_money(first), format_money(first)), "2": (format_money(second), format_money(second))}, term.framed()

    # the cursor starts on the first título; down: the second one is received, in part, by card
    term.press("down", "enter")
    term.wait_for(rf"Receber título[\s\S]*Venda 2 - METALURGICA SAO JORGE")
    term.write("\x15" + "20")  # Ctrl+U clears the suggested balance
    term.wait_for(r"Valor a receber R\$ 20\b")
    term.press("f3")
    term.press("enter")
    left = format_money(second - 20)
    wait_words(term, f"Recebido R$ 20,00 (Cartão) da venda 2; saldo R$ {left}.")
    screen = term.wait_for(rf"2 título\(s\) em aberto\s+TOTAL\s+R\$\s+{re.escape(format_money(first + second - 20))}").string
    assert titulo_rows(screen) == {"1": (format_money(first), format_money(first)), "2": (format_money(second), left)}, term.framed()

    # F9: every open título of the customer, the whole balance, in cash
    term.press("f9")
    term.wait_for(r"Receber todos os títulos")
    wait_words(term, f"Juliana Rocha Souza: 2 título(s) em aberto, total R$ {format_money(first + second - 20)}.")
    term.press("f9")
    wait_words(term, f"Recebidos 2 título(s), R$ {format_money(first + second - 20)} (Dinheiro).")
    screen = term.wait_for(r"0 título\(s\) em aberto\s+TOTAL\s+R\$\s+0,00").string
    assert titulo_rows(screen) == {}, term.framed()
