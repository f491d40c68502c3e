"""Secrets out of any text the PDV writes down: the error log, a line on stderr, an echoed URL.

What counts as a secret: passwords (Senha, password, a database URL's password), the portal's
API-KEY, tokens (in a URL's query, an Authorization header) and every value registered with
`remember_secret` (the credentials core sends as HTTP headers). Each is replaced by `***`; the
name stays, so a reader still sees which credential was involved.
"""

from __future__ import annotations

import functools
import re
import threading

MASK = "***"

_NAMES = r"(?:pass(?:word|wd)?|senha|pwd|api[-_ ]?key|apikey|token|secret|authorization|credential|cookie)"
"""A key whose value is a secret when its name contains one of these."""


@functools.cache
def _patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    """Compiled on first use (the command line imports this module; most runs never redact)."""
    return (
        # scheme://user:PASSWORD@host (a database URL, a service URL with credentials)
        (re.compile(r"(?P<pre>\b[a-z][a-z0-9+.\-]*://[^\s/@:'\"]*:)[^\s/@'\"]*(?=@)", re.I), rf"\g<pre>{MASK}"),
        # ?token=VALUE&api_key=VALUE in a URL's query
        (
            re.compile(rf"(?P<pre>[?&;](?:[\w-]*{_NAMES}[\w-]*|key|sig|signature|auth)=)[^&#\s'\"]+", re.I),
            rf"\g<pre>{MASK}",
        ),
        # password='x', 'API-KEY': 'x', "Senha": "x" (reprs of dicts, dataclasses, keyword arguments)
        (
            re.compile(
                rf"(?P<pre>(?P<q>['\"]?)\b[\w-]*{_NAMES}[\w-]*(?P=q)\s*[:=]\s*)"
                r"(?:'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\")",
                re.I,
            ),
            rf"\g<pre>'{MASK}'",
        ),
        # senha=x, password=x unquoted (a query string, a message)
        (
            re.compile(rf"(?P<pre>\b[\w-]*{_NAMES}[\w-]*=)(?!'|\"|{re.escape(MASK)})[^\s&,;'\")\]}}]+", re.I),
            rf"\g<pre>{MASK}",
        ),
        # HTTP header lines: Senha: x, API-KEY: x, Authorization: Bearer x
        (
            re.compile(
                r"(?P<pre>\b(?:senha|api-key|x-api-key|authorization)\s*:\s+)(?:(?:bearer|basic)\s+)?(?!'|\")\S+", re.I
            ),
            rf"\g<pre>{MASK}",
        ),
    )


MIN_SECRET_LENGTH = 4
"""Shorter values are not masked by value (masking "1" everywhere would hide the log)."""

_known: set[str] = set()
_known_lock = threading.Lock()


def is_secret_name(name: str) -> bool:
    """Does a variable, field or header called `name` hold a secret?"""
    return re.search(_NAMES, name, re.I) is not None


def remember_secret(value: str | None) -> None:
    """A value that must never be written down anywhere (masked wherever it appears)."""
    if value and len(value) >= MIN_SECRET_LENGTH:
        with _known_lock:
            _known.add(value)


def redact(text: str) -> str:
    """`text` with every secret it carries replaced by ***."""
    if not text:
        return text
    with _known_lock:
        known = sorted(_known, key=len, reverse=True)
    for value in known:
        if value in text:
            text = text.replace(value, MASK)
    for pattern, replacement in _patterns():
        text = pattern.sub(replacement, text)
    return text


def shown_url(url: str) -> str:
    """A URL (a service's, a database's) as a message or a log shows it: without its password."""
    from storage.urls import shown_url as without_password

    return without_password(url)
