"""The Régua de Cobrança while a session lasts: a re-check every Config.recheck_minutes, in a
worker that posts its answer (BillingRechecked); a change is shown between sales (its dialogs,
then BillingApplied), one in the middle of a sale waits for the sale to end.

A mixin of PdvApp (tui.app): it uses the app's session, context, status line and logout.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.message import Message

from domain.enums import BillingStatus
from tui.login.screen import LoginScreen

if TYPE_CHECKING:
    from core.billing.service import BillingDecision, BillingService
    from core.kernel.session import Session


class BillingWatch:
    """Mixed into the App: `self` is the PdvApp."""

    session: Session | None
    context: Any
    config: Any

    class BillingRechecked(Message):
        """A background re-check's answer for `session` (never None: None changes nothing)."""

        def __init__(self, service: BillingService, session: Session, decision: BillingDecision) -> None:
            super().__init__()
            self.service = service
            self.session = session
            self.decision = decision

    class BillingApplied(Message):
        """A billing change shown (its dialogs) and applied to `session`, whose status was
        `before`; `final` None: Bloqueio Total, OK: the session ends."""

        def __init__(self, session: Session, before: BillingStatus | None, final: BillingDecision | None) -> None:
            super().__init__()
            self.session = session
            self.before = before
            self.final = final

    def _watch_billing(self, session: Session) -> None:
        """Re-checks every Config.recheck_minutes (0: never) while this session lasts."""
        from core.billing.client import BillingRoute
        from core.billing.service import BillingService

        self._stop_billing_watch()
        minutes = self.config.recheck_minutes
        if minutes <= 0 or BillingService(self.context).route() is BillingRoute.NONE:
            return
        self._billing_timers = [
            self.set_interval(minutes * 60, self.recheck_billing, name="billing-recheck"),
            self.set_interval(0.5, self._apply_pending_billing, name="billing-pending"),
        ]

    def _stop_billing_watch(self) -> None:
        for timer in getattr(self, "_billing_timers", []):
            timer.stop()
        self._billing_timers = []

    _billing_in_hand = 0
    """Billing results posted and not handled yet (BillingRechecked, BillingApplied): each one
    counts as its worker still running."""

    def recheck_billing(self) -> None:
        """Starts a background re-check (the timer calls this; so may a test)."""
        if self.session is None or self.context is None:
            return
        if self._billing_in_hand or any(
            worker.group == "billing-recheck" and worker.is_running for worker in self.workers
        ):
            return  # the previous one is still waiting (for the server, for a dialog, or to be shown)
        self.run_worker(self._recheck(self.session), group="billing-recheck", exit_on_error=False)

    def _post_billing(self, message: BillingRechecked | BillingApplied) -> None:
        self._billing_in_hand += 1
        self.post_message(message)

    async def _recheck(self, session: Session) -> None:
        from core.billing.service import BillingService

        service = BillingService(self.context)
        decision = await service.recheck(session)
        if decision is not None:
            self._post_billing(self.BillingRechecked(service, session, decision))

    def on_billing_watch_billing_rechecked(self, message: BillingRechecked) -> None:
        self._billing_in_hand -= 1
        service, session, decision = message.service, message.session, message.decision
        if session is not self.session:
            return  # logged out meanwhile
        if service.offer(session, decision):
            self._start_apply_billing(service, session, decision)
        else:
            self.set_status(f"{decision.notice} (aplica-se ao fim da venda)")

    def _start_apply_billing(self, service: BillingService, session: Session, decision: BillingDecision) -> None:
        self.run_worker(self._apply_billing(service, session, decision), group="billing-recheck", exit_on_error=False)

    def _apply_pending_billing(self) -> None:
        session = self.session
        if session is None or session.pending_billing is None or session.sale_in_progress:
            return
        from core.billing.service import BillingService

        decision = BillingService.sale_finished(session)
        self._start_apply_billing(BillingService(self.context), session, decision)

    def sale_started(self) -> None:
        """Sale screens call this at a sale's first item: no billing change until it ends."""
        from core.billing.service import BillingService

        if self.session is not None:
            BillingService.sale_started(self.session)

    def sale_finished(self) -> None:
        """Sale screens call this when the sale is finalized or cancelled: a billing change that
        waited for it is shown and applied now."""
        from core.billing.service import BillingService

        session = self.session
        if session is None:
            return
        decision = BillingService.sale_finished(session)
        if decision is not None:
            self._start_apply_billing(BillingService(self.context), session, decision)

    async def _apply_billing(self, service: BillingService, session: Session, decision: BillingDecision) -> None:
        """Shows a changed situation (its dialog, between sales) and applies it to the session;
        BillingApplied then shows it on screen, or ends the session."""
        from tui.billing.flow import present_decision

        before = session.billing_status
        final = decision
        if decision.status is not before and decision.show_dialog:
            self._back_to_menu()  # before any await: the dialog opens over the menu
            final = await present_decision(self, service, decision, session.login)
            if session is not self.session:
                return
            if final is None:
                service.apply(session, decision)
                service.record_change(session, before, decision)
                service.deny_entry(session.login, decision)
                self._post_billing(self.BillingApplied(session, before, None))
                return
        service.apply(session, final)
        service.record_change(session, before, final)
        self._post_billing(self.BillingApplied(session, before, final))

    def on_billing_watch_billing_applied(self, message: BillingApplied) -> None:
        self._billing_in_hand -= 1
        session, final = message.session, message.final
        if session is not self.session:
            return  # logged out meanwhile
        if final is None:
            self.logout()
            if isinstance(self.screen, LoginScreen):
                self.screen.say("Sessão encerrada: Bloqueio Total da Régua de Cobrança.")
            return
        self.set_status(session.notice)
        self._refresh_menu()
        if final.status is not message.before and final.status is not BillingStatus.RELEASED:  # Liberado: nothing shown
            self.notify(
                session.notice or f"Régua de Cobrança: {final.status.label}", title="Régua de Cobrança", markup=False
            )

    def _back_to_menu(self) -> None:
        from tui.login.menu import MenuScreen

        while len(self.screen_stack) > 2 and not isinstance(self.screen, MenuScreen):
            self.pop_screen()

    def _refresh_menu(self) -> None:
        from tui.login.menu import MenuScreen

        for screen in self.screen_stack:
            if isinstance(screen, MenuScreen):
                screen.refresh_options()
