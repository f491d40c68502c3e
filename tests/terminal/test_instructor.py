"""F1 (the scenario in force) and F12 (Painel do instrutor) on a real terminal, dialogs' keys,
and the panel changing the simulated services live: the next call of the PDV sees the change."""

from __future__ import annotations

import re

import pytest

from tests.terminal.conftest import login
from tests.terminal.flows import (
    choose_customer,
    enter,
    items,
    open_sale,
    product,
    ring,
    settled,
    wait_all,
    wait_words,
)
from tests.terminal.screens import FIGURA_01, FIGURA_02, FIGURA_03

PANEL = r"Licença\s+LGPD\s+Falhas"  # the panel's tabs: the login's key bar names the panel too (F12)
LOADED = r"Drogaria Bem Estar - Centro"  # the header names the branch once the database is open


def started(term) -> None:
    """The login screen with the database loaded (F1 and F12 wait for it)."""
    term.wait_for(r"Usuário")
    term.wait_for(LOADED)


def panel(term) -> None:
    term.press("f12")
    term.wait_for(r"Cenário do mundo remoto: treinamento\.")


def select_option(term, current: str, wanted: str) -> None:
    """Enter opens the Select showing `current` (its list drops below it, ▲); typing part of an
    option goes to it (the Select searches as you type); Enter picks it."""
    term.press("enter")
    term.wait_until(
        lambda s: re.search(rf"{re.escape(current)}\s+▲", s) is not None and wanted in s,
        f"a lista do campo com {wanted}",
    )
    term.write(wanted)
    term.press("enter")


@pytest.mark.readme("Teclas: Qualquer tela", "Teclas: Diálogos")
def test_f1_shows_the_scenario_on_any_screen_and_dialog_keys(start_pdv):
    term = start_pdv("demo", "treinamento")
    started(term)
    term.press("f1")
    term.wait_for(r"Ajuda · cenário treinamento")
    wait_words(term, "F12: Painel do instrutor.")
    term.press("esc")  # Esc closes a dialog
    term.wait_gone(r"Ajuda · cenário treinamento")
    login(term)
    term.wait_for(r"Menu principal")
    open_sale(term)
    term.press("f1")
    term.wait_for(r"Ajuda · cenário treinamento")
    term.press("enter")  # Enter on the focused button (OK)
    term.wait_gone(r"Ajuda · cenário treinamento")
    ring(term, product("1")["ean"], 1)
    # Tab goes between buttons: from "Esc Continuar" (focused) to "F2 Cancelar venda"; Enter
    term.press("f6")
    wait_all(term, "F2 Cancelar venda", "Esc Continuar")
    term.press("tab", "enter")
    wait_words(term, "Venda cancelada.")
    items(term, 0)


@pytest.mark.readme("Teclas: Qualquer tela")
def test_outside_demo_f1_is_silent_and_f12_only_for_a_supervisor(start_pdv, tmp_path):
    term = start_pdv("--db", str(tmp_path / "loja.sqlite3"))  # `pdv`: no demo, no TREINAMENTO mark
    started(term)
    term.press("f1")  # outside demo mode F1 is the screen's keys, with no scenario
    help_screen = term.wait_for(r"Teclas desta tela").string
    assert "Ajuda · cenário" not in help_screen and "TREINAMENTO" not in help_screen
    term.press("esc")
    term.wait_gone(r"Teclas desta tela")
    login(term)
    term.wait_for(r"Menu principal")
    assert "TREINAMENTO" not in settled(term)
    term.press("f12")
    wait_words(
        term, "O Painel do instrutor abre só no modo demonstração (pdv demo CENÁRIO) ou para um supervisor logado."
    )
    term.press("enter")
    term.wait_gone(r"O Painel do instrutor abre só")
    term.press("f10")
    login(term, "supervisor", "4321")
    term.wait_for(r"Menu principal")
    term.press("f12")
    term.wait_for(r"Painel do instrutor[\s\S]*este PDV")


@pytest.mark.readme("Painel: Licença")
def test_panel_licenca_changes_the_situation_live_and_adds_a_cnpj(start_pdv):
    term = start_pdv("demo", "treinamento")
    started(term)
    panel(term)  # on the login screen too
    term.wait_for(r"12\.345\.678/0001-95 \(este PDV\)\s+Liberado")
    term.press("down", "enter")  # the row of this PDV
    term.wait_for(r"CNPJ 12\.345\.678/0001-95[\s\S]*Situação\s+Liberado")
    select_option(term, "Liberado", "Bloqueio Total")
    term.wait_for(r"Situação\s+Bloqueio Total")
    term.press("f2")
    term.wait_for(r"12\.345\.678/0001-95 \(este PDV\)\s+Bloqueio Total")
    # F3: a student's CNPJ
    term.press("f3")
    term.wait_for(r"Novo CNPJ")
    term.write("12.345.678/9002-69")
    term.press("f2")
    term.wait_for(r"12\.345\.678/9002-69\s+Liberado")
    term.press("esc")
    term.wait_gone(PANEL)
    # the next login asks the License Server again: Bloqueio Total, without restarting anything
    login(term)
    wait_words(term, FIGURA_03)


@pytest.mark.readme("Painel: LGPD")
def test_panel_lgpd_sets_a_status_the_next_sale_sees(start_pdv):
    term = enter(start_pdv)
    panel(term)
    term.press("f6")
    screen = term.wait_for(r"Everton Martins Rocha\s+709\.409\.858-88\s+Convênio\s+Aceito").string
    rows = [line for line in screen.splitlines() if re.search(r"\d{3}\.\d{3}\.\d{3}-\d\d|\bRG\b|\d{5,}", line)]
    position = next(i for i, line in enumerate(rows) if "Everton Martins Rocha" in line)
    term.press(*["down"] * position, "enter")
    term.wait_for(r"Status do termo no portal[\s\S]*Hoje: Aceito")
    term.press("down", "enter")  # Aceito -> Recusado
    term.wait_for(r"Everton Martins Rocha\s+709\.409\.858-88\s+Convênio\s+Recusado")
    term.press("esc")
    term.wait_for(r"Menu principal")
    # a sale to him on METALURGICA (Notificar): the PDV asks the portal, which now says Recusado
    open_sale(term)
    choose_customer(term, "0003", "Everton Martins Rocha")
    term.wait_for(r"LGPD: cliente sem termo de consentimento aceito")
    wait_words(term, "Status do termo: Recusado")


@pytest.mark.readme("Painel: Falhas")
def test_panel_falhas_set_and_remove_a_fault_reload_and_reset(start_pdv):
    term = start_pdv("demo", "treinamento")
    started(term)
    panel(term)
    term.press("f6", "f6")
    term.wait_for(r"nenhuma falha em vigor")
    term.press("f3")
    term.wait_for(r"Nova falha[\s\S]*Serviço\s+license")
    term.press("tab")  # Rota
    select_option(term, "* (todas)", "access-check")
    term.wait_for(r"Rota\s+access-check")
    term.press("tab")  # Tipo
    select_option(term, "(selecione)", "status (erro")
    term.wait_for(r"Tipo\s+status")
    term.press("tab")
    term.write("code=503")
    term.press("f2")
    term.wait_for(r"license\s+access-check\s+.*503")
    term.press("esc")
    term.wait_gone(PANEL)
    # the next login meets the fault: no situation known, it enters and says why
    login(term)
    term.wait_for(r"Menu principal")
    wait_words(term, "Régua com erro HTTP 503: nenhuma situação conhecida; acesso liberado")
    # F4 removes the highlighted fault; F5 reads everything again; F9 back to the scenario
    panel(term)
    term.press("f6", "f6")
    term.wait_for(r"license\s+access-check")
    term.press("f4")
    term.wait_for(r"nenhuma falha em vigor")
    term.press("f5")
    term.wait_for(r"Cenário do mundo remoto: treinamento\.")
    term.press("f9")
    wait_words(term, "Voltar License Server, portal LGPData e falhas ao cenário treinamento?")
    term.press("enter")
    term.wait_gone(r"Voltar ao cenário")
    term.wait_for(r"nenhuma falha em vigor")
    term.press("esc")
    term.wait_for(r"Menu principal")


LGPD_BLOCK = "LGPD: venda bloqueada sem termo de consentimento"


def test_f12_opens_over_the_lgpd_dialog_and_the_consent_link_and_closes_back_to_them(start_pdv):
    """The trainer's moment: the Bloquear dialog (and the consent link over it) is up, F12 opens
    the panel over it, the customer's term becomes Aceito, Esc comes back to the dialog, and
    Consulta status (F8) sees it: the sale goes on."""
    term = enter(start_pdv, "lgpd-bloquear")
    open_sale(term)
    choose_customer(term, "0003", "Carla Pendente Dias")
    term.wait_for(re.escape(LGPD_BLOCK))
    # over the consent-link dialog: F12, Esc, the link dialog again
    term.press("f2")
    term.wait_for(r"Solicitar consentimento LGPD[\s\S]*Status: Pendente")
    term.press("f12")
    term.wait_for(r"Cenário do mundo remoto: lgpd-bloquear\.")
    term.press("esc")
    term.wait_gone(PANEL)
    term.wait_for(r"Solicitar consentimento LGPD[\s\S]*Status: Pendente")
    term.press("esc")
    term.wait_gone(r"Solicitar consentimento LGPD")
    # over the Bloquear dialog: F12, Carla's term set to Aceito
    wait_all(term, LGPD_BLOCK, "F3 Abortar venda")
    term.press("f12")
    term.wait_for(r"Cenário do mundo remoto: lgpd-bloquear\.")
    term.press("f6")
    screen = term.wait_for(r"Carla Pendente Dias\s+\S+\s+Convênio\s+Pendente").string
    rows = [line for line in screen.splitlines() if re.search(r"\d{3}\.\d{3}\.\d{3}-\d\d|\bRG\b|\d{5,}", line)]
    position = next(i for i, line in enumerate(rows) if re.search(r"Carla Pendente Dias.*Convênio", line))
    term.press(*["down"] * position, "enter")
    term.wait_for(r"Status do termo no portal[\s\S]*Hoje: Pendente")
    term.press("up", "up", "enter")  # Pendente -> Aceito
    term.wait_for(r"Carla Pendente Dias\s+\S+\s+Convênio\s+Aceito")
    term.press("esc")
    term.wait_gone(PANEL)
    wait_all(term, LGPD_BLOCK, "F3 Abortar venda")
    term.press("f8")
    term.wait_gone(re.escape(LGPD_BLOCK))
    assert "Carla Pendente Dias" in settled(term)


def test_panel_a_new_situation_goes_out_with_its_own_standard_text(start_pdv):
    """The form shows the message of the situation in force; changing Situação leaves that text
    behind, so the License Server sends the new situation's words, not the old ones."""
    term = start_pdv("demo", "treinamento")
    started(term)
    panel(term)
    term.wait_for(r"12\.345\.678/0001-95 \(este PDV\)\s+Liberado")
    term.press("down", "enter")
    term.wait_for(r"CNPJ 12\.345\.678/0001-95[\s\S]*Situação\s+Liberado")
    select_option(term, "Liberado", "Bloqueio Total")
    term.wait_for(r"Situação\s+Bloqueio Total")
    term.press("f2")
    term.wait_for(r"12\.345\.678/0001-95 \(este PDV\)\s+Bloqueio Total")
    term.press("enter")  # the same row again: its Mensagem is the Bloqueio Total text
    term.wait_for(r"CNPJ 12\.345\.678/0001-95[\s\S]*Situação\s+Bloqueio Total")
    term.wait_for(r"Mensagem \(vazio: a padrão\)\s+Informamos que ainda não")
    select_option(term, "Bloqueio Total", "Bloqueio Parcial")
    wait_words(term, "Mensagem: a padrão de Bloqueio Parcial, se ficar vazia.")
    term.press("f2")
    term.wait_for(r"12\.345\.678/0001-95 \(este PDV\)\s+Bloqueio Parcial")
    term.press("esc")
    term.wait_gone(r"Cenário do mundo remoto")
    login(term)
    wait_words(term, FIGURA_02)
    assert "o uso está bloqueado" not in " ".join(term.text().split())


def test_panel_shows_the_whole_message_and_the_whole_name_of_the_highlighted_customer(start_pdv):
    """The trainer reads, at 80x24, the whole text the License Server will send (the form's
    field shows only its start) and the whole name of the customer under the cursor on LGPD
    (the column ends in "…" where names are long)."""
    term = start_pdv("demo", "treinamento")
    started(term)
    panel(term)
    term.press("down", "enter")  # this PDV's row
    term.wait_for(r"CNPJ 12\.345\.678/0001-95[\s\S]*Situação\s+Liberado")
    select_option(term, "Liberado", "Mensagem")
    term.press("f2")
    term.wait_for(r"12\.345\.678/0001-95 \(este PDV\)\s+Mensagem")
    wait_words(term, "Mensagem: " + FIGURA_01)
    wait_words(term, "Telefone: (11) 2103-4321 opção 2.")  # the message's last words
    term.press("f6")  # LGPD
    screen = term.wait_for(r"Cliente\s+Documento\s+Operação\s+Status").string
    cut_names = [line.split("…")[0].strip() for line in screen.splitlines() if "…" in line]
    assert cut_names, term.framed(screen)
    rows = [line for line in screen.splitlines() if re.search(r"\d{3}\.\d{3}\.\d{3}-\d\d|\d{8}", line)]
    position = next(i for i, line in enumerate(rows) if line.strip().startswith(cut_names[0]))
    term.press(*["down"] * position)
    whole = term.wait_until(
        lambda s: any(line.strip().startswith(cut_names[0]) and "…" not in line for line in s.splitlines()),
        "o nome inteiro do cliente sob o cursor",
    )
    assert len(max(whole.splitlines(), key=len)) <= 80


def test_a_panel_form_lists_its_own_keys_not_the_panels(start_pdv):
    """The key bar under a form of the Painel names the form's keys (F2 Gravar, Esc Cancelar),
    never the panel's, which do nothing while the form is up."""
    term = start_pdv("demo", "treinamento")
    started(term)
    panel(term)
    term.wait_for(r"f3 Novo")
    term.press("down", "enter")  # this PDV's row
    term.wait_for(r"CNPJ 12\.345\.678/0001-95[\s\S]*Situação\s+Liberado")
    bar = term.wait_until(lambda s: "f2 Gravar" in s.splitlines()[-1], "as teclas do formulário").splitlines()[-1]
    assert "esc Cancelar" in bar and "f3 Novo" not in bar and "Atualizar" not in bar, bar
