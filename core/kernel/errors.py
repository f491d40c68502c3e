"""Errors core raises with a message meant for the user (Portuguese)."""

from __future__ import annotations


class PdvError(Exception):
    """Base: str(error) is shown to the user as is."""


class AuthError(PdvError):
    pass


class ModuleLocked(PdvError):
    pass


class ValidationError(PdvError):
    pass


REFUSED = "refused"
TIMEOUT = "timeout"
HTTP = "http"
MALFORMED = "malformed"
INTERRUPTED = "interrupted"
"""The connection dropped mid-call (a TCP reset, a closed socket): told "conexão interrompida"."""


class RemoteFailure(PdvError):
    """A remote service that failed; `kind` is one of refused, timeout, http, malformed,
    interrupted (core.kernel.http names each in words)."""

    def __init__(self, kind: str, message: str, status_code: int | None = None, body: object = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.status_code = status_code
        self.body = body


class StoreUnavailable(PdvError):
    """The store's database could not be reached during a write (a connection lost, a server
    down): the transaction was rolled back, and what the cashier typed is kept to try again."""


class StoreBusy(PdvError):
    """The database stayed locked by another terminal or process for longer than a write may
    wait: nothing was stored, and what the cashier was doing is still on screen."""
