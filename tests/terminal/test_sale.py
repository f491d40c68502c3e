"""Venda on a real terminal, from the product search to the cupom: search as you type, the
quantity, removing and cancelling, Esc, the customer, and each payment."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from core.kernel.money import format_money
from tests.terminal.flows import (
    CUPOM,
    cart_rows,
    choose_customer,
    cupom,
    enter,
    flat,
    items,
    open_sale,
    product,
    ring,
    settled,
    wait_words,
)


def price(code: str) -> Decimal:
    return Decimal(product(code)["price"])


def suggestion_codes(screen: str) -> list[str]:
    """The codes of the products the search lists under the Produto field, in screen order."""
    return [m.group(1) for m in re.finditer(r"^ {4,}(\d+) .+R\$\s+[\d.,]+$", screen, re.M)]


@pytest.mark.readme("Venda: Venda / Pré-venda | digite no campo Produto")
def test_search_as_you_type_by_name_code_and_ean(start_pdv):
    term = enter(start_pdv)
    open_sale(term)
    # part of a name: the list appears; the arrows pick; Enter adds the one picked
    term.write("dipi")
    screen = term.wait_until(lambda s: len(suggestion_codes(s)) >= 4, "a lista de produtos de 'dipi'")
    listed = suggestion_codes(screen)
    assert all("DIPIRONA" in line for line in screen.splitlines() if re.match(r"^ {4,}\d+ ", line)), screen
    term.press("down", "down", "down", "up")
    term.press("enter")
    screen = items(term, 1)
    assert cart_rows(screen)[0][1] == listed[2], term.framed()
    term.wait_until(lambda s: not suggestion_codes(s), "a lista fechada depois do Enter")
    # a code: its product heads the list
    term.write("25")
    screen = term.wait_until(lambda s: suggestion_codes(s)[:1] == ["25"], "o produto 25 no topo da lista")
    term.press("enter")
    assert cart_rows(items(term, 2))[1][1] == "25"
    # an EAN
    eight = product("8")
    screen = ring(term, eight["ean"], 3)
    assert cart_rows(screen)[2][1] == "8"
    total = sum(price(row[1]) for row in cart_rows(screen))
    assert re.search(rf"TOTAL\s+R\$\s+{re.escape(format_money(total))}", screen), term.framed()


@pytest.mark.readme("Venda: Venda / Pré-venda | 3*7891...")
def test_quantity_before_the_star_and_f4_goes_to_qtd(start_pdv):
    term = enter(start_pdv)
    open_sale(term)
    one = product("1")
    ring(term, f"3*{one['ean']}", 1)
    screen = items(term, 1, units=3)
    assert cart_rows(screen)[0][:2] == ["1", "1"] and cart_rows(screen)[0][-3] == "3", term.framed()
    wait_words(term, f"3 x {one['name']} adicionado.")
    term.press("f4")
    term.write("\x7f2\r")  # the Qtd field holds 1: backspace, 2, Enter goes back to Produto
    term.write("7\r")
    screen = items(term, 2, units=5)
    line = cart_rows(screen)[1]
    assert line[1] == "7" and line[-3] == "2", term.framed()
    assert re.search(r"Qtd 1\s+Produto", screen), "a quantidade não voltou a 1:\n" + term.framed()


@pytest.mark.readme("Venda: Venda / Pré-venda | F8")
def test_f8_removes_the_line_under_the_cursor(start_pdv):
    term = enter(start_pdv)
    open_sale(term)
    for count, code in enumerate(("1", "2", "3"), start=1):
        ring(term, product(code)["ean"], count)
    term.press("up")  # the cursor was on the last line rung up (3): now on 2
    term.press("f8")
    screen = items(term, 2)
    assert [row[1] for row in cart_rows(screen)] == ["1", "3"], term.framed()
    wait_words(term, f"Item removido: 1 x {product('2')['name']}.")
    term.press("f8")  # the cursor is on a remaining line
    term.press("f8")
    screen = items(term, 0)
    term.press("f8")
    wait_words(term, "Não há itens para remover.")


@pytest.mark.readme("Venda: Venda / Pré-venda | F6")
def test_f6_cancels_the_sale_after_confirming(start_pdv):
    term = enter(start_pdv)
    open_sale(term)
    term.press("f6")
    wait_words(term, "Nada a cancelar: a venda está vazia.")
    ring(term, product("1")["ean"], 1)
    term.press("f6")
    wait_words(term, "Descartar a venda em andamento?")
    term.press("esc")  # Continuar: nothing changes
    term.wait_gone(r"Descartar a venda")
    items(term, 1)
    term.press("f6")
    wait_words(term, "Descartar a venda em andamento?")
    term.press("f2")  # F2 Cancelar venda
    wait_words(term, "Venda cancelada.")
    items(term, 0)


@pytest.mark.readme("Venda: Venda / Pré-venda | Esc")
def test_esc_clears_the_search_then_asks_before_leaving_a_sale(start_pdv):
    term = enter(start_pdv)
    open_sale(term)
    term.write("dipi")
    term.wait_until(lambda s: len(suggestion_codes(s)) >= 4, "a lista de produtos")
    term.press("esc")
    screen = term.wait_until(lambda s: not suggestion_codes(s) and "dipi" not in s, "a busca limpa")
    assert "Venda" in screen and "Menu principal" not in screen
    # with the search empty and nothing rung up, Esc goes back to the menu at once
    term.press("esc")
    term.wait_for(r"Menu principal")
    open_sale(term)
    ring(term, product("1")["ean"], 1)
    term.press("esc")
    wait_words(term, "Há uma venda em andamento. Descartar e voltar ao menu?")
    term.press("esc")  # Continuar
    term.wait_gone(r"Descartar e voltar")
    items(term, 1)
    term.press("esc")
    wait_words(term, "Descartar e voltar ao menu?")
    term.press("f2")  # Descartar e sair
    term.wait_for(r"Menu principal")


@pytest.mark.readme("Venda: Venda | F9", "Venda: Cupom | Enter")
def test_cash_with_change_then_the_cupom_scrolls_and_enter_starts_a_new_sale(start_pdv):
    term = enter(start_pdv)
    open_sale(term)
    codes = [str(n) for n in range(1, 9)]
    for count, code in enumerate(codes, start=1):
        ring(term, product(code)["ean"], count)
    total = sum(price(code) for code in codes)
    # a prazo without a customer: told in the dialog, nothing finalized
    term.press("f9")
    term.wait_for(r"Total da venda: R\$ " + re.escape(format_money(total)))
    term.press("f4")
    wait_words(term, "Convênio a prazo: identifique o cliente e o convênio (F2).")
    term.press("f9")
    term.wait_until(
        lambda s: "Pagamento" in s and re.search(r"cliente|convênio", flat(s).split("(F2).", 1)[-1]) is not None,
        "a recusa do a prazo sem cliente",
    )
    assert CUPOM not in settled(term)
    term.press("f2")  # back to Dinheiro
    received = format_money(total + 100)
    term.write(received)
    term.wait_for(r"Troco: R\$ 100,00")
    term.press("enter")
    screen = term.wait_for(r"CUPOM NÃO FISCAL[\s\S]*Nova venda").string
    assert "Troco" not in screen  # 8 items: the end of the cupom is below the screen
    # the arrow scrolls the cupom down to its total, payment and change
    top = next(line for line in screen.splitlines() if line.strip())
    term.press(*["down"] * 12)
    screen = term.wait_for(r"Troco\s+100,00 │").string
    assert next(line for line in screen.splitlines() if line.strip()) != top
    text = flat(screen)
    assert f"TOTAL R$ {format_money(total)}" in text and f"Dinheiro {received}" in text, term.framed()
    term.press("enter")
    screen = term.wait_gone(CUPOM)
    items(term, 0)
    wait_words(term, "Venda 1 finalizada.")


@pytest.mark.readme("Venda: Venda | F9")
def test_card_payment_enter_finalizes(start_pdv):
    term = enter(start_pdv)
    open_sale(term)
    ring(term, product("1")["ean"], 1)
    term.press("f9")
    term.wait_for(r"Total da venda")
    term.press("f3")
    term.wait_gone(r"Valor recebido")
    term.press("enter")
    cupom(term, f"TOTAL R$ {format_money(price('1'))} Cartão {format_money(price('1'))}")


@pytest.mark.readme("Venda: Venda / Pré-venda | F2", "Venda: Venda | F9")
def test_customer_by_name_cpf_or_code_and_a_credit_sale(start_pdv):
    term = enter(start_pdv)
    open_sale(term)
    # F3 in the dialog: a sale without a customer
    term.press("f2")
    term.wait_for(r"Identificar cliente")
    term.press("f3")
    term.wait_gone(r"Identificar cliente")
    term.wait_for(r"Cliente: \(venda sem cliente\)")
    # by name, by CPF (digits only): the customer is listed; Esc closes the dialog
    for query in ("Juliana Ro", "63540115242"):
        term.press("f2")
        term.wait_for(r"Identificar cliente")
        term.write(query)
        term.wait_for(r"0009 Juliana Rocha Souza\s+CPF 635\.401\.152-42")
        term.press("esc")
        term.wait_gone(r"Identificar cliente")
    # by code; two agreements: the arrows choose the one that sells a prazo
    choose_customer(term, "0009", "Juliana Rocha Souza", agreement="METALURGICA SAO JORGE")
    term.wait_for(r"Convênio: METALURGICA SAO JORGE \| LGPD: Aceito")
    ring(term, product("1")["ean"], 1)
    term.press("f9")
    wait_words(term, "Convênio a prazo: METALURGICA SAO JORGE.")
    term.press("f4")
    term.press("f9")
    cupom(
        term,
        "Convênio a prazo 57,28",
        "Cliente: Juliana Rocha Souza (CPF 635.401.152-42)",
        "Convênio: METALURGICA SAO JORGE",
        "Título a prazo: vencimento",
    )
