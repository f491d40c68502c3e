"""The LGPD dialogs at sale time, every action, against the simulated LGPData portal over HTTP
(in-process ASGI): Notificar, Bloquear, the consent link accepted on the portal's page, the
supervisor release when the portal does not answer, the identification document."""

from __future__ import annotations

import re

import httpx
from textual.widgets import Button, Input, Static

from core.sales.draft import ConsentOutcome
from storage.models import AuditEntry, Customer, Sale, User
from tests.conftest import settle
from tests.support.sale_support import choose_customer, open_module, ring_up, status_text, type_text
from tui.lgpd.block import BlockDialog
from tui.lgpd.consent_link import ConsentLinkDialog
from tui.lgpd.document import AskDocumentDialog
from tui.lgpd.notify import NotifyDialog
from tui.lgpd.supervisor_release import SupervisorReleaseDialog
from tui.sales.presale import PreSaleScreen
from tui.sales.receipt_dialog import ReceiptDialog
from tui.sales.sale import SaleScreen

NOTIFY_CUSTOMER = "0005"  # SINDICATO (Notificar), term Expirado on the portal
BLOCK_CUSTOMER = "0004"  # PREFEITURA MUNICIPAL (Bloquear), term Cancelado on the portal


def events(name: str) -> list[AuditEntry]:
    return list(AuditEntry.select().where(AuditEntry.event == name).order_by(AuditEntry.id))


def sale_screen(app) -> SaleScreen:
    return next(s for s in reversed(app.screen_stack) if isinstance(s, SaleScreen))


async def start_sale(pilot, customer: str, module: str = "f2") -> None:
    await open_module(pilot, module)
    await ring_up(pilot, "7")
    await choose_customer(pilot, customer)


async def accept_on_the_page(transport: httpx.ASGITransport, link: str) -> None:
    """What the customer does on the phone: opens the link and accepts the term."""
    async with httpx.AsyncClient(transport=transport, base_url="http://lgpdata.test") as browser:
        page = await browser.get(link)
        assert page.status_code == 200 and "Aceito o termo" in page.text
        action = re.search(r"action='([^']+)'", page.text).group(1)
        answered = await browser.post(action, data={"acao": "aceitar"})
        assert "aceite foi registrado" in answered.text


# --- Notificar ---------------------------------------------------------------------------------


async def test_notify_close_then_continue_without_term(lgpd_app):
    app = lgpd_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_sale(pilot, NOTIFY_CUSTOMER)
        assert isinstance(app.screen, NotifyDialog)
        await pilot.press("escape")  # Fechar: the same as Continuar sem termo
        await settle(pilot)
        first = app.screen
        assert isinstance(first, SaleScreen) and first.draft.gate.outcome == ConsentOutcome.CONTINUED_WITHOUT_TERM
        await pilot.press("f6", "f2")  # cancel that sale; a new one for the same customer
        await pilot.pause()
        await ring_up(pilot, "7")
        await choose_customer(pilot, NOTIFY_CUSTOMER)
        dialog = app.screen
        assert isinstance(dialog, NotifyDialog)
        assert "Expirado" in str(dialog.query_one("#lgpd-status", Static).render())
        await pilot.press("f3")
        await settle(pilot)
        sale = app.screen
        assert isinstance(sale, SaleScreen) and sale.draft.gate.outcome == ConsentOutcome.CONTINUED_WITHOUT_TERM
        assert "sem termo" in status_text(sale)
        entries = events("lgpd_continuou_sem_termo")
        assert len(entries) == 2 and entries[1].sale_id == sale.draft.sale_id != entries[0].sale_id
        assert "termo Expirado" in entries[1].detail
        await pilot.press("f9")
        await pilot.pause()
        await pilot.press("f3", "f9")  # cartão
        await settle(pilot)
        assert isinstance(app.screen, ReceiptDialog)
        assert Sale.get().id == entries[1].sale_id


async def test_notify_request_consent_accept_on_the_page_then_consulta_status(lgpd_app, portal):
    transport = portal()
    app = lgpd_app(transport=transport)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_sale(pilot, NOTIFY_CUSTOMER)
        notify = app.screen
        await pilot.press("f2")
        await settle(pilot)
        link_dialog = app.screen
        assert isinstance(link_dialog, ConsentLinkDialog)
        assert notify in app.screen_stack  # the notice stays under the link and QR code
        link = link_dialog.consent_request.link
        assert link in str(link_dialog.query_one("#consent-link-text").render())
        await accept_on_the_page(transport, link)
        await pilot.press("f8")  # Consulta status in the link dialog: Aceito closes both
        await settle(pilot)
        sale = app.screen
        assert isinstance(sale, SaleScreen)
        assert sale.draft.gate.outcome == ConsentOutcome.ACCEPTED
        assert "termo aceito" in status_text(sale)
        assert "Aceito" in str(sale.query_one("#sale-customer", Static).render())


async def test_notify_consulta_status_keeps_the_dialog_until_accepted(lgpd_app, portal):
    transport = portal()
    app = lgpd_app(transport=transport)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_sale(pilot, NOTIFY_CUSTOMER)
        notify = app.screen
        await pilot.press("f8")
        await settle(pilot)
        assert app.screen is notify
        assert "ainda não aceito (Expirado)" in str(notify.query_one("#lgpd-message", Static).render())
        await pilot.press("f2")
        await settle(pilot)
        link = app.screen.consent_request.link
        await pilot.press("escape")  # closes the link dialog: back to the notice
        await settle(pilot)
        assert app.screen is notify
        await accept_on_the_page(transport, link)
        await pilot.press("f8")
        await settle(pilot)
        assert isinstance(app.screen, SaleScreen)
        assert app.screen.draft.gate.outcome == ConsentOutcome.ACCEPTED


async def test_notify_with_the_portal_down_shows_the_notify_dialog(lgpd_app):
    app = lgpd_app("lgpd-portal-fora-do-ar")
    async with app.run_test(size=(80, 24)) as pilot:
        await start_sale(pilot, NOTIFY_CUSTOMER)
        notify = app.screen
        assert isinstance(notify, NotifyDialog)
        assert "Sem status" in str(notify.query_one("#lgpd-status", Static).render())
        await pilot.press("f3")  # Continuar sem termo
        await settle(pilot)
        sale = app.screen
        assert isinstance(sale, SaleScreen)
        assert sale.draft.gate.outcome == ConsentOutcome.CONTINUED_WITHOUT_TERM
        assert "venda segue sem termo" in status_text(sale)
        assert "Sem status" in events("lgpd_continuou_sem_termo")[0].detail


# --- Bloquear ----------------------------------------------------------------------------------


async def test_block_abort_then_close_discard_the_sale(lgpd_app):
    app = lgpd_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_sale(pilot, BLOCK_CUSTOMER)
        dialog = app.screen
        assert isinstance(dialog, BlockDialog)
        assert "Cancelado" in str(dialog.query_one("#lgpd-status", Static).render())
        assert not dialog.query_one("#lgpd-release", Button).display  # the portal answered
        aborted = sale_screen(app).draft
        await pilot.press("f7")  # no supervisor release when the portal answered
        await pilot.pause()
        assert app.screen is dialog
        await pilot.press("f3")
        await settle(pilot)
        sale = app.screen
        assert isinstance(sale, SaleScreen)
        assert not sale.draft.cart and sale.draft.customer is None
        assert "abortada" in status_text(sale)
        entry = events("lgpd_venda_abortada")[0]
        assert entry.sale_id == aborted.sale_id is not None and "termo Cancelado" in entry.detail

        await ring_up(pilot, "7")  # the new sale, the same customer: Fechar is Abortar venda too
        await choose_customer(pilot, BLOCK_CUSTOMER)
        assert isinstance(app.screen, BlockDialog)
        await pilot.press("escape")
        await settle(pilot)
        assert not sale_screen(app).draft.cart
        assert len(events("lgpd_venda_abortada")) == 2
    assert Sale.select().count() == 0


async def test_block_request_consent_accept_then_consulta_status(lgpd_app, portal):
    transport = portal()
    app = lgpd_app(transport=transport)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_sale(pilot, BLOCK_CUSTOMER)
        block = app.screen
        await pilot.press("f2")
        await settle(pilot)
        link = app.screen.consent_request.link
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is block
        await pilot.press("f8")  # not accepted yet: Pendente, the dialog stays
        await settle(pilot)
        assert app.screen is block and "Pendente" in str(block.query_one("#lgpd-status", Static).render())
        await accept_on_the_page(transport, link)
        await pilot.press("f8")
        await settle(pilot)
        sale = app.screen
        assert isinstance(sale, SaleScreen) and sale.draft.gate.outcome == ConsentOutcome.ACCEPTED
        assert len(sale.draft.cart.lines) == 1


async def test_block_with_portal_down_released_by_a_supervisor_for_that_sale_only(lgpd_app):
    app = lgpd_app("lgpd-portal-fora-do-ar")
    async with app.run_test(size=(80, 24)) as pilot:
        await start_sale(pilot, BLOCK_CUSTOMER)
        block = app.screen
        assert isinstance(block, BlockDialog) and block.release_offered
        assert block.query_one("#lgpd-release", Button).display
        assert "Sem status" in str(block.query_one("#lgpd-status", Static).render())
        await pilot.press("f7")
        await pilot.pause()
        assert isinstance(app.screen, SupervisorReleaseDialog)
        await type_text(pilot, "supervisor")
        await pilot.press("enter")
        await type_text(pilot, "0000")
        await pilot.press("enter")
        await pilot.pause()
        error = str(app.screen.query_one("#release-error", Static).render())
        assert "Usuário ou senha inválidos" in error
        assert app.screen.query_one("#release-password", Input).value == ""
        assert User.get(User.login == "supervisor").failed_attempts == 1
        await type_text(pilot, "4321")
        await pilot.press("enter")
        await settle(pilot)
        sale = app.screen
        assert isinstance(sale, SaleScreen)
        assert sale.draft.gate.outcome == ConsentOutcome.RELEASED
        assert "liberada pelo supervisor supervisor" in status_text(sale)
        entry = events("lgpd_venda_liberada_supervisor")[0]
        assert entry.sale_id == sale.draft.sale_id and entry.user == "operador"
        assert "supervisor=supervisor" in entry.detail

        await pilot.press("f9")  # the released sale is finalized...
        await pilot.pause()
        await pilot.press("f3", "f9")
        await settle(pilot)
        assert Sale.get().id == entry.sale_id
        await pilot.press("enter")  # ...and the next sale to the same customer is blocked again
        await pilot.pause()
        await ring_up(pilot, "7")
        await choose_customer(pilot, BLOCK_CUSTOMER)
        assert isinstance(app.screen, BlockDialog) and app.screen.draft.gate.released_by is None


async def test_ask_for_document_escape_aborts_then_document_then_the_term(lgpd_app):
    app = lgpd_app("lgpd-bloquear")
    async with app.run_test(size=(80, 24)) as pilot:
        await start_sale(pilot, "0010")  # Joao Sem Documento, PREFEITURA (Bloquear)
        assert isinstance(app.screen, AskDocumentDialog)
        await pilot.press("escape")  # Fechar aborts, as in the Bloquear dialog
        await settle(pilot)
        assert not sale_screen(app).draft.cart
        assert len(events("lgpd_venda_abortada")) == 1

        await ring_up(pilot, "7")
        await choose_customer(pilot, "0010")
        dialog = app.screen
        assert isinstance(dialog, AskDocumentDialog)
        await type_text(pilot, "123.456.789-00")
        await pilot.press("enter")
        await pilot.pause()
        assert "CPF inválido" in str(dialog.query_one("#document-error", Static).render())
        assert Customer.get(Customer.code == "0010").document is None
        dialog.query_one("#document-number", Input).value = ""
        await type_text(pilot, "529.982.247-25")  # another customer's CPF: refused
        await pilot.press("f2")
        await settle(pilot)
        assert "Documento já cadastrado para o cliente" in str(dialog.query_one("#document-error", Static).render())
        assert Customer.get(Customer.code == "0010").document is None
        dialog.query_one("#document-number", Input).value = ""
        await type_text(pilot, "111.444.777-35")
        await pilot.press("f2")
        await settle(pilot)
        assert Customer.get(Customer.code == "0010").document == "11144477735"
        assert isinstance(app.screen, BlockDialog)  # now the term itself is required
        assert "Não emitido" in str(app.screen.query_one("#lgpd-status", Static).render())


# --- Pré-venda ---------------------------------------------------------------------------------


async def test_presale_checks_consent_and_finalizing_it_does_not_query_again(lgpd_app):
    app = lgpd_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_sale(pilot, NOTIFY_CUSTOMER, module="f3")
        assert isinstance(app.screen, NotifyDialog)
        await pilot.press("f3")
        await settle(pilot)
        assert isinstance(app.screen, PreSaleScreen)
        await pilot.press("f9")
        await settle(pilot)
        await pilot.press("enter", "escape")
        await pilot.pause()
        queries_before = len(events("lgpd_consulta_status"))
        await pilot.press("f2", "f3")
        await pilot.pause()
        await type_text(pilot, "1")
        await pilot.press("enter")
        await settle(pilot)
        sale = app.screen
        assert isinstance(sale, SaleScreen) and sale.draft.consent_cleared
        assert len(events("lgpd_consulta_status")) == queries_before  # no new query
        await pilot.press("f9")
        await pilot.pause()
        await pilot.press("f3", "f9")
        await settle(pilot)
        assert isinstance(app.screen, ReceiptDialog)


async def test_a_slow_portal_never_freezes_the_sale(lgpd_app):
    """The portal takes longer than the timeout: meanwhile the cashier keeps ringing up; then
    the check ends in Sem status (Bloquear: the supervisor release is offered)."""
    import asyncio

    async def slow(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(30)
        return httpx.Response(200, json={})

    # a timeout long enough for the steps below on a loaded machine (0.5 s was not, under CI)
    app = lgpd_app(transport=httpx.MockTransport(slow), http_timeout=4.0)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_module(pilot, "f2")
        await pilot.press("f2")
        await pilot.pause()
        await type_text(pilot, BLOCK_CUSTOMER)
        await pilot.press("enter")
        await pilot.pause()
        sale = app.screen
        assert isinstance(sale, SaleScreen) and "Verificando" in status_text(sale)
        await ring_up(pilot, "7")  # the screen answers while the portal does not
        assert [line.code for line in sale.draft.cart.lines] == ["7"]
        await settle(pilot)
        block = app.screen
        assert isinstance(block, BlockDialog) and block.release_offered
        assert "tempo limite" in str(block.query_one("#lgpd-status", Static).render())
