"""The word index of products and customers: find a row by the start of any of its words.

A product is found by any word of its name (drug, strength, form, maker), its code or its EAN;
a customer by any word of the name, the code or the document. Every word typed must start a
word of the row, in any order, accents and case ignored.

- SQLite: an FTS5 table per searched table (`product_fts`, `customer_fts`), external content
  (the text stays in the table itself), `unicode61 remove_diacritics 2` (accents and case
  folded), prefix indexes for the 1-, 2- and 3-letter prefixes (a word just begun). Triggers keep
  it in step with every insert, update and delete, whatever writes the row.
- PostgreSQL: a GIN index on the `simple` text-search vector of the row's words (no extension,
  no superuser). The words are the folded name (`search_name`, kept by its own trigger:
  storage/search_text.py) and the codes, cut at every character that is not an ASCII letter or
  digit, so the server's parser sees plain words only (it would read "500MG/ML" as a file path).
  The query (core/registry/search.py) cuts what is typed the same way: `query_words`.

The index is built by migration 5 for the rows already there (a store made before it gets the
index the first time it is opened).
"""

from __future__ import annotations

import re

import peewee as pw

from storage.search_text import search_key

SEARCHED_COLUMNS = {"product": ("name", "code", "ean"), "customer": ("name", "code", "document")}
"""What each table is found by."""

_PG_WORDS = {"product": ("search_name", "code", "ean"), "customer": ("search_name", "code", "document")}
"""The PostgreSQL side reads the folded name (accents already removed by its trigger)."""

_NOT_ASCII_WORD = re.compile(r"[^0-9A-Za-z]+")
_NOT_WORD = re.compile(r"[\W_]+")


def is_postgres(db: pw.Database) -> bool:
    target = db.obj if isinstance(db, pw.DatabaseProxy) else db
    return isinstance(target, pw.PostgresqlDatabase)


def query_words(text: str, db: pw.Database) -> list[str]:
    """The words of what was typed, cut as the engine's index cuts the stored text."""
    if is_postgres(db):
        return [word for word in _NOT_ASCII_WORD.split(search_key(text)) if word]
    return [word for word in _NOT_WORD.split(text) if word]


def pg_vector_sql(table: str) -> str:
    """The indexed expression on PostgreSQL; a query must repeat it exactly to use the index."""
    parts = " || ' ' || ".join(f"coalesce({column}, '')" for column in _PG_WORDS[table])
    return f"to_tsvector('simple'::regconfig, regexp_replace(({parts}) COLLATE \"C\", '[^0-9A-Za-z]+', ' ', 'g'))"


def install_search_index(db: pw.Database, table: str) -> None:
    """Creates the word index of `table` (and on SQLite the triggers that keep it) and fills it
    from the rows already there. Idempotent."""
    columns = SEARCHED_COLUMNS[table]
    if is_postgres(db):
        db.execute_sql(
            f"CREATE INDEX IF NOT EXISTS {table}_search_words ON {table} USING gin (({pg_vector_sql(table)}))"
        )
        return
    if not isinstance(db.obj if isinstance(db, pw.DatabaseProxy) else db, pw.SqliteDatabase):
        raise NotImplementedError(f"índice de busca: banco {type(db).__name__} não suportado")
    fts = f"{table}_fts"
    listed = ", ".join(columns)
    new = ", ".join(f"NEW.{column}" for column in columns)
    old = ", ".join(f"OLD.{column}" for column in columns)
    db.execute_sql(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5({listed}, content='{table}', "
        "content_rowid='id', tokenize='unicode61 remove_diacritics 2', prefix='1 2 3')"
    )
    db.execute_sql(
        f"CREATE TRIGGER IF NOT EXISTS {fts}_insert AFTER INSERT ON {table} "
        f"BEGIN INSERT INTO {fts}(rowid, {listed}) VALUES (NEW.id, {new}); END"
    )
    db.execute_sql(
        f"CREATE TRIGGER IF NOT EXISTS {fts}_delete AFTER DELETE ON {table} "
        f"BEGIN INSERT INTO {fts}({fts}, rowid, {listed}) VALUES ('delete', OLD.id, {old}); END"
    )
    db.execute_sql(
        f"CREATE TRIGGER IF NOT EXISTS {fts}_update AFTER UPDATE OF {listed} ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {listed}) VALUES ('delete', OLD.id, {old}); "
        f"INSERT INTO {fts}(rowid, {listed}) VALUES (NEW.id, {new}); END"
    )
    db.execute_sql(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
