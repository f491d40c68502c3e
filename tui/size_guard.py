"""Terminals smaller than 80x24: one clear message instead of a clipped layout, app-wide.

Below MIN_COLUMNS x MIN_LINES a `TooSmall` widget is laid over the whole current screen,
whatever the screen is (an `overlay: screen` widget of the viewport's size, drawn above
everything else on it). Underneath, the screen and its widgets stay exactly as they are, focus
included; nothing is pushed on the screen stack, so the code that pushes and pops screens is not
disturbed. While the message is shown, keys, mouse and paste are not acted upon (a cashier must
not ring up blind), except Ctrl+Q; the question Ctrl+Q may ask (a screen with
SHOWN_ON_SMALL_TERMINAL) is shown and answered even on a small terminal. When the terminal
grows back the message goes and the screen underneath appears as it was.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import events
from textual.geometry import Size
from textual.screen import Screen
from textual.widget import Widget

if TYPE_CHECKING:
    from textual.app import App

MIN_COLUMNS = 80
MIN_LINES = 24
KEYS_ALWAYS_TAKEN = frozenset({"ctrl+q"})


def too_small(size: Size) -> bool:
    return size.width < MIN_COLUMNS or size.height < MIN_LINES


def message(size: Size, ignored: int = 0) -> str:
    text = (
        f"Terminal pequeno demais: são necessárias {MIN_COLUMNS} colunas x {MIN_LINES} linhas "
        f"(agora: {size.width}x{size.height}). Aumente a janela.\n\nCtrl+Q sai do PDV."
    )
    if ignored:  # the cashier typed (or scanned) blind: nothing of it was rung up
        text += f"\n\n{ignored} tecla(s) ignorada(s) enquanto a tela está pequena."
    return text


class TooSmall(Widget):
    """What a too-small terminal shows over the screen (the terminal's size as it is now)."""

    DEFAULT_CSS = """
    TooSmall {
        overlay: screen;
        position: absolute;
        offset: 0 0;
        width: 100vw;
        height: 100vh;
        padding: 1 2;
        content-align: center middle;
        text-style: bold;
        background: $background;
        color: $text;
    }
    """

    def render(self) -> Text:
        guard = getattr(self.app, "size_guard", None)
        return Text(message(self.app.size, guard.ignored if guard else 0), justify="center")


class SizeGuard:
    """Shows TooSmall while the terminal is below the minimum; the app calls `start` once
    mounted, `resized` on each Resize and asks `blocks(event)` for input events."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.small = False
        self.ignored = 0
        """Keys not acted upon since the terminal became too small (told on the message)."""

    def start(self) -> None:
        self.app.screen_change_signal.subscribe(self.app, self._screen_changed)
        self.resized(self.app.size)

    def resized(self, size: Size) -> None:
        if not too_small(size):
            self.ignored = 0
        self.small = too_small(size)
        if self.small:  # over the current screen (under the question Ctrl+Q asks, if it is up)
            for screen in reversed(self.app.screen_stack):
                if not self._exempt(screen):
                    self._show(screen)
                    break
            return
        for screen in self.app.screen_stack:
            for widget in screen.query_children(TooSmall):
                widget.remove()

    def blocks(self, event: events.Event) -> bool:
        """Is this input event to be ignored because the message is shown?"""
        stack = self.app.screen_stack
        if not self.small or not stack or self._exempt(stack[-1]):
            return False
        if isinstance(event, events.Key):
            if event.key in KEYS_ALWAYS_TAKEN:
                return False
            self.ignored += 1
            for widget in stack[-1].query_children(TooSmall):
                widget.refresh()
            return True
        return isinstance(event, (events.MouseEvent, events.Paste))

    @staticmethod
    def _exempt(screen: Screen) -> bool:
        return bool(getattr(screen, "SHOWN_ON_SMALL_TERMINAL", False))

    def _screen_changed(self, screen: Screen) -> None:
        if self.small:
            self._show(screen)

    def _show(self, screen: Screen) -> None:
        if self._exempt(screen):
            return
        shown = list(screen.query_children(TooSmall))
        if shown:
            for widget in shown:
                widget.refresh()  # the size it tells is now another
        else:
            screen.mount(TooSmall())
