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


def test_a_long_scenario_help_keeps_ok_on_screen_and_scrolls(start_pdv):
    """lgpd-todos-os-status has the longest paragraph: on Venda, F1's text scrolls inside the
    dialog (↓), OK stays on the screen above the key bar, and Esc closes it."""
    from tests.terminal.flows import enter, open_sale

    term = enter(start_pdv, "lgpd-todos-os-status")
    open_sale(term)
    term.press("f1")
    term.wait_for(r"Teclas desta tela")
    ok_row = r"█\s+OK\s+█"
    screen = term.wait_for(ok_row).string
    assert len(screen.splitlines()) <= 24 and "F12: Painel do instrutor" not in screen, term.framed(screen)
    term.press(*["pagedown"] * 4)
    screen = term.wait_for(r"F12: Painel do instrutor").string  # the end of the text, scrolled to
    assert "Teclas desta tela" not in screen and __import__("re").search(ok_row, screen), term.framed(screen)
    term.press("esc")
    term.wait_gone(r"F12: Painel do instrutor")
    term.wait_for(r"TOTAL")
