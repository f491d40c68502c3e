"""CPF / CNPJ (numeric and alphanumeric) validation and formatting, by python-stdnum."""
from __future__ import annotations

from stdnum import ean as _ean
from stdnum.br import cnpj as _cnpj
from stdnum.br import cpf as _cpf
from stdnum.exceptions import ValidationError


class DocumentError(ValueError):
    """Invalid document; the message is for the user."""


def compact_cpf(value: str) -> str:
    try:
        return _cpf.validate(value)
    except ValidationError as exc:
        raise DocumentError(f"CPF inválido: {value!r}") from exc


def compact_cnpj(value: str) -> str:
    try:
        return _cnpj.validate(value.upper())
    except ValidationError as exc:
        raise DocumentError(f"CNPJ inválido: {value!r}") from exc


def is_valid_cpf(value: str) -> bool:
    return _cpf.is_valid(value)


def is_valid_cnpj(value: str) -> bool:
    return _cnpj.is_valid(value.upper())


def format_cpf(value: str) -> str:
    return _cpf.format(value)


def format_cnpj(value: str) -> str:
    return _cnpj.format(value)


def format_document(kind: str | None, value: str | None) -> str:
    if not value:
        return ""
    if kind == "CPF" and _cpf.is_valid(value):
        return _cpf.format(value)
    if kind == "CNPJ" and _cnpj.is_valid(value):
        return _cnpj.format(value)
    return value


def is_valid_ean(value: str) -> bool:
    return _ean.is_valid(value)


def masked_document(value: str | None) -> str:
    """Only the last digits: what the audit may keep of a person's document."""
    if not value:
        return ""
    return "*" * max(0, len(value) - 4) + value[-4:]
