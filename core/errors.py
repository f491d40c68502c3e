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
