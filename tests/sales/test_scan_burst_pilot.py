"""Keys that arrive in one burst (a barcode scanner, typing ahead) on Venda, in the process: the
same outcome as typed one by one, with the work the next key would undo skipped meanwhile (no
product search per digit, one paint after the burst), and the cart table adding only new lines."""

from __future__ import annotations

import asyncio

from textual import events
from textual.widgets import DataTable, Input, OptionList, Static

from core.sales import cart_service as selling
from storage.models import Product
from tests.support.sale_support import open_module, ring_up
from tui.sales.cart_screen import CartScreen

NAMED = {"enter": "\r", "down": None, "f4": None}


def burst(app, keys: list[str]) -> None:
    """The keys handed to the app all at once, as the driver does with one read of the terminal."""
    for key in keys:
        event = events.Key(key, NAMED.get(key, key))
        event.set_sender(app)
        app._driver.send_message(event)


async def until(pilot, condition, what: str, timeout: float = 10.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        assert loop.time() < deadline, f"esperava {what}"
        await pilot.pause(0.01)
    await pilot.pause()


def count_searches(monkeypatch) -> list[str]:
    """The texts the suggestion list was looked up for."""
    asked: list[str] = []
    search = selling.search_products

    def counted(text: str, limit: int = 20):
        asked.append(text)
        return search(text, limit)

    monkeypatch.setattr(selling, "search_products", counted)
    return asked


async def test_a_scan_burst_adds_the_product_without_a_search_per_digit(demo_app, monkeypatch):
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_module(pilot, "f2")
        screen = app.screen
        asked = count_searches(monkeypatch)
        painting_held: list[int] = []
        changed = CartScreen.on_input_changed

        def watched(self, event):
            painting_held.append(app._batch_count)
            changed(self, event)

        monkeypatch.setattr(CartScreen, "on_input_changed", watched)
        eans = [Product.get(Product.code == code).ean for code in ("1", "7", "44")]
        burst(app, [key for ean in eans for key in [*ean, "enter"]])
        await until(pilot, lambda: len(screen.draft.cart.lines) == 3, "3 linhas")
        await until(pilot, lambda: app._batch_count == 0, "a tela pintada de novo")
        assert [line.code for line in screen.draft.cart.lines] == ["1", "7", "44"]
        assert asked == [], "a lista de sugestões não é consultada a cada dígito de uma leitura"
        assert any(painting_held), "a tela não é pintada no meio da rajada"
        assert "3 item(ns)" in str(screen.query_one("#sale-total", Static).content)
        assert not screen.query_one("#entry-suggestions", OptionList).display


async def test_a_name_typed_ahead_shows_its_list_once_the_keys_stop(demo_app, monkeypatch):
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_module(pilot, "f2")
        screen = app.screen
        asked = count_searches(monkeypatch)
        burst(app, list("sinvas"))
        suggestions = screen.query_one("#entry-suggestions", OptionList)
        await until(pilot, lambda: suggestions.display and suggestions.option_count == 4, "as 4 sugestões")
        assert asked == ["sinvas"], "só o texto que ficou no campo é consultado"
        assert screen.query_one("#entry-product", Input).value == "sinvas"


async def test_typed_ahead_down_and_enter_pick_what_they_pick_typed_slowly(demo_app):
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_module(pilot, "f2")
        screen = app.screen
        burst(app, [*"sinvas", "down", "enter", *"4", "enter"])  # the 2nd suggestion, then code 4
        await until(pilot, lambda: len(screen.draft.cart.lines) == 2, "2 linhas")
        assert [line.code for line in screen.draft.cart.lines] == ["44", "4"]


async def test_an_ambiguous_prefix_typed_ahead_takes_the_first_suggestion(demo_app):
    """Enter on a text whose list was never shown takes what that list shows first, as when
    typed slowly (where the first suggestion is highlighted)."""
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_module(pilot, "f2")
        screen = app.screen
        slow_first = None
        await ring_up(pilot, "sinvas")
        slow_first = screen.draft.cart.lines[-1].code
        burst(app, [*"sinvas", "enter"])
        await until(pilot, lambda: len(screen.draft.cart.lines) == 2, "2 linhas")
        assert screen.draft.cart.lines[-1].code == slow_first


async def test_an_unknown_code_typed_ahead_is_told_and_kept_for_correction(demo_app):
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_module(pilot, "f2")
        screen = app.screen
        burst(app, [*"0000000000000", "enter"])
        status = screen.query_one("#status-line", Static)
        await until(pilot, lambda: "não encontrado" in str(status.content), "a mensagem de produto não encontrado")
        assert screen.draft.cart.lines == []
        assert screen.query_one("#entry-product", Input).value == "0000000000000"


async def test_keys_that_leave_the_field_still_get_its_list(demo_app):
    """A burst that ends away from Produto (F4 to Qtd): the list for what it left there is shown."""
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_module(pilot, "f2")
        screen = app.screen
        burst(app, [*"sinvas", "f4"])
        suggestions = screen.query_one("#entry-suggestions", OptionList)
        await until(pilot, lambda: suggestions.display and suggestions.option_count == 4, "as 4 sugestões")
        assert app.focused is screen.query_one("#entry-quantity", Input)


async def test_the_cart_table_adds_new_lines_and_renumbers_after_a_removal(demo_app):
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_module(pilot, "f2")
        screen = app.screen
        table = screen.query_one("#cart-table", DataTable)
        for code in ("1", "7", "4"):
            await ring_up(pilot, code)
        first_rows = list(table.rows)
        await ring_up(pilot, "44")
        assert list(table.rows)[:3] == first_rows, "as linhas já na tela ficam; só a nova é acrescentada"
        assert [str(table.get_row_at(i)[1]) for i in range(4)] == ["1", "7", "4", "44"]
        assert table.cursor_row == 3
        table.move_cursor(row=1)
        await pilot.press("f8")  # removes "7"
        await pilot.pause()
        assert [[str(cell) for cell in table.get_row_at(i)[:2]] for i in range(3)] == [
            ["1", "1"],
            ["2", "4"],
            ["3", "44"],
        ]
        assert "3 item(ns)" in str(screen.query_one("#sale-total", Static).content)
