"""The one search on the screens: Venda's suggestions say when nothing matches, Clientes finds a
customer by any words of the name or the start of the CPF."""

from __future__ import annotations

from textual.widgets import DataTable, OptionList

from tests.support.sale_support import open_module, status_text, type_text


async def test_sale_suggestions_say_nothing_was_found_and_come_back(demo_app):
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_module(pilot, "f2")
        screen = app.screen
        await type_text(pilot, "dipirona xpto")
        await pilot.pause()
        options = screen.query_one("#entry-suggestions", OptionList)
        assert options.display and options.option_count == 1 and screen.suggestions == []
        assert str(options.get_option_at_index(0).prompt) == "nenhum produto encontrado"
        assert options.get_option_at_index(0).disabled
        await pilot.press("enter")  # the text as typed is tried, and refused saying why
        await pilot.pause()
        assert "Produto não encontrado" in status_text(screen) and not screen.draft.cart.lines
        await type_text(pilot, "gts neo")  # replaces the refused text, kept selected
        await pilot.pause()
        assert screen.query_one("#entry-product").value == "gts neo"
        codes = [product.code for product in screen.suggestions]
        assert {"6", "122"} <= set(codes) and all("NEO" in product.name for product in screen.suggestions)
        assert "GTS" in str(options.get_option_at_index(0).prompt) and options.highlighted == 0


async def test_customers_screen_finds_by_middle_of_the_name_and_the_cpf(demo_app):
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_module(pilot, "f5", "supervisor", "4321")
        table = app.screen.query_one("#customers-table", DataTable)
        everyone = table.row_count
        await type_text(pilot, "martins alv")
        await pilot.pause()
        assert table.row_count == 1 and str(table.get_row_at(0)[1]) == "Leandro Martins Alves"
        for _ in "martins alv":
            await pilot.press("backspace")
        await type_text(pilot, "984.886")
        await pilot.pause()
        assert table.row_count == 1 and str(table.get_row_at(0)[0]) == "0001"
        for _ in "984.886":
            await pilot.press("backspace")
        await pilot.pause()
        assert table.row_count == everyone > 1


async def test_customers_enter_in_the_search_opens_the_match_and_esc_comes_back_to_the_search(demo_app):
    from textual.widgets import Input

    from tests.conftest import settle
    from tui.registry.customer import CustomerScreen
    from tui.registry.customers import CustomersScreen

    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_module(pilot, "f5", "supervisor", "4321")
        await type_text(pilot, "martins alv")
        await pilot.press("enter")  # Enter in the search: the only match opens
        await settle(pilot)
        assert isinstance(app.screen, CustomerScreen)
        assert "Leandro Martins Alves" in str(app.screen.query_one("#customer-title").content)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, CustomersScreen)
        search = app.screen.query_one("#customers-search", Input)
        assert app.focused is search and (search.selection.start, search.selection.end) == (0, len("martins alv"))
        await type_text(pilot, "984.886")  # replaces the selected text: a new search
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CustomerScreen)
        assert str(app.screen.query_one("#customer-title").content).startswith("Cliente 0001 ")
