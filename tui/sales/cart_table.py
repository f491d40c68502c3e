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

Its columns fit the width it is given (`show_lines`): the numbers and the code are as wide as
their widest cell (their heading at least), and the product name gets the room left (up to what
its longest name needs, on a wide terminal), so a long name is whole on a wide terminal and shows
as much as fits, ending in "…", on an 80-column one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.text import Text
from textual import events
from textual.cache import LRUCache
from textual.widgets import DataTable

from tui.common.columns import SCROLLBAR, Column, fit_widths

CELLS_KEPT = 4000
LEAST_NAME = 12
WIDE_NAME = 60
"""On a wide terminal the name column stops here (wider only for a longer name), so the numbers
stay next to the names instead of at the far edge."""


COLUMNS = (
    Column("#", 2, key="n"),
    Column("Cód.", 4, key="code"),
    Column("Produto", LEAST_NAME, key="name"),
    Column("Qtd", 3, right=True, key="qty"),
    Column("Unit.", 5, right=True, key="unit"),
    Column("Total", 5, right=True, key="total"),
)
NAME = 2
"""The column that stretches: the product name."""

Line = Sequence[str]
"""One cart line as shown: #, code, name, quantity, unit price, total (already one line each)."""


def column_widths(room: int, lines: Sequence[Line], cell_padding: int = 1) -> tuple[int, ...]:
    """The width of each column for a table `room` cells wide, the scrollbar's columns kept free
    even before it shows (a long cart would otherwise push Total under it): the name
    takes the rest, up to WIDE_NAME or its longest name (tui.common.columns)."""
    return fit_widths(room - SCROLLBAR, COLUMNS, lines, NAME, cell_padding=cell_padding, wide=WIDE_NAME)


def cell(text: str, column: Column) -> Text:
    """A cell's text, never read as markup; cut with "…" when its column is narrower."""
    return Text(text, justify="right" if column.right else "left", no_wrap=True, overflow="ellipsis")


class CartTable(DataTable):
    def __init__(self, **kwargs) -> None:
        self._cells: LRUCache[tuple, list] = LRUCache(CELLS_KEPT)  # DataTable's init clears caches
        self._after_measure: list[Callable[[], object]] = []
        self._lines: list[tuple[str, ...]] = []
        self._widths: tuple[int, ...] = ()
        super().__init__(**kwargs)

    def show_lines(self, lines: Sequence[Line], room: int) -> None:
        """Shows the cart's `lines` in a table `room` cells wide. Lines rung up after the ones
        shown are added; anything else (a line removed, a new sale, new column widths) draws the
        table again."""
        lines = [tuple(line) for line in lines]
        widths = column_widths(room, lines, self.cell_padding)
        kept = len(self._lines)
        if widths != self._widths or lines[:kept] != self._lines or self.row_count != kept:
            self.clear(columns=True)
            for column, width in zip(COLUMNS, widths):
                self.add_column(cell(column.label, column), width=width, key=column.key)
            self._widths = widths
            kept = 0
        self._lines = lines
        for line in lines[kept:]:
            self.add_row(*(cell(text, column) for text, column in zip(line, COLUMNS)))

    def right_edge(self) -> int:
        """Where the Total column's text ends, counted from the table's left edge."""
        return sum(self._widths) + 2 * self.cell_padding * len(self._widths) - self.cell_padding

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
            row_index,
            column_index,
            base_style,
            width,
            cursor,
            hover,
            self.show_cursor,
            self._show_hover_cursor,
            self._pseudo_class_state,
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
