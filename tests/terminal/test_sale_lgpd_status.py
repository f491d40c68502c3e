"""The LGPD check of a sale as the document describes it, on a real terminal: Sem status under
Notificar is a status other than Aceito (the Notificar message, Continuar sem termo stays the
way on), and the sale's header names the term's status as the portal named it, kept up to date
by Consulta status."""

from __future__ import annotations

import re

from tests.terminal.flows import (
    choose_customer,
    enter,
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
from tests.terminal.screens import NOTIFY, open_link


def test_notify_with_the_portal_down_shows_the_notify_message(start_pdv):
    term = enter(start_pdv, "lgpd-portal-fora-do-ar")
    open_sale(term)
    ring(term, product("1")["ean"], 1)
    choose_customer(term, "0003", "Everton Martins Rocha")  # METALURGICA SAO JORGE: Notificar
    term.wait_for(re.escape(NOTIFY))
    wait_words(term, "Convênio: METALURGICA SAO JORGE - Notificar pendência")
    wait_words(term, "Status do termo: Sem status")
    wait_words(term, "Portal LGPData: não foi possível conectar (serviço fora do ar?)")
    screen = wait_all(term, "F2 Solicitar consentimento", "F3 Continuar sem termo", "F8 Consulta status", "Esc Fechar")
    assert "F7 Liberar" not in screen, term.framed(screen)  # Notificar: no supervisor needed
    term.press("f8")  # still no answer: the message stays and says why
    wait_words(term, "Sem status: Portal LGPData: não foi possível conectar (serviço fora do ar?).")
    term.press("f3")
    term.wait_gone(re.escape(NOTIFY))
    term.wait_for(r"Convênio: METALURGICA SAO JORGE \| LGPD: continuou sem termo")
    wait_words(term, "LGPD: venda segue sem termo (registrado na auditoria).")
    term.press("f9")
    term.wait_for(r"Pagamento")  # the sale goes on


def test_the_header_names_the_status_and_follows_consulta_status(start_pdv):
    term = enter(start_pdv, "lgpd-notificar", env=trainer_env())
    open_sale(term)
    choose_customer(term, "0005", "Elisa Cancelado Rocha")
    term.wait_for(re.escape(NOTIFY))
    screen = term.wait_for(r"Convênio: METALURGICA SAO JORGE \| LGPD: Cancelado\s*$", flags=re.M).string
    assert "pendente" not in screen.split("LGPD: Cancelado")[0].splitlines()[-1], term.framed(screen)
    link = open_link(term)  # the portal's address, for the trainer's command
    term.press("esc")
    term.wait_gone(r"Solicitar consentimento LGPD")
    done = pdv_sim("consent", "754.493.356-36", "recusado", "--url", portal_base(link), home=term.home)
    assert done.returncode == 0, done.stderr
    term.press("f8")
    wait_words(term, "Termo ainda não aceito (Recusado).")
    term.wait_for(re.escape(NOTIFY))  # the message is still open...
    term.wait_for(r"Convênio: METALURGICA SAO JORGE \| LGPD: Recusado\s*$", flags=re.M)  # ...the header follows
    screen = settled(term)
    status = " ".join(line.strip() for line in screen.splitlines()[-3:-1])  # the status line, above the keys
    assert "Recusado" in status and "Cancelado" not in status, term.framed(screen)  # ...and so does the status line
