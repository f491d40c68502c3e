"""Main menu: every module with its F-key; a locked module says so in words."""
from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.modules import MENU
from tui.screens.base import PdvScreen


class MenuScreen(PdvScreen):
    BINDINGS = [
        *[Binding(entry.key, f"open('{entry.module.value}')", entry.short) for entry in MENU],
        Binding("f10", "logout", "Sair"),
        Binding("escape", "logout", "Sair", show=False),
    ]

    def compose_body(self) -> ComposeResult:
        with Center():
            with Vertical(id="menu-box", classes="form-box"):
                yield Static("Menu principal", classes="box-title")
                yield OptionList(id="menu-options")

    def on_mount(self) -> None:
        self.refresh_options()
        self.query_one("#menu-options", OptionList).focus()

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        self.refresh_options()

    def refresh_options(self) -> None:
        session = self.app.session
        options = self.query_one("#menu-options", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        for entry in MENU:
            label = Text(f"{entry.key.upper():<3}  {entry.module.label}")
            if session is not None and not session.is_allowed(entry.module):
                label = Text.assemble(label, " - ", ("BLOQUEADO", "bold"))
            options.add_option(Option(label, id=entry.module.value))
        options.add_option(Option("F10  Sair", id="sair"))
        options.highlighted = highlighted if highlighted is not None else 0

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
