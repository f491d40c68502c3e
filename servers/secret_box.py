"""The simulated services' secrets at rest: a value is kept encrypted (Fernet, from the
`cryptography` package) with the key in a file beside the service's state (mode 0600, made on
first use). The servers import nothing of the PDV, so this is their own small copy of the idea
of storage/secret_box.py.

A stored value is `enc:v1:` and the Fernet token; one without that prefix is clear text of an
older state file, returned as it is (the store encrypts it again when it opens).
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

PREFIX = "enc:v1:"


def private_sqlite_files(path: Path) -> None:
    """A service's SQLite file and its -wal/-shm readable by the user only (0600): the file made
    empty with that mode when missing (SQLite gives -wal/-shm the file's mode)."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except OSError:
        pass
    for suffix in ("", "-wal", "-shm", "-journal"):
        try:
            os.chmod(f"{path}{suffix}", 0o600)
        except OSError:
            continue


class SecretBox:
    """Encrypts and decrypts with the key in `key_file` (made there, 0600, when missing)."""

    def __init__(self, key_file: Path) -> None:
        from cryptography.fernet import Fernet

        self.key_file = key_file
        self._fernet = Fernet(_read_or_create_key(key_file))

    @staticmethod
    def is_sealed(value: str) -> bool:
        return value.startswith(PREFIX)

    def seal(self, clear: str) -> str:
        return PREFIX + self._fernet.encrypt(clear.encode("utf-8")).decode("ascii")

    def unseal(self, stored: str) -> str:
        """The clear value; clear text passes as it is; a token of another key raises ValueError."""
        from cryptography.fernet import InvalidToken

        if not self.is_sealed(stored):
            return stored
        try:
            return self._fernet.decrypt(stored[len(PREFIX) :].encode("ascii")).decode("utf-8")
        except (InvalidToken, UnicodeError):
            raise ValueError(f"valor cifrado com outra chave (não confere com {self.key_file.name})") from None


def _read_or_create_key(path: Path) -> bytes:
    """Two processes starting at once agree: the file appears whole (hard link) or not at all."""
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
            pass
    finally:
        temporary.unlink(missing_ok=True)
    return path.read_bytes().strip()
