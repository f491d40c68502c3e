"""How a PDV run ends, whatever ends it: Ctrl+Q, SIGTERM (the system stops it), SIGHUP (the
ssh session dropped) or SIGINT.

`Shutdown` is entered around a whole run (`with Shutdown() as shutdown:`). It owns the run's
cleanups (the embedded simulated services, the demo database folder) and runs each exactly once
on the way out. While it is entered, SIGTERM, SIGHUP and SIGINT never kill the process where it
stands (their default, which leaves the terminal in the alternate screen with mouse reporting
on, and the temporary folders behind; Textual 8.2.8 installs no handler for them):

- before the app runs, they raise SystemExit: the cleanups run as the stack unwinds;
- while the app runs (`running(app)`), the app is asked to leave (`leave_on_signal`): a sale in
  progress is discarded and audited (bounded wait) and the app exits, so Textual's driver
  restores the terminal;
- once the app has ended, the cleanup under way simply goes on.

A watchdog bounds the whole: if the process is still there GRACE seconds after the signal
(GONE_GRACE when the terminal itself is gone, where Textual's exit blocks on its writer), the
terminal is restored by hand, the cleanups run and the process ends with 128 + the signal.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any, Protocol

LEAVE_SIGNALS = (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)
GRACE = 10.0
"""Seconds from the signal to the forced end (the clean way takes well under 5)."""
GONE_GRACE = 3.0
"""The same when the terminal is gone (the ssh session dropped): Textual's exit would block on
its writer, so only the bounded discard of a sale in progress (2 s) is waited for."""

RESTORE_TERMINAL = (
    "\x1b[?1000l\x1b[?1003l\x1b[?1015l\x1b[?1006l"  # mouse reporting off
    "\x1b[?2004l"  # bracketed paste off
    "\x1b[?7h"  # line wrap back on
    "\x1b[<u"  # kitty keyboard protocol off
    "\x1b[?1049l"  # leave the alternate screen
    "\x1b[?25h"  # show the cursor
    "\x1b[?1004l"  # focus reporting off
)
"""What Textual's LinuxDriver.stop_application_mode writes, for the forced end."""


class Leaves(Protocol):
    """The app as Shutdown sees it (PdvApp)."""

    _loop: Any

    def leave_on_signal(self, signum: int) -> None: ...


class Shutdown:
    def __init__(self, grace: float = GRACE) -> None:
        self.grace = grace
        self.signalled: int | None = None
        """The first leave signal received, if any."""
        self._cleanups: list[tuple[Callable[..., object], tuple]] = []
        self._lock = threading.Lock()
        self._app: Leaves | None = None
        self._ended = False
        self._previous: dict[int, Any] = {}
        self._tty_attrs: tuple[int, list] | None = None
        self._watchdog: threading.Timer | None = None

    # --- the run ------------------------------------------------------------------------------

    def __enter__(self) -> Shutdown:
        self._tty_attrs = _terminal_attributes()
        for signum in LEAVE_SIGNALS:
            self._previous[signum] = signal.signal(signum, self._on_signal)
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._ended = True
        try:
            self.run_cleanups()
        finally:
            for signum, previous in self._previous.items():
                signal.signal(signum, previous)
            if self._watchdog is not None:
                self._watchdog.cancel()

    @contextmanager
    def running(self, app: Leaves) -> Iterator[None]:
        """While the app runs, a signal asks it to leave instead of ending the process."""
        self._app = app
        try:
            yield
        finally:
            self._app = None
            self._ended = True

    @property
    def exit_code(self) -> int | None:
        """128 + the signal that ended the run (the shell's convention), if one did."""
        return None if self.signalled is None else 128 + self.signalled

    # --- cleanups -----------------------------------------------------------------------------

    def add_cleanup(self, function: Callable[..., object], *args: object) -> None:
        """Runs on the way out, last added first; each exactly once, errors ignored."""
        with self._lock:
            self._cleanups.append((function, args))

    def temporary_folder(self, prefix: str) -> Path:
        """A new folder under the system's temporary folder, removed on the way out."""
        folder = Path(tempfile.mkdtemp(prefix=prefix))
        self.add_cleanup(shutil.rmtree, folder, True)
        return folder

    def run_cleanups(self) -> None:
        while True:
            with self._lock:
                if not self._cleanups:
                    return
                function, args = self._cleanups.pop()
            try:
                function(*args)
            except Exception:  # one failing cleanup never keeps the others from running
                pass

    # --- signals ------------------------------------------------------------------------------

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        first = self.signalled is None
        if first:
            self.signalled = signum
            self._start_watchdog(signum, GONE_GRACE if self._terminal_gone() else self.grace)
        if self._ended:
            return  # the cleanup is already under way
        app = self._app
        loop = getattr(app, "_loop", None) if app is not None else None
        if loop is not None:
            if first:
                loop.call_soon_threadsafe(app.leave_on_signal, signum)
            return
        if first:
            raise SystemExit(128 + signum)

    def _terminal_gone(self) -> bool:
        """Was there a terminal, and has it hung up (its ioctls fail from then on)?"""
        if self._tty_attrs is None:
            return False
        try:
            import termios

            termios.tcgetattr(self._tty_attrs[0])
        except Exception:
            return True
        return False

    def _start_watchdog(self, signum: int, grace: float) -> None:
        self._watchdog = threading.Timer(min(grace, self.grace), self._force_end, args=(signum,))
        self._watchdog.daemon = True
        self._watchdog.start()

    def _force_end(self, signum: int) -> None:
        """The clean way did not finish in time: restore the terminal by hand and end. Each
        step runs in a thread of its own with a bound (a write to a stuck terminal blocks)."""
        for step, bound in ((lambda: _restore_terminal(self._tty_attrs), 1.0), (self.run_cleanups, 5.0)):
            worker = threading.Thread(target=step, name="pdv-forced-end", daemon=True)
            worker.start()
            worker.join(bound)
        os._exit(128 + signum)


def _terminal_attributes() -> tuple[int, list] | None:
    """The terminal's settings before the app changes them, for the forced end."""
    try:
        import termios

        fd = sys.__stdin__.fileno()
        return fd, termios.tcgetattr(fd)
    except Exception:  # not a terminal (a pipe, a test): nothing to restore
        return None


def _restore_terminal(attrs: tuple[int, list] | None) -> None:
    try:
        os.write(sys.__stderr__.fileno(), RESTORE_TERMINAL.encode())
    except Exception:  # the terminal is gone
        pass
    if attrs is not None:
        try:
            import termios

            termios.tcsetattr(attrs[0], termios.TCSANOW, attrs[1])
        except Exception:
            pass
