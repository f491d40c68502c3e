"""An operador on a real terminal: what the permission table refuses says so on the screen, in
the words of core, and the Painel do instrutor stays closed outside demo mode and for a student."""

from __future__ import annotations

import re

from tests.terminal.conftest import login

FRAME = re.compile(r"[\u2500-\u259f]")
"""Box-drawing and block characters: the dialog's frame, between the wrapped lines of its text."""


def flat(screen: str) -> str:
    """The screen's words on one line (a dialog wraps its text anywhere)."""
    return " ".join(FRAME.sub(" ", screen).split())


def sees(term, words: str, what: str) -> str:
    return term.wait_until(lambda s: words in flat(s), what)


def test_an_operador_is_told_what_is_for_supervisors(start_pdv):
    term = start_pdv("demo", "treinamento")
    login(term)
    term.wait_for(r"Menu principal")
    term.wait_for(r"Parâmetros - +BLOQUEADO")
    term.press("f7")
    sees(term, "Parâmetros: acesso restrito a supervisores.", "a recusa da Integração Portal LGPD")
    term.press("esc")
    term.wait_gone(r"acesso restrito")
    term.press("f8")
    sees(term, "Auditoria: acesso restrito a supervisores.", "a recusa da Auditoria")
    term.press("esc")
    term.wait_gone(r"acesso restrito")

    term.press("f6")
    term.wait_for(r"Sem aceite de termo")
    term.press("f4")
    sees(term, "Alteração especial: acesso restrito a supervisores.", "a recusa da Alteração especial")
    term.press("esc")
    term.wait_gone(r"acesso restrito")
    term.press("enter")
    term.wait_for(r"2-Parâmetros > LGPD")
    sees(term, "Parâmetros LGPD do convênio: acesso restrito a supervisores.", "o convênio só para leitura")
    term.press("f2")  # Gravar: core refuses it again, nothing saved
    sees(term, "Parâmetros LGPD do convênio: acesso restrito a supervisores.", "a recusa de gravar")
    assert "gravados" not in flat(term.text())


def test_the_instructor_panel_is_refused_to_an_operador_outside_demo_mode(start_pdv, tmp_path):
    term = start_pdv("--db", str(tmp_path / "loja.sqlite3"))  # plain `pdv`: a store's own database
    term.press("f12")
    sees(term, "abre só no modo demonstração", "a recusa antes do login")
    term.press("esc")
    term.wait_gone(r"modo demonstração")
    login(term)
    term.wait_for(r"Menu principal")
    term.press("f12")
    sees(term, "abre só no modo demonstração (pdv demo CENÁRIO) ou para um supervisor logado", "a recusa a um operador")


def test_a_student_never_gets_the_instructor_panel(start_pdv):
    term = start_pdv("demo", "treinamento", "--aluno", "3")
    term.wait_for(r"Usuário")
    term.press("f12")
    sees(term, "Modo sala de aula (--aluno): o Painel do instrutor fica só com o instrutor", "a recusa ao aluno")
    term.press("esc")
    term.wait_gone(r"sala de aula")
    login(term, "supervisor", "4321")
    term.wait_for(r"Menu principal")
    term.press("f12")
    sees(term, "Modo sala de aula (--aluno)", "a recusa mesmo a um supervisor")
