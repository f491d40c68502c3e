"""The one wording for a failure nobody planned for: what the cashier reads instead of a traceback."""
from __future__ import annotations


def unexpected(exc: BaseException) -> str:
    return f"Falha inesperada ({exc.__class__.__name__}). Tente novamente; se repetir, chame o suporte."
