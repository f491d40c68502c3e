"""The LGPD check of a sale in core, around the decision: the gate, the cashier's choices, the
audit with the sale's id, the supervisor release valid for one sale only. The portal's answers
are given to `apply_answer` as the consent dialogs give them; the Pilot tests ask the real
simulated portal."""

from __future__ import annotations

import pytest

from core.kernel.auth import INVALID
from core.kernel.errors import AuthError, ValidationError
from core.kernel.login import start_session
from core.lgpd.decision import Step
from core.lgpd.sale_check import ConsentFlow
from core.sales.draft import ConsentOutcome
from core.sales.sale import SaleService
from domain.enums import ConsentStatus, DocumentType, PaymentMethod
from storage.models import AuditEntry, Customer, Sale, User


@pytest.fixture
def session(context):
    return start_session(context, User.get(User.login == "operador"))


@pytest.fixture
def sales(context):
    return SaleService(context)


@pytest.fixture
def flow(context):
    return ConsentFlow(context)


def sale_for(sales, session, code: str, agreement_code: str | None = None):
    customer = Customer.get(Customer.code == code)
    agreements = sales.agreements_of(session, customer.id)
    agreement = next(a for a in agreements if agreement_code in (None, a.code))
    draft = sales.new_draft(session)
    sales.add_item(session, draft, "1")
    sales.set_customer(session, draft, customer.id, agreement.id)
    return draft


def audit(event: str) -> list[AuditEntry]:
    return list(AuditEntry.select().where(AuditEntry.event == event).order_by(AuditEntry.id))


def test_person_without_document_under_block_is_asked_for_one(context, sales, session, flow):
    Customer.update(document=None, document_type=None).where(Customer.code == "0004").execute()
    draft = sale_for(sales, session, "0004")  # PREFEITURA MUNICIPAL: Bloquear
    assert draft.gate.decision.step == Step.ASK_DOCUMENT and not draft.consent_cleared
    with pytest.raises(ValidationError, match="Termo LGPD pendente"):
        sales.finalize(session, draft, sales.prepare_payment(session, draft, PaymentMethod.CARD))
    for kind, bad in [(DocumentType.CPF, "123.456.789-00"), (DocumentType.RG, "12"), (DocumentType.CPF, "")]:
        with pytest.raises(ValidationError):
            flow.save_document(session, draft, kind, bad)
    assert Customer.get(Customer.code == "0004").document is None
    flow.save_document(session, draft, DocumentType.RG, "12.345.678-x")
    stored = Customer.get(Customer.code == "0004")
    assert (stored.document_type, stored.document) == ("RG", "12345678X")
    assert draft.customer.document == "12345678X" and draft.gate.decision is None
    entry = audit("cliente_documento_incluido")[0]
    assert "12345678X" not in entry.detail and "678X" in entry.detail
    assert entry.sale_id == draft.sale_id is not None


def test_person_without_document_under_notify_sells_with_no_query(context, sales, session):
    Customer.update(document=None, document_type=None).where(Customer.code == "0003").execute()
    draft = sale_for(sales, session, "0003")  # METALURGICA: Notificar
    assert draft.gate.decision.step == Step.PROCEED and draft.consent_cleared


def test_company_and_rule_none_are_decided_without_the_portal(sales, session):
    assert sale_for(sales, session, "0900").consent_cleared  # PJ
    assert sale_for(sales, session, "0001").consent_cleared  # PARTICULAR: Nenhuma ação
    assert audit("lgpd_venda_segue")[0].detail.endswith("pessoa jurídica: sem controle de termo")


def test_block_then_no_answer_offers_the_supervisor_release_for_this_sale_only(context, sales, session, flow):
    draft = sale_for(sales, session, "0004")
    assert draft.gate.decision.step == Step.QUERY
    decision = flow.apply_answer(
        session, draft, ConsentStatus.UNKNOWN, None, "LGPData: sem resposta dentro do tempo limite"
    )
    assert decision.step == Step.BLOCK_WITH_RELEASE
    with pytest.raises(AuthError, match="não pode autorizar"):
        flow.release(session, draft, "operador", "1234")
    with pytest.raises(AuthError, match=INVALID):
        flow.release(session, draft, "supervisor", "0000")
    assert User.get(User.login == "supervisor").failed_attempts == 1  # counts toward the lockout
    assert not draft.consent_cleared
    assert flow.release(session, draft, "supervisor", "4321") == "supervisor"
    assert draft.gate.outcome == ConsentOutcome.RELEASED
    entry = audit("lgpd_venda_liberada_supervisor")[0]
    assert "supervisor=supervisor" in entry.detail and "4321" not in entry.detail
    receipt = sales.finalize(session, draft, sales.prepare_payment(session, draft, PaymentMethod.CARD))
    assert receipt.sale_id == entry.sale_id == draft.sale_id

    again = sale_for(sales, session, "0004")  # the next sale to the same customer starts blocked
    assert not again.consent_cleared and again.gate.released_by is None
    assert again.sale_id != draft.sale_id


def test_release_is_refused_when_the_portal_answered(sales, session, flow):
    draft = sale_for(sales, session, "0004")
    assert flow.apply_answer(session, draft, ConsentStatus.CANCELLED, None).step == Step.BLOCK
    with pytest.raises(ValidationError, match="não disponível"):
        flow.release(session, draft, "supervisor", "4321")
    with pytest.raises(ValidationError):
        flow.continue_without_term(session, draft)  # Bloquear has no "continue without term"
    flow.abort(session, draft)
    entry = audit("lgpd_venda_abortada")[0]
    assert entry.sale_id == draft.sale_id and "termo Cancelado" in entry.detail
    assert Sale.select().count() == 0


def test_notify_continue_without_term_is_audited_and_clears(sales, session, flow):
    draft = sale_for(sales, session, "0003")
    assert flow.apply_answer(session, draft, ConsentStatus.PENDING, None).step == Step.NOTIFY
    with pytest.raises(ValidationError):
        flow.abort(session, draft)  # Notificar does not abort
    flow.continue_without_term(session, draft)
    assert draft.consent_cleared
    entry = audit("lgpd_continuou_sem_termo")[0]
    assert entry.sale_id == draft.sale_id and "termo Pendente" in entry.detail


def test_answer_accepted_clears_the_gate(sales, session, flow, clock):
    draft = sale_for(sales, session, "0004")
    flow.apply_answer(session, draft, ConsentStatus.REFUSED, clock.now())
    decision = flow.apply_answer(session, draft, ConsentStatus.ACCEPTED, clock.now())
    assert decision.step == Step.PROCEED and draft.gate.outcome == ConsentOutcome.ACCEPTED


def test_notify_with_no_answer_shows_the_notify_dialog_and_continue_is_the_way_on(sales, session, flow):
    """Sem status is a status other than Aceito: the Notificar message, no supervisor needed."""
    draft = sale_for(sales, session, "0003")
    decision = flow.apply_answer(session, draft, ConsentStatus.UNKNOWN, None, "LGPData: não foi possível conectar")
    assert decision.step == Step.NOTIFY and not draft.consent_cleared
    assert decision.reason == "Sem status: LGPData: não foi possível conectar"
    with pytest.raises(ValidationError):
        flow.release(session, draft, "supervisor", "4321")  # no supervisor release under Notificar
    flow.continue_without_term(session, draft)
    assert draft.consent_cleared and draft.gate.outcome == ConsentOutcome.CONTINUED_WITHOUT_TERM
    assert "não foi possível conectar" in audit("lgpd_continuou_sem_termo")[0].detail


def test_consulta_status_without_answer_keeps_the_notify_dialog(sales, session, flow):
    draft = sale_for(sales, session, "0003")
    assert flow.apply_answer(session, draft, ConsentStatus.PENDING, None).step == Step.NOTIFY
    again = flow.apply_answer(session, draft, ConsentStatus.UNKNOWN, None, "LGPData: erro HTTP 500")
    assert again.step == Step.NOTIFY and not draft.consent_cleared  # the cashier still chooses
    assert draft.gate.failure == "LGPData: erro HTTP 500"
