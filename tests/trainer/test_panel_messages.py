"""Painel do instrutor: its workers only call core and post a message; the handlers change the
widgets (Textual drops a message posted to a screen already closed)."""

from __future__ import annotations

import asyncio

from textual.widgets import Static

from core.trainer.panel import InstructorService
from tests.conftest import settle
from tests.support.panel_steps import open_panel, settled
from tui.common.message import MessageDialog
from tui.trainer.panel import InstructorPanel

SIZE = (80, 24)


def test_the_handlers_are_named_after_the_messages():
    for message in (InstructorPanel.Read, InstructorPanel.Changed):
        assert callable(getattr(InstructorPanel, message.handler_name, None)), message.handler_name
    assert InstructorPanel.Read.handler_name == "on_instructor_panel_read"
    assert InstructorPanel.Changed.handler_name == "on_instructor_panel_changed"


async def test_a_change_is_said_then_everything_is_read_again(setup):
    app, _ = setup("liberado")
    async with app.run_test(size=SIZE) as pilot:
        panel = await open_panel(pilot)
        panel.post_message(InstructorPanel.Changed("Feito."))
        await settled(pilot, panel)
        text = str(panel.query_one("#panel-message", Static).render())
        assert text.startswith("Feito.")


async def test_closing_the_panel_while_the_services_answer_changes_nothing(setup, monkeypatch):
    app, _ = setup("liberado")
    gate = asyncio.Event()
    real_read = InstructorService.read

    async def slow_read(self, session):
        await gate.wait()
        return await real_read(self, session)

    async with app.run_test(size=SIZE) as pilot:
        panel = await open_panel(pilot)
        below = app.screen_stack[-2]
        monkeypatch.setattr(InstructorService, "read", slow_read)
        await pilot.press("f5")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        gate.set()
        await settle(pilot)
        assert app.screen is below and not isinstance(app.screen, MessageDialog)
        assert panel not in app.screen_stack
