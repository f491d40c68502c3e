"""A sale or pre-sale being built: its cart, its customer and agreement, and its LGPD gate.

The draft is in memory until it is stored; core's services change it, the screen only reads it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum

from core.kernel.transaction import write_transaction
from core.lgpd.decision import ConsentDecision, SaleOrigin
from core.registry.search import AgreementView, CustomerView
from core.sales.cart import Cart
from domain.enums import ConsentStatus, Module
from storage.counters import SALE_ID, take
from storage.db import database


class ConsentOutcome(str, Enum):
    NOT_REQUIRED = "nao_exigido"
    ACCEPTED = "aceito"
    CONTINUED_WITHOUT_TERM = "continuou_sem_termo"
    RELEASED = "liberada_supervisor"
    ABORTED = "abortada"


CLEARING = frozenset(
    {
        ConsentOutcome.NOT_REQUIRED,
        ConsentOutcome.ACCEPTED,
        ConsentOutcome.CONTINUED_WITHOUT_TERM,
        ConsentOutcome.RELEASED,
    }
)
"""Outcomes after which the sale may be finalized."""


@dataclass
class ConsentGate:
    """The LGPD check of one (customer, agreement) in one sale: last decision and its outcome."""

    customer_id: int
    agreement_id: int
    decision: ConsentDecision | None = None
    status: ConsentStatus | None = None
    """The latest status known: stored, or answered by the portal (UNKNOWN = Sem status)."""
    checked_at: datetime | None = None
    failure: str | None = None
    outcome: ConsentOutcome | None = None
    released_by: str | None = None
    """The supervisor who released this sale (valid for this sale and this customer only)."""
    released_for: int | None = None
    """The sale id (Draft.sale_id) the release was given to: a gate carried to another draft
    does not carry the release."""

    @property
    def cleared(self) -> bool:
        return self.outcome in CLEARING

    @property
    def pending(self) -> bool:
        """Still waiting for the check or for the cashier's choice in a dialog."""
        return self.outcome is None


@dataclass
class Draft:
    origin: SaleOrigin
    cart: Cart = field(default_factory=Cart)
    customer: CustomerView | None = None
    agreement: AgreementView | None = None
    gate: ConsentGate | None = None
    sale_id: int | None = None
    """Reserved on first need; the audit entries of this sale carry it, and so will the Sale."""
    presale_id: int | None = None
    presale_number: int | None = None

    @property
    def module(self) -> Module:
        return Module.PRESALE if self.origin == SaleOrigin.PRESALE else Module.SALE

    @property
    def consent_cleared(self) -> bool:
        """The LGPD check of this draft's customer and agreement is done: the gate must be this
        draft's own (same customer and agreement; a supervisor release given to this sale), so
        no path that builds or copies a draft skips the check."""
        gate = self.gate
        if self.agreement is None or self.customer is None:
            return gate is None or gate.cleared
        if gate is None or (gate.customer_id, gate.agreement_id) != (self.customer.id, self.agreement.id):
            return False
        if gate.outcome == ConsentOutcome.RELEASED and gate.released_for != self.sale_id:
            return False
        return gate.cleared

    @property
    def in_progress(self) -> bool:
        """Something a cashier would lose by walking away: items or a customer."""
        return bool(self.cart) or self.customer is not None

    def ensure_sale_id(self) -> int:
        """The id of this sale flow, reserved (and committed) the first time it is needed."""
        if self.sale_id is None:
            with write_transaction(database):
                self.sale_id = take(SALE_ID)
        return self.sale_id
