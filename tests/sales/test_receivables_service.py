"""Recebimento de títulos in core: partial and full payments, bad input, no lost update."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest

from core.kernel.errors import ModuleLocked, ValidationError
from core.sales.receivables import BalanceChanged, ReceivablesService
from domain.enums import Module, PaymentMethod
from storage.db import database
from storage.models import Receivable, ReceivablePayment
from tests.support.sale_support import credit_sale

pytestmark = pytest.mark.both_engines


def test_open_receivables_then_part_then_the_rest(context, session):
    service = ReceivablesService(context)
    title = credit_sale(context, session, "0003", "1", "7")  # 57,28 + 49,63 = 106,91
    other = credit_sale(context, session, "0003", "7")
    listed = service.open_for(session, title.customer_id)
    assert [r.id for r in listed] == [title.id, other.id]
    assert listed[0].balance == Decimal("106.91") and listed[0].agreement == "METALURGICA SAO JORGE"

    done = service.receive(session, title.id, "40,00", PaymentMethod.CASH)
    assert done.balance == Decimal("66.91")
    done = service.receive(session, title.id, Decimal("66.91"), PaymentMethod.CARD)
    assert done.balance == Decimal("0.00")
    assert Receivable.get_by_id(title.id).status == "pago"
    assert [r.id for r in service.open_for(session, title.customer_id)] == [other.id]
    methods = [p.method for p in ReceivablePayment.select().where(ReceivablePayment.receivable == title.id)]
    assert methods == ["dinheiro", "cartao"]


@pytest.mark.parametrize(
    "amount,message",
    [("0", "maior que zero"), ("-5", "negativo"), ("abc", "inválido"), ("500,00", "maior que o saldo")],
)
def test_bad_amounts_change_nothing(context, session, amount, message):
    service = ReceivablesService(context)
    title = credit_sale(context, session, "0003", "1")
    with pytest.raises(ValidationError, match=message):
        service.receive(session, title.id, amount, PaymentMethod.CASH)
    assert Receivable.get_by_id(title.id).paid_amount == 0
    assert ReceivablePayment.select().count() == 0


def test_credit_is_not_a_way_to_receive(context, session):
    title = credit_sale(context, session, "0003", "1")
    with pytest.raises(ValidationError, match="dinheiro ou cartão"):
        ReceivablesService(context).receive(session, title.id, "1,00", PaymentMethod.CREDIT)


def test_receive_all_pays_every_open_title(context, session):
    service = ReceivablesService(context)
    first = credit_sale(context, session, "0003", "1")
    credit_sale(context, session, "0003", "7", "7")
    service.receive(session, first.id, "7,28", PaymentMethod.CASH)
    done = service.receive_all(session, first.customer_id, PaymentMethod.CARD)
    assert done.total == Decimal("50.00") + Decimal("99.26") and done.left == 0
    assert service.open_for(session, first.customer_id) == []
    with pytest.raises(ValidationError, match="não tem títulos"):
        service.receive_all(session, first.customer_id, PaymentMethod.CARD)


def test_a_paid_title_cannot_be_paid_again(context, session):
    service = ReceivablesService(context)
    title = credit_sale(context, session, "0003", "1")
    service.receive(session, title.id, "57,28", PaymentMethod.CASH)
    with pytest.raises(ValidationError, match="já foi pago"):
        service.receive(session, title.id, "1,00", PaymentMethod.CASH)


def test_concurrent_payments_never_lose_an_update(context, session):
    """Eight terminals (threads, each with its own connection) pay 20,00 on a 106,91 título at
    once: exactly five succeed, the rest are refused, and the stored total is their sum."""
    service = ReceivablesService(context)
    title = credit_sale(context, session, "0003", "1", "7")
    barrier = threading.Barrier(8)
    results: list[str] = []

    def pay() -> None:
        barrier.wait()
        try:
            service.receive(session, title.id, "20,00", PaymentMethod.CASH)
            results.append("ok")
        except ValidationError:
            results.append("recusado")
        finally:
            database.close()

    threads = [threading.Thread(target=pay) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert results.count("ok") == 5 and results.count("recusado") == 3
    stored = Receivable.get_by_id(title.id)
    assert stored.paid_amount == Decimal("100.00")
    assert ReceivablePayment.select().where(ReceivablePayment.receivable == title.id).count() == 5


def test_locked_module_refuses(context, session):
    session.locked[Module.RECEIVABLES] = "bloqueado"
    with pytest.raises(ModuleLocked):
        ReceivablesService(context).open_for(session, 1)


def test_receive_all_spreads_the_amount_typed_over_the_oldest_first(context, session):
    service = ReceivablesService(context)
    first = credit_sale(context, session, "0003", "1")  # 57,28
    second = credit_sale(context, session, "0003", "7")  # 49,63
    first_row, second_row = Receivable.get_by_id(first.id), Receivable.get_by_id(second.id)
    second_row.due_date, first_row.due_date = first_row.due_date, first_row.due_date.replace(day=28)
    second_row.save(), first_row.save()  # the second sale's título is now the oldest
    done = service.receive_all(session, first.customer_id, PaymentMethod.CASH, "60,00", tendered="100")
    assert done.total == Decimal("60.00") and done.change == Decimal("40.00")
    assert done.paid == [(second_row.sale.number, Decimal("49.63")), (first_row.sale.number, Decimal("10.37"))]
    assert done.left == Decimal("46.91")
    assert Receivable.get_by_id(second.id).status == "pago"
    assert Receivable.get_by_id(first.id).paid_amount == Decimal("10.37")
    with pytest.raises(ValidationError, match="maior que o total em aberto"):
        service.receive_all(session, first.customer_id, PaymentMethod.CARD, "46,92")


def test_cash_gives_the_change_and_refuses_less_than_the_amount(context, session):
    service = ReceivablesService(context)
    title = credit_sale(context, session, "0003", "1")  # 57,28
    with pytest.raises(ValidationError, match="Valor entregue R\\$ 20,00 é menor que o valor a receber R\\$ 30,00"):
        service.receive(session, title.id, "30,00", PaymentMethod.CASH, tendered="20")
    assert ReceivablePayment.select().count() == 0
    done = service.receive(session, title.id, "30,00", PaymentMethod.CASH, tendered="50,00")
    assert (done.amount, done.change, done.balance) == (Decimal("30.00"), Decimal("20.00"), Decimal("27.28"))
    assert service.receive(session, title.id, "7,28", PaymentMethod.CASH).change == 0  # empty: the exact amount
    assert service.receive(session, title.id, "20", PaymentMethod.CARD, tendered="999").change == 0


def test_a_balance_changed_by_another_terminal_is_told_not_paid(context, session):
    service = ReceivablesService(context)
    title = credit_sale(context, session, "0003", "1", "7")  # 106,91
    shown = service.open_for(session, title.customer_id)[0].balance
    service.receive(session, title.id, "40,00", PaymentMethod.CARD)  # the other terminal
    with pytest.raises(BalanceChanged) as changed:
        service.receive(session, title.id, "20,00", PaymentMethod.CASH, expected_balance=shown)
    assert changed.value.balance == Decimal("66.91")
    assert "era R$ 106,91, agora R$ 66,91" in str(changed.value)
    assert Receivable.get_by_id(title.id).paid_amount == Decimal("40.00")
    with pytest.raises(BalanceChanged):
        service.receive_all(session, title.customer_id, PaymentMethod.CARD, expected_total=shown)
    done = service.receive(session, title.id, "20,00", PaymentMethod.CASH, expected_balance=Decimal("66.91"))
    assert done.balance == Decimal("46.91")
    with pytest.raises(ValidationError, match="maior que o saldo"):  # core refuses more than is open
        service.receive(session, title.id, "46,92", PaymentMethod.CARD)
