"""One place for the errors nobody planned for: the PDV keeps running, the cashier reads one
Portuguese line, the traceback goes to the error log (core.kernel.error_log), never to the terminal.

Textual ends the app on an exception in a message handler (the handler's message loop stops
for good) and on a failed worker. Here:

- every worker is started with `exit_on_error=False` (a test checks it), and its
  `Worker.StateChanged` bubbles from the screen that ran it up to the app, where one handler
  (PdvApp) turns `WorkerState.ERROR` into the line and the log;
- an exception raised while a message is dispatched (an `on_*` handler, an action, a key) is
  handed to `App._handle_exception` of an app that `recovers_from_errors` instead of
  stopping that widget's message loop;
- a widget whose drawing raises is hidden (it would fail on every repaint and freeze the whole
  screen), so the rest of the screen is drawn and the cashier can go on or leave;
- `ErrorPolicy` decides what still ends the app: an error before the first screen is drawn,
  MemoryError, and a storm of errors (an error that repeats itself, e.g. on every repaint).

KeyboardInterrupt and SystemExit are not `Exception`s: they go through untouched. textual is
pinned to one version in pyproject.toml; this wraps one private method, as tui.keys does.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum

from textual.message_pump import MessagePump
from textual.worker import Worker


class Verdict(str, Enum):
    SHOW = "show"
    """Log it, tell the cashier, keep running."""
    QUIET = "quiet"
    """Log it (briefly: the same error was just told), keep running."""
    END = "end"
    """Log it, end the app with one line on stderr."""


STORM_COUNT = 50
STORM_SECONDS = 10.0
"""This many errors within this many seconds: an error that feeds itself; the app ends."""
REPEAT_SECONDS = 5.0
"""The same error again within this time is logged, not told again."""


@dataclass
class ErrorPolicy:
    clock: Callable[[], float] = time.monotonic
    recent: deque = field(default_factory=deque)
    told: dict = field(default_factory=dict)

    def judge(self, error: BaseException, *, started: bool, closing: bool) -> Verdict:
        now = self.clock()
        self.recent.append(now)
        while self.recent and now - self.recent[0] > STORM_SECONDS:
            self.recent.popleft()
        if not started or isinstance(error, MemoryError) or len(self.recent) >= STORM_COUNT:
            return Verdict.END
        if closing:
            return Verdict.QUIET
        key = signature(error)
        last = self.told.get(key)
        if last is not None and now - last < REPEAT_SECONDS:
            return Verdict.QUIET
        if len(self.told) > 100:
            self.told = {k: t for k, t in self.told.items() if now - t < REPEAT_SECONDS}
        self.told[key] = now
        return Verdict.SHOW


def signature(error: BaseException) -> tuple:
    """What makes two errors the same one: their type, message and the line that raised."""
    tb = error.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    where = (tb.tb_frame.f_code.co_filename, tb.tb_lineno) if tb is not None else None
    return (type(error).__name__, str(error)[:200], where)


RENDER_FUNCTIONS = frozenset({"render", "_render", "render_line", "render_lines", "_render_content"})


def unpaintable_widget(error: BaseException):
    """The widget whose drawing raised `error`, or None when the error was not raised while
    drawing. Such a widget fails again on every repaint and takes the whole frame with it (a
    frozen screen); PdvApp hides it so the rest of the screen is drawn."""
    from textual.screen import Screen
    from textual.widget import Widget

    found = None
    tb = error.__traceback__
    while tb is not None:
        frame = tb.tb_frame
        if frame.f_code.co_name in RENDER_FUNCTIONS:
            candidate = frame.f_locals.get("self")
            if isinstance(candidate, Widget) and not isinstance(candidate, Screen):
                found = candidate
        tb = tb.tb_next
    return found


def unwrap(error: BaseException) -> BaseException:
    """The error itself, out of Textual's WorkerFailed wrapper."""
    from textual.worker import WorkerFailed

    if isinstance(error, WorkerFailed):
        return error.error
    return error


_dispatch = MessagePump._dispatch_message


async def _dispatch_recovering(self: MessagePump, message) -> None:
    try:
        await _dispatch(self, message)
    except Exception as error:
        try:
            app = self.app
        except Exception:
            raise error from None
        if not getattr(app, "recovers_from_errors", False):
            raise
        app._handle_exception(error)


MessagePump._dispatch_message = _dispatch_recovering  # type: ignore[method-assign]
Worker.StateChanged.bubble = True  # a screen's worker reports to the app (PdvApp.on_worker_failed)
