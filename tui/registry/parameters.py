"""Parâmetros (F7): the settings programs. Configuração de integração > Integração Portal LGPD."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.common.base import PdvScreen


class ParametersScreen(PdvScreen):
    BINDINGS = [Binding("escape", "app.pop_screen", "Voltar")]

    def compose_body(self) -> ComposeResult:
        with Center():
            with Vertical(id="parameters-box", classes="form-box"):
                yield Static("Parâmetros", classes="box-title")
                yield Static("Configuração de integração", classes="section-title")
                yield OptionList(
                    Option(
                        Text.assemble("Integração Portal LGPD  ", ("Clique aqui para configurar", "underline")),
                        id="lgpd",
                    ),
                    id="parameters-options",
                )

    def on_mount(self) -> None:
        self.query_one("#parameters-options", OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id == "lgpd":
            from tui.lgpd.settings import LgpdSettingsScreen

            self.app.push_screen(LgpdSettingsScreen())
