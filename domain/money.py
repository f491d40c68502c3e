"""Money: Decimal with two places in the program, integer cents in the database (storage's
MoneyField), "1.234,56" on screen. Never float."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def cents(value: Decimal) -> Decimal:
    """`value` rounded to the cent (half up, as a receipt rounds)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def to_cents(value: Decimal | int | str) -> int:
    """Decimal('72.06') → 7206: the integer the database keeps. A float is refused: its tail is
    not money."""
    if isinstance(value, float):
        raise TypeError("money is never a float")
    return int(cents(Decimal(value)).scaleb(2))


def from_cents(value: int) -> Decimal:
    """7206 → Decimal('72.06')."""
    return Decimal(int(value)).scaleb(-2)


def format_money(value: Decimal) -> str:
    """Decimal('1234.5') → '1.234,50' (Brazilian separators)."""
    text = f"{cents(value):,.2f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def brl(value: Decimal) -> str:
    return f"R$ {format_money(value)}"
