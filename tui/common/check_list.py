"""A SelectionList whose boxes say their state in text: "[X]" marked, "[ ]" not.

Textual's own box draws the same "X" for both states and tells them apart by colour only,
which a monochrome terminal (NO_COLOR, 16 colours over SSH) does not show."""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import OptionList, SelectionList
from textual.widgets.option_list import OptionDoesNotExist

MARKED = "[X] "
UNMARKED = "[ ] "


class CheckList(SelectionList):
    def _get_left_gutter_width(self) -> int:
        return len(MARKED)

    def render_line(self, y: int) -> Strip:
        line = OptionList.render_line(self, y)  # the prompt, without SelectionList's coloured box
        _, scroll_y = self.scroll_offset
        try:
            selection = self.get_option_at_index(scroll_y + y)
        except OptionDoesNotExist:
            return line
        box = MARKED if selection.value in self._selected else UNMARKED
        style = next(iter(line)).style or self.rich_style
        return Strip([Segment(box, style), *line])
