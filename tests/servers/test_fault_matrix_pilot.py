"""The fault matrix seen by a cashier: a representative subset of fault kinds per remote call,
set through the simulated world's admin API (real loopback uvicorn), met by the Textual app
driven with the keyboard. The app keeps running, the screen shows the defined message within the
timeout, and what was typed or rung up is still there."""

from __future__ import annotations

import time

import httpx
import pytest
from textual.widgets import Static

from servers.runner import WorldSource, build_app
from storage.models import Sale
from storage.scenarios.loader import SCENARIO_DIR
from tests.conftest import settle, wait_for
from tests.support.fault_support import KINDS, LoopbackServer, set_fault
from tests.support.lgpd_support import field, open_settings, run_test_connection
from tests.support.login_steps import login_to, supervisor
from tests.support.sale_support import choose_customer, open_module, ring_up, status_text
from tests.support.trainer import HEADERS, TOKEN
from tui.billing.notice import BillingNoticeDialog
from tui.billing.supervisor_prompt import SupervisorPrompt
from tui.billing.trust_result import TrustUnlockResultDialog
from tui.lgpd.block import BlockDialog
from tui.login.menu import MenuScreen
from tui.login.screen import LoginScreen
from tui.sales.sale import SaleScreen

TIMEOUT_S = 0.5
MARGIN = 1.5  # the app's own work on top of the call's deadline, on a busy machine


@pytest.fixture
def app(demo_app, world):
    return demo_app(
        "treinamento",
        license_url=f"{world.url}/license",
        lgpdata_url=f"{world.url}/lgpdata",
        http_timeout=TIMEOUT_S,
    )


def fault(admin, service: str, route: str, kind: str) -> None:
    set_fault(admin, service, route=route, kind=kind, options=KINDS[kind][0])


@pytest.mark.parametrize("kind", ["hang", "status"])
async def test_login_with_a_failing_access_check_enters_with_the_warning(app, admin, kind):
    fault(admin, "license", "access-check", kind)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await wait_for(pilot, lambda: app.context is not None and isinstance(app.screen, LoginScreen))
        start = time.monotonic()
        await login_to(pilot, MenuScreen)  # fills user and password, Enter, waits for the menu
        assert time.monotonic() - start < TIMEOUT_S + MARGIN
        await pilot.press("f2")
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, SaleScreen)
        notice = app.session.notice
        assert notice.startswith("Régua ") and "nenhuma situação conhecida" in notice
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MenuScreen)
        assert "Régua" in status_text(app.screen)


@pytest.mark.parametrize("kind", ["hang", "reset"])
async def test_sale_with_a_failing_consent_query_offers_the_release_and_keeps_the_cart(app, admin, kind):
    fault(admin, "lgpdata", "consent-status", kind)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_module(pilot, "f2")
        await ring_up(pilot, "7")
        await ring_up(pilot, "8")
        start = time.monotonic()
        await choose_customer(pilot, "0004")  # Bloquear
        assert time.monotonic() - start < TIMEOUT_S + 0.5 + MARGIN
        block = app.screen
        assert app.is_running and isinstance(block, BlockDialog) and block.release_offered
        shown = str(block.query_one("#lgpd-status", Static).render())
        assert "Sem status" in shown and KINDS[kind][1][:20] in shown
        assert [line.code for line in block.draft.cart.lines] == ["7", "8"]

        await pilot.press("f7", *"supervisor", "enter", *"4321", "enter")
        await settle(pilot)
        sale = app.screen
        assert isinstance(sale, SaleScreen) and [line.code for line in sale.draft.cart.lines] == ["7", "8"]
        await pilot.press("f9")
        await pilot.pause()
        await pilot.press("f3", "f9")
        await settle(pilot)
        assert [item.product.code for item in Sale.get().items] == ["7", "8"]


@pytest.mark.parametrize("kind", ["reset"])
async def test_sale_with_a_failing_consent_request_says_why_and_keeps_the_dialog(app, admin, kind):
    fault(admin, "lgpdata", "consent-request", kind)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_module(pilot, "f2")
        await ring_up(pilot, "7")
        await choose_customer(pilot, "0004")  # Bloquear; the query answers Cancelado
        block = app.screen
        assert isinstance(block, BlockDialog) and not block.release_offered
        start = time.monotonic()
        await pilot.press("f2")
        await settle(pilot)
        assert time.monotonic() - start < TIMEOUT_S + 0.5 + MARGIN
        assert app.is_running
        texts = " ".join(str(w.render()) for w in app.screen.query(Static))
        assert "Portal LGPData" in texts and KINDS[kind][1][:20] in texts
        assert [line.code for line in block.draft.cart.lines] == ["7"]


@pytest.mark.parametrize("kind", ["hang", "missing-fields"])
async def test_connection_test_shows_the_exact_failure(app, admin, kind, world):
    fault(admin, "lgpdata", "connection-test", kind)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_settings(pilot)
        field(pilot, "settings-banner").value = "0"
        typed = field(pilot, "settings-access").value
        start = time.monotonic()
        text = await run_test_connection(pilot)
        assert time.monotonic() - start < TIMEOUT_S + 0.5 + MARGIN
        assert app.is_running
        assert "Falha: Portal LGPData:" in text and KINDS[kind][1][:20] in text
        assert field(pilot, "settings-access").value == typed


@pytest.fixture(scope="module")
def blocked_world(tmp_path_factory):
    app = build_app(
        tmp_path_factory.mktemp("fault-matrix-blocked"), WorldSource(SCENARIO_DIR, "bloqueio-total", token=TOKEN)
    )
    with LoopbackServer(app) as running:
        yield running


@pytest.mark.parametrize("kind", ["hang", "reset"])
async def test_trust_unlock_that_fails_is_sem_sucesso_saying_why(demo_app, blocked_world, kind):
    with httpx.Client(headers=HEADERS, base_url=blocked_world.url, timeout=3.0) as admin:
        admin.delete("/faults")
        fault(admin, "license", "trust-unlock", kind)
        app = demo_app(
            "bloqueio-total",
            license_url=f"{blocked_world.url}/license",
            lgpdata_url=f"{blocked_world.url}/lgpdata",
            http_timeout=TIMEOUT_S,
        )
        try:
            async with app.run_test(size=(80, 24)) as pilot:
                await pilot.pause()
                await wait_for(pilot, lambda: app.context is not None and isinstance(app.screen, LoginScreen))
                await login_to(pilot, BillingNoticeDialog)
                await pilot.press("d")
                await wait_for(pilot, lambda: isinstance(app.screen, SupervisorPrompt))
                start = time.monotonic()
                await supervisor(pilot)
                await wait_for(
                    pilot, lambda: isinstance(app.screen, TrustUnlockResultDialog), timeout=TIMEOUT_S + MARGIN + 2
                )
                assert time.monotonic() - start < TIMEOUT_S + MARGIN
                assert app.is_running
                assert str(app.screen.query_one("#trust-outcome", Static).content) == "Sem Sucesso"
                text = str(app.screen.query_one("#trust-text", Static).content)
                assert "Não foi possível pedir o desbloqueio: License Server:" in text and KINDS[kind][1][:20] in text
                await pilot.press("enter")
                await wait_for(pilot, lambda: isinstance(app.screen, BillingNoticeDialog))
                assert app.session is None
        finally:
            admin.delete("/faults")
