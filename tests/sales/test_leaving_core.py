"""Leaving the PDV in core: which sales and pre-sales are unfinished, and their audited discard."""

from __future__ import annotations

import gc

import pytest

from core.kernel.errors import ModuleLocked
from core.lgpd.decision import Step
from core.lgpd.sale_check import ConsentFlow
from core.sales.leaving import QUIT_REASON, discard_unfinished, unfinished_work
from core.sales.presale import PreSaleService
from domain.enums import ConsentStatus, Module, PaymentMethod
from storage.models import AuditEntry, Customer


def audit(event: str) -> list[AuditEntry]:
    return list(AuditEntry.select().where(AuditEntry.event == event).order_by(AuditEntry.id))


def test_an_empty_draft_is_nothing_to_lose(sales, session):
    draft = sales.new_draft(session)
    assert unfinished_work(session) == []
    assert unfinished_work(None) == []
    assert discard_unfinished(sales.ctx, session, QUIT_REASON).discarded == 0
    assert audit("venda_descartada") == []
    assert draft.cart.lines == []


def test_items_or_a_customer_make_a_sale_unfinished(sales, session):
    with_items = sales.new_draft(session)
    sales.add_item(session, with_items, "1", "2")
    with_customer = sales.new_draft(session)
    customer = Customer.get(Customer.code == "0900")
    sales.set_customer(session, with_customer, customer.id, None)
    work = unfinished_work(session)
    assert [(w.module, w.items, w.noun) for w in work] == [(Module.SALE, 1, "venda"), (Module.SALE, 0, "venda")]
    assert work[1].customer == customer.name


def test_discard_on_leaving_is_audited_once_per_draft_and_closes_them(context, sales, session):
    sale = sales.new_draft(session)
    sales.add_item(session, sale, "1", "3")
    presales = PreSaleService(context)
    presale = presales.new_draft(session)
    presales.add_item(session, presale, "7")
    assert [w.noun for w in unfinished_work(session)] == ["venda", "pré-venda"]

    result = discard_unfinished(context, session, QUIT_REASON)
    assert result.ok and result.discarded == 2
    [entry] = audit("venda_descartada")
    assert "Ctrl+Q" in entry.detail and "itens=1" in entry.detail and entry.user == "operador"
    [entry] = audit("pre_venda_descartada")
    assert "Ctrl+Q" in entry.detail
    assert unfinished_work(session) == []
    assert discard_unfinished(context, session, QUIT_REASON).discarded == 0  # never twice
    assert len(audit("venda_descartada")) == 1


def test_finalized_saved_and_cancelled_drafts_are_not_unfinished(context, sales, session):
    finalized = sales.new_draft(session)
    sales.add_item(session, finalized, "1")
    sales.finalize(session, finalized, sales.prepare_payment(session, finalized, PaymentMethod.CARD))
    assert finalized.cart.lines  # the cupom is still on screen: the draft keeps its items...
    assert unfinished_work(session) == []  # ...but nothing is lost by leaving

    presales = PreSaleService(context)
    saved = presales.new_draft(session)
    presales.add_item(session, saved, "7")
    number = presales.save(session, saved).number
    assert unfinished_work(session) == []

    cancelled = sales.new_draft(session)
    sales.add_item(session, cancelled, "1")
    sales.discard(session, cancelled, "cancelada pelo operador")
    assert unfinished_work(session) == []

    loaded = sales.load_presale(session, str(number))
    assert [(w.module, w.items) for w in unfinished_work(session)] == [(Module.SALE, 1)]
    assert loaded.presale_number == number


def test_an_aborted_sale_is_not_discarded_again(context, sales, session):
    flow = ConsentFlow(context)
    customer = Customer.get(Customer.code == "0004")  # Bloquear
    agreement = sales.agreements_of(session, customer.id)[0]
    draft = sales.new_draft(session)
    sales.add_item(session, draft, "1")
    sales.set_customer(session, draft, customer.id, agreement.id)
    assert flow.apply_answer(session, draft, ConsentStatus.CANCELLED, None).step == Step.BLOCK
    flow.abort(session, draft)
    assert unfinished_work(session) == []


def test_a_draft_no_one_holds_any_more_is_forgotten(sales, session):
    draft = sales.new_draft(session)
    sales.add_item(session, draft, "1")
    assert len(unfinished_work(session)) == 1
    del draft
    gc.collect()
    assert unfinished_work(session) == []


def test_a_discard_that_fails_is_reported_and_the_draft_stays_open(context, sales, session):
    draft = sales.new_draft(session)
    sales.add_item(session, draft, "1")
    session.locked[Module.SALE] = "Venda bloqueada."
    result = discard_unfinished(context, session, QUIT_REASON)
    assert not result.ok and result.failures == ("Venda bloqueada.",) and result.discarded == 0
    assert len(unfinished_work(session)) == 1
    with pytest.raises(ModuleLocked):
        sales.discard(session, draft, QUIT_REASON)


def test_two_discards_at_once_audit_each_draft_once(context, sales, session):
    """Ctrl+Q's discard and a signal's, each in a thread of its own."""
    import threading

    draft = sales.new_draft(session)
    sales.add_item(session, draft, "1")
    results = []

    def discard(reason: str) -> None:
        results.append(discard_unfinished(context, session, reason))
        context.db.close()

    threads = [threading.Thread(target=discard, args=(reason,)) for reason in (QUIT_REASON, "SIGTERM")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert sorted(result.discarded for result in results) == [0, 1]
    assert len(audit("venda_descartada")) == 1
