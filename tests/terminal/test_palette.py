"""The command palette (Ctrl+P) on a real terminal: drawn in Portuguese with the PDV's own
commands (none of Textual's English ones); typing part of a name and Enter runs it; Esc closes
it; Ctrl+C, there as anywhere, says how the PDV is left."""

from __future__ import annotations

import re

import pytest

from tests.terminal.flows import CART

ENGLISH = ("Search for commands", "No matches", "Theme", "Quit", "Screenshot", "Keys", "Maximize")


def open_palette(term) -> str:
    term.press("ctrl+p")
    return term.wait_for(r"Digite um comando ou módulo[\s\S]*Tema").string


@pytest.mark.readme("Teclas: Paleta de comandos")
def test_ctrl_p_then_venda_and_enter_opens_the_sale(menu):
    shown = open_palette(menu)
    for command in ("Venda", "Pré-venda", "Clientes", "Painel do instrutor", "Tema"):
        assert command in shown, menu.framed()
    assert not any(word in shown for word in ENGLISH), menu.framed()
    menu.type("venda")
    menu.wait_until(lambda s: "Pré-venda" in s and "Tema" not in s, "a paleta filtrada por 'venda'")
    menu.press("enter")
    menu.wait_until(
        lambda s: "Menu principal" not in s and "Digite um comando" not in s and "TOTAL" in s,
        "a Venda aberta pela paleta",
    )
    menu.wait_for(CART)


@pytest.mark.readme("Teclas: Paleta de comandos")
def test_only_what_the_session_may_open_and_esc_closes(menu):
    shown = open_palette(menu)
    assert "Auditoria" not in shown and "Parâmetros" not in shown  # BLOQUEADO for the operador
    menu.type("captura")
    menu.wait_until(lambda s: "Captura de tela" in s and "Abre o módulo" not in s, "a paleta filtrada por 'captura'")
    for _ in "captura":
        menu.press("backspace")
    menu.type("xyzw")
    menu.wait_for(r"Nenhum comando encontrado")
    menu.press("esc")
    menu.wait_until(lambda s: "Digite um comando" not in s and "Menu principal" in s, "a paleta fechada pelo Esc")


def test_ctrl_c_in_the_palette_says_how_to_leave_in_portuguese(menu):
    open_palette(menu)
    menu.press("ctrl+c")
    told = re.compile(r"Ctrl\+C não sai do PDV: use Ctrl\+Q")
    # the palette closed and the menu drawn whole under the notice (a frame may be half repainted)
    screen = menu.wait_until(
        lambda s: told.search(s) is not None and "Menu principal" in s and "Digite um comando" not in s,
        "o aviso sobre o menu, sem a paleta",
    )
    assert menu.alive and "quit the app" not in screen and "Menu principal" in screen  # the palette closed


def test_ctrl_c_on_the_login_says_how_to_leave_in_portuguese(start_pdv):
    term = start_pdv("demo", "treinamento")
    term.wait_for(r"Usuário")
    term.press("ctrl+c")
    screen = term.wait_for(r"Ctrl\+C não sai do PDV: use Ctrl\+Q").string
    assert term.alive and "quit the app" not in screen and "Acesso ao PDV" in screen
