"""Opening the PDV database: SQLite by default (WAL, foreign keys), PostgreSQL for a store
several PDVs share (storage/postgres.py), or any other playhouse.db_url URL."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import peewee

database = peewee.DatabaseProxy()

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 10_000,
    "synchronous": "normal",
}


class StorageError(Exception):
    """A database that cannot be opened or used; the message is for the user (Portuguese)."""


class ConnectionLost(StorageError):
    """The connection to the database server dropped during a transaction (or could not be
    opened for it): the server rolled it back and the next operation opens a new connection.
    `outcome_unknown`: it dropped while the server was committing, which may have succeeded."""

    def __init__(self, message: str, *, outcome_unknown: bool = False) -> None:
        super().__init__(message)
        self.outcome_unknown = outcome_unknown


def shown(target: str | Path) -> str:
    """The database as a message may name it: a file path, or a URL without its password."""
    from storage.urls import shown_url

    return shown_url(str(target))


def make_database(target: str | Path) -> peewee.Database:
    """Builds (without connecting) the database for a file path or a database URL."""
    from storage import urls

    text = str(target)
    if urls.is_postgres_url(text):
        from storage.postgres import make_postgres

        return make_postgres(text)
    if "://" in text:
        try:
            from playhouse import db_url  # imports every driver it knows: only for a URL

            db = db_url.connect(text)
        except Exception as exc:  # unknown scheme, missing driver
            raise StorageError(
                f"URL de banco de dados inválida: {urls.shown_url(text)} ({urls.scrub(str(exc), text)})"
            ) from None
        if isinstance(db, peewee.SqliteDatabase):
            db.init(db.database, pragmas=SQLITE_PRAGMAS)
            if db.database and db.database != ":memory:" and Path(db.database).parent.is_dir():
                private_files(Path(db.database))
        return db
    path = Path(text).expanduser()
    try:
        private_folder(path.parent)
        private_files(path)
    except OSError as exc:
        raise StorageError(f"Não foi possível criar a pasta de dados {path.parent}: {exc.strerror}") from exc
    return peewee.SqliteDatabase(str(path), pragmas=SQLITE_PRAGMAS, check_same_thread=False)


SQLITE_SUFFIXES = ("", "-wal", "-shm", "-journal")


def default_data_dir() -> Path:
    """The user's data folder (platformdirs), where `pdv` keeps its database by default."""
    from platformdirs import user_data_path

    return user_data_path("pdv-sim", appauthor=False)


def private_folder(folder: Path) -> None:
    """Makes `folder` if missing, mode 0700 (only the user); the user's data folder is also made
    0700 when an older version left it open. Another folder that exists is left as it is: a
    --db in a shared folder must not change that folder."""
    if not folder.exists():
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(folder, 0o700)  # mkdir's mode is cut by the umask
    elif folder.resolve() == default_data_dir().resolve():
        os.chmod(folder, 0o700)


def private_files(path: Path) -> None:
    """The database file, and its -wal/-shm (SQLite makes them with the file's mode), readable
    by the user only (0600): made empty with that mode when missing (an empty file is a new
    SQLite database), narrowed when an older version left them open."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except OSError:
        pass  # there already, or not writable here: SQLite's own open says what is wrong
    for suffix in SQLITE_SUFFIXES:
        name = Path(f"{path}{suffix}")
        try:
            if name.stat().st_mode & 0o077 and name.is_file():
                os.chmod(name, 0o600)
        except FileNotFoundError:
            continue
        except PermissionError:
            continue  # someone else's file: SQLite says whether it can be used


def open_database(target: str | Path) -> peewee.Database:
    """Binds the models to the database, connects and migrates it. Raises StorageError."""
    from storage import postgres
    from storage.audit_guard import ensure_audit_guard
    from storage.migrations import migrate

    db = make_database(target)
    database.initialize(db)
    if isinstance(db, postgres.StoreDatabase):
        return _open_postgres(db, str(target))
    try:
        _connect_sqlite(db)
        migrate(db)
        ensure_audit_guard(db)  # the append-only triggers put back if someone dropped them
    except peewee.DatabaseError as exc:
        db.close()
        raise StorageError(
            f"Banco de dados ilegível ou corrompido em {shown(target)}: {exc}. Use --db para indicar outro arquivo."
        ) from exc
    except OSError as exc:
        raise StorageError(f"Não foi possível abrir o banco de dados {shown(target)}: {exc}") from exc
    return db


def _connect_sqlite(db: peewee.Database, patience: float = 10.0) -> None:
    """Connects, waiting while another process holds the file's lock. Turning a brand-new file
    into WAL takes an exclusive lock that SQLite's busy handler does not wait for (two PDVs
    started on one new store at the same moment): that "database is locked" is retried here,
    for at most `patience` seconds, like the busy timeout of every later statement."""
    import random
    import time

    deadline = time.monotonic() + patience
    pause = 0.02
    while True:
        try:
            db.connect(reuse_if_open=True)
            return
        except peewee.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() >= deadline:
                raise
            if not db.is_closed():
                db.close()
            time.sleep(pause * (1 + random.random()))
            pause = min(pause * 2, 0.25)


def _open_postgres(db: peewee.Database, url: str) -> peewee.Database:
    """Connects and migrates a PostgreSQL store; every failure is one Portuguese line without
    the password (server down, password refused, no such database, another schema version)."""
    from storage import postgres
    from storage.audit_guard import ensure_audit_guard
    from storage.migrations import migrate

    try:
        db.connect(reuse_if_open=True)
        migrate(db)
        ensure_audit_guard(db)  # the append-only triggers put back if someone dropped them
    except StorageError:
        db.close()
        raise
    except peewee.DatabaseError as exc:
        if not db.is_closed():
            db.forget_connection() if db.connection_lost() else db.close()
        raise StorageError(postgres.describe(exc, url)) from None
    return db


def write_transaction(db: peewee.Database):
    """A transaction that takes the write lock at once (SQLite: BEGIN IMMEDIATE): a
    read-modify-write inside it cannot interleave with another terminal's. On PostgreSQL the
    rows it changes are locked by the UPDATEs themselves, and a connection lost inside it is
    ConnectionLost."""
    from storage import postgres

    target = db.obj if isinstance(db, peewee.DatabaseProxy) else db
    if isinstance(target, peewee.SqliteDatabase):
        return target.atomic("IMMEDIATE")
    if isinstance(target, postgres.StoreDatabase):
        return _postgres_transaction(target)
    return target.atomic()


@contextmanager
def _postgres_transaction(db):
    outermost = db.transaction_depth() == 0
    body_done = False
    try:
        with db.atomic():
            yield
            body_done = True
    except (peewee.OperationalError, peewee.InterfaceError) as exc:
        if not (outermost and (db.is_closed() or db.connection_lost())):
            raise
        db.forget_connection()
        if body_done:  # lost while the server was committing: it may or may not have
            raise ConnectionLost(
                "Conexão com o banco de dados perdida ao confirmar: a operação pode ter sido "
                "gravada; confira antes de repetir.",
                outcome_unknown=True,
            ) from exc
        raise ConnectionLost(
            "Conexão com o banco de dados perdida: nada desta operação foi gravado. Tente de novo."
        ) from exc


def locked(query: peewee.SelectQuery) -> peewee.SelectQuery:
    """The rows of `query` locked until the transaction ends (SELECT ... FOR UPDATE) where the
    engine locks rows; SQLite's write transaction already holds the whole database."""
    target = database.obj if isinstance(database, peewee.DatabaseProxy) else database
    return query.for_update() if getattr(target, "for_update", False) else query


BUSY_MESSAGES = (
    "database is locked",
    "database table is locked",
    "database is busy",
    "could not obtain lock",
    "lock timeout",
)


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
