"""Keys a cashier trips on at 80x24, on a real terminal: Enter in the customer search opens the
customer and Esc comes back to the search; the consent-link dialog's own footer; a PJ's LGPD tab
offers no action; the Integração Portal LGPD asks before discarding edits, marks the refused
credential and explains Validade (dias); the Alteração especial's boxes read without colour; an
open list tells its key in Portuguese."""

from __future__ import annotations

import re

from tests.terminal.flows import (
    REQUEST_STATUS,
    choose_customer,
    enter,
    module,
    open_sale,
    settled,
    wait_all,
    wait_words,
)

BLOCK = "LGPD: venda bloqueada sem termo de consentimento"


def footer(term) -> str:
    return term.row(term.lines - 1)


def test_customers_enter_in_the_search_opens_and_esc_comes_back_to_typing_a_new_search(start_pdv):
    term = enter(start_pdv)
    module(term, "f5", r"Buscar por nome")
    term.write("martins alv\r")  # Enter in the search field: the only match opens
    term.wait_for(r"Cliente \d+ - Leandro Martins Alves")
    term.press("esc")
    term.wait_gone(r"Cliente \d+ - Leandro Martins Alves")
    term.wait_for(r"Código\s+Nome")
    term.write("984.886\r")  # typed in the search again (it replaces the last search)
    term.wait_for(r"Cliente 0001 - ")


def test_the_consent_link_dialog_shows_its_own_keys_f9_included(start_pdv):
    term = enter(start_pdv, "lgpd-bloquear")
    open_sale(term)
    choose_customer(term, "0003", "Carla Pendente Dias")
    term.wait_for(re.escape(BLOCK))
    wait_all(term, "F3 Abortar venda")
    term.press("f2")
    first = term.wait_for(REQUEST_STATUS).group(1)
    term.wait_until(lambda s: "Nova solicitação" in s.splitlines()[-1], "o rodapé do diálogo do link")
    keys = footer(term)
    for key in ("esc Fechar", "f8 Consulta status", "f9 Nova solicitação"):
        assert key in keys, f"{key!r} fora do rodapé:\n{term.framed()}"
    assert "Abortar" not in keys and "f2" not in keys and "f3" not in keys, term.framed()
    term.press("f9")  # a new request: another id
    term.wait_until(
        lambda s: (m := re.search(REQUEST_STATUS, s)) is not None and m.group(1) != first, "uma nova solicitação"
    )
    term.press("esc")  # back to the Bloquear dialog and its own keys
    term.wait_gone(r"Solicitar consentimento LGPD")
    term.wait_until(lambda s: "Abortar venda" in s.splitlines()[-1], "o rodapé do diálogo Bloquear")


def test_a_pj_customers_lgpd_tab_offers_no_action_and_says_why(start_pdv):
    term = enter(start_pdv, "lgpd-pessoa-juridica", user="supervisor", password="4321")
    module(term, "f5", r"Buscar por nome")
    term.write("0900\r")
    term.wait_for(r"Cliente 0900 - ")
    term.press("f7")
    wait_words(term, "Pessoa jurídica: somente os clientes do tipo pessoa física possuem controle de termo LGPD")
    settled(term)
    keys = footer(term)
    assert "Atualizar" not in keys and "Solicitar" not in keys and "f8" not in keys and "f9" not in keys, term.framed()
    # a PF customer's tab keeps them: the footer is not simply gone
    term.press("esc")
    term.wait_gone(r"Cliente 0900 - ")
    term.wait_for(r"Código\s+Nome")
    term.write("0003\r")
    term.wait_for(r"Cliente 0003 - ")
    term.press("f7")
    term.wait_until(
        lambda s: "f8 Atualizar status" in s.splitlines()[-1] and "f9 Solicitar" in s.splitlines()[-1],
        "F8 e F9 no rodapé da guia LGPD de uma pessoa física",
    )


def open_integration(term) -> None:
    module(term, "f7", r"Parâmetros")
    term.press("enter")
    term.wait_for(r"Filial (já configurada|ainda não configurada)")


def test_integracao_portal_lgpd_explains_validade_on_the_screen(start_pdv):
    term = enter(start_pdv, user="supervisor", password="4321")
    open_integration(term)
    term.wait_for(r"Validade \(dias\)")
    wait_words(term, "Validade: 0 consulta o portal a cada venda; N reusa o Aceito por N dias.")


def test_integracao_portal_lgpd_marks_and_focuses_the_refused_credential(start_pdv):
    term = enter(start_pdv, "lgpd-credenciais-erradas", user="supervisor", password="4321")
    open_integration(term)
    term.press("f3")  # Testar conexão: the portal refuses the Senha
    wait_words(term, "Senha inválido(a)")
    term.press("enter")
    term.wait_gone(r"Senha inválido\(a\)")
    term.wait_for(r"! Senha")  # marked in words, not only by colour
    wait_words(term, "Senha recusado(a) pelo portal LGPData: confira e digite de novo.")
    term.write("Termo@2026")  # typed where the focus is: the Senha field
    term.wait_for(r"! Senha\s+•{10}")
    term.press("f3")
    wait_words(term, "Conexão OK")


def test_integracao_portal_lgpd_asks_before_discarding_edits(start_pdv):
    term = enter(start_pdv, user="supervisor", password="4321")
    open_integration(term)
    term.press("esc")  # nothing typed: leaves at once
    term.wait_gone(r"Validade \(dias\)")
    term.wait_for(r"Configuração de integração")
    term.press("enter")
    term.wait_for(r"Filial já configurada")
    term.press("tab", "tab", "tab")  # Filial → Filial do termo → Nome LGPD → Identificador de Bandeira
    term.write("7")  # replaces the 0, selected on focus
    term.wait_for(r"Identificador de Bandeira\s+7\b")
    term.press("esc")  # the customer screen's question; Cancelar keeps the edit
    wait_words(term, "Sair sem gravar as alterações da Integração Portal LGPD?")
    term.press("esc")
    term.wait_gone(r"Sair sem gravar as alterações")
    term.wait_for(r"Identificador de Bandeira\s+7\b")
    term.press("esc")
    wait_words(term, "Sair sem gravar as alterações da Integração Portal LGPD?")
    term.press("enter")  # Sair sem gravar
    term.wait_gone(r"Validade \(dias\)")
    term.wait_for(r"Configuração de integração")


def test_alteracao_especial_boxes_read_without_colour(start_pdv):
    term = enter(start_pdv, user="supervisor", password="4321", env={"NO_COLOR": "1"})
    module(term, "f6", r"Convênios")
    term.press("f4")
    term.wait_for(r"Alteração especial")
    term.wait_for(r"\[ \] Cartão \(\d+\)")
    term.press("space")  # marks the highlighted type (the first)
    term.wait_for(r"\[X\] Cartão \(\d+\)")
    screen = settled(term)
    assert re.search(r"\[ \] Empresa \(\d+\)", screen), term.framed()
    term.press("space")
    term.wait_for(r"\[ \] Cartão \(\d+\)")


def test_an_open_list_tells_its_key_in_portuguese(start_pdv):
    """A list opened from a field (Filial) says how to close it in the PDV's language."""
    term = enter(start_pdv, user="supervisor", password="4321")
    open_integration(term)
    term.press("enter")  # opens the Filial list
    term.wait_for(r"esc Fechar a lista")
    assert "Dismiss" not in footer(term)
    term.press("esc")
    term.wait_gone(r"Fechar a lista")
