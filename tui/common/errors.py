"""The one wording for a failure nobody planned for: what the cashier reads instead of a traceback.

The traceback itself goes to the error log (core.kernel.error_log), secrets masked."""

from __future__ import annotations

import sys


def user_message(exc: BaseException) -> str:
    """One Portuguese line for `exc`: a PdvError says itself; a database locked by another
    terminal says so; anything else is a Falha inesperada."""
    from core.kernel.errors import PdvError

    if isinstance(exc, PdvError):
        return str(exc)
    if "peewee" in sys.modules:  # only a database error can be a locked database
        from core.kernel.store import busy_error

        busy = busy_error(exc)
        if busy is not None:
            return str(busy)
    return f"Falha inesperada ({exc.__class__.__name__}). Tente novamente; se repetir, chame o suporte."


def unexpected(exc: BaseException, where: str = "") -> str:
    """Writes `exc` (with its traceback) to the error log and returns the line to show."""
    from core.kernel.error_log import log_unexpected

    log_unexpected(exc, where)
    return user_message(exc)
