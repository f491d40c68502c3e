"""Main menu: every module with its F-key; a locked module says so in words."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.common.base import PdvScreen
from tui.modules import MENU


class MenuScreen(PdvScreen):
    # The menu itself lists every module with its key: the footer tells the keys it does not
    # (F1, F12 where the panel opens, Ctrl+Q), which would not fit beside the modules at 80x24.
    BINDINGS = [
        *[Binding(entry.key, f"open('{entry.module.value}')", entry.short, show=False) for entry in MENU],
        Binding("f1", "app.scenario_info", "Ajuda"),
        Binding("f10", "logout", "Sair"),
        Binding("escape", "logout", "Sair", show=False),
        Binding("f12", "panel", "Painel do instrutor"),
        Binding("ctrl+q", "app.quit", "Sair do PDV", priority=True),
    ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "panel":  # offered only where it opens (core decides); else the app's F12 says why
            from tui.common.scenario_info import panel_offered

            return panel_offered(self.app)
        return True

    def action_panel(self) -> None:
        self.app.action_instructor_panel()

    def compose_body(self) -> ComposeResult:
        with Center():
            with Vertical(id="menu-box", classes="form-box"):
                yield Static("Menu principal", classes="box-title")
                yield OptionList(id="menu-options")

    def on_mount(self) -> None:
        self.refresh_options()
        self.query_one("#menu-options", OptionList).focus()

    def on_screen_resume(self) -> None:
        self.refresh_options()

    def _labels(self) -> list[Text]:
        session = self.app.session
        labels = []
        for entry in MENU:
            label = Text(f"{entry.key.upper():<3}  {entry.module.label}")
            if session is not None and not session.is_allowed(entry.module):
                label = Text.assemble(label, " - ", ("BLOQUEADO", "bold"))
            labels.append(label)
        labels.append(Text("F10  Sair"))
        return labels

    def _marked(self, label: Text, highlighted: bool) -> Text:
        """The highlighted option also gets a '>' in front: a shape, not only a colour, so it
        stands out on a monochrome terminal or with NO_COLOR."""
        return Text.assemble("> " if highlighted else "  ", label)

    def refresh_options(self) -> None:
        options = self.query_one("#menu-options", OptionList)
        highlighted = options.highlighted if options.highlighted is not None else 0
        options.clear_options()
        ids = [entry.module.value for entry in MENU] + ["sair"]
        for index, (label, option_id) in enumerate(zip(self._labels(), ids)):
            options.add_option(Option(self._marked(label, index == highlighted), id=option_id))
        options.highlighted = highlighted

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        options = event.option_list
        for index, label in enumerate(self._labels()):
            options.replace_option_prompt_at_index(index, self._marked(label, index == event.option_index))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id == "sair":
            self.action_logout()
        else:
            self.action_open(event.option.id)

    def action_open(self, module: str) -> None:
        self.app.open_module(module)

    def action_logout(self) -> None:
        self.app.logout()
