"""Is a widget still on the screen stack? A worker that awaited the network asks this before it
touches widgets: meanwhile the person may have closed the screen (Esc), which Textual takes down
piece by piece, so `is_attached` alone can still be true while the children are already gone."""

from __future__ import annotations

from textual.widget import Widget


def still_shown(widget: Widget) -> bool:
    """True while `widget` is attached and its screen is in the app's screen stack."""
    if not widget.is_attached:
        return False
    try:
        return widget.screen in widget.app.screen_stack
    except Exception:  # noqa: BLE001 - no screen, or no app any more: not shown
        return False
