"""Steps of the Pilot tests of the Painel do instrutor (F12): open it once its first read is in,
and wait for its reads and changes to finish."""

from __future__ import annotations

from textual.widgets import DataTable

from tests.conftest import wait_for
from tui.trainer.panel import InstructorPanel


async def open_panel(pilot) -> InstructorPanel:
    await pilot.press("f12")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, InstructorPanel))
    panel = pilot.app.screen
    await wait_for(
        pilot,
        lambda: (
            panel.query_one("#panel-branches", DataTable).row_count > 1
            and not any(w.is_running for w in pilot.app.workers if w.group == "panel-read")
        ),
    )
    return panel


async def settled(pilot, panel) -> None:
    await pilot.pause()
    await wait_for(
        pilot,
        lambda: (
            not panel.busy
            and not any(w.is_running for w in pilot.app.workers if w.group in ("panel-read", "panel-change"))
        ),
    )
