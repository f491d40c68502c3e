"""Property tests (hypothesis) of the LGPD decision at sale time (core.lgpd.decision.decide)
and of the sale's gate built on it: whatever the situation, the rules hold."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st

from core.lgpd.decision import ConsentAnswer, ConsentSituation, SaleOrigin, Step, decide
from core.registry.search import AgreementView, CustomerView
from core.sales.draft import CLEARING, ConsentGate, ConsentOutcome, Draft
from domain.enums import ConsentRule, ConsentStatus, PersonType

answers = st.one_of(
    st.none(),
    st.builds(ConsentAnswer, st.sampled_from(list(ConsentStatus)), st.one_of(st.none(), st.text(max_size=20))),
)
situations = st.builds(
    ConsentSituation,
    rule=st.sampled_from(list(ConsentRule)),
    person_type=st.sampled_from(list(PersonType)),
    has_document=st.booleans(),
    stored_status=st.sampled_from(list(ConsentStatus)),
    stored_age=st.one_of(st.none(), st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=400))),
    validity_days=st.integers(0, 365),
    origin=st.sampled_from(list(SaleOrigin)),
    answer=answers,
    portal_enabled=st.booleans(),
)


@given(situations)
def test_pj_rule_none_no_portal_and_presale_finalizing_never_query_nor_block(s):
    decision = decide(s)
    if (
        s.person_type == PersonType.COMPANY
        or s.rule == ConsentRule.NONE
        or not s.portal_enabled
        or s.origin == SaleOrigin.PRESALE_FINALIZE
    ):
        assert decision.step is Step.PROCEED
    if s.origin == SaleOrigin.PRESALE_FINALIZE:
        assert "pré-venda" in decision.reason


@given(situations)
def test_block_never_goes_on_without_an_accepted_term(s):
    decision = decide(s)
    concerned = (
        s.rule == ConsentRule.BLOCK
        and s.person_type == PersonType.PERSON
        and s.portal_enabled
        and s.origin != SaleOrigin.PRESALE_FINALIZE
    )
    if concerned and decision.goes_on:
        fresh = s.answer is None and s.stored_status == ConsentStatus.ACCEPTED and s.validity_days > 0
        assert (s.answer is not None and s.answer.status == ConsentStatus.ACCEPTED) or fresh
    if concerned and s.answer is not None and s.answer.failed:
        # the only way on: a supervisor release (a PF without a document is asked for one first)
        assert decision.step is (Step.BLOCK_WITH_RELEASE if s.has_document else Step.ASK_DOCUMENT)


@given(situations)
def test_notify_never_stops_a_sale_for_good(s):
    decision = decide(s)
    if s.rule == ConsentRule.NOTIFY:
        assert decision.step not in (Step.BLOCK, Step.BLOCK_WITH_RELEASE, Step.ASK_DOCUMENT)


@given(situations)
def test_a_query_is_asked_only_before_the_answer(s):
    decision = decide(s)
    if s.answer is not None:
        assert decision.step is not Step.QUERY
    assert decision.reason  # always says why (audit and status line)


@given(
    situations,
    st.sampled_from([None, *ConsentOutcome]),
    st.integers(1, 1000),
    st.integers(1, 1000),
    st.integers(1, 1000),
)
def test_only_a_clearing_outcome_for_this_draft_lets_the_sale_finalize(s, outcome, customer, agreement, sale_id):
    """The gate of a draft clears it only when it is its own and its outcome is a clearing one;
    a supervisor release only for the sale it was given to."""
    draft = Draft(origin=s.origin, sale_id=sale_id)
    draft.customer = CustomerView(customer, "C", "Cliente", s.person_type, None, None)
    draft.agreement = AgreementView(agreement, "A", "Convênio", s.rule, True, s.stored_status)
    gate = ConsentGate(customer, agreement, decision=decide(s), outcome=outcome)
    if outcome is ConsentOutcome.RELEASED:
        gate.released_for = sale_id
    draft.gate = gate
    assert draft.consent_cleared == (outcome in CLEARING)
    gate.released_for = sale_id + 1
    assert draft.consent_cleared == (outcome in CLEARING and outcome is not ConsentOutcome.RELEASED)
    draft.gate = ConsentGate(customer + 1, agreement, outcome=ConsentOutcome.ACCEPTED)
    assert not draft.consent_cleared
