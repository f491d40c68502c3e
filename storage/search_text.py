"""The search key of a name: upper case ASCII, accents removed, so "jose" finds "José".

Kept by database triggers (see migration 4) so every way a row is written fills it; the same
mapping, in Python, turns what the cashier types into the key to look up. Both sides must agree,
which is why the SQL expression is generated from the table below, for each engine.

The key is compared by byte (SQLite's BINARY, PostgreSQL's "C" collation): a prefix search is a
range scan [key, next key), which only holds in byte order, whatever collation the store's
PostgreSQL database was created with (pt-BR sorts "JOSE X" and "JOSEX" differently).
"""

from __future__ import annotations

import peewee as pw

_FOLD = {
    "A": "ÁÀÂÃáàâã",
    "E": "ÉÊéê",
    "I": "Íí",
    "O": "ÓÔÕóôõ",
    "U": "ÚÜúü",
    "C": "Çç",
}
"""The accented letters of Portuguese. SQLite's parser limits how deep replace() calls nest,
so the list stays at what Brazilian names and product names use."""
_TABLE = {ord(ch): plain for plain, accented in _FOLD.items() for ch in accented}


def search_key(text: str) -> str:
    """The Python side of the key: fold accents, upper-case ASCII letters (as SQLite's upper())."""
    folded = text.strip().translate(_TABLE)
    return "".join(ch.upper() if ch.isascii() else ch for ch in folded)


def search_key_sql(column: str, db: pw.Database | None = None) -> str:
    """The SQL side: the same folding as nested replace() calls, then upper(trim()). On
    PostgreSQL upper() works in the "C" collation, which changes ASCII letters only, as
    SQLite's upper() and the Python side do (a pt-BR upper() would also change "ñ")."""
    expression = column
    for plain, accented in _FOLD.items():
        for ch in accented:
            expression = f"replace({expression}, '{ch}', '{plain}')"
    if isinstance(db, pw.PostgresqlDatabase):
        return f'upper(trim({expression}) COLLATE "C")'
    return f"upper(trim({expression}))"


BYTE_ORDER_COLUMNS = {"product": ("search_name", "ean"), "customer": ("search_name", "document")}
"""The columns searched by prefix ranges (core/registry/search.py): compared by byte on every engine."""


def install_search_key(db: pw.Database, table: str) -> None:
    """The trigger that fills `search_name` from `name` on every insert and rename, and (on
    PostgreSQL) the byte-order collation of the columns searched by prefix."""
    if isinstance(db, pw.SqliteDatabase):
        key = search_key_sql("NEW.name", db)
        for when in ("INSERT", "UPDATE OF name"):
            suffix = when.split()[0].lower()
            db.execute_sql(
                f"CREATE TRIGGER IF NOT EXISTS {table}_search_name_{suffix} "
                f"AFTER {when} ON {table} "
                f"BEGIN UPDATE {table} SET search_name = {key} WHERE id = NEW.id; END"
            )
    elif isinstance(db, pw.PostgresqlDatabase):
        for column in BYTE_ORDER_COLUMNS[table]:
            db.execute_sql(f'ALTER TABLE {table} ALTER COLUMN {column} TYPE VARCHAR(255) COLLATE "C"')
        db.execute_sql(
            "CREATE OR REPLACE FUNCTION pdv_search_name() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN NEW.search_name := {search_key_sql('NEW.name', db)}; RETURN NEW; END $$"
        )
        db.execute_sql(f"DROP TRIGGER IF EXISTS {table}_search_name ON {table}")
        db.execute_sql(
            f"CREATE TRIGGER {table}_search_name BEFORE INSERT OR UPDATE OF name ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION pdv_search_name()"
        )
    else:
        raise NotImplementedError(f"chave de busca: banco {type(db).__name__} não suportado")


def prefix_upper_bound(prefix: str) -> str:
    """The smallest string greater than every string starting with `prefix` (for range scans)."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)
