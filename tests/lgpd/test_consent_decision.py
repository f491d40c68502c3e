"""The LGPD decision at sale time, over the whole table: every stored status × every rule ×
PF/PJ × with/without document × answer (not yet asked, each status answered, no answer) ×
direct sale / pre-sale / finalizing a pre-sale; each case also at several ages of the stored
status against Validade (dias).

The expected step comes from the table below, written from spec/lgpdata.txt and not from the
code: first whether the check applies at all, then whether the stored status must be asked
again, then a literal table of (rule, document, what the portal said) → step.
"""

from __future__ import annotations

from datetime import timedelta
from itertools import product

import pytest

from core.lgpd.decision import ConsentAnswer, ConsentSituation, SaleOrigin, Step, decide
from domain.enums import ConsentRule, ConsentStatus, PersonType

NONE, NOTIFY, BLOCK = ConsentRule.NONE, ConsentRule.NOTIFY, ConsentRule.BLOCK

# (age of the stored status, Validade (dias)) pairs checked for every row of the table.
AGES = [
    (None, 0),  # never queried, validity 0
    (None, 30),  # never queried
    (timedelta(hours=1), 0),  # 0 = query at every sale, however recent
    (timedelta(days=10), 30),  # within validity
    (timedelta(days=30), 30),  # exactly the validity: "menor que este parâmetro" not passed yet
    (timedelta(days=31), 30),  # older than validity
]

ANSWERS = [None, *ConsentStatus]  # None: the portal was not asked yet; UNKNOWN: no answer


def answer_kind(answer: ConsentStatus | None) -> str:
    if answer is None:
        return "not-asked"
    if answer == ConsentStatus.ACCEPTED:
        return "accepted"
    if answer == ConsentStatus.UNKNOWN:
        return "no-answer"
    return "not-accepted"


# What the document says once the check applies (PF, rule not Nenhuma ação, not a pre-sale
# being finalized). Before the portal is asked: (rule, has document, must ask) → step.
EXPECTED_BEFORE_ASKING = {
    # Without a document: Notificar sells normally with no query; Bloquear asks for one.
    (NOTIFY, False, True): Step.PROCEED,
    (NOTIFY, False, False): Step.PROCEED,
    (BLOCK, False, True): Step.ASK_DOCUMENT,
    (BLOCK, False, False): Step.ASK_DOCUMENT,
    # With a document: a stored Aceito still valid is kept; anything else is asked.
    (NOTIFY, True, False): Step.PROCEED,
    (BLOCK, True, False): Step.PROCEED,
    (NOTIFY, True, True): Step.QUERY,
    (BLOCK, True, True): Step.QUERY,
}
# Once the portal answered (a PF with a document): (rule, what it said) → step. The answer is
# the newest fact and decides, whatever was stored.
EXPECTED_AFTER_ANSWER = {
    (NOTIFY, "accepted"): Step.PROCEED,
    (BLOCK, "accepted"): Step.PROCEED,
    (NOTIFY, "not-accepted"): Step.NOTIFY,
    (BLOCK, "not-accepted"): Step.BLOCK,
    (NOTIFY, "no-answer"): Step.NOTIFY,  # Sem status is not Aceito: the Notificar message
    (BLOCK, "no-answer"): Step.BLOCK_WITH_RELEASE,
}


def expected_step(stored, rule, person, has_document, answer, origin, age, validity) -> Step:
    checked = origin != SaleOrigin.PRESALE_FINALIZE and rule != NONE and person == PersonType.PERSON
    if not checked:
        return Step.PROCEED
    kind = answer_kind(answer)
    if has_document and kind != "not-asked":
        return EXPECTED_AFTER_ANSWER[(rule, kind)]
    must_ask = not (
        stored == ConsentStatus.ACCEPTED and validity > 0 and age is not None and age <= timedelta(days=validity)
    )
    return EXPECTED_BEFORE_ASKING[(rule, has_document, must_ask)]


CASES = list(
    product(list(ConsentStatus), list(ConsentRule), list(PersonType), [True, False], ANSWERS, list(SaleOrigin))
)


@pytest.mark.parametrize(
    "stored,rule,person,has_document,answer,origin",
    CASES,
    ids=[
        f"{s.value}-{r.value}-{p.value}-{'doc' if d else 'semdoc'}-{a.value if a else 'naoconsultado'}-{o.value}"
        for s, r, p, d, a, o in CASES
    ],
)
def test_decision_table(stored, rule, person, has_document, answer, origin):
    for age, validity in AGES:
        situation = ConsentSituation(
            rule=rule,
            person_type=person,
            has_document=has_document,
            stored_status=stored,
            stored_age=age,
            validity_days=validity,
            origin=origin,
            answer=None
            if answer is None
            else ConsentAnswer(answer, "falha" if answer == ConsentStatus.UNKNOWN else None),
        )
        want = expected_step(stored, rule, person, has_document, answer, origin, age, validity)
        got = decide(situation).step
        assert got == want, f"age={age} validity={validity}: expected {want}, got {got}"


def test_a_valid_accepted_answer_is_only_kept_while_fresh():
    base = dict(
        rule=BLOCK,
        person_type=PersonType.PERSON,
        has_document=True,
        stored_status=ConsentStatus.ACCEPTED,
        validity_days=30,
        origin=SaleOrigin.DIRECT,
    )
    assert decide(ConsentSituation(stored_age=timedelta(days=29, hours=23), **base)).step == Step.PROCEED
    assert decide(ConsentSituation(stored_age=timedelta(days=30, seconds=1), **base)).step == Step.QUERY


def test_branch_without_the_product_never_checks():
    for rule, status in product([NOTIFY, BLOCK], ConsentStatus):
        situation = ConsentSituation(
            rule=rule,
            person_type=PersonType.PERSON,
            has_document=False,
            stored_status=status,
            stored_age=None,
            validity_days=0,
            origin=SaleOrigin.DIRECT,
            portal_enabled=False,
        )
        assert decide(situation).step == Step.PROCEED


def test_reasons_name_the_status_and_the_failure():
    situation = ConsentSituation(
        rule=BLOCK,
        person_type=PersonType.PERSON,
        has_document=True,
        stored_status=ConsentStatus.PENDING,
        stored_age=None,
        validity_days=0,
        origin=SaleOrigin.DIRECT,
        answer=ConsentAnswer(ConsentStatus.UNKNOWN, "LGPData: sem resposta dentro do tempo limite"),
    )
    decision = decide(situation)
    assert decision.step == Step.BLOCK_WITH_RELEASE
    assert "Sem status" in decision.reason and "tempo limite" in decision.reason
    refused = ConsentSituation(**{**situation.__dict__, "answer": ConsentAnswer(ConsentStatus.REFUSED)})
    assert decide(refused).reason == "termo Recusado"
