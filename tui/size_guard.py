"""Terminals smaller than 80x24: one clear message instead of a clipped layout, app-wide.

Below MIN_COLUMNS x MIN_LINES the current screen is covered by `TooSmall`, whatever the screen
is. The cover is Textual's own mechanism for a widget's loading indicator (`Widget._cover`): the
screen and its widgets stay exactly as they are, they are only not drawn; nothing is pushed on
the screen stack, so the code that pushes and pops screens is not disturbed. While the message
is shown, keys, mouse and paste are not acted upon (a cashier must not ring up blind), except
Ctrl+Q; the question Ctrl+Q may ask (a screen with SHOWN_ON_SMALL_TERMINAL) is shown and
answered even on a small terminal. When the terminal grows back the cover goes and the screen
underneath appears as it was.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events
from textual.geometry import Size
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

if TYPE_CHECKING:
    from textual.app import App

MIN_COLUMNS = 80
MIN_LINES = 24
KEYS_ALWAYS_TAKEN = frozenset({"ctrl+q"})


def too_small(size: Size) -> bool:
    return size.width < MIN_COLUMNS or size.height < MIN_LINES


def message(size: Size) -> str:
    return (
        f"Terminal pequeno demais: são necessárias {MIN_COLUMNS} colunas x {MIN_LINES} linhas "
        f"(agora: {size.width}x{size.height}). Aumente a janela.\n\nCtrl+Q sai do PDV."
    )


class TooSmall(Static):
    """What a too-small terminal shows in place of the screen."""

    DEFAULT_CSS = """
    TooSmall {
        width: 100%;
        height: 100%;
        padding: 1 2;
        content-align: center middle;
        text-align: center;
        text-style: bold;
        background: $background;
        color: $text;
    }
    """

    def __init__(self, size: Size, focused: Widget | None) -> None:
        super().__init__(message(size), markup=False)
        self.focused = focused
        """The widget that had focus under the cover: widgets that leave the screen lose focus
        (Textual blurs a widget on Hide), and it is given back when the cover goes."""


class SizeGuard:
    """Covers the current screen while the terminal is below the minimum; the app calls
    `start` once mounted, `resized` on each Resize and asks `blocks(event)` for input events."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.small = False
        self.size = Size(MIN_COLUMNS, MIN_LINES)

    def start(self) -> None:
        self.app.screen_change_signal.subscribe(self.app, self._screen_changed)
        self.resized(self.app.size)

    def resized(self, size: Size) -> None:
        self.size = size
        self.small = too_small(size)
        if self.small:
            for screen in self.app.screen_stack[-1:]:
                self._cover(screen)
        else:
            for screen in self.app.screen_stack:
                if isinstance(screen._cover_widget, TooSmall):
                    self._uncover(screen)

    def blocks(self, event: events.Event) -> bool:
        """Is this input event to be ignored because the message is shown?"""
        if not self.small or self._exempt(self._current()):
            return False
        if isinstance(event, events.Key):
            return event.key not in KEYS_ALWAYS_TAKEN
        return isinstance(event, (events.MouseEvent, events.Paste))

    # --- covering -----------------------------------------------------------------------------

    def _current(self) -> Screen | None:
        stack = self.app.screen_stack
        return stack[-1] if stack else None

    @staticmethod
    def _exempt(screen: Screen | None) -> bool:
        return bool(getattr(screen, "SHOWN_ON_SMALL_TERMINAL", False))

    def _screen_changed(self, screen: Screen) -> None:
        if self.small:
            self._cover(screen)

    def _cover(self, screen: Screen) -> None:
        if self._exempt(screen):
            return
        cover = screen._cover_widget
        if isinstance(cover, TooSmall):
            cover.update(message(self.size))
        else:
            screen._cover(TooSmall(self.size, screen.focused))

    @staticmethod
    def _uncover(screen: Screen) -> None:
        focused = screen._cover_widget.focused
        screen._uncover()
        if focused is not None and focused.is_attached:
            screen.set_focus(focused)
            # a Hide still on its way would blur it again: focus once more after the repaint
            screen.call_after_refresh(screen.set_focus, focused)
