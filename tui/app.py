"""The PDV app: boots the context off the first paint, then login → session → menu → modules.

Only textual is imported at module level: what the login screen does not need (the database,
the HTTP clients) is loaded in a worker after the first screen is shown.
"""
from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.app import App
from textual.binding import Binding
from textual.widgets import Input

from core.config import Config
from tui.screens.login import LoginScreen
from tui.screens.message import MessageDialog

if TYPE_CHECKING:
    from core.context import AppContext
    from core.session import Session


# Thin terminals over SSH: no blinking cursor (fewer repaints; stable snapshots too).
Input.__dict__["cursor_blink"]._default = False


class PdvApp(App[int]):
    CSS_PATH = "pdv.tcss"
    TITLE = "PDV"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [
        Binding("ctrl+q", "quit", "Sair do PDV", show=False, priority=True),
        Binding("f1", "scenario_info", "Cenário", show=False),
    ]

    def __init__(
        self,
        *,
        config: Config | None = None,
        context: AppContext | None = None,
        boot: Callable[[], AppContext] | None = None,
    ) -> None:
        super().__init__()
        self.config = config or (context.config if context else Config())
        self.demo = self.config.demo
        self.context: AppContext | None = context
        self._boot = boot
        self._context_loaded = asyncio.Event()
        self.session: Session | None = None
        self.sale_in_progress = False
        """True while Venda or Pré-venda holds items or a customer: a re-check of the billing
        situation must not interrupt a sale in the middle (see sale_started / sale_finished)."""
        self.status_text = ""
        self.boot_error: str | None = None
        self.branch_label = ""
        self.theme = self.config.theme

    # --- start-up ---------------------------------------------------------------------------

    def on_mount(self) -> None:
        self.push_screen(LoginScreen())
        self.call_after_refresh(self._mark_first_screen)
        if self.context is not None:
            self._context_ready(self.context)

    def _mark_first_screen(self) -> None:
        """After the first paint: open the database (a thread) and start the embedded simulated
        services (a child process), which would otherwise compete with the first screen for the
        CPU; and, for the start-up benchmark, write the moment the first screen was painted."""
        marker = os.environ.get("PDV_READY_FILE")
        if marker:
            with open(marker, "w", encoding="utf-8") as handle:
                handle.write(repr(time.time()))
        if self.context is None and self._boot is not None:
            self.run_worker(self._boot_in_thread, thread=True, group="boot")
        world = self.config.world
        if world is not None and world.process is None:
            world.start()

    def _boot_in_thread(self) -> None:
        try:
            context = self._boot()
        except Exception as exc:  # every boot failure becomes one line and a non-zero exit
            self.call_from_thread(self._boot_failed, exc)
            return
        self.call_from_thread(self._context_ready, context)

    def _context_ready(self, context: AppContext) -> None:
        self.context = context
        branch = context.current_branch()
        self.branch_label = branch.trade_name or branch.name
        self._context_loaded.set()
        self.refresh_header()

    def _boot_failed(self, exc: Exception) -> None:
        self.boot_error = str(exc) or exc.__class__.__name__
        self.exit(return_code=2)

    def refresh_header(self) -> None:
        from tui.widgets.header import PdvHeader

        for header in self.screen.query(PdvHeader):
            header.refresh_text()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "scenario_info":
            return self.demo and self.context is not None
        return True

    def action_scenario_info(self) -> None:
        """Trainers: which scenario is in force and what to press (demo mode only)."""
        from tui.screens.scenario_info import scenario_dialog

        if self.demo and self.context is not None and not isinstance(self.screen, MessageDialog):
            self.push_screen(scenario_dialog(self))

    # --- login / logout ---------------------------------------------------------------------

    async def login(self, user: str, password: str) -> None:
        from core.errors import PdvError
        from core.login import start_session

        screen = self.screen
        if not isinstance(screen, LoginScreen):
            return
        if not self._context_loaded.is_set():
            screen.say("Carregando o banco de dados...")
            await self._context_loaded.wait()
        try:
            checked = self.context.auth.authenticate(user, password)
        except PdvError as exc:
            screen.failed(str(exc))
            return
        screen.say("")
        self.enter_session(start_session(self.context, checked))

    def enter_session(self, session: Session) -> None:
        from tui.screens.menu import MenuScreen

        self.session = session
        self.status_text = session.notice
        self.push_screen(MenuScreen())

    def logout(self) -> None:
        if self.session is not None and self.context is not None:
            self.context.audit.record("logout", user=self.session.login, branch_cnpj=self.session.branch_cnpj)
        self.session = None
        self.status_text = ""
        while len(self.screen_stack) > 2:
            self.pop_screen()
        if not isinstance(self.screen, LoginScreen):
            self.pop_screen()

    # --- a sale in progress ------------------------------------------------------------------

    def sale_started(self) -> None:
        """Sale screens call this when a sale gets its first item or customer."""
        self.sale_in_progress = True

    def sale_finished(self) -> None:
        """Sale screens call this when the sale is finalized, cancelled, aborted or left."""
        self.sale_in_progress = False

    # --- modules ----------------------------------------------------------------------------

    def open_module(self, module_value: str) -> None:
        from core.domain import Module
        from tui.modules import ENTRY_BY_MODULE, make_screen

        module = Module(module_value)
        if self.session is None:
            return
        if not self.session.is_allowed(module):
            self.push_screen(MessageDialog("Módulo bloqueado", self.session.locked[module]))
            return
        screen = make_screen(ENTRY_BY_MODULE[module])
        if screen is None:
            self.push_screen(
                MessageDialog(
                    module.label,
                    f"O módulo {module.label} ainda não foi construído neste simulador.",
                )
            )
            return
        self.push_screen(screen)
