"""Venda driven with the keyboard: ringing up, bad input, payment, the cupom, pre-sales."""

from __future__ import annotations

from decimal import Decimal

from textual.widgets import DataTable, Input, Static

from storage.models import AuditEntry, PreSale, Product, Receivable, Sale
from tests.conftest import settle
from tests.support.sale_support import choose_customer, open_module, ring_up, status_text, type_text
from tui.common.yes_no import YesNoDialog
from tui.login.menu import MenuScreen
from tui.sales.payment_dialog import PaymentDialog
from tui.sales.receipt_dialog import ReceiptDialog
from tui.sales.sale import SaleScreen


def price(code: str) -> Decimal:
    return Product.get(Product.code == code).price


async def test_ring_up_by_code_ean_quantity_prefix_and_suggestion(demo_app):
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_module(pilot, "f2")
        screen = app.screen
        assert isinstance(screen, SaleScreen) and app.focused.id == "entry-product"
        await ring_up(pilot, "7")
        await ring_up(pilot, "3*" + Product.get(Product.code == "1").ean)
        await type_text(pilot, "sinvas")
        await pilot.pause()
        suggestions = screen.query_one("#entry-suggestions")
        assert suggestions.display and suggestions.option_count == 4
        await pilot.press("down", "enter")  # the second suggestion
        await pilot.pause()
        assert [(line.code, line.quantity) for line in screen.draft.cart.lines] == [("7", 1), ("1", 3), ("44", 1)]
        total = price("7") + price("1") * 3 + price("44")
        assert screen.draft.cart.total == total
        assert f"{total:.2f}".replace(".", ",") in str(screen.query_one("#sale-total", Static).content)
        assert screen.query_one("#cart-table", DataTable).row_count == 3
        assert app.session.sale_in_progress


async def test_bad_input_is_told_and_the_sale_stays(demo_app):
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_module(pilot, "f2")
        screen = app.screen
        await ring_up(pilot, "7")
        for typed, message in [
            ("0*1", "maior que zero"),
            ("-2*1", "negativa"),
            ("5000*1", "acima do limite"),
            ("999999", "Produto não encontrado"),
        ]:
            await ring_up(pilot, typed)
            assert message in status_text(screen), typed
            screen.query_one("#entry-product", Input).value = ""
        assert [line.code for line in screen.draft.cart.lines] == ["7"]


async def test_remove_line_and_move_cursor(demo_app):
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_module(pilot, "f2")
        screen = app.screen
        for code in ("1", "7", "13"):
            await ring_up(pilot, code)
        await pilot.press("up", "f8")  # the cursor sits on the last line; up → "7"
        await pilot.pause()
        assert [line.code for line in screen.draft.cart.lines] == ["1", "13"]
        assert "Item removido" in status_text(screen)
        assert screen.draft.cart.total == price("1") + price("13")


async def test_cash_payment_with_change_then_receipt_then_new_sale(demo_app):
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_module(pilot, "f2")
        screen = app.screen
        await ring_up(pilot, "7")  # 49,63
        await pilot.press("f9")
        await pilot.pause()
        assert isinstance(app.screen, PaymentDialog)
        await type_text(pilot, "20")
        await pilot.press("enter")
        await pilot.pause()
        assert "menor que o total" in str(app.screen.query_one("#payment-error", Static).content)
        assert Sale.select().count() == 0
        app.screen.query_one("#payment-amount", Input).value = ""
        await type_text(pilot, "100")
        await pilot.pause()
        assert "50,37" in str(app.screen.query_one("#payment-change", Static).content)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReceiptDialog)
        receipt = app.screen.receipt
        assert receipt.number == 1 and receipt.payment.change == Decimal("50.37")
        assert app.screen.training
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen and not screen.draft.cart
        assert not app.session.sale_in_progress
        assert Sale.get(Sale.number == 1).change == Decimal("50.37")


async def test_card_and_credit_refused_without_agreement(demo_app):
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_module(pilot, "f2")
        await ring_up(pilot, "7")
        await pilot.press("f9")
        await pilot.pause()
        await pilot.press("f4", "f9")  # convênio a prazo without a customer
        await pilot.pause()
        assert "exige um cliente" in str(app.screen.query_one("#payment-error", Static).content)
        await pilot.press("f3", "f9")  # cartão
        await settle(pilot)
        assert isinstance(app.screen, ReceiptDialog)
        assert Sale.get().payment_method == "cartao"


async def test_credit_sale_to_a_company_creates_the_title(demo_app):
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_module(pilot, "f2")
        screen = app.screen
        await choose_customer(pilot, "0900")  # PJ in METALURGICA SAO JORGE (a prazo): no LGPD query
        assert screen.draft.customer.code == "0900" and screen.draft.consent_cleared
        assert "LGPD: sem exigência" in str(screen.query_one("#sale-customer", Static).content)
        await ring_up(pilot, "1")
        await pilot.press("f9")
        await pilot.pause()
        await pilot.press("f4", "f9")
        await settle(pilot)
        assert isinstance(app.screen, ReceiptDialog)
        title = Receivable.get()
        assert title.amount == price("1") and title.customer.code == "0900"


async def test_customer_with_two_agreements_chooses_one(demo_app):
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_module(pilot, "f2")
        await pilot.press("f2")
        await pilot.pause()
        await type_text(pilot, "0009")
        await pilot.press("enter")
        await pilot.pause()
        dialog = app.screen
        assert [a.code for a in dialog.agreements] == ["FID01", "EMPR01"] or [a.code for a in dialog.agreements] == [
            "EMPR01",
            "FID01",
        ]
        wanted = dialog.agreements[1]
        await pilot.press("down", "enter")
        await settle(pilot)
        sale = next(s for s in app.screen_stack if isinstance(s, SaleScreen))
        assert sale.draft.agreement.id == wanted.id


async def test_leaving_with_items_asks_first(demo_app):
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_module(pilot, "f2")
        await ring_up(pilot, "7")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, YesNoDialog)
        await pilot.press("escape")  # Não: back to the sale, intact
        await pilot.pause()
        assert isinstance(app.screen, SaleScreen) and len(app.screen.draft.cart.lines) == 1
        await pilot.press("escape", "f2")
        await pilot.pause()
        assert isinstance(app.screen, MenuScreen)
        assert AuditEntry.get(AuditEntry.event == "venda_descartada").detail.startswith("motivo=operador saiu")


async def test_presale_built_then_loaded_and_finalized_once(demo_app):
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_module(pilot, "f3")
        await ring_up(pilot, "2*7")
        await ring_up(pilot, "1")
        await pilot.press("f9")
        await settle(pilot)
        presale = PreSale.get()
        assert presale.number == 1 and presale.total == price("7") * 2 + price("1")
        assert "Pré-venda nº 1" in app.screen.title_text
        await pilot.press("enter", "escape")  # close the notice, back to the menu
        await pilot.pause()
        await pilot.press("f2", "f3")
        await pilot.pause()
        await type_text(pilot, "1")
        await pilot.press("enter")
        await pilot.pause()
        sale = app.screen
        assert isinstance(sale, SaleScreen) and sale.draft.presale_number == 1
        assert "pré-venda nº 1" in str(sale.query_one("#sale-title", Static).content)
        await pilot.press("f9")
        await pilot.pause()
        await pilot.press("f3", "f9")
        await settle(pilot)
        assert isinstance(app.screen, ReceiptDialog) and app.screen.receipt.presale_number == 1
        await pilot.press("enter", "f3")
        await pilot.pause()
        await type_text(pilot, "1")
        await pilot.press("enter")
        await pilot.pause()
        assert "já foi finalizada na venda 1" in str(app.screen.query_one("#presale-error", Static).content)
