"""Database URLs as text: which engine a --db names, and the URL as a message may show it
(without its password). No driver and no peewee here: the command line checks a URL before the
first screen, which must not wait for them."""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

SCHEMES = ("postgresql", "postgres")
INSTALL_HINT = "instale o suporte a PostgreSQL: pip install 'pdv-sim[postgres]'"


def is_postgres_url(text: str) -> bool:
    return text.split("://", 1)[0].lower() in SCHEMES if "://" in text else False


def shown_url(url: str) -> str:
    """The URL as it may be shown or logged: the password replaced by ***."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return re.sub(r"//([^:/@]*):[^@]*@", r"//\1:***@", url)
    if parts.password is None:
        return url
    user = parts.username or ""
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=f"{user}:***@{host}"))


def _password(url: str) -> str | None:
    try:
        return urlsplit(url).password
    except ValueError:
        return None


def scrub(text: str, url: str) -> str:
    """`text` without the URL's password (a driver message may quote the connection string)."""
    password = _password(url)
    text = text.replace(url, shown_url(url))
    return text.replace(password, "***") if password else text


def where(url: str) -> str:
    """host:port/database, for messages."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or "localhost"
        port = parts.port or 5432
    except ValueError:
        return shown_url(url)
    return f"{host}:{port}/{parts.path.lstrip('/') or '?'}"
