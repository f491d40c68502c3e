"""The lines being rung up (a sale or a pre-sale): products, quantities, the running total.

A cart lives in memory until it is finalized; every change is validated here, so a bad input
leaves the cart exactly as it was.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from core.kernel.errors import ValidationError
from core.kernel.money import cents
from core.registry.search import ProductView, find_product_exact, search_products

MAX_QUANTITY = 999
"""More units than this of one product on one line is a slip of the finger."""
MAX_LINES = 200


@dataclass
class CartLine:
    product_id: int
    code: str
    name: str
    quantity: int
    unit_price: Decimal

    @property
    def total(self) -> Decimal:
        return cents(self.unit_price * self.quantity)


@dataclass
class Cart:
    lines: list[CartLine] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return cents(sum((line.total for line in self.lines), Decimal("0")))

    @property
    def item_count(self) -> int:
        return sum(line.quantity for line in self.lines)

    def __bool__(self) -> bool:
        return bool(self.lines)

    def item_rows(self, owner: str, owner_id: int) -> list[dict]:
        """The cart's lines as rows of a sale's or a pre-sale's items (owner is the column)."""
        return [
            {
                owner: owner_id,
                "product": line.product_id,
                "quantity": line.quantity,
                "unit_price": line.unit_price,
                "total": line.total,
            }
            for line in self.lines
        ]

    def add(self, product: ProductView, quantity: int) -> CartLine:
        check_quantity(quantity)
        if len(self.lines) >= MAX_LINES:
            raise ValidationError(f"Limite de {MAX_LINES} itens por venda atingido.")
        line = CartLine(product.id, product.code, product.name, quantity, product.price)
        self.lines.append(line)
        return line

    def remove(self, index: int) -> CartLine:
        if not 0 <= index < len(self.lines):
            raise ValidationError("Selecione um item da lista para remover.")
        return self.lines.pop(index)


def check_quantity(quantity: int) -> None:
    if quantity <= 0:
        raise ValidationError("Quantidade deve ser maior que zero.")
    if quantity > MAX_QUANTITY:
        raise ValidationError(f"Quantidade {quantity} acima do limite de {MAX_QUANTITY} unidades por item.")


def parse_quantity(text: str) -> int:
    """What the cashier typed in Qtd → a whole number of units, or a clear ValidationError."""
    raw = text.strip()
    if not raw:
        return 1
    if raw.startswith("-"):
        raise ValidationError(f"Quantidade negativa ({raw}) não é permitida.")
    if not raw.isdigit():
        if raw.replace(",", "").replace(".", "").isdigit():
            raise ValidationError(f"Quantidade deve ser um número inteiro de unidades ({raw}).")
        raise ValidationError(f"Quantidade inválida ({raw}): digite um número inteiro.")
    if len(raw) > 6:
        raise ValidationError(f"Quantidade {raw} acima do limite de {MAX_QUANTITY} unidades por item.")
    quantity = int(raw)
    check_quantity(quantity)
    return quantity


def resolve_product(text: str) -> ProductView:
    """Code or EAN exactly, or a name that matches one product only."""
    text = text.strip()
    if not text:
        raise ValidationError("Informe o código, o EAN ou o nome do produto.")
    exact = find_product_exact(text)
    if exact:
        return exact
    matches = search_products(text, limit=2)
    if not matches:
        raise ValidationError(f"Produto não encontrado: {text}")
    if len(matches) > 1:
        raise ValidationError(f'Mais de um produto encontrado para "{text}": escolha na lista.')
    return matches[0]
