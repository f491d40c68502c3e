"""A store whose write lock another terminal holds: the write waits, says "banco ocupado",
tries again, stores the sale once when the lock is released; nothing in memory is lost."""

from __future__ import annotations

import peewee
import pytest
from textual.widgets import Input, Static

from core.kernel import store
from core.kernel.errors import StoreBusy
from core.kernel.login import start_session
from core.kernel.store import busy_error, write_retrying
from core.sales.sale import SaleService
from domain.enums import PaymentMethod
from storage.db import is_busy_error, lock_wait, write_transaction
from storage.models import PreSale, Receivable, ReceivablePayment, Sale, User
from tests.conftest import settle
from tests.support.busy_store import HeldLock, db_path, wait_until
from tests.support.sale_support import credit_sales, open_module, pick, ring_up, status_text
from tui.common.errors import user_message
from tui.common.message import MessageDialog
from tui.sales.payment_dialog import PaymentDialog
from tui.sales.presale import PreSaleScreen
from tui.sales.receipt_dialog import ReceiptDialog
from tui.sales.receivables import ReceivablesScreen
from tui.sales.receive_dialog import ReceiveDialog
from tui.sales.sale import SaleScreen


def card_sale(context):
    """A one-item sale paid by card, ready to finalize: (draft, the write)."""
    session = start_session(context, User.get(User.login == "operador"))
    sales = SaleService(context)
    draft = sales.new_draft(session)
    sales.add_item(session, draft, "7")
    payment = sales.prepare_payment(session, draft, PaymentMethod.CARD)
    return draft, lambda: sales.finalize(session, draft, payment)


# --- core and storage ---------------------------------------------------------------------------


def test_a_write_waits_for_the_lock_says_busy_and_stores_once(context):
    draft, work = card_sale(context)
    lock = HeldLock(db_path(context))
    waits: list[float] = []

    def on_busy(waited: float) -> None:
        waits.append(waited)
        assert Sale.select().count() == 0
        if len(waits) == 2:
            lock.release()  # the other terminal commits (here: gives up) its transaction

    receipt = write_retrying(context.db, work, on_busy=on_busy, attempt_wait=0.2)
    assert len(waits) == 2 and waits[0] < waits[1]
    assert Sale.select().count() == 1 and receipt.number == 1 and receipt.sale_id == draft.sale_id


def test_a_store_that_stays_busy_gives_up_with_nothing_stored_and_the_draft_kept(context):
    draft, work = card_sale(context)
    lines = list(draft.cart.lines)
    with HeldLock(db_path(context)):
        with pytest.raises(StoreBusy) as refused:
            write_retrying(context.db, work, attempt_wait=0.1, give_up_after=0.4)
    assert "ocupado" in str(refused.value) and "nada foi gravado" in str(refused.value)
    assert Sale.select().count() == 0 and list(draft.cart.lines) == lines
    receipt = write_retrying(context.db, work)  # the lock is gone: the same sale, stored once
    assert Sale.select().count() == 1 and receipt.number == 1


def test_another_database_error_is_not_retried(context):
    calls = []

    def broken() -> None:
        calls.append(1)
        raise peewee.OperationalError("no such table: venda_fantasma")

    with pytest.raises(peewee.OperationalError):
        write_retrying(context.db, broken, attempt_wait=0.1)
    assert calls == [1]


def test_lock_wait_sets_and_restores_this_connections_busy_timeout(context):
    def busy_timeout() -> int:
        return context.db.execute_sql("PRAGMA busy_timeout").fetchone()[0]

    before = busy_timeout()
    assert before == 10_000  # storage.db.SQLITE_PRAGMAS
    with lock_wait(context.db, 0.25):
        assert busy_timeout() == 250
    assert busy_timeout() == before


def test_the_lock_error_maps_to_a_portuguese_store_busy(context):
    with HeldLock(db_path(context)):
        with pytest.raises(peewee.OperationalError) as caught:
            with lock_wait(context.db, 0), write_transaction(context.db):
                pass
    assert is_busy_error(caught.value)
    busy = busy_error(caught.value)
    assert isinstance(busy, StoreBusy) and str(busy).startswith("Banco de dados ocupado")
    assert user_message(caught.value) == str(busy)  # what any screen shows for it
    assert busy_error(peewee.OperationalError("no such table: x")) is None
    assert not is_busy_error(ValueError("database is locked"))


# --- the screens --------------------------------------------------------------------------------


def said(dialog, selector: str) -> str:
    return str(dialog.query_one(selector, Static).content)


async def test_paying_while_another_terminal_holds_the_store(demo_app):
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_module(pilot, "f2")
        sale_screen = app.screen
        assert isinstance(sale_screen, SaleScreen)
        await ring_up(pilot, "7")
        await pilot.press("f9")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, PaymentDialog)
        lock = HeldLock(db_path(app.context))
        try:
            await pilot.press("enter")  # dinheiro, valor exato
            await wait_until(
                pilot, lambda: "Banco de dados ocupado, tentando de novo" in said(dialog, "#payment-error"), "ocupado"
            )
            assert app.screen is dialog and dialog.writing and dialog.holds_keys
            assert Sale.select().count() == 0 and len(sale_screen.draft.cart.lines) == 1
            shown = said(dialog, "#payment-error")
            await wait_until(pilot, lambda: said(dialog, "#payment-error") != shown, "the spinner turning")
            await pilot.press("enter")  # typed ahead, meant for the cupom: it waits for it
            assert Sale.select().count() == 0
        finally:
            lock.release()
        await wait_until(
            pilot,
            lambda: app.screen is sale_screen and "Venda 1 finalizada" in status_text(sale_screen),
            "the cupom shown, then closed by the Enter typed ahead",
        )
        assert Sale.select().count() == 1 and not sale_screen.draft.cart


async def test_a_store_busy_too_long_keeps_the_payment_open_and_f9_tries_again(demo_app, monkeypatch):
    monkeypatch.setattr(store, "GIVE_UP_AFTER", 0.6)
    monkeypatch.setattr(store, "ATTEMPT_WAIT", 0.15)
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_module(pilot, "f2")
        sale_screen = app.screen
        await ring_up(pilot, "7")
        await pilot.press("f9")
        await pilot.pause()
        dialog = app.screen
        dialog.query_one("#payment-amount", Input).value = "100"
        with HeldLock(db_path(app.context)):
            await pilot.press("enter")
            await wait_until(pilot, lambda: not dialog.writing, "the write given up")
        assert "nada foi gravado" in said(dialog, "#payment-error")
        assert app.screen is dialog and not dialog.holds_keys
        assert dialog.query_one("#payment-amount", Input).value == "100"  # what was typed stays
        assert Sale.select().count() == 0 and len(sale_screen.draft.cart.lines) == 1
        await pilot.press("f9")
        await settle(pilot)
        assert isinstance(app.screen, ReceiptDialog) and app.screen.receipt.payment.change > 0
        assert Sale.select().count() == 1


async def test_saving_a_presale_while_the_store_is_busy(demo_app):
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_module(pilot, "f3")
        screen = app.screen
        assert isinstance(screen, PreSaleScreen)
        await ring_up(pilot, "7")
        lock = HeldLock(db_path(app.context))
        try:
            await pilot.press("f9")
            await wait_until(pilot, lambda: "Banco de dados ocupado" in status_text(screen), "ocupado")
            assert screen.holds_keys and PreSale.select().count() == 0 and screen.draft.cart
        finally:
            lock.release()
        await wait_until(pilot, lambda: isinstance(app.screen, MessageDialog), "the pre-sale's number")
        assert PreSale.select().count() == 1 and not screen.draft.cart and not screen.holds_keys


async def test_receiving_a_title_while_the_store_is_busy(demo_app):
    app = demo_app()
    (title,) = credit_sales(app.context, "0900", "1")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_module(pilot, "f4")
        screen = app.screen
        assert isinstance(screen, ReceivablesScreen)
        await pick(pilot, "0900")
        await pilot.press("enter")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ReceiveDialog)
        lock = HeldLock(db_path(app.context))
        try:
            await pilot.press("enter")
            await wait_until(pilot, lambda: "Banco de dados ocupado" in said(dialog, "#receive-error"), "ocupado")
            assert ReceivablePayment.select().count() == 0
        finally:
            lock.release()
        await wait_until(pilot, lambda: app.screen is screen, "the dialog closed")
        assert "título quitado" in status_text(screen)
        assert ReceivablePayment.select().count() == 1
        assert Receivable.get_by_id(title.id).status == "pago"
