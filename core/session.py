"""A logged-in user's session: who, where, and which modules the rules allow."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from core.domain import BillingStatus, Module, Role
from core.errors import ModuleLocked
from core.permissions import module_refusals


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
    sale_in_progress: bool = False
    """True from the first item of a sale (or pre-sale) until it is finalized or cancelled: the
    background Régua de Cobrança re-check never changes the session in the middle of a sale
    (see core.billing). Set by the sale service or screen."""
    pending_billing: Any = None
    """A re-check result (core.billing.BillingDecision) waiting for the current sale to end."""

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
