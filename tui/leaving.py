"""Leaving the PDV: Ctrl+Q asks first when leaving would lose work; a signal leaves without asking.

What would be lost is core's answer (core.sales.leaving: the sales and pre-sales in progress), plus
what a screen on the stack says it holds in its `unfinished_work` attribute (a título being
received). On "yes" the sale is discarded through core, which audits it, and only then the PDV
exits. The discard runs off the UI thread and is waited for a bounded time: a locked database
never freezes the screen, and a signal never waits for long.
"""

from __future__ import annotations

import asyncio
import signal
import threading
from typing import TYPE_CHECKING

from core.sales.leaving import QUIT_REASON, SIGNAL_REASONS, DiscardResult, discard_unfinished, unfinished_work
from tui.common.message import MessageDialog
from tui.common.yes_no import YesNoDialog

if TYPE_CHECKING:
    from tui.app import PdvApp

QUIT_DISCARD_TIMEOUT = 15.0
"""Ctrl+Q: longest wait (s) for the discard to be stored (a locked SQLite waits 10 s)."""
SIGNAL_DISCARD_TIMEOUT = 2.0
"""SIGTERM/SIGHUP: longest wait (s) for the discard; then the PDV leaves anyway."""


class LeaveDialog(YesNoDialog):
    """The question Ctrl+Q asks when leaving would lose work (shown even on a small terminal)."""

    SHOWN_ON_SMALL_TERMINAL = True


def leaving_question(app: PdvApp) -> str | None:
    """What to ask before leaving, or None when nothing would be lost."""
    work = unfinished_work(app.session)
    if work:
        return f"Há uma {work[0].noun} em andamento. Descartar e sair do PDV?"
    for screen in reversed(app.screen_stack):
        held = getattr(screen, "unfinished_work", None)
        if held:
            return f"{held} Sair do PDV mesmo assim?"
    return None


def quit_asking(app: PdvApp) -> None:
    """Ctrl+Q: exits at once when nothing is in progress; otherwise asks, like Esc does."""
    if app.leaving or isinstance(app.screen, LeaveDialog):
        return  # the question is up (or the PDV is already on its way out): it stands
    question = leaving_question(app)
    if question is None:
        app.leaving = "quit"
        app.exit()
        return

    def answered(yes: bool | None) -> None:
        if yes:
            app.leaving = "quit"  # a Ctrl+Q meanwhile does not ask again
            app.run_worker(_discard_and_exit(app), group="leaving", exclusive=True, exit_on_error=False)

    app.push_screen(LeaveDialog("Sair do PDV", question, yes="Descartar e sair", no="Continuar"), answered)


async def _discard_and_exit(app: PdvApp) -> None:
    result = await discard_off_thread(app, QUIT_REASON, QUIT_DISCARD_TIMEOUT)
    if result is None or not result.ok:
        why = "o banco de dados não respondeu a tempo" if result is None else "; ".join(result.failures)
        if app.leaving == "quit":
            app.leaving = None
        app.push_screen(
            MessageDialog("Sair do PDV", f"A venda não pôde ser descartada ({why}). O PDV continua aberto.")
        )
        return
    app.exit()


def leave_on_signal(app: PdvApp, signum: int) -> None:
    """SIGTERM, SIGHUP, SIGINT while the app runs (see tui.shutdown): discard what is in
    progress (audited, best effort, bounded) and exit; Textual's driver restores the terminal.
    It takes over from a Ctrl+Q on its way out (whose worker it replaces)."""
    if app.leaving == "signal":
        return
    app.leaving = "signal"
    code = 128 + signum
    if not app.is_running:
        app.exit(return_code=code)
        return
    app.run_worker(_leave_after_signal(app, signum), group="leaving", exclusive=True, exit_on_error=False)


async def _leave_after_signal(app: PdvApp, signum: int) -> None:
    try:
        reason = SIGNAL_REASONS.get(signal.Signals(signum).name, f"sinal {signum}")
        await discard_off_thread(app, reason, SIGNAL_DISCARD_TIMEOUT)
    finally:
        app.exit(return_code=128 + signum)


async def discard_off_thread(app: PdvApp, reason: str, timeout: float) -> DiscardResult | None:
    """core.sales.leaving.discard_unfinished in a thread of its own; None if it took longer than
    `timeout` (it may still finish later). A daemon thread, not the loop's executor: a
    discard stuck on a locked database never holds the process at exit."""
    context, session = app.context, app.session
    if context is None or not unfinished_work(session):
        return DiscardResult(0)
    loop = asyncio.get_running_loop()
    done: asyncio.Future[DiscardResult] = loop.create_future()

    def finish(result: DiscardResult) -> None:
        if not done.done():
            done.set_result(result)

    def run() -> None:
        try:
            result = discard_unfinished(context, session, reason)
        except BaseException as exc:  # never lost in a thread: told to the waiting side
            result = DiscardResult(0, (f"{exc.__class__.__name__}: {exc}",))
        finally:
            try:
                context.db.close()  # this thread's own connection
            except Exception:
                pass
        try:
            loop.call_soon_threadsafe(finish, result)
        except RuntimeError:  # the loop is gone: nobody is waiting any more
            pass

    threading.Thread(target=run, name="pdv-discard", daemon=True).start()
    try:
        return await asyncio.wait_for(asyncio.shield(done), timeout)
    except TimeoutError:
        return None
