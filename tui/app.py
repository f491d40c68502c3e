"""The PDV app: boots the context off the first paint, then login → session → menu → modules.

Only textual is imported at module level: what the login screen does not need (the database,
the HTTP clients) is loaded in a worker after the first screen is shown.

Workers post what they got as messages (BootDone; the login screen's Progress and Decided; the
Régua re-check's, tui.billing.watch); the screens change in those messages' handlers.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import events, on
from textual.app import App
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input
from textual.worker import Worker, WorkerState

from core.kernel.config import Config
from tui.billing.watch import BillingWatch
from tui.common.message import MessageDialog
from tui.login.screen import LoginScreen
from tui.unexpected import ErrorPolicy, Verdict, unpaintable_widget, unwrap

if TYPE_CHECKING:
    from core.kernel.context import AppContext
    from core.kernel.session import Session


def _pdv_commands():
    from tui.palette import PdvCommands

    return PdvCommands


class PdvApp(BillingWatch, App[int]):
    CSS_PATH = "pdv.tcss"
    TITLE = "PDV"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = {_pdv_commands}
    """Only the PDV's own commands (tui.palette): none of Textual's English defaults."""
    BINDINGS = [
        Binding("ctrl+q", "quit", "Sair do PDV", show=False, priority=True),
        Binding("ctrl+p", "command_palette", "Comandos", show=False, priority=True),
        Binding("ctrl+c", "help_quit", show=False, priority=True),  # on dialogs and the palette too
        Binding("f1", "scenario_info", "Ajuda", show=False),
        Binding("f12", "instructor_panel", "Painel do instrutor", show=False),
    ]

    recovers_from_errors = True
    """An exception in a handler or a worker is told in one line and logged; the PDV goes on
    (tui.unexpected). What still ends it: ErrorPolicy."""
    fail_tests_on_unexpected = True
    """Headless (Pilot, snapshots): an error the PDV recovered from still fails the test when
    the test ends, as one that ended the app would. A test that provokes one sets this False."""

    class BootDone(Message):
        """The boot worker's end: the context opened, or why not (`error`, one line)."""

        def __init__(self, context: AppContext | None, error: str = "") -> None:
            super().__init__()
            self.context = context
            self.error = error

    def __init__(
        self,
        *,
        config: Config | None = None,
        context: AppContext | None = None,
        boot: Callable[[], AppContext] | None = None,
    ) -> None:
        if os.environ.get("NO_COLOR"):
            # without colours a highlighted row or a focused field must still stand out
            self.CSS_PATH = ["pdv.tcss", "no_color.tcss"]
        super().__init__()
        self.config = config or (context.config if context else Config())
        self.demo = self.config.demo
        self.context: AppContext | None = context
        self._boot = boot
        self._context_loaded = asyncio.Event()
        self.session: Session | None = None
        self.status_text = ""
        self.boot_error: str | None = None
        self.branch_label = ""
        self.theme = self.config.theme
        self.error_policy = ErrorPolicy()
        from tui.keys import KeyRouter
        from tui.size_guard import SizeGuard

        self.size_guard = SizeGuard(self)
        self.leaving: str | None = None
        """Why the PDV is on its way out: "quit" (Ctrl+Q confirmed) or "signal" (tui.leaving)."""
        self.keys = KeyRouter(self, self._deliver_key)

    async def on_event(self, event: events.Event) -> None:
        """Keys from the terminal go through the KeyRouter: one at a time, each to the widget
        that has focus once the key before it has been dealt with. While the terminal is too
        small (tui.size_guard) input is not acted upon."""
        if self.size_guard.blocks(event):
            return
        if isinstance(event, events.Key) and not event.is_forwarded:
            await self.keys.take(event)
            return
        await super().on_event(event)

    async def _deliver_key(self, event: events.Key) -> None:
        """A key the KeyRouter delivers from its own task: an error it causes is one more
        unexpected error, never the end of the router (and of every key after it)."""
        try:
            await super().on_event(event)
        except Exception as error:
            self._handle_exception(error)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Thin terminals over SSH: a field's cursor does not blink (fewer repaints; stable
        snapshots too). Set as the field gets the focus, before its first blink (0.5 s)."""
        if isinstance(event.widget, Input):
            event.widget.cursor_blink = False

    # --- unexpected errors ------------------------------------------------------------------

    @on(Worker.StateChanged)
    def worker_failed(self, event: Worker.StateChanged) -> None:
        """The one place a failed worker ends up (its StateChanged bubbles up from its screen)."""
        worker = event.worker
        if event.state is WorkerState.ERROR and not worker.exit_on_error and worker.error is not None:
            self._handle_exception(worker.error, where=f"worker {worker.name or worker.group}")

    def _handle_exception(self, error: Exception, where: str = "") -> None:
        """Every unexpected error: logged (core.kernel.error_log); told in one line (a toast) while the
        PDV keeps running; or, when ErrorPolicy says so, the end with one line on stderr."""
        from core.kernel.error_log import log_line, log_unexpected
        from tui.common.errors import unexpected

        error = unwrap(error)
        try:
            where = where or self._error_place()
            closing = bool(self._exit or self._closing or self._closed)
            verdict = self.error_policy.judge(error, started=self._dom_ready, closing=closing)
            if verdict is Verdict.END:
                log_unexpected(error, where)
                self._end_on_error(error)
                return
            broken = unpaintable_widget(error)
            if broken is not None:
                broken.display = False
            if verdict is Verdict.QUIET:
                log_line(f"Falha repetida em {where}: {error.__class__.__name__}: {error}")
            else:
                self.notify(unexpected(error, where), title="Erro", severity="error", timeout=8, markup=False)
            if self.is_headless and self.fail_tests_on_unexpected and self._exception is None:
                self._exception = error
        except Exception:  # telling it failed too: end as Textual would, still without a traceback
            self._end_on_error(error)

    def _error_place(self) -> str:
        try:
            return f"tela {self.screen.__class__.__name__}"
        except Exception:
            return "início do PDV"

    def _end_on_error(self, error: BaseException) -> None:
        from core.kernel.error_log import log_path

        self._return_code = 1
        if self._exception is None:
            self._exception = error  # type: ignore[assignment]
            self._exception_event.set()
        if self._crash_line is None:
            self._crash_line = f"pdv: falha inesperada ({error.__class__.__name__}); detalhes em {log_path()}"
        self._close_messages_no_wait()

    _crash_line: str | None = None

    def _print_error_renderables(self) -> None:
        """At exit, after an error that ended the PDV: its one line on stderr (Textual would
        print the traceback, with the locals that hold secrets)."""
        if self._crash_line is None:
            super()._print_error_renderables()
            return
        self._exit_renderables.clear()
        print(self._crash_line, file=sys.stderr)
        self._crash_line = None

    # --- start-up ---------------------------------------------------------------------------

    def on_mount(self) -> None:
        self.size_guard.start()
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
            self.run_worker(self._boot_in_thread, thread=True, group="boot", exit_on_error=False)
        world = self.config.world
        if world is not None and world.process is None:
            world.start()

    def _boot_in_thread(self) -> None:
        try:
            context = self._boot()
        except Exception as exc:  # every boot failure becomes one line and a non-zero exit
            from storage.db import StorageError

            if not isinstance(exc, StorageError):  # not a database the user can fix: a bug
                from core.kernel.error_log import log_unexpected

                log_unexpected(exc, "abertura do banco de dados")
            self.post_message(self.BootDone(None, str(exc) or exc.__class__.__name__))
            return
        self.post_message(self.BootDone(context))

    def on_pdv_app_boot_done(self, message: BootDone) -> None:
        if message.context is None:
            self._boot_failed(message.error)
        else:
            self._context_ready(message.context)

    def _context_ready(self, context: AppContext) -> None:
        self.context = context
        branch = context.current_branch()
        self.branch_label = branch.trade_name or branch.name
        self._context_loaded.set()
        self.refresh_header()
        self.refresh_bindings()  # F1 Cenário is offered once there is a scenario to tell

    def _boot_failed(self, error: str) -> None:
        self.boot_error = error
        self.exit(return_code=2)

    def on_resize(self, event: events.Resize) -> None:
        self.size_guard.resized(event.size)

    # --- leaving (tui.leaving) --------------------------------------------------------------

    async def action_quit(self) -> None:
        """Ctrl+Q: leaves at once, or asks first when a sale is in progress."""
        from tui.leaving import quit_asking

        quit_asking(self)

    def action_help_quit(self) -> None:
        """Ctrl+C copies what is selected (a field's text, or text selected with the mouse), as
        Textual does; otherwise it says how the PDV is left, on every screen (Textual's own hint
        is in English, and on a dialog or the palette it says nothing)."""
        focused = self.focused
        selected = getattr(focused, "selected_text", "") if focused is not None else ""
        if not isinstance(selected, str) or not selected:
            selected = self.screen.get_selected_text() or ""
        if selected:
            self.copy_to_clipboard(selected)
            return
        from tui.palette import PdvCommandPalette

        if isinstance(self.screen, PdvCommandPalette):
            # Textual 8.2.8 does not draw a toast over the palette: closed, it is told below
            self.screen.close()
        self.notify("Ctrl+C não sai do PDV: use Ctrl+Q.", title="Sair do PDV")

    # --- command palette (tui.palette) ----------------------------------------------------

    def action_command_palette(self) -> None:
        """Ctrl+P: the palette, in Portuguese, with the PDV's commands."""
        from textual.command import CommandPalette

        from tui.palette import PdvCommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(PdvCommandPalette())

    def choose_theme(self) -> None:
        from tui.palette import theme_palette

        self.push_screen(theme_palette())

    def save_pdv_screenshot(self) -> None:
        """Captura de tela: this screen as SVG in the user's Documents (or data) folder."""
        from datetime import datetime

        from tui.palette import screenshot_folder, screenshot_path

        moment = self.context.clock.now() if self.context is not None else datetime.now()
        folder = screenshot_folder()
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = screenshot_path(folder, moment)
            path.write_text(self.export_screenshot(), encoding="utf-8")
        except OSError as exc:
            self.notify(
                f"Não foi possível gravar a captura em {folder}: {exc.strerror or exc}",
                title="Captura de tela",
                severity="error",
                markup=False,
            )
            return
        self.notify(f"Captura de tela salva em {path}", title="Captura de tela", markup=False, timeout=8)

    def leave_on_signal(self, signum: int) -> None:
        """SIGTERM, SIGHUP or SIGINT arrived while the app runs (tui.shutdown installs this)."""
        from tui.leaving import leave_on_signal

        leave_on_signal(self, signum)

    def refresh_header(self) -> None:
        from tui.common.header import PdvHeader

        for header in self.screen.query(PdvHeader):
            header.refresh_text()

    def action_scenario_info(self) -> None:
        """F1 on any screen: its keys; in demo mode also the scenario in force and what to
        press (tui.common.scenario_info)."""
        from tui.common.scenario_info import help_dialog

        if not isinstance(self.screen, MessageDialog):
            self.push_screen(help_dialog(self))

    def action_instructor_panel(self) -> None:
        """F12: the Painel do instrutor when core.kernel.permissions allows it (demo mode, or a
        supervisor logged in; never in classroom mode); otherwise the key says why not."""
        from core.trainer.panel import panel_refusal
        from tui.trainer.panel import InstructorPanel

        if isinstance(self.screen, InstructorPanel):
            return
        refusal = panel_refusal(self.config, self.session)
        if refusal is None and self.context is None:
            refusal = "Aguarde: o banco de dados ainda está sendo carregado."
        if refusal is not None:
            self.push_screen(MessageDialog("Painel do instrutor", refusal))
            return
        self.push_screen(InstructorPanel())

    # --- login / logout ---------------------------------------------------------------------

    async def login(self, user: str, password: str) -> LoginScreen.Decided:
        """Checks the user, then the Régua de Cobrança (for every user, every login), shows its
        dialogs and returns what core decided, for the login screen to show or to enter with (its
        handler of Decided; what it says meanwhile is posted to it as Progress). Runs in the login
        screen's worker: the screen stays live; it stays busy until Decided is handled."""
        from core.billing.client import BillingRoute
        from core.billing.service import BillingService
        from core.kernel.errors import PdvError
        from tui.billing.flow import present_decision

        screen = self.screen
        if not isinstance(screen, LoginScreen):
            return LoginScreen.Decided()
        if not self._context_loaded.is_set():
            screen.post_message(LoginScreen.Progress("Carregando o banco de dados..."))
            await self._context_loaded.wait()
        try:
            checked = self.context.auth.authenticate(user, password)
        except PdvError as exc:
            return LoginScreen.Decided(failed=str(exc))
        service = BillingService(self.context)
        screen.busy = True
        try:
            if service.route() is not BillingRoute.NONE:
                screen.post_message(LoginScreen.Progress("Consultando a Régua de Cobrança...", spinning=True))
            decision = await service.check(checked.login)
            screen.post_message(LoginScreen.Progress(""))
            final = await present_decision(self, service, decision, checked.login)
        except PdvError as exc:
            return LoginScreen.Decided(failed=str(exc))
        if final is None:
            service.deny_entry(checked.login, decision)
            return LoginScreen.Decided(refused="Acesso não permitido: Bloqueio Total da Régua de Cobrança.")
        return LoginScreen.Decided(session=service.enter(checked, final))

    def enter_session(self, session: Session) -> None:
        from tui.login.menu import MenuScreen

        self.session = session
        self.status_text = session.notice
        self.push_screen(MenuScreen())
        self._watch_billing(session)

    def set_status(self, text: str) -> None:
        """The status line of every screen in the stack (offline notice, re-check results)."""
        from tui.common.base import PdvScreen

        self.status_text = text
        for screen in self.screen_stack:
            if isinstance(screen, PdvScreen):
                screen.show_status(text)

    def logout(self) -> None:
        self._stop_billing_watch()
        if self.session is not None and self.context is not None:
            self.context.audit.record("logout", user=self.session.login, branch_cnpj=self.session.branch_cnpj)
        self.session = None
        self.status_text = ""
        while len(self.screen_stack) > 2:
            self.pop_screen()
        if not isinstance(self.screen, LoginScreen):
            self.pop_screen()

    # --- modules ----------------------------------------------------------------------------

    def open_module(self, module_value: str) -> None:
        from domain.enums import Module
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
