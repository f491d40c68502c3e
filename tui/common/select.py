"""A Select whose open list tells its key in Portuguese (Textual's says "Dismiss menu")."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Select
from textual.widgets._select import SelectCurrent, SelectOverlay


class PickList(SelectOverlay):
    """The open list of a PdvSelect: Esc closes it without choosing."""

    BINDINGS = [Binding("escape", "dismiss", "Fechar a lista")]


class PdvSelect(Select):
    """Select with the open list's key bar in Portuguese; everything else is Textual's."""

    def compose(self) -> ComposeResult:
        yield SelectCurrent(self.prompt)
        yield PickList(type_to_search=self._type_to_search).data_bind(compact=Select.compact)
