"""The command palette (Ctrl+P) with Pilot: the PDV's own commands in Portuguese, none of
Textual's English ones; modules offered only from the menu and only those the session may open;
Tema, Captura de tela, Painel do instrutor, Sair do PDV. Ctrl+C answered in Portuguese."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.command import CommandInput, CommandList, CommandPalette

from tests.conftest import login, wait_for
from tui.login.menu import MenuScreen
from tui.login.screen import LoginScreen
from tui.palette import NO_MATCHES, PdvCommandPalette
from tui.sales.sale import SaleScreen
from tui.trainer.panel import InstructorPanel

SIZE = (80, 24)
TEXTUAL_DEFAULTS = {"Theme", "Quit", "Keys", "Screenshot", "Maximize", "Minimize"}
ALL_MODULES = {"Venda", "Pré-venda", "Recebimento de títulos", "Clientes", "Convênios", "Parâmetros", "Auditoria"}


async def open_palette(pilot) -> PdvCommandPalette:
    await pilot.press("ctrl+p")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, CommandPalette))
    palette = pilot.app.screen
    assert isinstance(palette, PdvCommandPalette)
    await wait_for(pilot, lambda: palette.query_one(CommandList).option_count > 0)
    return palette


def titles(palette) -> list[str]:
    """The first line of every option shown (the title; the help is on the next line)."""
    options = palette.query_one(CommandList)
    shown = []
    for index in range(options.option_count):
        prompt = options.get_option_at_index(index).prompt
        text = getattr(prompt, "plain", None) or str(getattr(prompt, "renderable", prompt))
        if hasattr(prompt, "renderables"):
            text = prompt.renderables[0].plain
        shown.append(text.split("\n", 1)[0].strip())
    return shown


async def test_ctrl_p_on_the_menu_lists_the_pdvs_commands_in_portuguese(demo_app):
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot)
        palette = await open_palette(pilot)
        shown = set(titles(palette))
        assert {"Venda", "Clientes", "Tema", "Captura de tela", "Painel do instrutor", "Sair do PDV"} <= shown
        assert not shown & TEXTUAL_DEFAULTS
        # what the operator may not open (the menu shows it BLOQUEADO) is not offered
        locked = {m.label for m in app.session.locked}
        assert {"Auditoria", "Parâmetros"} <= locked and not shown & locked
        assert palette.query_one(CommandInput).placeholder == "Digite um comando ou módulo…"


async def test_typing_venda_and_enter_opens_the_sale(demo_app):
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot)
        await open_palette(pilot)
        await pilot.press(*"venda")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, SaleScreen))
        assert [type(s) for s in app.screen_stack[-2:]] == [MenuScreen, SaleScreen]


async def test_a_supervisor_is_offered_auditoria(demo_app):
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot, "supervisor", "4321")
        palette = await open_palette(pilot)
        assert ALL_MODULES <= set(titles(palette))


async def test_modules_are_offered_only_from_the_menu(demo_app):
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        palette = await open_palette(pilot)  # on the login screen: no session
        assert not set(titles(palette)) & ALL_MODULES
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, LoginScreen))
        await login(pilot)
        await pilot.press("f5")
        await wait_for(pilot, lambda: not isinstance(app.screen, MenuScreen))
        palette = await open_palette(pilot)
        assert not set(titles(palette)) & ALL_MODULES
        assert "Tema" in titles(palette)


async def test_the_panel_is_offered_only_where_f12_opens_it(make_context):
    from tui.app import PdvApp

    app = PdvApp(context=make_context(demo=False))
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot)
        assert "Painel do instrutor" not in titles(await open_palette(pilot))


async def test_the_panel_opens_from_the_palette(demo_app):
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot)
        await open_palette(pilot)
        await pilot.press(*"painel")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, InstructorPanel), timeout=6)


async def test_no_match_is_said_in_portuguese(demo_app):
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        palette = await open_palette(pilot)
        await pilot.press(*"xyzw")
        await pilot.pause(0.9)
        assert NO_MATCHES in titles(palette)
        assert "No matches found" not in titles(palette)


async def test_tema_switches_the_theme(demo_app):
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        before = app.theme
        await open_palette(pilot)
        await pilot.press(*"tema")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_for(
            pilot,
            lambda: (
                isinstance(app.screen, CommandPalette)
                and app.screen.query_one(CommandInput).placeholder == "Digite o nome de um tema…"
            ),
        )
        await pilot.pause(0.3)
        await pilot.press(*"nord", "enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, CommandPalette))
        assert app.theme == "nord" != before


async def test_captura_de_tela_saves_an_svg_and_says_where(demo_app, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    (tmp_path / "Documents").mkdir()
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot)
        await open_palette(pilot)
        await pilot.press(*"captura")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_for(pilot, lambda: any("Captura de tela salva em" in str(n.message) for n in app._notifications))
        [saved] = list((tmp_path / "Documents").glob("pdv-*.svg"))
        drawn = saved.read_text(encoding="utf-8").replace("&#160;", " ")
        assert "Menu principal" in drawn and "Digite um comando" not in drawn  # the screen, not the palette
        [note] = [n for n in app._notifications if "Captura" in str(n.message)]
        assert str(saved) in note.message


async def test_captura_de_tela_without_documents_goes_to_the_data_folder(demo_app, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    app = demo_app()
    async with app.run_test(size=SIZE):
        app.save_pdv_screenshot()
        app.save_pdv_screenshot()
        saved = sorted((tmp_path / "data" / "pdv-sim" / "capturas").glob("pdv-*.svg"))
        assert len(saved) == 2  # the same second: the second one gets its own name


@pytest.mark.parametrize("logged_in", [False, True], ids=["login", "menu"])
async def test_ctrl_c_is_answered_in_portuguese(demo_app, logged_in):
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        if logged_in:
            await login(pilot)
        await pilot.press("ctrl+c")
        await wait_for(pilot, lambda: app._notifications)
        messages = [(n.title, n.message) for n in app._notifications]
        assert ("Sair do PDV", "Ctrl+C não sai do PDV: use Ctrl+Q.") in messages
        assert not any("Press" in m or "quit" in m for _, m in messages)
        assert app.is_running


async def test_ctrl_c_in_the_palette_is_answered_in_portuguese(demo_app):
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_palette(pilot)
        await pilot.press("ctrl+c")
        await wait_for(pilot, lambda: app._notifications)
        assert [n.message for n in app._notifications] == ["Ctrl+C não sai do PDV: use Ctrl+Q."]
        # closed, so that the line is seen (Textual does not draw a toast over the palette)
        await wait_for(pilot, lambda: isinstance(app.screen, LoginScreen))


def test_the_screenshot_name_never_overwrites(tmp_path: Path):
    from datetime import datetime

    from tui.palette import screenshot_path

    moment = datetime(2025, 3, 4, 5, 6, 7)
    first = screenshot_path(tmp_path, moment)
    first.write_text("x")
    assert first.name == "pdv-2025-03-04_05-06-07.svg"
    assert screenshot_path(tmp_path, moment).name == "pdv-2025-03-04_05-06-07-2.svg"


async def test_ctrl_c_on_a_dialog_is_answered_in_portuguese(demo_app):
    from tui.common.message import MessageDialog

    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, MessageDialog))
        await pilot.press("ctrl+c")
        await wait_for(pilot, lambda: app._notifications)
        assert [n.message for n in app._notifications] == ["Ctrl+C não sai do PDV: use Ctrl+Q."]


async def test_ctrl_c_with_text_selected_in_a_field_copies_it(demo_app):
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*"operador", "shift+home")
        await pilot.press("ctrl+c")
        await pilot.pause(0.2)
        assert app.clipboard == "operador"
        assert not list(app._notifications)
