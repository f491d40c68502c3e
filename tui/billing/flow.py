"""The Régua de Cobrança dialogs in sequence, for the login and for a background re-check.

Runs inside a worker (it awaits `push_screen_wait`); core decides, this only shows:
AVISO FINANCEIRO → (DESBLOQUEIO EM CONFIANÇA → supervisor → Liberado / Sem Sucesso) → ...
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.billing.service import BillingDecision, BillingService
from domain.enums import BillingStatus
from tui.billing.notice import TRUST, BillingNoticeDialog
from tui.billing.supervisor_prompt import SupervisorPrompt
from tui.billing.trust_result import TrustUnlockResultDialog

if TYPE_CHECKING:
    from textual.app import App


async def present_decision(
    app: App, service: BillingService, decision: BillingDecision, login: str
) -> BillingDecision | None:
    """Shows the decision's dialogs. Returns the decision to apply (the same one, or full access
    after a granted trust unlock); None when the user leaves without access (Bloqueio Total, OK)."""
    while decision.show_dialog:
        choice = await app.push_screen_wait(BillingNoticeDialog(decision.status, decision.message))
        if choice == TRUST and decision.allows_trust_unlock:

            async def ask(supervisor: str, password: str, login: str = login):
                return await service.trust_unlock(login, supervisor, password)

            result = await app.push_screen_wait(SupervisorPrompt(ask))
            if result is None:
                continue  # cancelled: back to the block dialog
            await app.push_screen_wait(TrustUnlockResultDialog(result))
            if result.granted:
                return service.after_trust_unlock(decision, result)
            continue  # Sem Sucesso: back to the block dialog
        if decision.status is BillingStatus.TOTAL_BLOCK:
            return None
        return decision
    return decision
