"""The search key of a name: upper case ASCII, accents removed, so "jose" finds "José".

Kept by database triggers (see migration 4) so every way a row is written fills it; the same
mapping, in Python, turns what the cashier types into the key to look up. Both sides must agree,
which is why the SQL expression is generated from the table below.
"""
from __future__ import annotations

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


def search_key_sql(column: str) -> str:
    """The SQL side: the same folding as nested replace() calls, then upper(trim())."""
    expression = column
    for plain, accented in _FOLD.items():
        for ch in accented:
            expression = f"replace({expression}, '{ch}', '{plain}')"
    return f"upper(trim({expression}))"


def prefix_upper_bound(prefix: str) -> str:
    """The smallest string greater than every string starting with `prefix` (for range scans)."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)
