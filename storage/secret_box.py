"""Secrets at rest: the LGPData portal credentials (API-KEY, Senha) are kept encrypted in the PDV
database (Fernet: AES-128-CBC with HMAC-SHA256, from the `cryptography` package), with the key in
a file outside the database: `secret.key` in the user's config folder (platformdirs), mode 0600,
made on first use. PDV_SECRET_KEY_FILE names another file (several PDVs sharing one PostgreSQL
store must share the key: copy the file).

A stored value is `enc:v1:` followed by the Fernet token; a value without that prefix is clear
text of an older database (migration 7 encrypts those rows when the database is opened).
`cryptography` is imported on first use, not at start-up.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

import peewee as pw

KEY_ENV = "PDV_SECRET_KEY_FILE"
KEY_FILE = "secret.key"
PREFIX = "enc:v1:"

_lock = threading.Lock()
_boxes: dict[Path, Any] = {}
_chosen: Path | None = None


class UnreadableSecret(str):
    """A stored secret this PDV's key cannot decrypt (encrypted with another PDV's key file):
    an empty string for whoever only reads it; core tells the user to type it again."""


def key_path() -> Path:
    """The key file: `use_key_file`'s, else PDV_SECRET_KEY_FILE, else the user's config folder."""
    if _chosen is not None:
        return _chosen
    given = os.environ.get(KEY_ENV, "").strip()
    if given:
        return Path(given).expanduser()
    from platformdirs import user_config_path

    return user_config_path("pdv-sim", appauthor=False) / KEY_FILE


def use_key_file(path: Path | None) -> Path | None:
    """Uses `path` as the key file from now on (None: back to the default); returns the one set
    before, for a test to put back."""
    global _chosen
    with _lock:
        before, _chosen = _chosen, (Path(path) if path is not None else None)
    return before


def _read_or_create_key(path: Path) -> bytes:
    """The key in `path`; a new one written there (folder 0700, file 0600) when there is none.
    Two processes starting at once agree: the file appears whole (hard link) or not at all."""
    from cryptography.fernet import Fernet

    try:
        return path.read_bytes().strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(Fernet.generate_key() + b"\n")
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass  # another process made it first: use theirs
    finally:
        temporary.unlink(missing_ok=True)
    return path.read_bytes().strip()


def _box() -> Any:
    from cryptography.fernet import Fernet

    path = key_path()
    with _lock:
        box = _boxes.get(path)
        if box is None:
            try:
                box = Fernet(_read_or_create_key(path))
            except (OSError, ValueError) as exc:
                from storage.db import StorageError

                why = exc.strerror if isinstance(exc, OSError) and exc.strerror else "arquivo inválido"
                raise StorageError(f"Chave das credenciais inacessível em {path}: {why}.") from None
            _boxes[path] = box
    return box


class Sealed(str):
    """A value seal() made before, with the key of key_fingerprint() (a seeded demo's cached
    credentials, storage.scenarios.seed): SealedField stores it as it is, without loading `cryptography`."""


def key_fingerprint() -> str | None:
    """SHA-256 of the key file's content (None while there is no key file): tells whether a
    value sealed before is readable with the key in use. The key has 256 random bits; its
    digest tells nothing about it."""
    import hashlib

    try:
        return hashlib.sha256(key_path().read_bytes().strip()).hexdigest()
    except OSError:
        return None


def is_sealed(value: str | None) -> bool:
    return bool(value) and str(value).startswith(PREFIX)


def seal(clear: str) -> str:
    """`clear` encrypted, as stored."""
    return PREFIX + _box().encrypt(clear.encode("utf-8")).decode("ascii")


def unseal(stored: str) -> str:
    """The clear value of a stored one; clear text (an older database) is returned as it is, and
    a value of another key is an UnreadableSecret."""
    if not is_sealed(stored):
        return stored
    from cryptography.fernet import InvalidToken

    try:
        return _box().decrypt(stored[len(PREFIX) :].encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeError):
        return UnreadableSecret("")


class SealedField(pw.TextField):
    """A text column stored encrypted and read back decrypted: the code that uses the model sees
    the clear value, the database file holds only `enc:v1:...`. TEXT: a token is longer than the
    value (a 200-character secret needs about 360)."""

    def db_value(self, value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, Sealed):
            return str(value)
        return seal(str(value))

    def python_value(self, value: Any) -> Any:
        if value is None:
            return None
        return unseal(value)
