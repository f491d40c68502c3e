"""A Régua de Cobrança re-check that arrives in the middle of a sale waits for it: the cashier
finishes the sale and closes the cupom, then the change is shown and applied."""

from __future__ import annotations

from domain.enums import BillingStatus, Module
from tests.conftest import settle, wait_for
from tests.support.login_steps import CNPJ
from tests.support.sale_support import open_module, ring_up
from tests.support.world import World
from tui.billing.notice import BillingNoticeDialog
from tui.sales.receipt_dialog import ReceiptDialog


async def test_billing_change_waits_for_the_sale_and_its_cupom(demo_app, tmp_path, clock):
    world = World(tmp_path, "treinamento", clock)
    app = demo_app(transports=world.transports())
    async with app.run_test(size=(80, 24)) as pilot:
        await open_module(pilot, "f2")
        sale = app.screen
        await ring_up(pilot, "7")
        assert app.session.sale_in_progress
        await world.admin().set_situation(CNPJ, BillingStatus.PARTIAL_BLOCK)
        app.recheck_billing()
        await wait_for(pilot, lambda: "fim da venda" in app.status_text)
        assert app.screen is sale and Module.CUSTOMERS not in app.session.locked
        await ring_up(pilot, "1")  # the sale goes on undisturbed
        await pilot.press("f9")
        await pilot.pause()
        await pilot.press("f3", "f9")
        await settle(pilot)
        assert isinstance(app.screen, ReceiptDialog) and app.session.sale_in_progress
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, BillingNoticeDialog))
        assert not app.session.sale_in_progress
        await pilot.press("enter")  # CONTINUAR: sales only
        await wait_for(pilot, lambda: Module.CUSTOMERS in app.session.locked)
        assert app.session.is_allowed(Module.SALE)
