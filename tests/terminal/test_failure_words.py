"""How failures are told on a real terminal: a TCP reset of the License Server is "conexão
interrompida", an HTTP 503 of the portal is "serviço indisponível", the connection test that
found terms missing is audited as such, and the licenca-fora-do-ar scenario says when the last
known situation was checked in the same terms as the status line."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from tests.terminal.conftest import login
from tests.terminal.flows import choose_customer, enter, module, open_sale, wait_words
from tests.terminal.screens import BLOCK, FIGURA_01, at_notice

FAULTS = """[scenario]
extends = "treinamento"
title = "Falhas: reset no License Server, 503 no portal"
description = "O License Server derruba a conexão; o portal LGPData responde 503."

[[faults]]
service = "license"
route = "access-check"
kind = "reset"

[[faults]]
service = "lgpdata"
route = "consent-status"
kind = "status"
options = { code = 503 }
"""


def test_a_reset_is_a_connection_cut_short_and_503_is_service_unavailable(start_pdv, tmp_path):
    scenario = tmp_path / "falhas-reset-503.toml"
    scenario.write_text(FAULTS, encoding="utf-8")
    term = start_pdv("demo", str(scenario))
    login(term)
    term.wait_for(r"Menu principal")
    wait_words(term, "Régua com conexão interrompida: nenhuma situação conhecida; acesso liberado")
    open_sale(term)
    choose_customer(term, "0004", "Tiago Marques Carvalho")  # PREFEITURA MUNICIPAL: Bloquear
    term.wait_for(re.escape(BLOCK))
    wait_words(term, "Status do termo: Sem status")
    wait_words(term, "Portal LGPData: serviço indisponível (HTTP 503)")
    assert "erro interno" not in term.text() and "resposta inválida" not in term.text()


def test_licenca_fora_do_ar_tells_the_same_moment_in_the_text_and_the_status_line(start_pdv):
    term = at_notice(start_pdv, "licenca-fora-do-ar", FIGURA_01)
    term.press("enter")
    term.wait_for(r"Menu principal")
    now = term.wait_for(r"(\d\d/\d\d/\d{4} \d\d:\d\d)").group(1)
    shown = term.wait_for(r"Régua fora do ar: vale a situação de (\d\d/\d\d \d\d:\d\d), Mensagem").group(1)
    opened = datetime.strptime(now, "%d/%m/%Y %H:%M")
    checked = datetime.strptime(f"{shown}/{opened.year}", "%d/%m %H:%M/%Y")
    if checked > opened:  # 15 hours before a 1st of January
        checked = checked.replace(year=opened.year - 1)
    assert timedelta(hours=14, minutes=58) <= opened - checked <= timedelta(hours=15, minutes=2), (now, shown)
    term.press("f1")  # the scenario in force, as the trainer reads it
    wait_words(term, "(Mensagem, consultada 15 horas antes de o PDV abrir)")
    assert "ontem" not in term.text()


def test_a_connection_test_with_terms_missing_is_audited_as_connected(start_pdv):
    term = enter(start_pdv, "treinamento", "supervisor", "4321")
    module(term, "f7", r"Parâmetros[\s\S]*Integração Portal LGPD\s+Clique aqui para configurar")
    term.press("enter")
    term.wait_for(r"Filial já configurada: dados carregados\.")
    term.press("tab", "tab", "tab")  # Filial, Filial do termo, Nome -> Identificador de Bandeira
    term.write("\x157")
    term.wait_for(r"Bandeira\s+7\b")
    term.press("f3")
    term.wait_for(r"Testar conexão[\s\S]*OK")
    wait_words(term, "Nenhum termo vigente no portal para CNPJ 12.345.678/0001-95, bandeira 7.")
    term.press("enter")
    term.wait_gone(r"█\s+Testar conexão\s+█")
    term.press("esc")
    term.wait_for(r"Sair sem gravar as alterações")
    term.press("enter")  # Sair sem gravar: the banner typed is not kept
    term.wait_for(r"Clique aqui para configurar")
    term.press("esc")
    term.wait_for(r"Menu principal")
    module(term, "f8", r"Auditoria[\s\S]*Evento")
    term.wait_for(r"lgpd_teste_conexao\s+filial=1; resultado=conecta")
    term.press("enter")  # the newest entry, whole in its detail view
    screen = wait_words(term, "resultado=conectado com pendências; detalhe=Nenhum termo vigente")
    assert "detalhe=Conexão OK" not in screen and "falhou" not in screen, term.framed(screen)
