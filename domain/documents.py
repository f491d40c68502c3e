"""CPF / CNPJ (numeric and alphanumeric) validation and formatting: python-stdnum's check
digits, plus the Receita Federal's rule that a number of one repeated character
(111.111.111-11, 11.111.111/1111-80) is not a document even where its check digits add up.

The one copy of the rule: the PDV's services (domain.documents) and the scenario loader (storage)
both ask here."""

from __future__ import annotations

from stdnum import ean as _ean
from stdnum.br import cnpj as _cnpj
from stdnum.br import cpf as _cpf
from stdnum.exceptions import ValidationError


class DocumentError(ValueError):
    """Invalid document; the message is for the user."""


def compact(value: object) -> str:
    """Letters and digits, upper case: how a document (CPF, CNPJ, the alphanumeric CNPJ, RG...)
    is kept and compared, whatever punctuation it was typed with."""
    return "".join(ch for ch in str(value or "").upper() if ch.isalnum())


def _one_repeated_character(compact: str) -> bool:
    return len(set(compact)) == 1


def compact_cpf(value: str) -> str:
    try:
        compact = _cpf.validate(value)
    except ValidationError as exc:
        raise DocumentError(f"CPF inválido: {value!r}") from exc
    if _one_repeated_character(compact):
        raise DocumentError(f"CPF inválido: {value!r}")
    return compact


def compact_cnpj(value: str) -> str:
    try:
        compact = _cnpj.validate(value.upper())
    except ValidationError as exc:
        raise DocumentError(f"CNPJ inválido: {value!r}") from exc
    if _one_repeated_character(compact[:12]):
        raise DocumentError(f"CNPJ inválido: {value!r}")
    return compact


def is_valid_cpf(value: str) -> bool:
    try:
        compact_cpf(value)
    except DocumentError:
        return False
    return True


def is_valid_cnpj(value: str) -> bool:
    try:
        compact_cnpj(value)
    except DocumentError:
        return False
    return True


def format_cpf(value: str) -> str:
    return _cpf.format(value)


def format_cnpj(value: str) -> str:
    return _cnpj.format(value)


def format_document(kind: str | None, value: str | None) -> str:
    if not value:
        return ""
    if kind == "CPF" and is_valid_cpf(value):
        return _cpf.format(value)
    if kind == "CNPJ" and is_valid_cnpj(value):
        return _cnpj.format(value)
    return value


def is_valid_ean(value: str) -> bool:
    return _ean.is_valid(value)


def masked_document(value: str | None) -> str:
    """Only the last digits: what the audit may keep of a person's document."""
    if not value:
        return ""
    return "*" * max(0, len(value) - 4) + value[-4:]
