"""CPF / CNPJ validation and formatting for the PDV's services: the rules live in
domain.documents (one copy, shared with the scenario loader)."""
from __future__ import annotations

from domain.documents import (
    DocumentError,
    compact_cnpj,
    compact_cpf,
    format_cnpj,
    format_cpf,
    format_document,
    is_valid_cnpj,
    is_valid_cpf,
    is_valid_ean,
    masked_document,
)

__all__ = [
    "DocumentError", "compact_cnpj", "compact_cpf", "format_cnpj", "format_cpf", "format_document",
    "is_valid_cnpj", "is_valid_cpf", "is_valid_ean", "masked_document",
]
