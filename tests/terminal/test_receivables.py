"""Recebimento de títulos on a real terminal: two convênio a prazo sales make two títulos; the
one under the cursor is received in part (cartão), then all of them (dinheiro)."""

from __future__ import annotations

import re

import pytest

from core.kernel.money import format_money
from tests.terminal.flows import module, wait_words
from tests.terminal.screens import titulo_rows, two_credit_sales


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
    assert rows == {
        "1": (format_money(first), format_money(first)),
        "2": (format_money(second), format_money(second)),
    }, term.framed()

    # the cursor starts on the first título; down: the second one is received, in part, by card
    term.press("down", "enter")
    term.wait_for(r"Receber título[\s\S]*Juliana Rocha Souza[\s\S]*Venda 2 - METALURGICA SAO JORGE")
    term.write("\x15" + "20")  # Ctrl+U clears the suggested balance
    term.wait_for(r"Valor a receber R\$ 20\b")
    term.press("f3")
    term.press("enter")
    left = format_money(second - 20)
    wait_words(term, f"Recebido R$ 20,00 (Cartão) da venda 2; saldo R$ {left}.")
    screen = term.wait_for(
        rf"2 título\(s\) em aberto\s+TOTAL\s+R\$\s+{re.escape(format_money(first + second - 20))}"
    ).string
    assert titulo_rows(screen) == {
        "1": (format_money(first), format_money(first)),
        "2": (format_money(second), left),
    }, term.framed()

    # F9: every open título of the customer, the whole balance, in cash
    term.press("f9")
    term.wait_for(r"Receber todos os títulos")
    wait_words(term, f"Juliana Rocha Souza: 2 título(s) em aberto, total R$ {format_money(first + second - 20)}.")
    term.press("f9")
    wait_words(term, f"Recebidos 2 título(s), R$ {format_money(first + second - 20)} (Dinheiro).")
    screen = term.wait_for(r"0 título\(s\) em aberto\s+TOTAL\s+R\$\s+0,00").string
    assert titulo_rows(screen) == {}, term.framed()
