"""Pré-venda on a real terminal: the counter clerk rings up and saves (the number is shown);
the cashier loads it in Venda with F3 and finalizes it."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from core.kernel.money import format_money
from tests.terminal.flows import (
    CART,
    cart_rows,
    choose_customer,
    cupom,
    enter,
    items,
    module,
    product,
    ring,
    wait_words,
)


@pytest.mark.readme("Venda: Pré-venda | F9", "Venda: Venda | F3")
def test_presale_saved_with_its_number_then_finalized_in_venda(start_pdv):
    term = enter(start_pdv)
    module(term, "f3", r"Pré-venda[\s\S]*" + CART)
    term.press("f9")
    wait_words(term, "A pré-venda não tem itens.")
    choose_customer(term, "0009", "Juliana Rocha Souza", agreement="METALURGICA SAO JORGE")
    term.wait_for(r"Convênio: METALURGICA SAO JORGE \| LGPD: Aceito")
    one, three = product("1"), product("3")
    ring(term, one["code"], 1)
    ring(term, f"2*{three['ean']}", 2)
    items(term, 2, units=3)
    term.press("f9")
    total = format_money(Decimal(one["price"]) + 2 * Decimal(three["price"]))
    screen = wait_words(term, f"Pré-venda nº 1 gravada: 2 item(ns), total R$ {total}.")
    wait_words(term, "No caixa: Venda (F2), F3 Pré-venda, número 1.")
    term.press("enter")  # OK
    term.wait_gone(r"No caixa")
    items(term, 0)  # a new, empty pré-venda
    wait_words(term, "Pré-venda 1 gravada.")
    term.press("esc")
    term.wait_for(r"Menu principal")

    # the cashier: Venda, F3, the number (a wrong one is told and the dialog stays)
    module(term, "f2", r"Venda[\s\S]*" + CART)
    term.press("f3")
    term.wait_for(r"Carregar pré-venda")
    term.write("99\r")
    wait_words(term, "Pré-venda 99 não encontrada.")
    term.write("\x7f\x7f1\r")
    term.wait_gone(r"Carregar pré-venda")
    term.wait_for(r"Venda\s+\(pré-venda nº 1\)")
    screen = items(term, 2, units=3)
    assert [row[1] for row in cart_rows(screen)] == ["1", "3"], term.framed()
    wait_words(term, "Pré-venda 1 carregada: confira os itens e F9 para pagar.")
    term.wait_for(
        r"Cliente: 0009 Juliana Rocha Souza[\s\S]*Convênio: METALURGICA SAO JORGE \| LGPD: verificado na pré-venda 1"
    )
    term.press("f2")  # the customer comes from the pré-venda
    wait_words(term, "O cliente desta venda vem da pré-venda 1.")
    term.press("f9")
    term.wait_for(r"Total da venda: R\$ " + re.escape(total))
    term.press("f4", "f9")
    cupom(term, "Pré-venda nº 1", f"Convênio a prazo {total}", "Título a prazo: vencimento")
