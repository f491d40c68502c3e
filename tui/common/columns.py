"""Table columns that fit the terminal: each column as wide as its widest cell (its heading at
least, within its own bounds) and one column, a name, stretching into the room left, so that at
80 columns nothing scrolls sideways and a long name ends in "…" instead of pushing the numbers
off the screen (the cart, Recebimento, Convênios, the customer's LGPD tab)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from textual.widgets import DataTable

SCROLLBAR = 2
"""The vertical scrollbar's width (Textual's default)."""


@dataclass(frozen=True)
class Column:
    label: str
    least: int = 0
    """The narrowest the column gets."""
    most: int | None = None
    """The widest (its heading at least); None: as wide as its widest cell."""
    right: bool = False
    key: str | None = None


def fit_widths(
    room: int,
    columns: Sequence[Column],
    rows: Sequence[Sequence[str]],
    stretch: int,
    *,
    cell_padding: int = 1,
    wide: int = 0,
    edge: int = 0,
) -> tuple[int, ...]:
    """The width of each column (padding not counted) of a table `room` cells wide. Column
    `stretch` gets the room the others leave: never under its `least`, up to its longest cell or
    `wide`, whichever is more (on a wide terminal the numbers then stay near the names). `edge`:
    cells of the last column's blank right padding that may fall past the edge of a table that
    never scrolls sideways."""
    widths = []
    for i, column in enumerate(columns):
        width = max([column.least, cell_len(column.label), *(cell_len(row[i]) for row in rows)])
        if column.most is not None and i != stretch:
            width = min(width, max(column.most, cell_len(column.label)))
        widths.append(width)
    others = sum(width for i, width in enumerate(widths) if i != stretch)
    left = room - others - 2 * cell_padding * len(widths) + edge
    widths[stretch] = max(columns[stretch].least, min(left, max(wide, widths[stretch])))
    return tuple(widths)


def table_room(table: DataTable, row_count: int, fallback: int) -> int:
    """The cells a table has for its columns: its width (`fallback` before it is laid out), less
    the vertical scrollbar when the rows overflow its height."""
    room = table.content_region.width or fallback
    if row_count > table.content_region.height - table.header_height:
        room -= SCROLLBAR
    return room
