"""Shared steps of the sale-flow Pilot tests: typed as a cashier would, waiting for workers."""
from __future__ import annotations

from textual.widgets import Input, Static

from tests.conftest import login


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def type_text(pilot, text: str) -> None:
    for ch in text:
        await pilot.press(ch)


async def open_module(pilot, key: str, user: str = "operador", password: str = "1234") -> None:
    await login(pilot, user, password)
    await pilot.press(key)
    await settle(pilot)


async def ring_up(pilot, text: str) -> None:
    """Types in Produto (from wherever the focus is) and presses Enter."""
    product = pilot.app.screen.query_one("#entry-product", Input)
    product.focus()
    await pilot.pause()
    await type_text(pilot, text)
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()


async def choose_customer(pilot, query: str, agreement_moves: int | None = None) -> None:
    """F2, types the search, Enter on the first match (then the agreement, if asked)."""
    await pilot.press("f2")
    await pilot.pause()
    await type_text(pilot, query)
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    if agreement_moves is not None:
        for _ in range(agreement_moves):
            await pilot.press("down")
        await pilot.press("enter")
    await settle(pilot)


def status_text(screen) -> str:
    return str(screen.query_one("#status-line", Static).content)
