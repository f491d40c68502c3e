"""core.lgpd.terms: the customer's LGPD tab as core decides it (what F8/F9 may do and why not),
on a real treinamento store."""

from __future__ import annotations

import pytest

from core.kernel.errors import ModuleLocked
from core.kernel.session import Session
from core.lgpd.terms import NO_DOCUMENT_ON_TAB, PJ_TEXT, UNSAVED_CUSTOMER, UNSAVED_LINK, customer_terms, term_subject
from domain.enums import ConsentStatus, Module, PersonType, Role
from storage.models import Agreement, Customer, CustomerAgreement


def session_for(ctx, role: Role = Role.OPERATOR) -> Session:
    branch = ctx.current_branch()
    return Session(1, "operador", "Ana", role, branch.id, branch.cnpj, branch.name)


def linked_person() -> tuple[Customer, CustomerAgreement]:
    link = (
        CustomerAgreement.select()
        .join(Customer)
        .switch(CustomerAgreement)
        .join(Agreement)
        .where(
            (Customer.person_type == PersonType.PERSON.value)
            & Customer.document.is_null(False)
            & Agreement.consent_operation.is_null(False)
        )
        .first()
    )
    return link.customer, link


def test_a_saved_person_with_a_document_may_query_every_saved_link(make_context):
    ctx = make_context()
    customer, link = linked_person()
    terms = customer_terms(session_for(ctx), customer.id, PersonType.PERSON, [link.agreement_id])
    assert terms.blocked is None
    (row,) = terms.rows
    assert row.agreement_id == link.agreement_id
    assert row.code == link.agreement.code
    assert row.status is ConsentStatus(link.consent_status)
    assert row.problem is None
    assert (row.receipt is not None) == (row.status is ConsentStatus.ACCEPTED and bool(link.consent_receipt))


def test_why_not_unsaved_customer_unsaved_link_no_document(make_context):
    ctx = make_context()
    session = session_for(ctx)
    customer, link = linked_person()
    other = Agreement.select().where(Agreement.id != link.agreement_id).first()

    (unsaved,) = customer_terms(session, None, PersonType.PERSON, [link.agreement_id]).rows
    assert (unsaved.status, unsaved.problem) == (None, UNSAVED_CUSTOMER)

    rows = customer_terms(session, customer.id, PersonType.PERSON, [link.agreement_id, other.id]).rows
    by_id = {r.agreement_id: r for r in rows}
    assert by_id[other.id].problem == UNSAVED_LINK  # ticked on the form, not saved yet
    assert by_id[other.id].status is None
    assert [r.code for r in rows] == sorted(r.code for r in rows)

    Customer.update(document=None).where(Customer.id == customer.id).execute()
    (row,) = customer_terms(session, customer.id, PersonType.PERSON, [link.agreement_id]).rows
    assert row.problem == NO_DOCUMENT_ON_TAB


def test_a_company_and_a_branch_without_the_product_have_no_control(make_context):
    ctx = make_context()
    session = session_for(ctx)
    customer, link = linked_person()
    assert customer_terms(session, customer.id, PersonType.COMPANY, [link.agreement_id]).blocked == PJ_TEXT
    branch = ctx.current_branch()
    branch.lgpd_enabled = False
    branch.save()
    blocked = customer_terms(session, customer.id, PersonType.PERSON, [link.agreement_id])
    assert blocked.rows == ()
    assert "Produto LGPData não liberado" in blocked.blocked


def test_the_tab_and_the_dialog_heading_need_the_module(make_context):
    ctx = make_context()
    customer, link = linked_person()
    session = session_for(ctx)
    session.locked[Module.CUSTOMERS] = "Clientes bloqueado"  # e.g. a Bloqueio Parcial
    with pytest.raises(ModuleLocked):
        customer_terms(session, customer.id, PersonType.PERSON, [link.agreement_id])
    with pytest.raises(ModuleLocked):
        term_subject(session, customer.id, link.agreement_id, via=Module.CUSTOMERS)
    subject = term_subject(session_for(ctx), customer.id, link.agreement_id, via=Module.CUSTOMERS)
    assert (subject.customer_name, subject.agreement_code) == (customer.name, link.agreement.code)
