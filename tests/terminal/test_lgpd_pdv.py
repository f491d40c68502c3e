"""The README's LGPData "No PDV" table on a real terminal (supervisor / 4321): the Integração
Portal LGPD (F2, F3, F4, Esc) with the two scenarios that break it, Convênios (a convênio's
2-Parâmetros > LGPD and the Alteração especial) and Clientes (search, new, Dados, Convênios,
the 7 LGPD tab and its consent link)."""

from __future__ import annotations

import re

import pytest

from tests.terminal.flows import REQUEST_STATUS, enter, module, settled, wait_all, wait_words
from tests.terminal.screens import CONSULTED, connection_test, customers, integration, lgpd_tab, open_customer, refresh

LINK = r"http://127\.0\.0\.1:\d+/lgpdata/t/(\w+)"


@pytest.mark.readme(
    "LGPData PDV: F7 Parâmetros > Configuração de integração > Integração Portal LGPD",
    "LGPData cenários: lgpd-portal-fora-do-ar",
    "Treinamento: lgpd-portal-fora-do-ar",
)
def test_portal_down_sem_status_then_f4_and_f2_put_it_back(start_pdv):
    term = enter(start_pdv, "lgpd-portal-fora-do-ar", "supervisor", "4321")
    customers(term)
    open_customer(term, "0003", "Everton Martins Rocha")
    lgpd_tab(term, "Termo LGPD por convênio do cliente")
    term.press("f8")
    term.wait_for(r"Sem status\s+" + CONSULTED)
    wait_words(term, "Sem status: Portal LGPData: não foi possível conectar (serviço fora do ar?)")
    wait_words(term, "Último status conhecido: Pendente.")
    term.press("esc")
    term.wait_for(r"Enter abre o cliente")
    term.press("esc")
    term.wait_for(r"Menu principal")

    integration(term)
    term.wait_for(r"URL\s+http://127\.0\.0\.1:9/lgpdata")
    connection_test(term, "Falha")
    term.press("f4")  # the URL back to the default: the simulated portal of this run
    default = term.wait_for(r"URL padrão: (http://127\.0\.0\.1:\d+/lgpdata)").group(1)
    term.wait_for(rf"URL\s+{re.escape(default)}")
    term.press("f2")
    wait_words(term, "Configuração gravada. Alterado: URL.")
    term.press("esc")  # Esc leaves the integration, then Parâmetros
    term.wait_for(r"Clique aqui para configurar")
    term.press("esc")
    term.wait_for(r"Menu principal")
    customers(term)
    open_customer(term, "0003", "Everton Martins Rocha")
    lgpd_tab(term, "Termo LGPD por convênio do cliente")
    refresh(term, "Aceito")  # back on the air: the portal's status


@pytest.mark.readme(
    "LGPData PDV: F7 Parâmetros > Configuração de integração > Integração Portal LGPD",
    "LGPData cenários: lgpd-credenciais-erradas",
    "Treinamento: lgpd-credenciais-erradas",
)
def test_wrong_senha_is_named_by_the_portal_and_corrected_in_f7(start_pdv):
    term = enter(start_pdv, "lgpd-credenciais-erradas", "supervisor", "4321")
    integration(term)
    connection_test(term, "credencial recusada: Senha inválido(a) (HTTP 401)")
    # the refused credential's field is marked and has the focus, and the message says what to do
    wait_words(term, "Senha recusado(a) pelo portal LGPData: confira e digite de novo.")
    # the saved Senha is never drawn, only the hint of an empty field that keeps it; typing replaces it
    term.wait_until(
        lambda s: re.search(r"^ ! Senha\s+•••••••• \(gravada\)\s*$", s, re.M) is not None, "a Senha gravada, oculta"
    )
    term.write("Termo@2026")
    connection_test(term, "Conexão OK")
    term.press("f2")
    screen = wait_words(term, "Configuração gravada. Alterado: Senha.")
    assert "Termo@2026" not in screen, "a senha aparece na tela:\n" + term.framed(screen)
    term.press("esc")
    term.wait_for(r"Clique aqui para configurar")


@pytest.mark.readme("LGPData PDV: F6 Convênios")
def test_agreement_lgpd_parameters_and_the_bulk_update(start_pdv):
    term = enter(start_pdv, "treinamento", "supervisor", "4321")
    module(term, "f6", r"Convênios[\s\S]*Sem aceite de termo")
    term.wait_for(r"^ CARTAO\s+CARTAO DE CREDITO/DEBITO\s+Cartão\s+Nenhuma ação\s+-", flags=re.M)
    term.press("enter")  # the first convênio, CARTAO
    term.wait_for(r"Convênio CARTAO - CARTAO DE CREDITO/DEBITO[\s\S]*2-Parâmetros > LGPD")
    # Cliente Sem Aceite de Termo: Enter opens the list, arrows, Enter picks Bloquear venda
    term.press("enter")
    term.wait_for(r"Notificar pendência[\s\S]*Bloquear venda")
    term.press("down", "down", "enter")
    term.wait_for(r"Cliente Sem Aceite de Termo\s+Bloquear venda")
    term.press("f2")  # without the Código operação: refused, said why
    wait_words(term, "Informe o Código operação: obrigatório quando a regra não é Nenhuma ação.")
    term.wait_for(r"! Código operação")
    term.press("enter")
    term.wait_for(r"Fidelidade Febrafar")
    term.press("down", "enter")
    term.wait_for(r"Código operação\s+Convênio")
    term.press("f2")
    wait_words(term, "Parâmetros LGPD do convênio gravados.")
    term.press("esc")
    term.wait_for(r"^ CARTAO\s+CARTAO DE CREDITO/DEBITO\s+Cartão\s+Bloquear venda\s+Convênio", flags=re.M)

    # F4 Alteração especial: Espaço marks a type, rule and operation, F2 confirms and counts
    term.press("f4")
    term.wait_for(r"Convênios - Alteração especial[\s\S]*Sindicato \(1\)")
    term.press("f2")
    wait_words(term, "Selecione ao menos um tipo de convênio.")
    term.press("down", "down", "space")  # Fidelidade (2)
    term.press("tab", "enter")
    term.wait_for(r"Notificar pendência[\s\S]*Bloquear venda")
    term.press("down", "down", "enter")  # (selecione) -> Nenhuma ação -> Notificar pendência
    term.wait_for(r"Cliente Sem Aceite de Termo\s+Notificar pendência")
    term.press("tab", "enter")
    term.wait_for(r"Fidelidade Febrafar")
    term.press("down", "down", "enter")  # (selecione) -> Convênio -> Fidelidade
    term.wait_for(r"Código operação\s+Fidelidade")
    term.press("f2")
    wait_words(term, "Aplicar Notificar pendência, operação Fidelidade aos 2 convênio(s) dos tipos Fidelidade?")
    term.press("enter")  # Aplicar
    wait_words(term, "1 convênio(s) alterado(s) de 2 dos tipos escolhidos.")  # CLUBE BEM ESTAR already was
    term.press("enter")
    term.press("esc")
    term.wait_for(r"^ FEBRA\s+FEBRAFAR FIDELIDADE\s+Fidelidade\s+Notificar pendência\s+Fidelidade", flags=re.M)


@pytest.mark.readme("LGPData PDV: F5 Clientes")
def test_new_customer_agreements_save_and_the_lgpd_tab(start_pdv):
    term = enter(start_pdv, "treinamento", "supervisor", "4321")
    customers(term)
    term.press("f2")  # Novo cliente
    term.wait_for(r"Novo cliente[\s\S]*Tipo de pessoa\s+Pessoa Física")
    term.write("Maria Teste Souza")
    term.press("tab", "tab")  # Tipo de documento (CPF) -> Documento
    term.write("111.444.777-35")
    term.wait_for(r"Documento\s+111\.444\.777-35")
    term.press("f7")  # not saved yet: the LGPD actions wait for it
    wait_words(term, "Grave o cadastro do cliente (F2) para usar as ações do termo LGPD.")
    term.press("f4")  # Convênios: F5 links (arrows and Enter), F6 unlinks the selected
    term.wait_for(r"F5 vincula um convênio; F6 desvincula o selecionado")
    term.press("f5")
    term.wait_for(r"Vincular convênio[\s\S]*SIND01")
    term.press("down", "enter")  # CARTAO -> EMPR01
    term.wait_for(r"^\s+EMPR01\s+METALURGICA SAO JORGE", flags=re.M)
    term.press("f5")
    term.wait_for(r"Vincular convênio")
    term.press("down", "enter")  # CARTAO -> EMPR02
    term.wait_for(r"^\s+EMPR02\s+PREFEITURA MUNICIPAL", flags=re.M)
    wait_words(term, "Convênio vinculado: grave (F2) para confirmar.")
    term.press("up", "f6")  # EMPR01 unlinked
    wait_words(term, "Convênio desvinculado: grave (F2) para confirmar.")
    screen = settled(term)
    assert "METALURGICA" not in screen and "PREFEITURA MUNICIPAL" in screen, term.framed(screen)
    term.press("f2")
    code = term.wait_for(r"Cliente (\d+) cadastrado\.").group(1)
    # PREFEITURA blocks a sale without an accepted term: the notice, then the 7 LGPD tab
    term.wait_for(r"LGPD - Bloquear venda")
    term.press("enter")
    wait_all(term, "Termo LGPD por convênio do cliente", "Não emitido")
    term.press("f9")  # Solicitar consentimento: the link and its QR code
    first = term.wait_for(REQUEST_STATUS).group(1)
    term.press("f8")
    wait_words(term, "O cliente ainda não respondeu.")
    term.press("f9")  # a new request: another link
    term.wait_until(
        lambda s: (m := re.search(REQUEST_STATUS, s)) is not None and m.group(1) != first, "uma nova solicitação"
    )
    term.press("esc")
    term.wait_gone(r"Solicitar consentimento LGPD")
    term.wait_for(r"PREFEITURA MUNICIPAL\s+Bloquear\s+Pendente")
    term.press("f3")
    term.wait_for(r"Nome\s+Maria Teste Souza")
    term.press("esc")
    term.wait_for(r"Enter abre o cliente")
    # the search (it kept the focus: F2 was pressed there) finds the new customer by name
    term.write("Maria Te")
    term.wait_for(rf"^ {code}\s+Maria Teste Souza\s+PF\s+CPF 111\.444\.777-35", flags=re.M)
