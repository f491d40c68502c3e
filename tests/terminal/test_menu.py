"""The Menu principal on a real terminal: arrows and Enter open the highlighted module (marked
with '>'), F10 and Esc go back to the login. The F-keys of each module: test_modules_drawn."""

from __future__ import annotations

import pytest

from tests.terminal.conftest import login
from tests.terminal.flows import enter, settled


@pytest.mark.readme("Teclas: Menu")
def test_arrows_and_enter_open_the_highlighted_module_f10_and_esc_leave(start_pdv):
    term = enter(start_pdv)
    term.wait_for(r"> F2   Venda")
    term.press("down", "down")
    term.wait_for(r"> F4   Recebimento de títulos")
    term.press("enter")
    term.wait_until(
        lambda s: "Menu principal" not in s and "Recebimento de títulos" in s and "F2 escolhe o cliente" in s,
        "o Recebimento de títulos aberto pelo Enter",
    )
    term.press("esc")
    term.wait_for(r"Menu principal")
    term.press("f10")
    term.wait_for(r"Acesso ao PDV")
    assert "Menu principal" not in settled(term)
    login(term)
    term.wait_for(r"Menu principal")
    term.press("esc")
    term.wait_for(r"Acesso ao PDV")
    assert "Menu principal" not in settled(term)
