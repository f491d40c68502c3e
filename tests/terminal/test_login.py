"""Login on a real terminal: Enter or Tab from Usuário to Senha, Enter enters; a wrong password
says how many tries are left and five lock the user; Ctrl+Q closes the PDV."""

from __future__ import annotations

import pytest

from core.kernel.auth import INVALID  # the one answer to every refused try
from tests.terminal.conftest import login
from tests.terminal.flows import settled, wait_words


@pytest.mark.readme("Teclas: Login")
def test_wrong_then_right_password_with_enter(start_pdv):
    term = start_pdv("demo", "treinamento")
    login(term, "operador", "errada")
    wait_words(term, INVALID)
    screen = settled(term)
    assert "•" not in screen, "a senha errada continua no campo:\n" + term.framed()
    assert "Menu principal" not in screen
    # the focus is back on Senha: the next password typed goes there
    term.write("1234\r")
    term.wait_for(r"Menu principal")


@pytest.mark.readme("Teclas: Login")
def test_tab_moves_to_password_and_ctrl_q_on_the_menu_closes(start_pdv):
    term = start_pdv("demo", "treinamento")
    term.wait_for(r"Usuário")
    term.write("operador\t")
    term.write("1234")
    term.wait_for(r"Senha[\s\S]*••••")
    term.press("enter")
    term.wait_for(r"Menu principal")
    term.press("ctrl+q")
    assert term.wait_exit() == 0


@pytest.mark.readme("Teclas: Login")
def test_ctrl_q_on_the_login_closes_the_pdv(start_pdv):
    term = start_pdv("demo", "treinamento")
    term.wait_for(r"Usuário")
    term.write("oper")
    term.wait_for(r"oper")
    term.press("ctrl+q")
    assert term.wait_exit() == 0


def test_five_wrong_passwords_lock_the_user(start_pdv):
    """README, under the Venda table: five wrong passwords in a row lock the user for five
    minutes; the right password is refused meanwhile."""
    term = start_pdv("demo", "treinamento")
    login(term, "operador", "errada1")
    for attempt in (2, 3, 4, 5):
        wait_words(term, INVALID)  # the same words whatever the count: nothing to tell a guesser
        term.write(f"errada{attempt}\r")
    wait_words(term, INVALID)
    term.write("1234\r")  # the right password, while locked: refused with the same words
    wait_words(term, INVALID)
    assert "Menu principal" not in settled(term)
