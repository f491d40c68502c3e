"""Opening the PDV database: SQLite by default (WAL, foreign keys), or any playhouse.db_url URL."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import peewee
from playhouse import db_url

database = peewee.DatabaseProxy()

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 10_000,
    "synchronous": "normal",
}


class StorageError(Exception):
    """A database that cannot be opened or used; the message is for the user (Portuguese)."""


def make_database(target: str | Path) -> peewee.Database:
    """Builds (without connecting) the database for a file path or a database URL."""
    text = str(target)
    if "://" in text:
        try:
            db = db_url.connect(text)
        except Exception as exc:  # unknown scheme, missing driver
            raise StorageError(f"URL de banco de dados inválida: {text} ({exc})") from exc
        if isinstance(db, peewee.SqliteDatabase):
            db.init(db.database, pragmas=SQLITE_PRAGMAS)
        return db
    path = Path(text).expanduser()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageError(f"Não foi possível criar a pasta de dados {path.parent}: {exc.strerror}") from exc
    return peewee.SqliteDatabase(str(path), pragmas=SQLITE_PRAGMAS, check_same_thread=False)


def open_database(target: str | Path) -> peewee.Database:
    """Binds the models to the database, connects and migrates it. Raises StorageError."""
    from storage.migrations import migrate

    db = make_database(target)
    database.initialize(db)
    try:
        db.connect(reuse_if_open=True)
        migrate(db)
    except peewee.DatabaseError as exc:
        db.close()
        raise StorageError(
            f"Banco de dados ilegível ou corrompido em {target}: {exc}. "
            "Use --db para indicar outro arquivo."
        ) from exc
    except OSError as exc:
        raise StorageError(f"Não foi possível abrir o banco de dados {target}: {exc}") from exc
    return db


def write_transaction(db: peewee.Database):
    """A transaction that takes the write lock at once (SQLite: BEGIN IMMEDIATE): a
    read-modify-write inside it cannot interleave with another terminal's."""
    target = db.obj if isinstance(db, peewee.DatabaseProxy) else db
    if isinstance(target, peewee.SqliteDatabase):
        return target.atomic("IMMEDIATE")
    return target.atomic()


BUSY_MESSAGES = ("database is locked", "database table is locked", "database is busy", "could not obtain lock", "lock timeout")


def is_busy_error(error: BaseException) -> bool:
    """Is `error` the database saying another connection holds the lock it needs?"""
    return isinstance(error, peewee.OperationalError) and any(text in str(error).lower() for text in BUSY_MESSAGES)


@contextmanager
def lock_wait(db: peewee.Database, seconds: float) -> Iterator[None]:
    """Within the block, a write waits at most `seconds` for another connection's lock (SQLite:
    this thread's connection's busy_timeout; restored after). Other databases: unchanged."""
    target = db.obj if isinstance(db, peewee.DatabaseProxy) else db
    if not isinstance(target, peewee.SqliteDatabase):
        yield
        return
    before = target.execute_sql("PRAGMA busy_timeout").fetchone()[0]
    target.execute_sql(f"PRAGMA busy_timeout = {max(0, int(seconds * 1000))}")
    try:
        yield
    finally:
        target.execute_sql(f"PRAGMA busy_timeout = {int(before)}")
