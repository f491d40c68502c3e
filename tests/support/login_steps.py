"""Steps of the Pilot tests at login: the login and supervisor fields filled (typed, or set and
submitted), up to the Régua de Cobrança's AVISO FINANCEIRO; the key of a module not built yet."""

from __future__ import annotations

from textual.widgets import Input

from tests.conftest import wait_for
from tui.billing.notice import BillingNoticeDialog

CNPJ = "12345678000195"


async def fill(pilot, user_field: str, password_field: str, user: str, password: str, typed: bool) -> None:
    """Types user, Enter, password, Enter (typed=True, as a cashier does); or, to keep the suite
    fast, fills both fields and presses Enter in the password field (the same submit path)."""
    if typed:
        await pilot.press(*user, "enter", *password, "enter")
        return
    screen = pilot.app.screen
    screen.query_one(f"#{user_field}", Input).value = user
    screen.query_one(f"#{password_field}", Input).value = password
    screen.query_one(f"#{password_field}", Input).focus()
    await pilot.press("enter")


async def type_login(pilot, user: str = "operador", password: str = "1234", typed: bool = False) -> None:
    await pilot.pause()
    await fill(pilot, "login-user", "login-password", user, password, typed)


async def login_to(pilot, screen_type, user: str = "operador", password: str = "1234", typed: bool = False) -> None:
    await type_login(pilot, user, password, typed)
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, screen_type))


async def supervisor(pilot, user: str = "supervisor", password: str = "4321", typed: bool = False) -> None:
    await fill(pilot, "supervisor-user", "supervisor-password", user, password, typed)


async def to_notice(pilot):
    await login_to(pilot, BillingNoticeDialog)


def first_unbuilt_key() -> str:
    """The key of a module whose screen is not built yet (skips once every module is built)."""
    import pytest

    from tui.modules import MENU

    entry = next((e for e in MENU if e.screen is None), None)
    if entry is None:
        pytest.skip("every module is built")
    return entry.key
