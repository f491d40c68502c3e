"""F1 and the key bars at 80x24, on a real terminal: each key of F1's list stays on one line with
its words (a key at the end of one line and its words on the next reads as two keys); F12 is
listed wherever it opens (in demo mode: the login and the operador too) and nowhere else; the
Painel do instrutor lists Enter (Alterar), the key every change there starts with."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from tests.terminal.flows import CART, dialog_text, enter, module, settled

ATOM = r"(?:F\d{1,2}|Esc|Enter|Tab|Del|Backspace|Ins|Espaço|PgUp|PgDn|Home|End|[↑↓←→]|(?:Ctrl|Shift|Alt)\+\S+)"
KEY = rf"{ATOM}(?:/{ATOM})*"
"""A key as F1 names it (tui.common.scenario_info.key_label): F7, Esc, Ctrl+P, F10/Esc."""
ENTRY = re.compile(rf"{KEY} \S.*")
"""One entry of the list: the key, then its words."""
WHOLE_HELP = r"Teclas desta tela[\s\S]*F12: Painel do instrutor"  # demo mode: the dialog drawn to its end
LOADED = r"Drogaria Bem Estar - Centro"  # the header names the branch once the database is open
PANEL_ENTRY = "F12 Painel do instrutor"
SUPERVISOR = ("supervisor", "4321")
OPERADOR = ("operador", "1234")

# (user, the menu key that opens the screen, what the screen shows, entries the walk at 80x24
# found split over two lines)
SCREENS = {
    "menu-supervisor": (SUPERVISOR, None, r"Menu principal", ["F7 Parâm.", "F10/Esc Sair", PANEL_ENTRY]),
    "menu-operador": (OPERADOR, None, r"Menu principal", ["F7 Parâm.", "Ctrl+P Comandos", PANEL_ENTRY]),
    "venda-supervisor": (SUPERVISOR, "f2", r"Venda[\s\S]*" + CART, ["F6 Cancelar", PANEL_ENTRY]),
    "venda-operador": (OPERADOR, "f2", r"Venda[\s\S]*" + CART, ["F6 Cancelar", PANEL_ENTRY]),
    "pre-venda": (OPERADOR, "f3", r"Pré-venda[\s\S]*" + CART, ["Esc Voltar", PANEL_ENTRY]),
    "clientes": (OPERADOR, "f5", r"Clientes[\s\S]*Código\s+Nome", ["Ctrl+P Comandos", PANEL_ENTRY]),
    "convenios": (SUPERVISOR, "f6", r"Convênios", ["Ctrl+P Comandos", PANEL_ENTRY]),
    "parametros": (SUPERVISOR, "f7", r"Parâmetros[\s\S]*Integração Portal LGPD", [PANEL_ENTRY]),
}


def key_bar(screen: str) -> str:
    """The last row: the screen's key bar."""
    return screen.split("\n")[-1]


def help_entries(term) -> list[list[str]]:
    """F1 opened, drawn whole: the rows of its key list, each cut into its entries (entries are
    apart by two blanks or more; a key and its words by one)."""
    term.press("f1")
    term.wait_for(WHOLE_HELP)
    lines = dialog_text(settled(term)).splitlines()
    start = lines.index("Teclas desta tela:") + 1
    end = lines.index("", start)
    return [re.split(r"\s{2,}", line) for line in lines[start:end]]


@pytest.mark.parametrize("name", list(SCREENS))
def test_f1_keeps_each_key_with_its_words_on_one_line(start_pdv, name):
    (user, password), opens, drawn, entries = SCREENS[name]
    term = enter(start_pdv, user=user, password=password)
    if opens:
        module(term, opens, drawn)
    term.wait_for(drawn)
    rows = help_entries(term)
    shown = term.framed()
    cells = [cell for row in rows for cell in row]
    split = [cell for cell in cells if not ENTRY.fullmatch(cell)]
    assert not split, f"F1 separa teclas das suas palavras: {split}\n{shown}"
    for entry in entries:
        assert entry in cells, f"{entry!r} não está inteiro numa linha do F1:\n{shown}"


def test_f12_is_listed_on_the_login_of_a_demo(start_pdv):
    """In demo mode F12 opens the Painel before any login: the key bar and F1 say so."""
    term = start_pdv("demo", "treinamento")
    term.wait_for(r"Usuário")
    term.wait_for(LOADED)
    term.wait_until(lambda s: "f12 Painel do instrutor" in key_bar(s), "F12 na barra de teclas do login")
    term.press("f1")
    term.wait_for(WHOLE_HELP)
    rows = [re.split(r"\s{2,}", line) for line in dialog_text(settled(term)).splitlines()]
    assert any(PANEL_ENTRY in row for row in rows), term.framed()
    term.press("esc")
    term.wait_gone(r"Teclas desta tela")
    term.press("f12")
    term.wait_for(r"Cenário do mundo remoto: treinamento\.")


def test_f12_is_listed_for_the_operador_of_a_demo(start_pdv):
    term = enter(start_pdv)  # operador
    term.wait_until(lambda s: "f12 Painel do instrutor" in key_bar(s), "F12 na barra de teclas do menu")
    assert any(PANEL_ENTRY in row for row in help_entries(term)), term.framed()


def test_outside_demo_f12_is_listed_only_for_the_supervisor(start_pdv, tmp_path):
    """Outside demo mode F12 opens only for a logged-in supervisor: nothing lists it before."""
    from tests.terminal.conftest import login

    term = start_pdv("--db", str(tmp_path / "loja.sqlite3"))
    term.wait_for(r"Usuário")
    term.wait_for(LOADED)
    screen = settled(term)
    assert "f12" not in key_bar(screen) and "Painel" not in key_bar(screen), term.framed(screen)
    term.press("f1")
    term.wait_for(r"Teclas desta tela")
    assert "Painel do instrutor" not in settled(term), term.framed()
    term.press("esc")
    term.wait_gone(r"Teclas desta tela")
    login(term)  # operador
    term.wait_for(r"Menu principal")
    screen = settled(term)
    assert "Painel" not in key_bar(screen), term.framed(screen)
    term.press("f10")
    login(term, *SUPERVISOR)
    term.wait_for(r"Menu principal")
    term.wait_until(lambda s: "f12 Painel do instrutor" in key_bar(s), "F12 na barra de teclas do supervisor")


def test_the_panel_lists_enter_to_change_in_its_key_bar_and_f1(start_pdv):
    term = start_pdv("demo", "treinamento")
    term.wait_for(LOADED)
    term.press("f12")
    term.wait_for(r"Cenário do mundo remoto: treinamento\.")
    term.wait_until(lambda s: "Alterar" in key_bar(s), "Enter (Alterar) na barra de teclas do Painel")
    term.press("f6")  # LGPD: Enter is the only change there
    term.wait_until(lambda s: "Alterar" in key_bar(s) and "Novo" not in key_bar(s), "a guia LGPD e o seu Enter")
    term.press("f1")
    term.wait_for(WHOLE_HELP)
    cells = [cell for line in dialog_text(settled(term)).splitlines() for cell in re.split(r"\s{2,}", line)]
    assert "Enter Alterar" in cells, term.framed()
    assert PANEL_ENTRY not in cells, "no Painel, F12 não abre mais nada:\n" + term.framed()
    term.press("esc")
    term.wait_gone(r"Teclas desta tela")
    term.press("enter")  # the key listed does what it says
    term.wait_for(r"Escolha o novo status")


@pytest.mark.parametrize(
    "demo, student, role, offered",
    [
        (True, None, None, True),  # demo: anyone, before a login too
        (True, None, "operador", True),
        (True, 3, "supervisor", False),  # classroom: no one
        (False, None, None, False),
        (False, None, "operador", False),
        (False, None, "supervisor", True),
    ],
)
def test_f12_is_offered_where_core_opens_it(demo, student, role, offered):
    """What the key bars and F1 offer is what core.kernel.permissions allows (the run's
    config is asked, not only whether it is a demo)."""
    from tui.common.scenario_info import panel_offered

    app = SimpleNamespace(
        context=object(),
        config=SimpleNamespace(demo=demo, student=student),
        session=None if role is None else SimpleNamespace(role=role),
    )
    assert panel_offered(app) is offered
    assert panel_offered(SimpleNamespace(**{**vars(app), "context": None})) is False  # database not open yet


def test_a_students_f1_names_the_student_and_never_offers_the_panel(start_pdv):
    """In classroom mode (--aluno) the Painel is the instructor's, never the student's: F1 names
    the student and no line of it says F12."""
    term = start_pdv("demo", "treinamento", "--aluno", "12")
    term.wait_for(r"Usuário")
    term.wait_for(LOADED)
    term.press("f1")
    term.wait_for(r"Ajuda · cenário treinamento")
    term.press(*["pagedown"] * 4)  # the end of the text, where the student is named
    screen = term.wait_until(lambda s: "Aluno 12" in dialog_text(s), "o aluno no fim do F1")
    assert "Painel do instrutor" not in dialog_text(screen) and "F12" not in dialog_text(screen), term.framed(screen)
