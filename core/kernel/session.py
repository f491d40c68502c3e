"""A logged-in user's session: who, where, and which modules the rules allow."""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from core.kernel.errors import ModuleLocked
from core.kernel.permissions import module_refusals
from domain.enums import BillingStatus, Module, Role

if TYPE_CHECKING:
    from core.sales.draft import Draft


@dataclass
class Session:
    user_id: int
    login: str
    user_name: str
    role: Role
    branch_id: int
    branch_cnpj: str
    branch_name: str
    locked: dict[Module, str] = field(default_factory=dict)
    """Modules refused in this session, each with the reason shown to the user."""
    billing_status: BillingStatus | None = None
    notice: str = ""
    """A status line for the whole session (e.g. the license server could not be reached)."""
    trust_until: date | None = None
    """The last day of a Desbloqueio em Confiança in force (told on F1, not on the screen)."""
    sale_in_progress: bool = False
    """True from the first item of a sale (or pre-sale) until it is finalized or cancelled: the
    background Régua de Cobrança re-check never changes the session in the middle of a sale
    (see core.billing.service). Set by the sale service or screen."""
    pending_billing: Any = None
    """A re-check result (core.billing.service.BillingDecision) waiting for the current sale to end."""
    _open_drafts: weakref.WeakValueDictionary[int, Draft] = field(
        default_factory=weakref.WeakValueDictionary,
        repr=False,
        compare=False,
    )
    """The sales and pre-sales this session started and has not closed (finalized, saved,
    discarded or aborted). Weak: a draft no screen holds any more cannot be lost by leaving."""

    def __post_init__(self) -> None:
        # the modules the permission table keeps from this role stay locked the whole session
        for module, reason in module_refusals(self.role).items():
            self.locked.setdefault(module, reason)

    def is_allowed(self, module: Module) -> bool:
        return module not in self.locked

    def require(self, module: Module) -> None:
        """Every core service of a module calls this first: a locked module does nothing."""
        reason = self.locked.get(module)
        if reason is not None:
            raise ModuleLocked(reason)

    # --- drafts: what leaving would lose (see core.sales.leaving) -----------------------------------

    def open_draft(self, draft: Draft) -> None:
        """The sale services call this for every draft they hand out."""
        self._open_drafts[id(draft)] = draft

    def close_draft(self, draft: Draft) -> None:
        """Finalized, saved, discarded or aborted: nothing is lost by leaving any more."""
        self._open_drafts.pop(id(draft), None)

    def unfinished_drafts(self) -> list[Draft]:
        """Open drafts with something in them (items or a customer), oldest first."""
        return [draft for draft in list(self._open_drafts.values()) if draft.in_progress]
