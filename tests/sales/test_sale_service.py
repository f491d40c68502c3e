"""Venda and Pré-venda in core: the cart, bad input, payment, all-or-nothing finalize, numbering."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.kernel.errors import ModuleLocked, ValidationError
from core.sales.cart import MAX_QUANTITY
from core.sales.draft import ConsentOutcome
from core.sales.presale import PreSaleService
from domain.enums import Module, PaymentMethod
from storage.models import AuditEntry, Counter, Customer, PreSale, Product, Receivable, Sale, SaleItem

pytestmark = pytest.mark.both_engines


def product(code: str) -> Product:
    return Product.get(Product.code == code)


def customer_with(sales, session, code: str):
    customer = Customer.get(Customer.code == code)
    agreement = sales.agreements_of(session, customer.id)[0]
    return customer, agreement


def cleared(draft) -> None:
    """Marks the LGPD gate as settled the way the cashier's 'Continuar sem termo' would."""
    draft.gate.outcome = ConsentOutcome.CONTINUED_WITHOUT_TERM


# --- the cart -----------------------------------------------------------------------------------


def test_add_by_code_ean_and_unique_name_with_running_decimal_total(sales, session):
    draft = sales.new_draft(session)
    sales.add_item(session, draft, "1", "2")
    sales.add_item(session, draft, product("7").ean)
    sales.add_item(session, draft, "sinvastatina 40mg 30 cpr prati")  # case and prefix folded
    expected = product("1").price * 2 + product("7").price + product("46").price
    assert [line.code for line in draft.cart.lines] == ["1", "7", "46"]
    assert isinstance(draft.cart.total, Decimal) and draft.cart.total == expected


@pytest.mark.parametrize(
    "quantity,message",
    [
        ("0", "maior que zero"),
        ("-3", "negativa"),
        (str(MAX_QUANTITY + 1), "acima do limite"),
        ("99999999999", "acima do limite"),
        ("1,5", "inteiro"),
        ("dois", "inválida"),
    ],
)
def test_bad_quantity_is_refused_and_the_cart_stays(sales, session, quantity, message):
    draft = sales.new_draft(session)
    sales.add_item(session, draft, "1", "2")
    before = (list(draft.cart.lines), draft.cart.total)
    with pytest.raises(ValidationError, match=message):
        sales.add_item(session, draft, "7", quantity)
    assert (draft.cart.lines, draft.cart.total) == before


def test_unknown_and_ambiguous_products_are_told(sales, session):
    draft = sales.new_draft(session)
    with pytest.raises(ValidationError, match="Produto não encontrado: 999999"):
        sales.add_item(session, draft, "999999")
    with pytest.raises(ValidationError, match="Mais de um produto"):
        sales.add_item(session, draft, "dipirona")
    with pytest.raises(ValidationError, match="Informe"):
        sales.add_item(session, draft, "   ")
    assert not draft.cart


def test_remove_line_updates_total_and_a_bad_index_is_refused(sales, session):
    draft = sales.new_draft(session)
    sales.add_item(session, draft, "1")
    sales.add_item(session, draft, "7", "3")
    sales.remove_line(session, draft, 0)
    assert [line.code for line in draft.cart.lines] == ["7"]
    assert draft.cart.total == product("7").price * 3
    with pytest.raises(ValidationError):
        sales.remove_line(session, draft, 5)


# --- payment ------------------------------------------------------------------------------------


def test_cash_gives_change_and_below_total_is_refused(sales, session):
    draft = sales.new_draft(session)
    sales.add_item(session, draft, "1")  # 57,28
    payment = sales.prepare_payment(session, draft, PaymentMethod.CASH, "100,00")
    assert payment.change == Decimal("42.72")
    with pytest.raises(ValidationError, match="menor que o total"):
        sales.prepare_payment(session, draft, PaymentMethod.CASH, "50")
    for bad in ("abc", "-10", "10,999", "99999999"):
        with pytest.raises(ValidationError):
            sales.prepare_payment(session, draft, PaymentMethod.CASH, bad)
    assert len(draft.cart.lines) == 1


def test_credit_needs_an_agreement_that_allows_it(sales, session):
    draft = sales.new_draft(session)
    sales.add_item(session, draft, "1")
    with pytest.raises(ValidationError, match="exige um cliente"):
        sales.prepare_payment(session, draft, PaymentMethod.CREDIT)
    customer, agreement = customer_with(sales, session, "0001")  # PARTICULAR: no credit
    sales.set_customer(session, draft, customer.id, agreement.id)
    with pytest.raises(ValidationError, match="não permite venda a prazo"):
        sales.prepare_payment(session, draft, PaymentMethod.CREDIT)


def test_empty_sale_cannot_be_paid(sales, session):
    draft = sales.new_draft(session)
    with pytest.raises(ValidationError, match="não tem itens"):
        sales.prepare_payment(session, draft, PaymentMethod.CARD)


# --- finalize -----------------------------------------------------------------------------------


def test_finalize_stores_everything_and_numbers_in_sequence(sales, session):
    numbers = []
    for _ in range(3):
        draft = sales.new_draft(session)
        sales.add_item(session, draft, "1", "2")
        sales.add_item(session, draft, "7")
        receipt = sales.finalize(session, draft, sales.prepare_payment(session, draft, PaymentMethod.CASH, "200"))
        numbers.append(receipt.number)
        sale = Sale.get_by_id(receipt.sale_id)
        assert sale.total == receipt.total == draft.cart.total
        assert sale.change == Decimal("200") - draft.cart.total
        assert SaleItem.select().where(SaleItem.sale == sale.id).count() == 2
    assert numbers == [1, 2, 3]
    assert AuditEntry.select().where(AuditEntry.event == "venda_finalizada").count() == 3


def test_credit_sale_creates_the_receivable(sales, session, clock):
    customer, agreement = customer_with(sales, session, "0003")  # EMPR01, a prazo
    draft = sales.new_draft(session)
    sales.set_customer(session, draft, customer.id, agreement.id)
    cleared(draft)
    sales.add_item(session, draft, "1")
    receipt = sales.finalize(session, draft, sales.prepare_payment(session, draft, PaymentMethod.CREDIT))
    receivable = Receivable.get(Receivable.sale == receipt.sale_id)
    assert receivable.amount == draft.cart.total and receivable.status == "aberto"
    assert receivable.customer_id == customer.id
    assert receipt.due_date == receivable.due_date and receivable.due_date > clock.now().date()


def test_failure_mid_transaction_stores_nothing(sales, session, monkeypatch):
    customer, agreement = customer_with(sales, session, "0003")
    draft = sales.new_draft(session)
    sales.set_customer(session, draft, customer.id, agreement.id)
    cleared(draft)
    sales.add_item(session, draft, "1")
    sales.add_item(session, draft, "7")
    payment = sales.prepare_payment(session, draft, PaymentMethod.CREDIT)

    def broken(*args, **kwargs):
        raise RuntimeError("disco cheio")

    monkeypatch.setattr(Receivable, "create", broken)  # after the sale and its items were written
    with pytest.raises(RuntimeError):
        sales.finalize(session, draft, payment)
    assert Sale.select().count() == 0
    assert SaleItem.select().count() == 0
    assert AuditEntry.select().where(AuditEntry.event == "venda_finalizada").count() == 0
    assert Counter.get_or_none(Counter.name == "sale") is None  # the number went back
    monkeypatch.undo()
    receipt = sales.finalize(session, draft, payment)  # the same sale, intact, goes through
    assert receipt.number == 1 and len(receipt.lines) == 2


def test_finalize_refuses_a_sale_whose_lgpd_check_is_pending(sales, session):
    customer, agreement = customer_with(sales, session, "0004")  # EMPR02, Bloquear
    draft = sales.new_draft(session)
    sales.set_customer(session, draft, customer.id, agreement.id)
    sales.add_item(session, draft, "1")
    with pytest.raises(ValidationError, match="Termo LGPD pendente"):
        sales.finalize(session, draft, sales.prepare_payment(session, draft, PaymentMethod.CARD))
    assert Sale.select().count() == 0


def test_a_locked_module_does_nothing(context, sales, session):
    session.locked[Module.SALE] = "Venda bloqueada pela Régua de Cobrança."
    with pytest.raises(ModuleLocked, match="Régua"):
        sales.new_draft(session)
    with pytest.raises(ModuleLocked):
        sales.find_products(session, "dip")
    session.locked[Module.PRESALE] = "bloqueado"
    with pytest.raises(ModuleLocked):
        PreSaleService(context).new_draft(session)


# --- pre-sales ----------------------------------------------------------------------------------


def test_presale_is_numbered_loaded_by_number_finalized_once(context, sales, session):
    presales = PreSaleService(context)
    draft = presales.new_draft(session)
    presales.add_item(session, draft, "1", "2")
    saved = presales.save(session, draft)
    second = presales.new_draft(session)
    presales.add_item(session, second, "7")
    assert presales.save(session, second).number == saved.number + 1

    loaded = sales.load_presale(session, str(saved.number))
    assert loaded.presale_number == saved.number and loaded.cart.total == saved.total
    receipt = sales.finalize(session, loaded, sales.prepare_payment(session, loaded, PaymentMethod.CARD))
    assert receipt.presale_number == saved.number
    assert receipt.sale_id == saved.id  # the sale keeps the pre-sale's identity (audit trail)
    assert PreSale.get_by_id(saved.id).status == "finalizada"
    with pytest.raises(ValidationError, match=f"já foi finalizada na venda {receipt.number}"):
        sales.load_presale(session, str(saved.number))


def test_the_same_presale_loaded_twice_is_finalized_only_once(context, sales, session):
    presales = PreSaleService(context)
    draft = presales.new_draft(session)
    presales.add_item(session, draft, "1")
    saved = presales.save(session, draft)
    first = sales.load_presale(session, str(saved.number))
    second = sales.load_presale(session, str(saved.number))  # another terminal, same moment
    sales.finalize(session, first, sales.prepare_payment(session, first, PaymentMethod.CARD))
    with pytest.raises(ValidationError, match="já foi finalizada"):
        sales.finalize(session, second, sales.prepare_payment(session, second, PaymentMethod.CARD))
    assert Sale.select().count() == 1


@pytest.mark.parametrize(
    "text,message", [("", "inválido"), ("abc", "inválido"), ("-1", "inválido"), ("424242", "não encontrada")]
)
def test_bad_presale_numbers(sales, session, text, message):
    with pytest.raises(ValidationError, match=message):
        sales.load_presale(session, text)


def test_finalizing_a_presale_does_not_check_consent_again(context, sales, session):
    presales = PreSaleService(context)
    customer, agreement = customer_with(presales, session, "0004")  # Bloquear, Cancelado
    draft = presales.new_draft(session)
    presales.set_customer(session, draft, customer.id, agreement.id)
    cleared(draft)  # settled at the counter when the pre-sale was built
    presales.add_item(session, draft, "1")
    saved = presales.save(session, draft)
    loaded = sales.load_presale(session, str(saved.number))
    assert loaded.consent_cleared and loaded.gate.outcome == ConsentOutcome.NOT_REQUIRED
    assert "finalização de pré-venda" in loaded.gate.decision.reason
    with pytest.raises(ValidationError, match="vem da pré-venda"):
        sales.set_customer(session, loaded, None, None)
    sales.finalize(session, loaded, sales.prepare_payment(session, loaded, PaymentMethod.CARD))
    audit = AuditEntry.get(AuditEntry.event == "lgpd_venda_segue")
    assert audit.sale_id == saved.id


def test_presale_without_items_is_refused(context, session):
    presales = PreSaleService(context)
    with pytest.raises(ValidationError, match="não tem itens"):
        presales.save(session, presales.new_draft(session))
    assert PreSale.select().count() == 0
