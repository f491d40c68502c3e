"""Shared pieces of the LGPD tests: the simulated portal's clock in tests (the `portal` and
`lgpd_app` fixtures themselves are in tests/conftest.py), a sale up to the LGPD check, and the
steps of Parâmetros > Integração Portal LGPD."""

from __future__ import annotations

from tests.conftest import FIXED_NOW, login, settle
from tests.support.sale_support import choose_customer, open_module, ring_up
from tui.common.message import MessageDialog

PORTAL_NOW = FIXED_NOW.replace(minute=0)
"""The portal's own clock in tests: half an hour before the PDV's fixed clock."""


async def sale_to(pilot, customer: str) -> None:
    await open_module(pilot, "f2")
    await ring_up(pilot, "2*1")
    await ring_up(pilot, "7")
    await choose_customer(pilot, customer)
    await settle(pilot)


# --- Parâmetros > Integração Portal LGPD ---------------------------------------------------------


async def open_settings(pilot) -> None:
    await login(pilot, "supervisor", "4321")
    await pilot.press("f7", "enter")
    await settle(pilot)


def field(pilot, widget_id: str):
    return pilot.app.screen.query_one(f"#{widget_id}")


async def run_test_connection(pilot) -> str:
    await pilot.press("f3")
    await settle(pilot)
    assert isinstance(pilot.app.screen, MessageDialog)
    text = pilot.app.screen.body_text
    await pilot.press("enter")
    await settle(pilot)
    return text
