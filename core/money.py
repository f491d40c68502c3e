"""Money as the cashier types and reads it: Decimal with two places, "1.234,56" on screen."""
from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from core.errors import ValidationError

CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("999999.99")
"""Anything above this typed at a counter is a slip of the finger, not a payment."""

_TYPED = re.compile(r"^\d{1,3}(\.\d{3})*(,\d{1,2})?$|^\d+([.,]\d{1,2})?$")


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def parse_money(text: str, *, field: str = "Valor") -> Decimal:
    """'12', '12,5', '12.50', '1.234,56' → Decimal; anything else → ValidationError."""
    raw = text.strip().removeprefix("R$").strip()
    if not raw:
        raise ValidationError(f"{field}: informe o valor.")
    if raw.startswith("-"):
        raise ValidationError(f"{field}: o valor não pode ser negativo.")
    if not _TYPED.match(raw):
        raise ValidationError(f"{field}: valor inválido ({text.strip()}). Use, por exemplo, 25,90.")
    if "," in raw:
        normalized = raw.replace(".", "").replace(",", ".")
    elif re.match(r"^\d{1,3}(\.\d{3})+$", raw):
        normalized = raw.replace(".", "")
    else:
        normalized = raw
    try:
        value = Decimal(normalized)
    except InvalidOperation:
        raise ValidationError(f"{field}: valor inválido ({text.strip()}).") from None
    if value > MAX_AMOUNT:
        raise ValidationError(f"{field}: valor acima do limite de R$ {format_money(MAX_AMOUNT)}.")
    return cents(value)


def format_money(value: Decimal) -> str:
    """Decimal('1234.5') → '1.234,50' (Brazilian separators)."""
    text = f"{cents(value):,.2f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def brl(value: Decimal) -> str:
    return f"R$ {format_money(value)}"
