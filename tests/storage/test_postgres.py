"""The store on a real PostgreSQL server: what a cashier or the person installing it is told when
something on that path fails (in Portuguese, never with the password), and a connection lost
in the middle of a sale: the sale is rolled back, kept in memory, and goes through on retry."""

from __future__ import annotations

import sys

import peewee
import psycopg
import pytest

from core.kernel.errors import StoreUnavailable
from core.kernel.login import start_session
from core.registry.search import search_products
from core.sales.sale import SaleService
from domain.enums import PaymentMethod
from storage.db import StorageError, database, open_database
from storage.models import AuditEntry, Counter, Sale, User
from tests.support.pg_server import free_port
from tests.support.store_invariants import check_store, connect

on_postgres = pytest.mark.parametrize("engine", ["postgres"], indirect=True)


def refused(target: str) -> str:
    with pytest.raises(StorageError) as caught:
        open_database(target)
    return str(caught.value)


# --- opening the store -----------------------------------------------------------------------


def test_server_down_is_told_without_the_password(postgres_server):
    message = refused(postgres_server.url("postgres", password="s3nh4-secreta", port=free_port()))
    assert "não responde" in message and "127.0.0.1" in message
    assert "s3nh4-secreta" not in message


def test_wrong_password_is_told_without_it(postgres_server):
    postgres_server.create_database("senha_errada")
    message = refused(postgres_server.url("senha_errada", password="s3nh4-errada"))
    assert "usuário ou senha recusados" in message
    assert "s3nh4-errada" not in message and postgres_server.app_password not in message


def test_missing_database_is_told(postgres_server):
    message = refused(postgres_server.url("nao_existe"))
    assert "o banco de dados não existe" in message and "nao_existe" in message
    assert postgres_server.app_password not in message


def test_an_unknown_user_is_told_as_a_refused_login(postgres_server):
    """With password authentication the server does not say whether the user exists."""
    message = refused(postgres_server.url("postgres", user="ninguem"))
    assert "usuário ou senha recusados" in message


def test_a_silent_server_is_noticed_by_tcp_settings(postgres_server):
    """Keepalives and a TCP user timeout on every connection (a URL may give its own)."""
    postgres_server.create_database("keepalive")
    db = open_database(postgres_server.url("keepalive") + "?keepalives_idle=20")
    try:
        given = db.connection().info.get_parameters()
        assert given["keepalives_idle"] == "20" and given["tcp_user_timeout"] == "30000"
        assert given["connect_timeout"] == "10"
    finally:
        db.close()


def test_a_user_without_rights_on_the_database_is_told(postgres_server):
    """Pointed at a database the PDV's user does not own: it cannot create the store's tables."""
    message = refused(postgres_server.url("postgres"))
    assert "sem permissão" in message and "createdb --owner" in message


def test_missing_driver_names_the_extra(monkeypatch, postgres_server):
    monkeypatch.setitem(sys.modules, "psycopg", None)  # import psycopg fails as when not installed
    message = refused(postgres_server.url("postgres"))
    assert "pdv-sim[postgres]" in message


def test_a_bad_port_is_an_invalid_url_without_the_password():
    message = refused("postgresql://pdv:s3nh4@localhost:99999/loja")
    assert "URL de banco de dados inválida" in message and "s3nh4" not in message


@on_postgres
def test_no_store_in_the_database_is_told_without_the_password(postgres_server, new_store):
    from core.kernel.config import Config
    from core.kernel.context import build_context

    url = new_store(None)
    with pytest.raises(StorageError, match="não tem loja cadastrada") as caught:
        build_context(url, config=Config())
    assert postgres_server.app_password not in str(caught.value) and ":***@" in str(caught.value)


# --- a connection lost -----------------------------------------------------------------------


def backend_pid() -> int:
    return database.execute_sql("SELECT pg_backend_pid()").fetchone()[0]


def terminate(server, pid: int) -> None:
    """The server ends that connection, as a restart or a dropped network would."""
    with server.admin() as conn:
        assert conn.execute("SELECT pg_terminate_backend(%s)", (pid,)).fetchone()[0]


def a_cash_sale(context):
    session = start_session(context, User.get(User.login == "operador"))
    sales = SaleService(context)
    draft = sales.new_draft(session)
    sales.add_item(session, draft, "1")
    sales.add_item(session, draft, "7")
    return sales, session, draft, sales.prepare_payment(session, draft, PaymentMethod.CARD)


@on_postgres
def test_connection_lost_mid_sale_rolls_it_back_and_the_retry_sells(context, postgres_server, monkeypatch):
    import core.sales.sale

    sales, session, draft, payment = a_cash_sale(context)
    draft.ensure_sale_id()
    original_take = core.sales.sale.take

    def take_then_lose_the_connection(name):
        number = original_take(name)  # the sale's first write is done, inside the transaction
        terminate(postgres_server, backend_pid())
        return number

    monkeypatch.setattr(core.sales.sale, "take", take_then_lose_the_connection)
    lines = draft.cart.lines
    with pytest.raises(StoreUnavailable, match="nada desta operação foi gravado"):
        sales.finalize(session, draft, payment)
    assert draft.cart.lines == lines  # the sale is still on screen, to retry
    url = database.obj.database
    plain = connect(url)
    try:
        assert plain.execute("SELECT COUNT(*) FROM sale").fetchone()[0] == 0
        assert plain.execute("SELECT COUNT(*) FROM sale_item").fetchone()[0] == 0
        assert plain.execute("SELECT COUNT(*) FROM counter WHERE name = 'sale'").fetchone()[0] == 0
    finally:
        plain.close()
    monkeypatch.undo()
    receipt = sales.finalize(session, draft, payment)  # a new connection, the same sale
    assert receipt.number == 1 and len(receipt.lines) == 2
    assert Sale.select().count() == 1 and Counter.get_by_id("sale").value == 1
    assert AuditEntry.select().where(AuditEntry.event == "venda_finalizada").count() == 1
    check_store(url)


@on_postgres
def test_an_answer_lost_at_commit_is_stored_once_on_retry(context, postgres_server, monkeypatch):
    """The server committed and the connection dropped before the PDV heard it: the cashier is
    told to check, and trying again gives the same sale's cupom, not a second sale."""
    sales, session, draft, payment = a_cash_sale(context)
    db = database.obj
    original_commit = type(db).commit

    def commit_then_lose_the_answer(self):
        original_commit(self)
        terminate(postgres_server, backend_pid())
        with pytest.raises(psycopg.OperationalError):  # the driver finds the connection gone
            self._state.conn.execute("SELECT 1")
        raise peewee.OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(type(db), "commit", commit_then_lose_the_answer)
    with pytest.raises(StoreUnavailable, match="pode ter sido gravada"):
        sales.finalize(session, draft, payment)
    monkeypatch.undo()
    receipt = sales.finalize(session, draft, payment)
    assert receipt.number == 1 and Sale.select().count() == 1
    assert AuditEntry.select().where(AuditEntry.event == "venda_finalizada").count() == 1


@on_postgres
def test_a_connection_dropped_between_operations_is_opened_again(context, postgres_server):
    terminate(postgres_server, backend_pid())
    assert search_products("dipirona")  # a read: opened again and repeated
    before = backend_pid()
    terminate(postgres_server, before)
    sales, session, draft, payment = a_cash_sale(context)  # writes: BEGIN on a new connection
    assert sales.finalize(session, draft, payment).number == 1
    assert backend_pid() != before


@on_postgres
def test_server_down_mid_session_then_back(context, postgres_server):
    """The server stopped at once while a PDV is open, and started again: the sale tried
    meanwhile is refused in Portuguese and kept; once the server is back it goes through."""
    sales, session, draft, payment = a_cash_sale(context)
    draft.ensure_sale_id()
    postgres_server.stop()
    try:
        with pytest.raises(StoreUnavailable, match="nada desta operação foi gravado") as caught:
            sales.finalize(session, draft, payment)
        assert postgres_server.app_password not in str(caught.value)
    finally:
        postgres_server.start()
    assert sales.finalize(session, draft, payment).number == 1
    check_store(database.obj.database)


@on_postgres
async def test_the_sale_screen_keeps_the_sale_when_the_connection_drops(demo_app, postgres_server, monkeypatch):
    """Venda on PostgreSQL: the connection dropped while finalizing; the payment dialog says so
    in Portuguese, the sale keeps every item, and F9 again sells it."""
    import core.sales.sale
    from tests.support.busy_store import wait_until
    from tests.support.sale_support import open_module, ring_up
    from tui.sales.payment_dialog import PaymentDialog
    from tui.sales.receipt_dialog import ReceiptDialog

    original_take = core.sales.sale.take

    def take_then_lose_the_connection(name):
        number = original_take(name)
        terminate(postgres_server, backend_pid())
        return number

    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_module(pilot, "f2")
        screen = app.screen
        await ring_up(pilot, "7")
        await ring_up(pilot, "1")
        monkeypatch.setattr(core.sales.sale, "take", take_then_lose_the_connection)
        await pilot.press("f9")
        await pilot.pause()
        assert isinstance(app.screen, PaymentDialog)
        dialog = app.screen
        await pilot.press("f3", "f9")  # cartão
        await wait_until(pilot, lambda: not dialog.writing, "the failed write answered")
        # the payment stays open saying why; the sale and its items are kept to try again
        assert app.screen is dialog
        assert "Conexão com o banco de dados perdida" in str(dialog.query_one("#payment-error").content)
        assert len(screen.draft.cart.lines) == 2 and Sale.select().count() == 0
        monkeypatch.undo()
        await pilot.press("f9")
        await wait_until(pilot, lambda: isinstance(app.screen, ReceiptDialog), "the cupom")
        assert isinstance(app.screen, ReceiptDialog)
        assert app.screen.receipt.number == 1 and len(app.screen.receipt.lines) == 2


def test_the_password_may_come_from_pgpassword(postgres_server, monkeypatch):
    """The README's way: the URL without the password, PGPASSWORD (or ~/.pgpass) giving it."""
    postgres_server.create_database("com_pgpassword")
    url = postgres_server.url("com_pgpassword").replace(f":{postgres_server.app_password}@", "@")
    assert postgres_server.app_password not in url
    monkeypatch.setenv("PGPASSWORD", postgres_server.app_password)
    db = open_database(url)
    try:
        assert db.execute_sql("SELECT current_user").fetchone()[0] == "pdv"
    finally:
        db.close()
