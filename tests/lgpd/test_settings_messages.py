"""Integração Portal LGPD: its workers only call core and post a message; the handlers change
the widgets (Textual drops a message posted to a screen already closed)."""

from __future__ import annotations

import asyncio

from textual.widgets import Static

from core.lgpd.settings import LgpdSettingsService
from tests.conftest import settle
from tests.support.lgpd_support import open_settings
from tui.common.message import MessageDialog
from tui.lgpd.settings import LgpdSettingsScreen

SIZE = (80, 24)


def test_the_handlers_are_named_after_the_messages():
    for message in (LgpdSettingsScreen.DefaultUrlLoaded, LgpdSettingsScreen.Tested):
        assert callable(getattr(LgpdSettingsScreen, message.handler_name, None)), message.handler_name
    assert LgpdSettingsScreen.DefaultUrlLoaded.handler_name == "on_lgpd_settings_screen_default_url_loaded"
    assert LgpdSettingsScreen.Tested.handler_name == "on_lgpd_settings_screen_tested"


async def test_an_error_of_testar_conexao_is_said_without_a_dialog(lgpd_app):
    app = lgpd_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_settings(pilot)
        screen = app.screen
        assert isinstance(screen, LgpdSettingsScreen) and screen.ready
        screen.post_message(LgpdSettingsScreen.Tested(screen.read_form(), None, "Portal recusou."))
        await settle(pilot)
        assert app.screen is screen
        assert str(screen.query_one("#settings-message", Static).render()) == "Portal recusou."


async def test_leaving_while_the_portal_answers_shows_no_dialog(lgpd_app, monkeypatch):
    app = lgpd_app()
    gate = asyncio.Event()
    real_test = LgpdSettingsService.test_connection

    async def slow_test(self, session, form, default_url):
        await gate.wait()
        return await real_test(self, session, form, default_url)

    async with app.run_test(size=SIZE) as pilot:
        await open_settings(pilot)
        screen = app.screen
        below = app.screen_stack[-2]
        monkeypatch.setattr(LgpdSettingsService, "test_connection", slow_test)
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press("escape")  # nothing typed: leaves at once
        await pilot.pause()
        gate.set()
        await settle(pilot)
        assert app.screen is below and not isinstance(app.screen, MessageDialog)
        assert screen not in app.screen_stack
