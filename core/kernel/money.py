"""Money as the cashier types it: "1.234,56" parsed to Decimal with two places, or a message
in Portuguese. The representation itself (cents, formatting) is domain.money's."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from core.kernel.errors import ValidationError
from domain.money import CENT, brl, cents, format_money  # noqa: F401  (the names core uses)

MAX_AMOUNT = Decimal("999999.99")
"""Anything above this typed at a counter is a slip of the finger, not a payment."""

_TYPED = re.compile(r"^\d{1,3}(\.\d{3})*(,\d{1,2})?$|^\d+([.,]\d{1,2})?$")


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
