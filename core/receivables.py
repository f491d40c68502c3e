"""Recebimento de títulos: a customer's open receivables, received in full or in part.

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

from core.domain import Module, PaymentMethod
from core.errors import ValidationError
from core.money import brl, parse_money
from core.permissions import Action, requires
from core.search import CustomerView, search_customers
from core.transaction import write_transaction
from storage.db import locked
from storage.models import Agreement, Receivable, ReceivablePayment, Sale

if TYPE_CHECKING:
    from core.context import AppContext
    from core.session import Session

OPEN = "aberto"
PAID = "pago"
HALF_CENT = 0.005
"""Money columns are REAL in SQLite: comparisons made in SQL allow half a cent of rounding."""
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
class Received:
    receivable_id: int
    amount: Decimal
    balance: Decimal
    """What is still open on the título afterwards."""


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
                row.id, row.sale.number, row.agreement.name if row.agreement else "",
                row.issued_at, row.due_date, row.amount, row.paid_amount, row.status,
            )
            for row in rows
        ]

    @requires(Action.RECEIVE)
    def receive(self, session: Session, receivable_id: int, amount: Decimal | str, method: PaymentMethod) -> Received:
        """Receives `amount` (at most the open balance) on one título, in dinheiro or cartão."""
        session.require(self.module)
        if method not in RECEIVING_METHODS:
            raise ValidationError("Recebimento de títulos: dinheiro ou cartão.")
        if isinstance(amount, str):
            amount = parse_money(amount, field="Valor a receber")
        if amount <= 0:
            raise ValidationError("Valor a receber deve ser maior que zero.")
        with write_transaction(self.ctx.db):
            self._apply(session, receivable_id, amount, method)
            row = Receivable.get_by_id(receivable_id)
        return Received(receivable_id, amount, row.amount - row.paid_amount)

    @requires(Action.RECEIVE)
    def receive_all(self, session: Session, customer_id: int, method: PaymentMethod) -> Decimal:
        """Every open título of the customer, in full, in one transaction; returns the sum."""
        session.require(self.module)
        if method not in RECEIVING_METHODS:
            raise ValidationError("Recebimento de títulos: dinheiro ou cartão.")
        total = Decimal("0.00")
        with write_transaction(self.ctx.db):
            rows = list(locked(  # in id order: two terminals lock the same títulos in the same order
                Receivable.select()
                .where((Receivable.customer == customer_id) & (Receivable.status == OPEN))
                .order_by(Receivable.id)
            ))
            if not rows:
                raise ValidationError("O cliente não tem títulos em aberto.")
            for row in rows:
                balance = row.amount - row.paid_amount
                self._apply(session, row.id, balance, method)
                total += balance
        return total

    def _apply(self, session: Session, receivable_id: int, amount: Decimal, method: PaymentMethod) -> None:
        """The read-modify-write as one UPDATE: it applies only while the balance covers it."""
        # The column is REAL: bind plain floats, with converter=False, or peewee passes them
        # through the money field (0.005 would become Decimal('0.00') and 2.26 a TEXT value),
        # and a título paid in parts up to 72.05999999999999 of 72.06 would stay open.
        value = pw.Value(float(amount), converter=False)
        half_cent = pw.Value(HALF_CENT, converter=False)
        new_paid = Receivable.paid_amount + value
        updated = (
            Receivable.update(
                paid_amount=new_paid,
                status=pw.Case(None, [(new_paid >= Receivable.amount - half_cent, PAID)], OPEN),
            )
            .where(
                (Receivable.id == receivable_id)
                & (Receivable.status == OPEN)
                & (Receivable.amount - Receivable.paid_amount >= value - half_cent)
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
            receivable=receivable_id, user=session.user_id, paid_at=self.ctx.clock.now(),
            amount=amount, method=method.value,
        )
        self.ctx.audit.record(
            "titulo_recebido", {"titulo": receivable_id, "valor": amount, "forma": method.value},
            user=session.login, branch_cnpj=session.branch_cnpj,
        )
