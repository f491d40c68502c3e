"""A person (PF) saved without an identification document, on a real terminal: the document's
sale rules expect such customers (Notificar sells with no query; Bloquear asks for the document
at the counter), so the Cadastro de clientes saves them."""

from __future__ import annotations

import re

from tests.terminal.flows import choose_customer, enter, open_sale, wait_words
from tests.terminal.screens import customers

ASKED = "LGPD: documento de identificação"


def test_a_person_without_document_is_saved_then_sold_to(start_pdv):
    term = enter(start_pdv, "treinamento", "supervisor", "4321")
    customers(term)
    term.press("f2")  # Novo cliente
    term.wait_for(r"Novo cliente[\s\S]*Tipo de pessoa\s+Pessoa Física")
    term.write("Maria Sem Documento")
    term.press("f4")
    term.wait_for(r"F5 vincula um convênio; F6 desvincula o selecionado")
    term.press("f5")
    term.wait_for(r"Vincular convênio[\s\S]*SIND01")
    term.press("down", "enter")  # CARTAO -> EMPR01 (Notificar)
    term.wait_for(r"^\s+EMPR01\s+METALURGICA SAO JORGE", flags=re.M)
    term.press("f5")
    term.wait_for(r"Vincular convênio")
    term.press("down", "enter")  # CARTAO -> EMPR02 (Bloquear)
    term.wait_for(r"^\s+EMPR02\s+PREFEITURA MUNICIPAL", flags=re.M)
    term.press("f2")  # no document typed: saved all the same
    code = term.wait_for(r"Cliente (\d+) cadastrado\.").group(1)
    term.wait_for(r"LGPD - Bloquear venda")  # the notice of a PF without an accepted term
    term.press("enter")
    wait_words(term, "Cliente sem documento de identificação: informe na guia Dados e grave.")
    term.press("esc")
    term.wait_for(r"Enter abre o cliente")
    term.press("esc")
    term.wait_for(r"Menu principal")

    open_sale(term)
    choose_customer(term, code, "Maria Sem Documento", agreement="METALURGICA SAO JORGE")
    term.wait_for(r"Convênio: METALURGICA SAO JORGE \| LGPD: sem exigência")  # Notificar sells, no query
    choose_customer(term, code, "Maria Sem Documento", agreement="PREFEITURA MUNICIPAL")
    term.wait_for(re.escape(ASKED))  # Bloquear asks for the document first
    wait_words(term, "Cliente: Maria Sem Documento (sem documento)")
    term.write("111.444.777-35")
    term.press("f2")
    term.wait_gone(re.escape(ASKED))
    term.wait_for(r"LGPD: venda bloqueada sem termo de consentimento")
    wait_words(term, "Cliente: Maria Sem Documento (CPF 111.444.777-35)")
    wait_words(term, "Status do termo: Não emitido")
