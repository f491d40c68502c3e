"""Below 80x24 a real terminal shows one clear message instead of a clipped layout; keys are not
acted upon meanwhile, and when the terminal grows back the screen is there as it was."""

from __future__ import annotations

import re

from tests.terminal.screens import EAN_1, QUESTION, in_a_sale


def small(size: str) -> str:
    """The message for a terminal of `size` (e.g. '70x20'), however it wraps."""
    words = f"Terminal pequeno demais: são necessárias 80 colunas x 24 linhas (agora: {size}). Aumente a janela."
    return r"\s+".join(re.escape(word) for word in words.split())


def test_starting_small_shows_the_message_then_the_login_when_it_grows(start_pdv):
    term = start_pdv("demo", "treinamento", columns=70, lines=20)
    screen = term.wait_for(small("70x20")).string
    assert "Usuário" not in screen
    term.write("operador\r1234\r")  # typed blind: not acted upon, and told so
    term.wait_for(r"14 tecla\(s\) ignorada\(s\)")
    term.resize(80, 24)
    # the message gone and the login drawn (a frame may reach the terminal in more than one read)
    screen = term.wait_until(
        lambda s: "Usuário" in s and "Terminal pequeno demais" not in s, "o login, sem a mensagem de terminal pequeno"
    )
    assert "Menu principal" not in screen
    assert "operador" not in screen
    term.write("operador\r1234\r")
    term.wait_for(r"Menu principal")


def test_too_few_lines_alone_is_too_small(start_pdv):
    term = start_pdv("demo", "treinamento", columns=120, lines=23)
    term.wait_for(small("120x23"))


def test_shrinking_in_the_middle_of_a_sale_loses_nothing(menu):
    in_a_sale(menu)
    menu.resize(79, 24)
    menu.wait_for(small("79x24"))
    menu.write(f"{EAN_1}\r\x1b[17~")  # a scan and F6 Cancelar while the cashier cannot see
    # Ctrl+Q still asks (and its question shows): every key before it has been dealt with
    menu.press("ctrl+q")
    menu.wait_for(QUESTION.replace(" ", r"\s+"))
    menu.press("esc")
    menu.wait_gone(r"Descartar e sair")
    menu.resize(76, 22)
    menu.wait_for(small("76x22"))
    menu.resize(80, 24)
    sale = re.compile(r"DIPIRONA SODICA 500MG[\s\S]*1 item\(ns\), 1 unidade\(s\)\s+TOTAL\s+R\$\s+57,28")
    # the whole frame back: the sale as it was, its keys, and the message gone (a repaint in
    # progress may show the sale before the foot is drawn again)
    menu.wait_until(
        lambda s: sale.search(s) is not None and "Cancelar" in s and "Terminal pequeno demais" not in s,
        "a venda de volta, inteira, sem a mensagem",
    )
    menu.write(f"{EAN_1}\r")
    menu.wait_for(r"2 item\(ns\), 2 unidade\(s\)")


def test_ctrl_q_on_a_small_terminal_still_asks_and_can_be_answered(menu):
    in_a_sale(menu)
    menu.resize(70, 20)
    menu.wait_for(small("70x20"))
    menu.press("ctrl+q")
    menu.wait_for(QUESTION.replace(" ", r"\s+"))
    menu.press("esc")
    menu.wait_gone(r"Descartar e sair")
    menu.wait_for(small("70x20"))
    menu.resize(80, 24)
    menu.wait_for(r"1 item\(ns\), 1 unidade\(s\)")
    assert menu.alive
