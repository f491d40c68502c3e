"""A customer's consent terms as the 7 LGPD tab of Cadastro de cliente shows them.

The tab reflects the form as it is on screen (person type, agreements ticked, maybe not saved
yet); what it can do is decided here, with the same preconditions the portal calls check
(`core.lgpd.consent.consent_precondition`): the screen only draws the view and enables F8/F9
when `TermRow.problem` is None.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from core.kernel.session import Session
from core.lgpd.consent import (
    NO_DOCUMENT,
    consent_precondition,
    has_consent_control,
    load_receipt,
    require_any,
    unavailable_reason,
)
from domain.enums import ConsentRule, ConsentStatus, Module, PersonType
from storage.models import Agreement, Branch, Customer, CustomerAgreement

PJ_TEXT = (
    "Pessoa jurídica: somente os clientes do tipo pessoa física possuem controle de termo LGPD; "
    "pessoas jurídicas (empresas) não possuem controle de dados."
)
UNSAVED_CUSTOMER = "Grave o cadastro do cliente (F2) antes de usar as ações do termo."
UNSAVED_LINK = "Convênio ainda não gravado para o cliente: grave (F2)."
NO_DOCUMENT_ON_TAB = "Cliente sem documento de identificação: informe na guia Dados e grave."


@dataclass(frozen=True)
class TermRow:
    """One agreement of the tab: the term as last stored (None: the link is not saved yet) and
    why Atualizar status / Solicitar consentimento cannot run on it (None: they can)."""

    agreement_id: int
    code: str
    name: str
    rule: ConsentRule
    status: ConsentStatus | None
    checked_at: datetime | None
    receipt: dict | None
    problem: str | None


@dataclass(frozen=True)
class CustomerTerms:
    """`blocked`: why the whole tab has no LGPD control (a PJ; a branch without the LGPData
    product), or None; then `rows`, in agreement code order."""

    blocked: str | None
    rows: tuple[TermRow, ...]

    def row(self, agreement_id: int | None) -> TermRow | None:
        return next((r for r in self.rows if r.agreement_id == agreement_id), None)


def customer_terms(
    session: Session,
    customer_id: int | None,
    person_type: PersonType,
    agreement_ids: list[int] | tuple[int, ...],
) -> CustomerTerms:
    """The tab for the form on screen: `customer_id` None while the customer is not saved."""
    require_any(session, Module.CUSTOMERS)
    branch = Branch.get_by_id(session.branch_id)
    if not has_consent_control(person_type):
        return CustomerTerms(PJ_TEXT, ())
    if not branch.lgpd_enabled:
        return CustomerTerms(unavailable_reason(branch), ())
    customer = Customer.get_or_none(Customer.id == customer_id) if customer_id is not None else None
    links = {}
    if customer is not None:
        links = {
            link.agreement_id: link
            for link in CustomerAgreement.select().where(
                (CustomerAgreement.customer == customer.id) & (CustomerAgreement.agreement.in_(list(agreement_ids)))
            )
        }
    rows = []
    for agreement in Agreement.select().where(Agreement.id.in_(list(agreement_ids))).order_by(Agreement.code):
        link = links.get(agreement.id)
        status = ConsentStatus(link.consent_status) if link is not None else None
        rows.append(
            TermRow(
                agreement.id,
                agreement.code,
                agreement.name,
                ConsentRule(agreement.consent_rule),
                status,
                link.consent_checked_at if link is not None else None,
                load_receipt(link) if status is ConsentStatus.ACCEPTED else None,
                _problem(branch, customer, agreement, link),
            )
        )
    return CustomerTerms(None, tuple(rows))


def _problem(
    branch: Branch, customer: Customer | None, agreement: Agreement, link: CustomerAgreement | None
) -> str | None:
    if customer is None:
        return UNSAVED_CUSTOMER
    if link is None:
        return UNSAVED_LINK
    reason = consent_precondition(branch, customer, agreement)
    return NO_DOCUMENT_ON_TAB if reason == NO_DOCUMENT else reason


@dataclass(frozen=True)
class TermSubject:
    """Whose term, in which agreement: the heading of the consent-link dialog."""

    customer_name: str
    agreement_code: str
    agreement_name: str


def term_subject(session: Session, customer_id: int, agreement_id: int, *, via: Module | None = None) -> TermSubject:
    require_any(session, via)
    customer = Customer.get_by_id(customer_id)
    agreement = Agreement.get_by_id(agreement_id)
    return TermSubject(customer.name, agreement.code, agreement.name)
