"""The command palette (Ctrl+P) in Portuguese, with the PDV's own commands only.

Textual's default commands (Theme, Quit, Keys, Screenshot...) are in English and are not
offered: PdvApp.COMMANDS names only PdvCommands. What a command may do is decided where the
keys decide it: a module is offered only from the main menu and only when the session may open
it (core: Session.is_allowed, which the menu's keys ask too); the Painel do instrutor only when
core.trainer.panel.panel_refusal allows it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from rich.align import Align
from rich.text import Text
from textual.command import CommandPalette, DiscoveryHit, Hit, Hits, Provider, SearchIcon
from textual.theme import ThemeProvider
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from textual.screen import Screen

    from tui.app import PdvApp

PLACEHOLDER = "Digite um comando ou módulo…"
THEME_PLACEHOLDER = "Digite o nome de um tema…"
NO_MATCHES = "Nenhum comando encontrado"


@dataclass(frozen=True)
class PdvCommand:
    title: str
    help: str
    run: Callable[[], object]


class PdvCommandPalette(CommandPalette):
    """Textual's palette with its words in Portuguese."""

    def __init__(self, providers=None, placeholder: str = PLACEHOLDER) -> None:
        super().__init__(providers, placeholder=placeholder, id="--command-palette")

    def on_mount(self) -> None:
        # a thin terminal (TERM=linux) or a browser without an emoji font cannot draw the 🔎
        self.query_one(SearchIcon).icon = ">"

    def close(self) -> None:
        """As Esc does."""
        self._action_escape()

    def _start_no_matches_countdown(self, search_value: str) -> None:
        """As Textual's, with "No matches found" said in Portuguese."""
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                from textual.command import CommandList

                self.query_one(CommandList).add_option(
                    Option(Align.center(Text(NO_MATCHES, style="not bold")), disabled=True, id=self._NO_MATCHES)
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)


def pdv_commands(app: PdvApp, screen: Screen) -> list[PdvCommand]:
    """The commands that make sense on `screen` (the one under the palette), in the order
    shown."""
    from core.trainer.panel import panel_refusal
    from tui.login.menu import MenuScreen
    from tui.modules import MENU
    from tui.trainer.panel import InstructorPanel

    commands: list[PdvCommand] = []
    session = app.session
    if session is not None and isinstance(screen, MenuScreen):
        for entry in MENU:
            if entry.screen is not None and session.is_allowed(entry.module):
                commands.append(
                    PdvCommand(
                        entry.module.label,
                        f"Abre o módulo ({entry.key.upper()} no menu)",
                        partial(app.open_module, entry.module.value),
                    )
                )
    if (
        app.context is not None
        and not isinstance(screen, InstructorPanel)
        and panel_refusal(app.config, session) is None
    ):
        commands.append(
            PdvCommand("Painel do instrutor", "Situação das filiais e do LGPData (F12)", app.action_instructor_panel)
        )
    commands.append(PdvCommand("Tema", "Troca as cores do PDV (só nesta execução)", app.choose_theme))
    commands.append(
        PdvCommand(
            "Captura de tela",
            "Grava esta tela num arquivo SVG e diz onde",
            partial(app.set_timer, 0.1, app.save_pdv_screenshot),
        )
    )
    commands.append(
        PdvCommand("Sair do PDV", "Fecha o PDV (Ctrl+Q); com uma venda em andamento, pergunta antes", app.action_quit)
    )
    return commands


class PdvCommands(Provider):
    """The PDV's commands, listed when the palette opens and filtered as one types."""

    def _commands(self) -> list[PdvCommand]:
        return pdv_commands(self.app, self.screen)  # type: ignore[arg-type]

    async def discover(self) -> Hits:
        for command in self._commands():
            yield DiscoveryHit(command.title, command.run, help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._commands():
            score = matcher.match(command.title)
            if score > 0:
                yield Hit(score, matcher.highlight(command.title), command.run, help=command.help)


def theme_palette() -> PdvCommandPalette:
    return PdvCommandPalette(providers=[ThemeProvider], placeholder=THEME_PLACEHOLDER)


def screenshot_folder() -> Path:
    """The user's Documents folder when there is one, else the PDV's data folder."""
    from platformdirs import user_data_path, user_documents_path

    documents = user_documents_path()
    if documents.is_dir():
        return documents
    return user_data_path("pdv-sim", appauthor=False) / "capturas"


def screenshot_path(folder: Path, moment: datetime) -> Path:
    """pdv-AAAA-MM-DD_HH-MM-SS.svg in `folder`, never over an existing file."""
    stem = f"pdv-{moment:%Y-%m-%d_%H-%M-%S}"
    path = folder / f"{stem}.svg"
    number = 2
    while path.exists():
        path = folder / f"{stem}-{number}.svg"
        number += 1
    return path
