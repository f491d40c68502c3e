"""The LGPD check of a sale or pre-sale, around the pure decision: gather the situation, query
the portal when told to, record the cashier's choice, audit every outcome with the sale's id.

The screen calls these methods and shows what they return; whether a sale may go on is decided
here (and `SaleService.finalize` refuses a sale whose gate is not cleared).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.kernel.errors import ValidationError
from core.kernel.permissions import Action, by_module, requires
from core.lgpd.consent import ConsentService, settings_for
from core.lgpd.decision import (
    ConsentAnswer,
    ConsentDecision,
    ConsentSituation,
    SaleOrigin,
    Step,
    decide,
)
from core.registry.customers import person_document, refuse_document_clash
from core.registry.search import customer_view
from core.sales.draft import ConsentGate, ConsentOutcome, Draft
from domain.documents import masked_document
from domain.enums import ConsentRule, ConsentStatus, DocumentType, PersonType
from storage.models import Agreement, Branch, Customer, CustomerAgreement

if TYPE_CHECKING:
    from core.kernel.context import AppContext
    from core.kernel.session import Session

RELEASE_PURPOSE = "liberação de venda sem termo LGPD"


class ConsentFlow:
    def __init__(self, ctx: AppContext, consent_service: ConsentService | None = None) -> None:
        self.ctx = ctx
        self._service = consent_service

    # --- the portal ------------------------------------------------------------------------------

    @property
    def service(self) -> ConsentService:
        if self._service is None:
            self._service = ConsentService(self.ctx)
        return self._service

    def _validity_days(self, branch: Branch) -> int:
        """Validade (dias) of the branch's Integração Portal LGPD (0 when not configured)."""
        settings = settings_for(branch)
        return int(settings.validity_days) if settings is not None else 0

    # --- the check ----------------------------------------------------------------------------

    def _situation(self, session: Session, draft: Draft, answer: ConsentAnswer | None = None) -> ConsentSituation:
        customer = Customer.get_by_id(draft.customer.id)
        agreement = Agreement.get_by_id(draft.agreement.id)
        link = CustomerAgreement.get_or_none(
            (CustomerAgreement.customer == customer.id) & (CustomerAgreement.agreement == agreement.id)
        )
        branch = Branch.get_by_id(session.branch_id)
        stored = ConsentStatus(link.consent_status) if link else ConsentStatus.NOT_ISSUED
        checked_at = link.consent_checked_at if link else None
        age = self.ctx.clock.now() - checked_at if checked_at else None
        rule = ConsentRule(agreement.consent_rule)
        needs_settings = (
            branch.lgpd_enabled and rule != ConsentRule.NONE and draft.origin != SaleOrigin.PRESALE_FINALIZE
        )
        return ConsentSituation(
            rule=rule,
            person_type=PersonType(customer.person_type),
            has_document=bool(customer.document),
            stored_status=stored,
            stored_age=age,
            validity_days=self._validity_days(branch) if needs_settings else 0,
            origin=draft.origin,
            answer=answer,
            portal_enabled=branch.lgpd_enabled,
        )

    def _open_gate(self, draft: Draft) -> ConsentGate | None:
        """A fresh, pending gate for the draft's customer and agreement (None: nothing to check)."""
        if draft.customer is None or draft.agreement is None:
            draft.gate = None
        else:
            draft.gate = ConsentGate(draft.customer.id, draft.agreement.id)
        return draft.gate

    @requires(by_module("draft"))
    def decide_without_query(self, session: Session, draft: Draft) -> ConsentDecision | None:
        """The first step, no network: enough for a pre-sale being finalized, or to know a
        query is needed."""
        session.require(draft.module)
        gate = draft.gate or self._open_gate(draft)
        if gate is None:
            return None
        situation = self._situation(session, draft)
        decision = decide(situation)
        gate.status = situation.stored_status
        self._apply(session, draft, decision)
        return decision

    @requires(by_module("draft"))
    async def check(self, session: Session, draft: Draft) -> ConsentDecision | None:
        """The whole check: decide, query the portal if told to, decide again with the answer."""
        gate = draft.gate
        if gate is not None and gate.decision is not None:
            decision = gate.decision  # the first step was taken when the customer was set
        else:
            decision = self.decide_without_query(session, draft)
        if decision is None or decision.step != Step.QUERY:
            return decision
        return await self.refresh(session, draft)

    @requires(by_module("draft"))
    async def refresh(self, session: Session, draft: Draft) -> ConsentDecision:
        """Consulta status: ask the portal now and decide with its answer."""
        session.require(draft.module)
        gate = draft.gate
        if gate is None:
            raise ValidationError("Nenhum cliente com convênio nesta venda para consultar.")
        customer = Customer.get_by_id(gate.customer_id)
        agreement = Agreement.get_by_id(gate.agreement_id)
        result = await self.service.query_status(session, customer, agreement, via=draft.module)
        status, checked_at, failure = ConsentStatus(result.status), result.checked_at, result.failure
        if draft.gate is not gate:  # the customer changed while the portal answered: stale
            return gate.decision
        return self.apply_answer(session, draft, status, checked_at, failure)

    @requires(by_module("draft"))
    def apply_answer(
        self,
        session: Session,
        draft: Draft,
        status: ConsentStatus,
        checked_at,
        failure: str | None = None,
    ) -> ConsentDecision:
        """Decides with what the portal answered (here, or in the consent-link dialog's own
        Consulta status)."""
        session.require(draft.module)
        gate = draft.gate
        answer = ConsentAnswer(status, failure)
        gate.status = status
        gate.checked_at = checked_at
        gate.failure = failure
        decision = decide(self._situation(session, draft, answer))
        self._apply(session, draft, decision)
        return decision

    def _apply(self, session: Session, draft: Draft, decision: ConsentDecision) -> None:
        gate = draft.gate
        gate.decision = decision
        if decision.step == Step.PROCEED:
            accepted = gate.status == ConsentStatus.ACCEPTED and draft.origin != SaleOrigin.PRESALE_FINALIZE
            gate.outcome = ConsentOutcome.ACCEPTED if accepted else ConsentOutcome.NOT_REQUIRED
            if draft.agreement.rule != ConsentRule.NONE:  # a sale the LGPD rules concern
                self._audit(session, draft, "lgpd_venda_segue", {"motivo": decision.reason})
        else:
            gate.outcome = None

    # --- the cashier's choices in the dialogs --------------------------------------------------

    @requires(by_module("draft"))
    def continue_without_term(self, session: Session, draft: Draft) -> None:
        """Continuar sem termo (and Fechar of the Notificar dialog)."""
        session.require(draft.module)
        gate = self._gate_in(draft, Step.NOTIFY)
        gate.outcome = ConsentOutcome.CONTINUED_WITHOUT_TERM
        self._audit(session, draft, "lgpd_continuou_sem_termo", {"motivo": gate.decision.reason})

    @requires(by_module("draft"))
    def abort(self, session: Session, draft: Draft) -> None:
        """Abortar venda (and Fechar of the Bloquear dialog): the sale is discarded."""
        session.require(draft.module)
        gate = self._gate_in(draft, Step.BLOCK, Step.BLOCK_WITH_RELEASE, Step.ASK_DOCUMENT)
        gate.outcome = ConsentOutcome.ABORTED
        self._audit(
            session, draft, "lgpd_venda_abortada", {"motivo": gate.decision.reason, "itens": len(draft.cart.lines)}
        )
        session.close_draft(draft)

    @requires(by_module("draft"))
    def release(self, session: Session, draft: Draft, login: str, password: str) -> str:
        """A supervisor releases this one sale when the portal gave no answer under Bloquear.
        Wrong passwords count toward the supervisor's lockout (AuthError)."""
        session.require(draft.module)
        gate = self._gate_in(draft, Step.BLOCK_WITH_RELEASE)
        supervisor = self.ctx.auth.authenticate_supervisor(
            login,
            password,
            purpose=RELEASE_PURPOSE,
            action=Action.SUPERVISOR_RELEASE,
        )
        gate.outcome = ConsentOutcome.RELEASED
        gate.released_by = supervisor.login
        gate.released_for = draft.ensure_sale_id()
        self._audit(
            session,
            draft,
            "lgpd_venda_liberada_supervisor",
            {"supervisor": supervisor.login, "motivo": gate.decision.reason},
        )
        return supervisor.login

    @requires(by_module("draft"))
    def save_document(self, session: Session, draft: Draft, document_type: DocumentType, text: str) -> None:
        """The identification document a PF lacked under Bloquear, saved to the customer."""
        session.require(draft.module)
        gate = self._gate_in(draft, Step.ASK_DOCUMENT)
        compact = person_document(document_type, text)  # the one rule of a PF document (core.registry.customers)
        refuse_document_clash(compact, gate.customer_id)
        customer = Customer.get_by_id(gate.customer_id)
        customer.document_type = document_type.value
        customer.document = compact
        customer.save()
        draft.customer = customer_view(customer)
        self._audit(
            session,
            draft,
            "cliente_documento_incluido",
            {"cliente": customer.code, "tipo": document_type.value, "documento": masked_document(compact)},
        )
        gate.decision = None
        gate.outcome = None

    # --- helpers ------------------------------------------------------------------------------

    def _gate_in(self, draft: Draft, *steps: Step) -> ConsentGate:
        gate = draft.gate
        if gate is None or gate.decision is None or gate.decision.step not in steps:
            raise ValidationError("Ação não disponível neste momento da verificação LGPD.")
        return gate

    def _audit(self, session: Session, draft: Draft, event: str, detail: dict) -> None:
        sale_id = draft.ensure_sale_id()
        detail = {
            "origem": draft.origin.value,
            "cliente": draft.customer.code if draft.customer else "",
            "convenio": draft.agreement.code if draft.agreement else "",
            **detail,
        }
        self.ctx.audit.record(event, detail, user=session.login, branch_cnpj=session.branch_cnpj, sale_id=sale_id)
