"""The LGPD rows of the README's Treinamento scenario table (and of the LGPData one), each
started with `pdv demo NAME` and checked for what the table says the class sees. The billing
rows are in test_billing_notices.py."""

from __future__ import annotations

import re

import pytest

from tests.terminal.flows import enter, module, settled, wait_words
from tests.terminal.screens import customers, lgpd_tab, open_customer, refresh


def back_to_list(term) -> None:
    """Esc to the list, and the search emptied for the next code."""
    term.press("esc")
    term.wait_for(r"Enter abre o cliente; F2 cadastra um novo")
    term.write("\x15")  # back in the search (its text selected): Ctrl+U empties it
    term.wait_until(lambda s: len(re.findall(r"^ \d{4}  ", s, re.M)) > 5, "a lista inteira de clientes")


@pytest.mark.readme("Treinamento: lgpd-notificar", "LGPData cenários: lgpd-notificar")
def test_lgpd_notificar_agreements_notify_one_customer_per_status(start_pdv):
    term = enter(start_pdv, "lgpd-notificar", "supervisor", "4321")
    customers(term)
    for code, name in (("0002", "Bruno Recusado Souza"), ("0005", "Elisa Cancelado Rocha")):
        term.wait_for(rf"^ {code}\s+{re.escape(name)}", flags=re.M)
    open_customer(term, "0002", "Bruno Recusado Souza")
    lgpd_tab(term, "Notificar")
    refresh(term, "Recusado")
    term.press("f9")  # Solicitar consentimento: link and QR code
    term.wait_for(r"http://127\.0\.0\.1:\d+/lgpdata/t/\w+")
    term.press("esc")
    term.wait_gone(r"Solicitar consentimento LGPD")


@pytest.mark.readme("Treinamento: lgpd-bloquear", "LGPData cenários: lgpd-bloquear")
def test_lgpd_bloquear_agreements_block_and_saving_shows_the_notice(start_pdv):
    term = enter(start_pdv, "lgpd-bloquear", "supervisor", "4321")
    customers(term)
    open_customer(term, "0005", "Elisa Cancelado Rocha")
    lgpd_tab(term, "Bloquear")
    refresh(term, "Cancelado")
    term.press("f2")  # Gravar a customer without an accepted term: the Bloquear notice
    wait_words(term, "Cliente 0005 gravado.")
    term.wait_for(r"LGPD - Bloquear venda")
    wait_words(term, "As vendas para este cliente nesse(s) convênio(s) serão bloqueadas até que o termo seja aceito.")
    term.press("enter")
    term.wait_gone(r"LGPD - Bloquear venda")
    term.press("f9")
    term.wait_for(r"http://127\.0\.0\.1:\d+/lgpdata/t/\w+")


EIGHT = [
    ("0001", "Ana Aceito Lima", "Aceito"),
    ("0002", "Bruno Recusado Souza", "Recusado"),
    ("0003", "Carla Pendente Dias", "Pendente"),
    ("0005", "Elisa Cancelado Rocha", "Cancelado"),
    ("0006", "Fabio Expirado Nunes", "Expirado"),
    ("0007", "Gisele Nova Costa", "Não emitido"),
    ("0008", "Hugo Exclusao Prado", "Solicitado a exclusão"),
    ("0009", "Iris Remocao Melo", "Solicitado a remoção do consentimento"),
]
# shortened in the table so the date of the query fits 80 columns; named in full below it
SHORT = {"Solicitado a exclusão": "Solic. exclusão", "Solicitado a remoção do consentimento": "Solic. remoção"}


@pytest.mark.readme("Treinamento: lgpd-todos-os-status")
def test_lgpd_todos_os_status_each_customer_shows_its_status_and_when(start_pdv):
    term = enter(start_pdv, "lgpd-todos-os-status", "supervisor", "4321")
    customers(term)
    for code, name, status in EIGHT:
        open_customer(term, code, name)
        lgpd_tab(term, "Termo LGPD por convênio do cliente")
        refresh(term, SHORT.get(status, status))
        if status in SHORT:
            wait_words(term, f"Status: {status}.")
        back_to_list(term)
    # each F8 asked the portal (the stored status was already the portal's): the audit says so
    term.press("esc")
    module(term, "f8", r"Auditoria[\s\S]*Evento")
    term.wait_until(lambda s: s.count("lgpd_consulta_status") == len(EIGHT), "uma consulta por cliente na auditoria")


@pytest.mark.readme("Treinamento: lgpd-todos-os-status")
def test_leaving_the_customer_while_the_portal_answers_keeps_the_pdv(start_pdv):
    """F8 Atualizar status and Esc at once, a few times: the answer reaches a screen being taken
    down. The PDV used to die there with a traceback (the worker redrew a removed table)."""
    term = enter(start_pdv, "lgpd-todos-os-status", "supervisor", "4321")
    customers(term)
    open_customer(term, "0002", "Bruno Recusado Souza")
    lgpd_tab(term, "Recusado")
    for _ in range(6):
        term.press("f8", "esc")
        term.wait_for(r"Enter abre o cliente; F2 cadastra um novo")
        term.press("enter")
        term.wait_for(r"Cliente 0002 - Bruno Recusado Souza")
        lgpd_tab(term, "Recusado")
    refresh(term, "Recusado")
    assert term.alive


@pytest.mark.readme("Treinamento: lgpd-cliente-sem-documento")
def test_lgpd_cliente_sem_documento_the_pdv_asks_for_the_document(start_pdv):
    term = enter(start_pdv, "lgpd-cliente-sem-documento", "supervisor", "4321")
    customers(term)
    open_customer(term, "0010", "Joao Sem Documento")
    term.press("f2")  # a PF without a document is saved (the sale asks for it under Bloquear)
    term.wait_for(r"LGPD - Bloquear venda")  # the notice of a term not accepted
    term.press("enter")
    wait_words(term, "Cliente 0010 gravado.")
    lgpd_tab(term, "Não emitido")
    wait_words(term, "Cliente sem documento de identificação: informe na guia Dados e grave.")


@pytest.mark.readme("Treinamento: lgpd-pessoa-juridica")
def test_lgpd_pessoa_juridica_has_no_term_control(start_pdv):
    term = enter(start_pdv, "lgpd-pessoa-juridica", "supervisor", "4321")
    customers(term)
    open_customer(term, "0900", "LABORATORIO ALFA NUMERICO LTDA")
    term.wait_for(r"12\.ABC\.345/01DE-35")
    lgpd_tab(term, "Pessoa jurídica: somente os clientes do tipo pessoa física possuem controle de termo LGPD")
    screen = settled(term)
    assert "Atualizar status (F8)" not in screen and "Solicitar consentimento (F9)" not in screen, term.framed(screen)


@pytest.mark.readme("Treinamento: lgpd-solicitacao-expirada")
def test_lgpd_solicitacao_expirada_refresh_brings_expirado(start_pdv):
    term = enter(start_pdv, "lgpd-solicitacao-expirada", "supervisor", "4321")
    customers(term)
    open_customer(term, "0003", "Carla Pendente Dias")
    lgpd_tab(term, "Pendente")
    refresh(term, "Expirado")


@pytest.mark.readme("Treinamento: lgpd-resposta-invalida")
def test_lgpd_resposta_invalida_sem_status_and_the_reason(start_pdv):
    term = enter(start_pdv, "lgpd-resposta-invalida", "supervisor", "4321")
    customers(term)
    open_customer(term, "0003", "Carla Pendente Dias")
    lgpd_tab(term, "Pendente")
    refresh(term, "Sem status")
    term.wait_for(r"Sem status: .*(inválid|malformad|JSON)")
    wait_words(term, "Último status conhecido: Pendente.")
