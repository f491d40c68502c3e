"""The LGPD dialogs of a sale on a real terminal, with the simulated portal answering for real:
Notificar and Bloquear with each action, the consent link (the customer accepts on the portal's
page, or a trainer sets Aceito with `pdv sim consent`), the supervisor release when the portal
does not answer, and the identification document asked before a Bloquear check."""

from __future__ import annotations

import re
import urllib.parse
import urllib.request

import pytest

from tests.terminal.flows import (
    choose_customer,
    enter,
    items,
    open_sale,
    pdv_sim,
    portal_base,
    product,
    ring,
    settled,
    trainer_env,
    wait_all,
    wait_words,
)
from tests.terminal.screens import BLOCK, NOTIFY, open_link


def accept_on_the_portal_page(link: str) -> None:
    """What the customer does on the phone: opens the link and presses Aceitar."""
    data = urllib.parse.urlencode({"acao": "aceitar"}).encode()
    with urllib.request.urlopen(urllib.request.Request(link, data=data, method="POST"), timeout=10) as answer:
        assert "aceite foi registrado" in answer.read().decode("utf-8")


def sale_with(term, query: str, name: str, dialog: str) -> None:
    choose_customer(term, query, name)
    term.wait_for(re.escape(dialog))


@pytest.mark.readme("Venda: LGPD: Notificar | F2 / F3 / F8 / Esc", "Venda: Link de consentimento | F8 / Esc")
def test_notify_consult_then_request_and_the_customer_accepts_on_the_page(start_pdv):
    term = enter(start_pdv, "lgpd-notificar")
    open_sale(term)
    sale_with(term, "0003", "Carla Pendente Dias", NOTIFY)
    wait_words(term, "Convênio: METALURGICA SAO JORGE - Notificar pendência")
    wait_words(term, "Status do termo: Pendente")
    wait_all(term, "F2 Solicitar consentimento", "F3 Continuar sem termo", "F8 Consulta status", "Esc Fechar")
    term.press("f8")
    wait_words(term, "Termo ainda não aceito (Pendente).")
    # the link: Esc closes it and the notice is still open underneath
    open_link(term)
    term.press("esc")
    term.wait_gone(r"Solicitar consentimento LGPD")
    term.wait_for(re.escape(NOTIFY))
    # again; the customer accepts on the page; F8 Consulta status: Aceito closes both
    link = open_link(term)
    term.press("f8")
    wait_words(term, "O cliente ainda não respondeu.")
    accept_on_the_portal_page(link)
    term.press("f8")
    term.wait_gone(r"Solicitar consentimento LGPD|" + re.escape(NOTIFY))
    term.wait_for(r"Convênio: METALURGICA SAO JORGE \| LGPD: Aceito")
    wait_words(term, "LGPD: termo aceito, a venda segue.")


@pytest.mark.readme("Venda: LGPD: Notificar | F2 / F3 / F8 / Esc")
def test_notify_continue_without_term_with_f3_and_with_esc(start_pdv):
    term = enter(start_pdv, "lgpd-notificar")
    open_sale(term)
    sale_with(term, "0003", "Carla Pendente Dias", NOTIFY)
    term.press("f3")
    term.wait_gone(re.escape(NOTIFY))
    term.wait_for(r"LGPD: continuou sem termo")
    wait_words(term, "LGPD: venda segue sem termo (registrado na auditoria).")
    ring(term, product("1")["ean"], 1)
    # Esc (Fechar) is Continuar sem termo too: the sale and its item stay
    sale_with(term, "0005", "Elisa Cancelado Rocha", NOTIFY)
    term.press("esc")
    term.wait_gone(re.escape(NOTIFY))
    term.wait_for(r"Cliente: 0005 Elisa Cancelado Rocha[\s\S]*LGPD: continuou sem termo")
    items(term, 1)


@pytest.mark.readme("Venda: LGPD: Bloquear | F2 / F3 / F8 / Esc", "Venda: Link de consentimento | F8 / Esc")
def test_block_request_then_aceito_set_on_the_portal_lets_the_sale_go_on(start_pdv):
    term = enter(start_pdv, "lgpd-bloquear", env=trainer_env())
    open_sale(term)
    sale_with(term, "0003", "Carla Pendente Dias", BLOCK)
    wait_words(term, "Convênio: PREFEITURA MUNICIPAL - Bloquear venda")
    wait_all(term, "F2 Solicitar consentimento", "F3 Abortar venda", "F8 Consulta status", "Esc Fechar")
    screen = settled(term)
    assert "F7 Liberar" not in screen, "liberação por supervisor com o portal respondendo:\n" + term.framed(screen)
    term.press("f8")
    wait_words(term, "Termo ainda não aceito (Pendente).")
    link = open_link(term)
    done = pdv_sim("consent", "233.208.729-07", "aceito", "--url", portal_base(link), home=term.home)
    assert done.returncode == 0, done.stderr
    term.press("f8")
    term.wait_gone(r"Solicitar consentimento LGPD|" + re.escape(BLOCK))
    term.wait_for(r"Convênio: PREFEITURA MUNICIPAL \| LGPD: Aceito")
    ring(term, product("1")["ean"], 1)
    term.press("f9")
    term.wait_for(r"Pagamento")  # the gate is cleared: the sale may be paid


@pytest.mark.readme("Venda: LGPD: Bloquear | F2 / F3 / F8 / Esc")
def test_block_abort_with_f3_and_with_esc(start_pdv):
    term = enter(start_pdv, "lgpd-bloquear")
    open_sale(term)
    ring(term, product("1")["ean"], 1)
    sale_with(term, "0005", "Elisa Cancelado Rocha", BLOCK)
    term.press("f3")
    term.wait_gone(re.escape(BLOCK))
    wait_words(term, "Venda abortada: cliente sem termo LGPD aceito.")
    term.wait_for(r"Cliente: \(venda sem cliente\)")
    items(term, 0)  # a new sale
    sale_with(term, "0009", "Iris Remocao Melo", BLOCK)
    term.press("esc")
    term.wait_gone(re.escape(BLOCK))
    wait_words(term, "Venda abortada: cliente sem termo LGPD aceito.")
    term.wait_for(r"Cliente: \(venda sem cliente\)")


@pytest.mark.readme("Venda: LGPD: Bloquear sem resposta do portal | F7")
def test_portal_down_a_supervisor_releases_this_sale(start_pdv):
    term = enter(start_pdv, "lgpd-portal-fora-do-ar")
    open_sale(term)
    sale_with(term, "0004", "Tiago Marques Carvalho", BLOCK)
    wait_words(term, "Status do termo: Sem status")
    wait_words(term, "o portal LGPData não respondeu. A venda pode ser liberada com usuário e senha de um supervisor.")
    term.wait_for(r"F7 Liberar com supervisor")
    term.press("f7")
    term.wait_for(r"Liberar venda: supervisor")
    term.write("operador\r1234\r")
    wait_words(term, "não pode autorizar: Liberação do supervisor: acesso restrito a supervisores")
    # the password was cleared and has the focus; back to the user field, cleared with Ctrl+U
    term.press("shift+tab")
    term.write("\x15supervisor\r4321\r")
    term.wait_gone(r"Liberar venda: supervisor|" + re.escape(BLOCK))
    term.wait_for(r"LGPD: liberada por supervisor \(supervisor\)")
    wait_words(term, "LGPD: venda liberada pelo supervisor supervisor.")
    ring(term, product("1")["ean"], 1)
    term.press("f9")
    term.wait_for(r"Pagamento")


@pytest.mark.readme("Venda: LGPD: sem documento (Bloquear) | F2 / F3 ou Esc")
def test_no_document_esc_and_f3_abort_f2_saves_it_and_the_term_is_required(start_pdv):
    term = enter(start_pdv, "lgpd-bloquear")
    open_sale(term)
    asked = "LGPD: documento de identificação"
    for key in ("esc", "f3"):
        sale_with(term, "0010", "Joao Sem Documento", asked)
        wait_words(term, "Cliente: Joao Sem Documento (sem documento)")
        term.press(key)
        term.wait_gone(re.escape(asked))
        wait_words(term, "Venda abortada: cliente sem termo LGPD aceito.")
    sale_with(term, "0010", "Joao Sem Documento", asked)
    term.press("f2")  # nothing typed: told, the dialog stays
    wait_words(term, "Informe o número do documento.")
    term.write("111.444.777-35")
    term.press("f2")
    term.wait_gone(re.escape(asked))
    # saved to the customer; now the term itself is required (the portal never had one issued)
    term.wait_for(re.escape(BLOCK))
    wait_words(term, "Cliente: Joao Sem Documento (CPF 111.444.777-35)")
    wait_words(term, "Status do termo: Não emitido")
