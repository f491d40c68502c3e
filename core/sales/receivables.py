"""Recebimento de títulos: a customer's open receivables, received in full or in part.

One título, or all of the customer's: an amount less than the open total is spread over the
títulos oldest due date first. Dinheiro takes the amount handed over and gives the troco, as the
sale's payment does. The balance the cashier was shown is checked again inside the transaction:
a balance another terminal changed meanwhile is told (BalanceChanged), never paid blindly.

Two terminals receiving the same título at once must not both succeed on the same balance: the
payment is one atomic UPDATE that only applies while the open balance covers it, inside a
transaction that holds the write lock (SQLite) or the título's row lock (PostgreSQL), together
with the payment row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

import peewee as pw

from core.kernel.errors import ValidationError
from core.kernel.money import brl, parse_money
from core.kernel.permissions import Action, requires
from core.kernel.transaction import write_transaction
from core.registry.search import CustomerView, search_customers
from domain.enums import Module, PaymentMethod, ReceivableStatus
from domain.money import to_cents
from storage.db import locked
from storage.models import Agreement, Receivable, ReceivablePayment, Sale

if TYPE_CHECKING:
    from core.kernel.context import AppContext
    from core.kernel.session import Session

OPEN = ReceivableStatus.OPEN.value
PAID = ReceivableStatus.PAID.value
RECEIVING_METHODS = (PaymentMethod.CASH, PaymentMethod.CARD)


@dataclass(frozen=True)
class ReceivableView:
    id: int
    sale_number: int
    agreement: str
    issued_at: datetime
    due_date: date
    amount: Decimal
    paid_amount: Decimal
    status: str

    @property
    def balance(self) -> Decimal:
        return self.amount - self.paid_amount


@dataclass(frozen=True)
class CashGiven:
    """Dinheiro: what the customer handed over and the change (troco) owed back."""

    tendered: Decimal
    change: Decimal


@dataclass(frozen=True)
class Received:
    receivable_id: int
    amount: Decimal
    balance: Decimal
    """What is still open on the título afterwards."""
    change: Decimal = Decimal("0.00")
    """Troco, for a payment in dinheiro."""


@dataclass(frozen=True)
class ReceivedAll:
    total: Decimal
    """What was received, spread over the títulos oldest first."""
    paid: list[tuple[int, Decimal]]
    """(sale number, amount) of each título that received a part, in the order paid."""
    left: Decimal
    """What is still open for the customer afterwards."""
    change: Decimal = Decimal("0.00")


class BalanceChanged(ValidationError):
    """The open balance is not the one the cashier was shown (another terminal received part of
    it meanwhile): nothing was received; `balance` is the balance now."""

    def __init__(self, message: str, balance: Decimal) -> None:
        super().__init__(message)
        self.balance = balance


def cash_given(amount: Decimal, tendered_text: str) -> CashGiven:
    """Dinheiro handed over for `amount` (empty = the exact amount) and the troco; as the sale's
    payment does, less than the amount is refused."""
    tendered = parse_money(tendered_text, field="Valor entregue") if tendered_text.strip() else amount
    if tendered < amount:
        raise ValidationError(f"Valor entregue {brl(tendered)} é menor que o valor a receber {brl(amount)}.")
    return CashGiven(tendered, tendered - amount)


def _changed(what: str, shown: Decimal, now: Decimal) -> BalanceChanged:
    return BalanceChanged(
        f"{what} mudou enquanto a tela estava aberta (recebimento em outro terminal?): era {brl(shown)}, "
        f"agora {brl(now)}. Nada foi recebido; confira o valor e confirme de novo.",
        now,
    )


class ReceivablesService:
    module = Module.RECEIVABLES

    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    @requires(Action.RECEIVE)
    def find_customers(self, session: Session, text: str, limit: int = 20) -> list[CustomerView]:
        session.require(self.module)
        return search_customers(text, limit)

    @requires(Action.RECEIVE)
    def open_for(self, session: Session, customer_id: int) -> list[ReceivableView]:
        """The customer's open títulos, oldest due date first."""
        session.require(self.module)
        rows = (
            Receivable.select(Receivable, Sale.id, Sale.number, Agreement.id, Agreement.name)
            .join(Sale)
            .switch(Receivable)
            .join(Agreement, pw.JOIN.LEFT_OUTER)
            .where((Receivable.customer == customer_id) & (Receivable.status == OPEN))
            .order_by(Receivable.due_date, Receivable.id)
        )
        return [
            ReceivableView(
                row.id,
                row.sale.number,
                row.agreement.name if row.agreement else "",
                row.issued_at,
                row.due_date,
                row.amount,
                row.paid_amount,
                row.status,
            )
            for row in rows
        ]

    @requires(Action.RECEIVE)
    def balance_of(self, session: Session, receivable_id: int) -> Decimal:
        """The título's open balance now (0 when paid or gone)."""
        session.require(self.module)
        row = Receivable.get_or_none(Receivable.id == receivable_id)
        if row is None or row.status != OPEN:
            return Decimal("0.00")
        return row.amount - row.paid_amount

    @requires(Action.RECEIVE)
    def open_total(self, session: Session, customer_id: int) -> Decimal:
        """The customer's open balance now, all títulos."""
        return sum((r.balance for r in self.open_for(session, customer_id)), Decimal("0.00"))

    @requires(Action.RECEIVE)
    def receive(
        self,
        session: Session,
        receivable_id: int,
        amount: Decimal | str,
        method: PaymentMethod,
        *,
        tendered: str = "",
        expected_balance: Decimal | None = None,
    ) -> Received:
        """Receives `amount` (at most the open balance) on one título, in dinheiro (with the
        amount handed over, for the troco) or cartão. With `expected_balance` (the balance the
        cashier was shown), a balance that changed meanwhile is refused with BalanceChanged."""
        session.require(self.module)
        amount = self._amount(amount)
        method = self._method(method)
        given = cash_given(amount, tendered) if method == PaymentMethod.CASH else None
        with write_transaction(self.ctx.db):
            row = Receivable.get_or_none(Receivable.id == receivable_id)
            if row is None:
                raise ValidationError("Título não encontrado.")
            balance = row.amount - row.paid_amount if row.status == OPEN else Decimal("0.00")
            if expected_balance is not None and balance != expected_balance:
                raise _changed("O saldo do título", expected_balance, balance)
            self._apply(session, receivable_id, amount, method)
            row = Receivable.get_by_id(receivable_id)
        return Received(receivable_id, amount, row.amount - row.paid_amount, given.change if given else Decimal("0.00"))

    @requires(Action.RECEIVE)
    def receive_all(
        self,
        session: Session,
        customer_id: int,
        method: PaymentMethod,
        amount: Decimal | str | None = None,
        *,
        tendered: str = "",
        expected_total: Decimal | None = None,
    ) -> ReceivedAll:
        """Receives `amount` (None: everything open) over the customer's open títulos, oldest due
        date first, in one transaction; a título left with part of it stays open. With
        `expected_total` (the total the cashier was shown), a total that changed meanwhile is
        refused with BalanceChanged."""
        session.require(self.module)
        method = self._method(method)
        with write_transaction(self.ctx.db):
            rows = list(
                locked(  # in id order: two terminals lock the same títulos in the same order
                    Receivable.select()
                    .where((Receivable.customer == customer_id) & (Receivable.status == OPEN))
                    .order_by(Receivable.id)
                )
            )
            if not rows:
                raise ValidationError("O cliente não tem títulos em aberto.")
            open_total = sum((row.amount - row.paid_amount for row in rows), Decimal("0.00"))
            if expected_total is not None and open_total != expected_total:
                raise _changed("O total em aberto", expected_total, open_total)
            wanted = open_total if amount is None else self._amount(amount)
            if wanted > open_total:
                raise ValidationError(f"Valor {brl(wanted)} maior que o total em aberto ({brl(open_total)}).")
            given = cash_given(wanted, tendered) if method == PaymentMethod.CASH else None
            left, paid = wanted, []
            for row in sorted(rows, key=lambda r: (r.due_date, r.id)):  # oldest first
                if left <= 0:
                    break
                part = min(row.amount - row.paid_amount, left)
                self._apply(session, row.id, part, method)
                paid.append((row.sale.number, part))
                left -= part
        return ReceivedAll(wanted, paid, open_total - wanted, given.change if given else Decimal("0.00"))

    @staticmethod
    def _amount(amount: Decimal | str) -> Decimal:
        if isinstance(amount, str):
            amount = parse_money(amount, field="Valor a receber")
        if amount <= 0:
            raise ValidationError("Valor a receber deve ser maior que zero.")
        return amount

    @staticmethod
    def _method(method: PaymentMethod) -> PaymentMethod:
        if method not in RECEIVING_METHODS:
            raise ValidationError("Recebimento de títulos: dinheiro ou cartão.")
        return method

    def _apply(self, session: Session, receivable_id: int, amount: Decimal, method: PaymentMethod) -> None:
        """The read-modify-write as one UPDATE: it applies only while the balance covers it.
        Exact: the columns hold integer cents (storage.models.MoneyField), and so does `value`."""
        value = pw.Value(to_cents(amount), converter=False)
        new_paid = Receivable.paid_amount + value
        updated = (
            Receivable.update(
                paid_amount=new_paid,
                status=pw.Case(None, [(new_paid >= Receivable.amount, PAID)], OPEN),
            )
            .where(
                (Receivable.id == receivable_id)
                & (Receivable.status == OPEN)
                & (Receivable.amount - Receivable.paid_amount >= value)
            )
            .execute()
        )
        if updated != 1:
            row = Receivable.get_or_none(Receivable.id == receivable_id)
            if row is None:
                raise ValidationError("Título não encontrado.")
            if row.status != OPEN:
                raise ValidationError("Este título já foi pago.")
            raise ValidationError(
                f"Valor {brl(amount)} maior que o saldo do título ({brl(row.amount - row.paid_amount)})."
            )
        ReceivablePayment.create(
            receivable=receivable_id,
            user=session.user_id,
            paid_at=self.ctx.clock.now(),
            amount=amount,
            method=method.value,
        )
        self.ctx.audit.record(
            "titulo_recebido",
            {"titulo": receivable_id, "valor": amount, "forma": method.value},
            user=session.login,
            branch_cnpj=session.branch_cnpj,
        )
