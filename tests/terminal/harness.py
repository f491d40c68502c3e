"""The real `pdv` in a pseudo-terminal, read back through a terminal emulator (pyte).

A `Terminal` starts the installed console script as a child process on a pty of a given size,
feeds everything it writes into a pyte screen from a reader thread, sends keys as the bytes a
terminal sends (bursts in one write included) and waits on what the emulated screen shows. Every
wait polls the screen until a condition holds or a deadline passes: there are no fixed sleeps
standing in for waits. A failed wait raises `ScreenTimeout` with the emulated screen in its text.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import shutil
import signal
import struct
import sys
import termios
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import pyte

# The bytes an xterm sends for each key (application keypad off, as Textual leaves it).
KEYS = {
    "f1": "\x1bOP",
    "f2": "\x1bOQ",
    "f3": "\x1bOR",
    "f4": "\x1bOS",
    "f5": "\x1b[15~",
    "f6": "\x1b[17~",
    "f7": "\x1b[18~",
    "f8": "\x1b[19~",
    "f9": "\x1b[20~",
    "f10": "\x1b[21~",
    "f11": "\x1b[23~",
    "f12": "\x1b[24~",
    "enter": "\r",
    "esc": "\x1b",
    "tab": "\t",
    "shift+tab": "\x1b[Z",
    "backspace": "\x7f",
    "up": "\x1b[A",
    "down": "\x1b[B",
    "right": "\x1b[C",
    "left": "\x1b[D",
    "home": "\x1b[H",
    "end": "\x1b[F",
    "delete": "\x1b[3~",
    "pageup": "\x1b[5~",
    "pagedown": "\x1b[6~",
    "ctrl+q": "\x11",
    "ctrl+c": "\x03",
    "ctrl+p": "\x10",
    "space": " ",
}
DEFAULT_TIMEOUT = float(os.environ.get("PDV_TERMINAL_TIMEOUT", "20"))


def pdv_executable() -> str:
    """The console script installed beside the interpreter running the tests (.venv/bin/pdv)."""
    beside = Path(sys.executable).with_name("pdv")
    if beside.exists():
        return str(beside)
    found = shutil.which("pdv")
    if not found:
        raise RuntimeError("the `pdv` console script is not installed (pip install -e .)")
    return found


class ScreenTimeout(AssertionError):
    """What a person would have seen when the expected thing did not appear."""


class Terminal:
    """One `pdv` process on a pseudo-terminal of `columns` x `lines`."""

    def __init__(
        self,
        args: Sequence[str],
        *,
        home: Path,
        columns: int = 80,
        lines: int = 24,
        env: dict[str, str] | None = None,
    ) -> None:
        self.columns, self.lines = columns, lines
        self.home = home
        self.screen = pyte.Screen(columns, lines)
        self.stream = pyte.ByteStream(self.screen)
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self.raw = bytearray()
        self.exit_status: int | None = None
        child_env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("PYTEST", "PDV_", "TEXTUAL", "XDG_")) and key not in {"NO_COLOR", "COLUMNS", "LINES"}
        }
        child_env.update(
            HOME=str(home),
            TERM="xterm-256color",
            COLORTERM="truecolor",
            LANG="C.UTF-8",
            XDG_CONFIG_HOME=str(home / ".config"),
            XDG_DATA_HOME=str(home / ".local/share"),
            XDG_STATE_HOME=str(home / ".local/state"),
            XDG_CACHE_HOME=str(home / ".cache"),
            PYTHONDONTWRITEBYTECODE="1",
        )
        child_env.update(env or {})
        argv = [pdv_executable(), *args]
        pid, fd = pty.fork()
        if pid == 0:  # the child: a terminal of the right size from its first write
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
                os.execve(argv[0], argv, child_env)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        os.set_inheritable(fd, False)  # a pdv started later must not hold this terminal open
        self._hanging_up = threading.Event()
        self._closed = False
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
        self._reader = threading.Thread(target=self._read, name=f"pty-{pid}", daemon=True)
        self._reader.start()

    # --- output -------------------------------------------------------------------------------

    def _read(self) -> None:
        while True:
            try:
                ready, _, _ = select.select([self.fd], [], [], 0.1)  # wakes up to see a hang_up()
                if self._hanging_up.is_set():
                    return
                if not ready:
                    continue
                data = os.read(self.fd, 65536)
            except (OSError, ValueError):
                data = b""
            with self._changed:
                if not data:
                    self.exit_status = self._reap()
                    self._changed.notify_all()
                    return
                self.raw += data
                self.stream.feed(data)
                self._changed.notify_all()

    def _reap(self) -> int:
        try:
            _, status = os.waitpid(self.pid, 0)
        except ChildProcessError:
            return -1
        return os.waitstatus_to_exitcode(status)

    def text(self) -> str:
        """The emulated screen, one line per row (trailing spaces kept off)."""
        with self._lock:
            return "\n".join(line.rstrip() for line in self.screen.display)

    def row(self, index: int) -> str:
        with self._lock:
            return self.screen.display[index].rstrip()

    def cursor_style(self, text: str) -> list:
        """pyte characters of the first occurrence of `text` (for attribute checks)."""
        with self._lock:
            for y, line in enumerate(self.screen.display):
                x = line.find(text)
                if x >= 0:
                    return [self.screen.buffer[y][x + i] for i in range(len(text))]
        return []

    @property
    def alive(self) -> bool:
        return self.exit_status is None

    # --- waiting ------------------------------------------------------------------------------

    def wait_until(self, condition: Callable[[str], bool], what: str, timeout: float | None = None) -> str:
        """Waits until `condition(screen text)` holds; returns that screen."""
        deadline = time.monotonic() + (timeout or DEFAULT_TIMEOUT)
        with self._changed:
            while True:
                screen = "\n".join(line.rstrip() for line in self.screen.display)
                if condition(screen):
                    return screen
                left = deadline - time.monotonic()
                if left <= 0 or self.exit_status is not None:
                    break
                self._changed.wait(min(left, 0.25))
        state = "ainda rodando" if self.exit_status is None else f"saiu com {self.exit_status}"
        raise ScreenTimeout(f"esperava {what} (pdv {state}); a tela mostra:\n{self.framed(screen)}")

    def wait_for(self, pattern: str, timeout: float | None = None, flags: int = 0) -> re.Match:
        """Waits for a regular expression on the screen; returns its match."""
        regex = re.compile(pattern, flags)
        self.wait_until(lambda screen: regex.search(screen) is not None, f"/{pattern}/", timeout)
        return regex.search(self.text())

    def wait_gone(self, pattern: str, timeout: float | None = None) -> str:
        regex = re.compile(pattern)
        return self.wait_until(lambda screen: regex.search(screen) is None, f"que /{pattern}/ sumisse", timeout)

    def wait_exit(self, timeout: float | None = None) -> int:
        deadline = time.monotonic() + (timeout or DEFAULT_TIMEOUT)
        with self._changed:
            while self.exit_status is None and time.monotonic() < deadline:
                self._changed.wait(0.25)
        if self.exit_status is None:
            raise ScreenTimeout(f"esperava o pdv sair; a tela mostra:\n{self.framed(self.text())}")
        return self.exit_status

    def framed(self, screen: str | None = None) -> str:
        screen = self.text() if screen is None else screen
        rows = screen.split("\n")
        rows += [""] * (self.lines - len(rows))
        bar = "+" + "-" * self.columns + "+"
        return "\n".join([bar, *(f"|{row.ljust(self.columns)}|" for row in rows), bar])

    # --- input --------------------------------------------------------------------------------

    def write(self, data: str | bytes) -> None:
        """Everything in one write(2): how ssh, type-ahead and a barcode scanner deliver keys."""
        payload = data.encode() if isinstance(data, str) else data
        while payload:
            written = os.write(self.fd, payload)
            payload = payload[written:]

    def press(self, *keys: str) -> None:
        """Named keys (f2, enter, esc, ...) sent together in one write."""
        self.write("".join(KEYS[key.lower()] for key in keys))

    def type(self, text: str) -> None:
        self.write(text)

    def resize(self, columns: int, lines: int) -> None:
        with self._lock:
            self.columns, self.lines = columns, lines
            self.screen.resize(lines, columns)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
        os.kill(self.pid, signal.SIGWINCH)

    # --- leaving ------------------------------------------------------------------------------

    def signal(self, signum: int) -> None:
        os.kill(self.pid, signum)

    def hang_up(self) -> None:
        """What a dropped ssh session does: the terminal's other side closes, for good (the
        kernel sends SIGHUP and the terminal answers nothing any more). `wait_exit` still works."""
        self._hanging_up.set()
        self._reader.join(timeout=5)
        fd, self.fd = self.fd, -1
        os.close(fd)

        def reap() -> None:
            status = self._reap()
            with self._changed:
                self.exit_status = status
                self._changed.notify_all()

        self._reader = threading.Thread(target=reap, name=f"reap-{self.pid}", daemon=True)
        self._reader.start()

    def close(self) -> None:
        """Ends the pdv (SIGTERM, then SIGKILL) and closes the terminal. Safe to call twice: the
        descriptor is closed once, and only when no reader thread can still use it (a number
        closed twice, or read after close, would belong to the next terminal opened)."""
        if self._closed:
            return
        self._closed = True
        if self.exit_status is None:
            for signum, grace in ((signal.SIGTERM, 5.0), (signal.SIGKILL, 5.0)):
                try:
                    os.kill(self.pid, signum)
                except ProcessLookupError:
                    break
                deadline = time.monotonic() + grace
                with self._changed:
                    while self.exit_status is None and time.monotonic() < deadline:
                        self._changed.wait(0.1)
                if self.exit_status is not None:
                    break
        self._hanging_up.set()  # a grandchild may hold the other side open: no EOF would come
        self._reader.join(timeout=5)
        fd, self.fd = self.fd, -1
        if fd >= 0 and not self._reader.is_alive():
            os.close(fd)
        if self.exit_status is None:
            try:
                os.waitpid(self.pid, os.WNOHANG)  # no zombie left behind
            except ChildProcessError:
                pass
