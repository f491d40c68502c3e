"""The Régua de Cobrança at login on a real terminal: each AVISO FINANCEIRO as the document's
figures show it, its keys (focus on OK/CONTINUAR, Tab and arrows, D, Esc), the Desbloqueio em
Confiança granted and Sem Sucesso, the locked modules of a Bloqueio Parcial, and the server that
does not answer, answers late, or is not asked at all."""

from __future__ import annotations

import re
import time
from datetime import date, timedelta

import pytest

from core.kernel.auth import INVALID
from tests.terminal.conftest import login
from tests.terminal.flows import module, open_sale, settled, wait_all, wait_words
from tests.terminal.screens import AVISO, FIGURA_01, FIGURA_02, FIGURA_03, at_notice, unlock

TRUST = "DESBLOQUEIO EM CONFIANÇA"
LOCKED = (
    "F5   Clientes - BLOQUEADO",
    "F6   Convênios - BLOQUEADO",
    "F7   Parâmetros - BLOQUEADO",
    "F8   Auditoria - BLOQUEADO",
)
OPEN_IN_PARTIAL = ("F2   Venda", "F3   Pré-venda", "F4   Recebimento de títulos")
DENIED = "Acesso não permitido: Bloqueio Total da Régua de Cobrança."


def menu_screen(term) -> str:
    """The menu drawn whole (its last option included)."""
    return wait_all(term, "Menu principal", "F10  Sair")


@pytest.mark.readme(
    "Régua: Liberado",
    "Régua cenários: liberado",
    "Treinamento: liberado",
    "Treinamento: treinamento",
    "LGPData cenários: treinamento",
)
def test_liberado_and_treinamento_enter_the_menu_without_a_notice(start_pdv):
    for scenario in ("liberado", "treinamento"):
        term = start_pdv("demo", scenario)
        login(term)
        screen = menu_screen(term)
        screen = settled(term)
        # only what the operador's role keeps from it (Parâmetros, Auditoria) is locked
        unlocked = screen.replace(LOCKED[-1], "").replace(LOCKED[-2], "")
        assert AVISO not in screen and "BLOQUEADO" not in unlocked, term.framed(screen)
        assert "Régua" not in screen, term.framed(screen)  # no status line about the billing check
        if scenario == "treinamento":
            # the store of the LGPData table: the integration configured, customers in each status
            term.press("f10")
            login(term, "supervisor", "4321")
            menu_screen(term)
            module(term, "f5", r"Clientes[\s\S]*Código")
            term.write("0003")
            term.wait_for(r"0003\s+Everton Martins Rocha")
            term.press("enter", "enter")
            term.wait_for(r"Cliente 0003 - Everton Martins Rocha")
            term.press("f7")
            term.press("f8")
            wait_words(term, "Aceito")
        term.close()


@pytest.mark.readme("Régua: Mensagem", "Régua cenários: mensagem", "Treinamento: mensagem", "Avisos: AVISO FINANCEIRO")
def test_mensagem_ok_enters_normally_and_shows_again_at_every_login(start_pdv):
    term = at_notice(start_pdv, "mensagem", FIGURA_01)
    wait_words(term, "Telefone: (11) 2103-4321 opção 2.")
    screen = settled(term)
    assert "OK" in screen and TRUST not in screen and "CONTINUAR" not in screen, term.framed(screen)
    term.press("enter")  # OK
    screen = menu_screen(term)
    assert all(option in screen for option in (*OPEN_IN_PARTIAL, "F5   Clientes", "F7   Parâmetros")), screen
    assert "Clientes - BLOQUEADO" not in settled(term)
    # every login, every user: the supervisor sees it too; Esc = OK
    term.press("f10")
    login(term, "supervisor", "4321")
    wait_words(term, FIGURA_01)
    term.press("esc")
    menu_screen(term)
    assert "BLOQUEADO" not in settled(term)


@pytest.mark.readme(
    "Régua: Bloqueio Parcial",
    "Régua cenários: bloqueio-parcial",
    "Treinamento: bloqueio-parcial",
    "Avisos: AVISO FINANCEIRO",
    "Avisos: Desbloqueio em Confiança",
    "Avisos: Liberado / Sem Sucesso",
)
def test_bloqueio_parcial_continuar_opens_only_sales_and_d_unlocks(start_pdv):
    term = at_notice(start_pdv, "bloqueio-parcial", FIGURA_02)
    wait_all(term, TRUST, "CONTINUAR")
    term.press("enter")  # the focus starts on CONTINUAR
    screen = menu_screen(term)
    assert all(option in screen for option in LOCKED), term.framed(screen)
    assert not any(f"{option} - BLOQUEADO" in screen for option in OPEN_IN_PARTIAL), term.framed(screen)
    wait_words(term, "Bloqueio Parcial: só Venda, Pré-venda e Recebimento de títulos")
    term.press("f5")
    term.wait_for(r"Módulo bloqueado")
    term.press("enter")
    term.wait_gone(r"Módulo bloqueado")
    open_sale(term)  # a sales module opens
    term.press("esc")
    menu_screen(term)

    # again: ← and Tab move the focus to DESBLOQUEIO EM CONFIANÇA (Enter asks the supervisor;
    # Esc in the prompt is back to the notice); → moves it back to CONTINUAR
    term.press("f10")
    login(term)
    for keys in (("left",), ("tab",)):
        wait_words(term, FIGURA_02)
        term.press(*keys, "enter")
        term.wait_for(r"Informe usuário e senha de um supervisor")
        term.press("esc")
        term.wait_gone(r"Informe usuário e senha")
    wait_words(term, FIGURA_02)
    term.press("left", "right", "enter")
    screen = menu_screen(term)
    assert all(option in screen for option in LOCKED), term.framed(screen)
    # D asks for the Desbloqueio em Confiança wherever the focus is
    term.press("f10")
    login(term)
    wait_words(term, FIGURA_02)
    unlock(term)
    until = date.today() + timedelta(days=3)
    wait_words(term, f"Liberado Acesso ao sistema liberado até {until:%d/%m/%Y}.")
    term.press("esc")  # Liberado: Esc (or Enter) closes and the PDV enters with everything
    menu_screen(term)
    assert "Clientes - BLOQUEADO" not in settled(term), term.framed()
    # Liberado enters with no visual information: the grant is told on F1 (and in the audit)
    assert "Desbloqueio em confiança" not in settled(term), term.framed()
    term.press("f1")
    wait_words(term, f"Régua de Cobrança: desbloqueio em confiança em vigor até {until:%d/%m/%Y}.")


@pytest.mark.readme(
    "Régua: Bloqueio Total",
    "Régua cenários: bloqueio-total",
    "Treinamento: bloqueio-total",
    "Avisos: AVISO FINANCEIRO",
    "Avisos: Desbloqueio em Confiança",
    "Avisos: Liberado / Sem Sucesso",
)
def test_bloqueio_total_ok_back_to_login_and_d_with_a_supervisor_enters(start_pdv):
    term = at_notice(start_pdv, "bloqueio-total", FIGURA_03)
    wait_all(term, TRUST, "OK")
    assert "CONTINUAR" not in settled(term)
    term.press("enter")  # OK
    wait_words(term, DENIED)
    assert "Menu principal" not in settled(term)
    # the user is kept, selected in Usuário: Enter keeps it, then the password: the notice again
    term.write("\r1234\r")
    wait_words(term, FIGURA_03)
    term.press("esc")  # Esc = OK
    wait_words(term, DENIED)
    term.write("\r1234\r")
    wait_words(term, FIGURA_03)
    # D: a wrong supervisor password is refused in the PDV itself and the prompt stays
    unlock(term, "errada")
    wait_words(term, INVALID)
    term.write("4321\r")  # the password field was cleared and keeps the focus
    until = date.today() + timedelta(days=3)
    wait_words(term, f"Liberado Acesso ao sistema liberado até {until:%d/%m/%Y}.")
    term.press("enter")
    menu_screen(term)
    assert "Clientes - BLOQUEADO" not in settled(term), term.framed()


def test_bloqueio_total_ok_puts_the_focus_back_on_usuario_with_the_name_selected(start_pdv):
    """After "Acesso não permitido" the password is cleared and the focus is in Usuário with the
    name selected: a name typed replaces it (it used to go into Senha and count as a wrong
    password), Enter alone keeps it."""
    term = at_notice(start_pdv, "bloqueio-total", FIGURA_03)
    term.press("enter")  # OK
    wait_words(term, DENIED)
    screen = settled(term)
    assert "•" not in screen, "a senha continua no campo:\n" + term.framed()
    name = term.cursor_style("operador  ")  # the name and the empty field after it
    assert name and {c.bg for c in name[:8]} == {name[0].bg}, term.framed()
    assert name[0].bg != name[-1].bg, "o nome do usuário não aparece selecionado:\n" + term.framed()
    term.write("supervisor\r4321\r")  # another person at the counter: the name replaces the selected one
    wait_words(term, FIGURA_03)
    assert INVALID not in settled(term)
    term.press("enter")  # OK again: the supervisor's name is the one kept
    wait_words(term, DENIED)
    term.write("\r4321\r")
    wait_words(term, FIGURA_03)


@pytest.mark.readme("Treinamento: desbloqueio-concedido", "Avisos: Liberado / Sem Sucesso")
def test_desbloqueio_concedido_then_the_next_login_has_no_notice(start_pdv):
    term = at_notice(start_pdv, "desbloqueio-concedido", FIGURA_03)
    unlock(term)
    until = date.today() + timedelta(days=3)
    wait_words(term, f"Liberado Acesso ao sistema liberado até {until:%d/%m/%Y}.")
    term.press("enter")
    menu_screen(term)
    term.press("f10")
    login(term)
    menu_screen(term)
    assert AVISO not in settled(term), term.framed()


@pytest.mark.readme(
    "Régua cenários: desbloqueio-sem-sucesso", "Treinamento: desbloqueio-sem-sucesso", "Avisos: Liberado / Sem Sucesso"
)
def test_desbloqueio_sem_sucesso_shows_the_reason_and_goes_back_to_the_notice(start_pdv):
    term = at_notice(start_pdv, "desbloqueio-sem-sucesso", FIGURA_03)
    unlock(term)
    wait_words(term, "Sem Sucesso Limite de desbloqueios em confiança atingido para este CNPJ.")
    term.press("enter")
    term.wait_gone(r"Sem Sucesso")
    wait_words(term, FIGURA_03)
    term.press("enter")  # OK: back to the login, no access
    wait_words(term, DENIED)


@pytest.mark.readme("Régua cenários: licenca-fora-do-ar", "Treinamento: licenca-fora-do-ar")
def test_licenca_fora_do_ar_applies_the_last_known_situation(start_pdv):
    term = at_notice(start_pdv, "licenca-fora-do-ar", FIGURA_01)
    term.press("enter")
    menu_screen(term)
    term.wait_for(r"Régua fora do ar: vale a situação de \d\d/\d\d \d\d:\d\d, Mensagem")


@pytest.mark.readme("Treinamento: licenca-lenta")
def test_licenca_lenta_gives_up_at_the_timeout_and_says_so(start_pdv):
    term = start_pdv("demo", "licenca-lenta")
    login(term)
    # the login stays alive and says what it is doing, with a turning spinner
    first = term.wait_for(r"([|/\\-]) Consultando a Régua de Cobrança\.\.\.").group(1)
    term.wait_until(
        lambda s: re.search(rf"[^{re.escape(first)}\s] Consultando a Régua", s) is not None, "o indicador girando"
    )
    menu_screen(term)
    wait_words(term, "Régua sem resposta: nenhuma situação conhecida; acesso liberado")
    # with the services already up, the second login takes the timeout (3 s), not the 5 s answer
    term.press("f10")
    term.wait_for(r"Acesso ao PDV")
    term.write("operador\r")
    term.wait_for(r"Senha")
    started = time.monotonic()
    term.write("1234\r")
    menu_screen(term)
    waited = time.monotonic() - started
    assert 2.5 <= waited < 4.9, f"a consulta levou {waited:.1f} s (tempo limite 3 s, servidor responde em 5 s)"


@pytest.mark.readme(
    "Régua cenários: versao-antiga",
    "Treinamento: versao-antiga",
    "Régua cenários: versao-regua-direta",
    "Treinamento: versao-regua-direta",
)
def test_the_version_decides_the_route(start_pdv):
    # 212.050: no check at all, even with Bloqueio Total on the server
    old = start_pdv("demo", "versao-antiga")
    login(old, "supervisor", "4321")
    menu_screen(old)
    assert AVISO not in settled(old)
    module(old, "f8", r"Auditoria[\s\S]*Evento")
    old.wait_for(r"regua_sem_consulta")  # no query happened, and the audit does not say one did
    assert "regua_consulta" not in old.text(), old.framed()
    old.close()
    # 214.500: the Régua itself (route regua), which answers Mensagem
    direct = at_notice(start_pdv, "versao-regua-direta", FIGURA_01, "supervisor", "4321")
    direct.press("enter")
    menu_screen(direct)
    module(direct, "f8", r"Auditoria[\s\S]*Evento")
    direct.wait_for(r"regua_consulta")
    direct.press("down", "enter")  # below the login: the query, whole in its detail view
    wait_words(direct, "versao=214.500; rota=regua; resultado=Mensagem")
