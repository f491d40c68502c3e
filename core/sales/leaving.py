"""Leaving the PDV with a sale or pre-sale unfinished.

The rule: work in progress (a Draft with items or a customer) is never dropped silently. Before
the PDV closes, each unfinished draft of the session is discarded explicitly through its own
service, and every discard is audited (`venda_descartada` / `pre_venda_descartada`). The screen
only asks the cashier; a signal from the system (SIGTERM, a dropped ssh session) discards without
asking.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from core.kernel.errors import PdvError
from domain.enums import Module

if TYPE_CHECKING:
    from core.kernel.context import AppContext
    from core.kernel.session import Session
    from core.sales.cart_service import CartService
    from core.sales.draft import Draft

QUIT_REASON = "operador saiu do PDV (Ctrl+Q)"
SIGNAL_REASONS = {
    "SIGTERM": "PDV encerrado pelo sistema (SIGTERM)",
    "SIGHUP": "terminal desconectado (SIGHUP)",
    "SIGINT": "PDV interrompido (SIGINT)",
}
_discarding = threading.Lock()
"""Ctrl+Q's discard and a signal's may overlap (each in a thread): one at a time, so a draft
is discarded, and audited, once."""


@dataclass(frozen=True)
class Unfinished:
    """What leaving now would lose: one sale or pre-sale being built."""

    module: Module
    items: int
    customer: str | None

    @property
    def noun(self) -> str:
        """'venda' or 'pré-venda', as the question names it."""
        return "pré-venda" if self.module == Module.PRESALE else "venda"


def unfinished_work(session: Session | None) -> list[Unfinished]:
    """The sales and pre-sales in progress in this session (none without a session)."""
    if session is None:
        return []
    return [
        Unfinished(draft.module, len(draft.cart.lines), draft.customer.name if draft.customer else None)
        for draft in session.unfinished_drafts()
    ]


def _service_for(ctx: AppContext, draft: Draft) -> CartService:
    from core.sales.presale import PreSaleService
    from core.sales.sale import SaleService

    return PreSaleService(ctx) if draft.module == Module.PRESALE else SaleService(ctx)


@dataclass(frozen=True)
class DiscardResult:
    discarded: int
    failures: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.failures


def discard_unfinished(ctx: AppContext | None, session: Session | None, reason: str) -> DiscardResult:
    """Discards (and audits) every unfinished draft of the session before the PDV closes.
    A draft whose discard fails stays open and its failure is reported (the caller decides
    whether to leave anyway); the others are still discarded."""
    if ctx is None or session is None:
        return DiscardResult(0)
    discarded = 0
    failures: list[str] = []
    with _discarding:
        for draft in session.unfinished_drafts():
            try:
                _service_for(ctx, draft).discard(session, draft, reason)
            except PdvError as exc:
                failures.append(str(exc))
            except Exception as exc:  # the store itself failed (locked, gone): reported, never raised
                failures.append(f"{exc.__class__.__name__}: {exc}")
            else:
                discarded += 1
    return DiscardResult(discarded, tuple(failures))
