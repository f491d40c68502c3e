"""PostgreSQL, the store database several PDVs share: opening it from a URL, finding a lost
connection again, and saying what went wrong in Portuguese, never with the password.

The driver is psycopg 3 (the `pdv-sim[postgres]` extra), through peewee's PostgresqlDatabase.
A connection lost between two operations is opened again for the next one; a connection lost in
the middle of a transaction is never resumed: the server has rolled it back, and the caller is
told so (ConnectionLost) to try again from what it still holds in memory.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import peewee

from storage.urls import INSTALL_HINT, scrub, shown_url, where

CONNECT_TIMEOUT = 10
"""Seconds to wait for the server to answer a new connection (a host that is down)."""
DEAD_PEER = {
    "keepalives": 1,
    "keepalives_idle": 10,
    "keepalives_interval": 5,
    "keepalives_count": 3,
    "tcp_user_timeout": 30_000,
}
"""libpq's TCP settings that notice a server gone silent (a cable pulled, a host powered off) in
about half a minute instead of the system's two hours; a URL may give its own."""


class StoreDatabase(peewee.PostgresqlDatabase):
    """PostgresqlDatabase that opens a connection again when the server dropped it (restart,
    network): only for what is safe to repeat, a read outside a transaction or a BEGIN.
    Anything else is raised, after the dead connection is closed so the next operation opens
    a new one."""

    def connection_lost(self) -> bool:
        """This thread's connection is gone (the server closed it, the network dropped)."""
        if self.is_closed():
            return False
        conn = self._state.conn
        return bool(getattr(conn, "closed", False) or getattr(conn, "broken", False))

    def forget_connection(self) -> None:
        """Drops a dead connection without talking to the server (nothing to roll back: the
        server ended the transaction with the connection)."""
        try:
            self._state.conn.close()
        except Exception:
            pass
        self._state.reset()

    def _again(self, operation, *args, safe: bool):
        try:
            return operation(*args)
        except (peewee.OperationalError, peewee.InterfaceError):
            if not self.connection_lost():
                raise
            if self.in_transaction():
                raise
            self.forget_connection()
            if not safe:
                raise
            self.connect()
            return operation(*args)

    def execute_sql(self, sql, params=None):
        safe = sql.lstrip()[:6].upper() == "SELECT"
        return self._again(super().execute_sql, sql, params, safe=safe)

    def begin(self, *args, **kwargs):
        if self.connection_lost():
            self.forget_connection()
        return self._again(lambda: super(StoreDatabase, self).begin(*args, **kwargs), safe=True)


def make_postgres(url: str) -> StoreDatabase:
    """The database (not yet connected) of a postgresql:// URL; StorageError if the driver is
    missing."""
    from storage.db import StorageError

    try:
        from storage import lend_psycopg_to_peewee

        lend_psycopg_to_peewee()
    except ImportError as exc:
        raise StorageError(f"Driver do PostgreSQL não encontrado: {INSTALL_HINT}.") from exc
    if url.split("://", 1)[0].lower() != "postgresql":
        url = "postgresql://" + url.split("://", 1)[1]
    try:
        _ = urlsplit(url).port  # reading it raises for a port that is not a number
    except ValueError as exc:
        raise StorageError(f"URL de banco de dados inválida: {shown_url(url)} ({exc})") from exc
    given = {pair.split("=", 1)[0] for pair in urlsplit(url).query.split("&") if pair}
    options = {
        key: value for key, value in {"connect_timeout": CONNECT_TIMEOUT, **DEAD_PEER}.items() if key not in given
    }
    return StoreDatabase(url, prefer_psycopg3=True, **options)


_AUTH = (
    "password authentication failed",
    "autenticação do tipo senha falhou",
    "no password supplied",
    "não foi fornecida senha",
)
_NO_DATABASE = ("does not exist", "não existe")
_PERMISSION = ("permission denied", "permissão negada")
_REFUSED = (
    "connection refused",
    "conexão recusada",
    "could not translate host name",
    "no route to host",
    "timeout expired",
    "connection timed out",
    "network is unreachable",
    "name or service not known",
)


def describe(exc: BaseException, url: str) -> str:
    """What a failure to open or use the store's PostgreSQL database means for the user."""
    text = scrub(str(exc), url)
    low = text.lower()
    place = where(url)
    if any(key in low for key in _AUTH):
        return f"PostgreSQL em {place}: usuário ou senha recusados pelo servidor."
    if any(key in low for key in _NO_DATABASE):
        if "database" in low or "banco de dados" in low:
            return f"PostgreSQL em {place}: o banco de dados não existe (crie-o com createdb)."
        if "role" in low or "papel" in low:
            return f"PostgreSQL em {place}: o usuário não existe no servidor (crie-o com createuser)."
    if any(key in low for key in _PERMISSION):
        return (
            f"PostgreSQL em {place}: o usuário do PDV está sem permissão neste banco; crie o banco "
            "para ele (createdb --owner USUARIO BANCO)."
        )
    if any(key in low for key in _REFUSED):
        return f"PostgreSQL em {place} não responde (servidor desligado ou endereço errado)."
    first = text.strip().splitlines()[0] if text.strip() else exc.__class__.__name__
    return f"PostgreSQL em {place}: {first}"
