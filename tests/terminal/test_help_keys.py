"""F1 on a real terminal: every screen tells its own keys (read from its bindings), and in demo
mode the scenario paragraph too; Esc closes it and the screen below is as it was."""

from __future__ import annotations

import pytest

# the key that opens the screen from the menu, what that screen shows, and keys its F1 lists
SCREENS = [
    (None, "Menu principal", ["F2 Venda", "F3 Pré-v.", "F10/Esc Sair", "Ctrl+Q Sair do PDV"]),
    ("f2", "TOTAL", ["F9", "Esc"]),
    ("f5", "Novo cliente", ["Esc Voltar", "F2 Novo cliente"]),
]


@pytest.mark.parametrize("opens, drawn, keys", SCREENS, ids=["menu", "venda", "clientes"])
def test_f1_lists_the_screens_keys_and_the_scenario(menu, opens, drawn, keys):
    term = menu
    if opens:
        term.press(opens)
        term.wait_gone(r"Menu principal")
    term.wait_for(drawn)
    term.press("f1")
    term.wait_for(r"Teclas desta tela[\s\S]*F12: Painel do instrutor")  # the whole dialog drawn
    shown = term.text()
    for key in keys:
        assert key in shown, f"{key!r} not in the F1 help:\n{term.framed()}"
    assert "Ajuda · cenário treinamento" in shown
    assert "English" not in shown and "Scroll" not in shown and "cursor" not in shown  # Textual's own
    term.press("esc")
    term.wait_gone(r"Teclas desta tela")
    term.wait_for(drawn)


def test_f1_on_the_login_outside_demo_mode(start_pdv, tmp_path):
    term = start_pdv("--db", str(tmp_path / "pdv.sqlite3"))
    term.wait_for(r"Usuário")
    term.press("f1")
    term.wait_for(r"Teclas desta tela")
    assert "Ctrl+Q Sair do PDV" in term.text()
    assert "cenário" not in term.text().split("Teclas desta tela", 1)[1]
