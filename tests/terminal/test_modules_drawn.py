"""Every module of the menu draws its own screen on a real terminal, and Esc brings the menu back.

The defect this guards against: a screen that is mounted and takes keys while the terminal still
shows the previous one (Pilot and snapshots never see it)."""

from __future__ import annotations

import pytest

from tests.terminal.conftest import login

# menu key -> what only that module's screen shows; operador sees F7 Parâmetros and F8 Auditoria
# refused (tests/terminal/test_roles.py).
MODULES = [
    ("f2", r"Venda[\s\S]*Produto[\s\S]*TOTAL"),
    ("f3", r"Pré-venda[\s\S]*Produto[\s\S]*TOTAL"),
    ("f4", r"Recebimento de títulos[\s\S]*Cliente"),
    ("f5", r"Clientes[\s\S]*(Nome|Documento)"),
    ("f6", r"Convênios[\s\S]*Sem aceite de termo"),
]


@pytest.mark.readme("Teclas: Menu")
@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["80x24", "120x36"])
def test_each_module_is_drawn_and_esc_returns(start_pdv, size):
    columns, lines = size
    term = start_pdv("demo", "treinamento", columns=columns, lines=lines)
    login(term)
    term.wait_for(r"Menu principal")
    for key, drawn in MODULES:
        term.press(key)
        term.wait_until(
            lambda s, d=drawn: "Menu principal" not in s and __import__("re").search(d, s) is not None,
            f"o módulo de {key} desenhado no lugar do menu",
        )
        term.press("esc")
        term.wait_for(r"Menu principal")


@pytest.mark.readme("Teclas: Menu")
def test_supervisor_opens_auditoria_operador_is_refused(start_pdv):
    term = start_pdv()
    login(term)
    term.wait_for(r"Menu principal")
    term.press("f8")
    term.wait_for(r"Módulo bloqueado|supervisor")
    term.press("esc")
    term.press("f10")
    login(term, "supervisor", "4321")
    term.wait_for(r"Menu principal")
    term.press("f8")
    term.wait_until(lambda s: "Menu principal" not in s and "Auditoria" in s, "a Auditoria desenhada")
    term.press("esc")
    term.wait_for(r"Menu principal")
    term.press("f7")
    term.wait_until(lambda s: "Menu principal" not in s and "Integração Portal LGPD" in s, "os Parâmetros desenhados")
