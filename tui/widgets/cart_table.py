"""The cart's table: the line just rung up is on screen in the same frame as the new total.

A DataTable measures rows added to it when it is next idle; until then it cannot scroll to them
(its scrollable height is still the old one), so scrolling to the last line from the handler
that added it waits for a repaint, and a frame shows the new total with the new line still
below the bottom edge. `show_last_line` instead moves the cursor to the last line right after
the table has measured its rows, before the next repaint, and only then runs `then` (the screen
updates its total there, so the total and the line are always painted together).

It also keeps its cells rendered across lines added: a DataTable renders every visible cell again
after any row is added (its cell cache is keyed on a counter of changes), which made each line
rung up repaint the whole table. The cart only ever adds lines at the end or starts over with
`clear()`, so a cell, once rendered with a given style, width and cursor state, stays as it was.
(This wraps one private DataTable method; textual is pinned to one version in pyproject.toml.)
"""
from __future__ import annotations

from collections.abc import Callable

from textual import events
from textual.cache import LRUCache
from textual.widgets import DataTable

CELLS_KEPT = 4000


class CartTable(DataTable):
    def __init__(self, **kwargs) -> None:
        self._cells: LRUCache[tuple, list] = LRUCache(CELLS_KEPT)  # DataTable's init clears caches
        self._after_measure: list[Callable[[], object]] = []
        super().__init__(**kwargs)

    def show_last_line(self, then: Callable[[], object] | None = None) -> None:
        """Cursor on the last line, scrolled into view once the new rows are measured; then `then`."""
        self._after_measure.append(then or (lambda: None))
        self.check_idle()

    def on_idle(self, event: events.Idle) -> None:
        # runs before DataTable's own idle work (which measures the rows added); a callback
        # queued here runs right after that work, in the same idle pass
        if self._after_measure:
            self.call_next(self._move_to_last_line)

    def _move_to_last_line(self) -> None:
        callbacks, self._after_measure = self._after_measure, []
        if self.row_count:
            self.move_cursor(row=self.row_count - 1, animate=False)
        for callback in callbacks:
            callback()

    # --- cells rendered once ------------------------------------------------------------------

    def _render_cell(
        self, row_index: int, column_index: int, base_style, width: int, cursor: bool = False, hover: bool = False
    ):
        key = (
            row_index, column_index, base_style, width, cursor, hover,
            self.show_cursor, self._show_hover_cursor, self._pseudo_class_state,
        )
        lines = self._cells.get(key)
        if lines is None:
            lines = super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
            self._cells[key] = lines
        return lines

    def _clear_caches(self) -> None:  # clear(), and whatever else makes DataTable start over
        self._cells.clear()
        super()._clear_caches()

    def notify_style_update(self) -> None:  # a theme or CSS change: every cell is drawn again
        self._cells.clear()
        super().notify_style_update()
