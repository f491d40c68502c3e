"""Writing to the store from a screen without freezing it: the write runs in a thread worker
(core.kernel.store.write_retrying), the screen shows that it is working (a turning spinner, the
seconds, "Banco de dados ocupado, tentando de novo..." while another terminal holds the lock)
and holds the keys typed meanwhile (tui.keys) until the answer is in, so they go to whatever
comes next: the cupom, the next sale.

What the cashier was doing (the Draft, the amount typed) stays on screen until the store says
it is stored; a refusal or a store that stays busy is told and nothing is lost.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from textual.message import Message
from textual.worker import Worker, WorkerState

SPINNER = "|/-\\"
TICK = 0.25
"""Seconds between two turns of the spinner."""


@dataclass(frozen=True)
class Written:
    """What a write worker returns: the value stored, or the PdvError's message."""

    value: Any = None
    error: str | None = None


class StoreBusyNow(Message):
    """Posted from the write thread each time the lock was refused."""

    def __init__(self, waited: float) -> None:
        super().__init__()
        self.waited = waited


class StoreWriter:
    """Mixin for a Screen. The screen implements `show_write_progress(text)` (where it says
    what is going on) and passes `done`/`failed` callbacks to `write_to_store`."""

    holds_keys = False
    """True while a write is under way (tui.keys holds the keys typed meanwhile)."""
    writing = False
    _write_worker: Worker | None = None
    _write_timer = None
    _write_callbacks: tuple[Callable[[Any], None], Callable[[str], None]] | None = None
    _write_text = ""
    _write_started = 0.0
    _write_busy = False
    _write_step = 0

    def show_write_progress(self, text: str) -> None:
        raise NotImplementedError

    def write_to_store(
        self,
        work: Callable[[], Any],
        *,
        saying: str,
        done: Callable[[Any], None],
        failed: Callable[[str], None],
    ) -> bool:
        """Starts `work` (a core service's write) off the UI thread; False if one is already
        under way. `done(value)` or `failed(message)` is called on the UI thread."""
        if self.writing:
            return False
        self.writing = True
        self.holds_keys = True
        self._write_callbacks = (done, failed)
        self._write_text = saying
        self._write_started = time.monotonic()
        self._write_busy = False
        self._write_step = 0
        self._show_write_progress()
        self._write_timer = self.set_interval(TICK, self._show_write_progress)  # type: ignore[attr-defined]
        db = self.app.context.db  # type: ignore[attr-defined]
        self._write_worker = self.run_worker(  # type: ignore[attr-defined]
            partial(self._write_in_thread, db, work),
            thread=True,
            group="store-write",
            exit_on_error=False,
            description=saying,
        )
        return True

    def _write_in_thread(self, db: Any, work: Callable[[], Any]) -> Written:
        from core.kernel.errors import PdvError
        from core.kernel.store import write_retrying

        try:
            return Written(write_retrying(db, work, on_busy=lambda waited: self.post_message(StoreBusyNow(waited))))  # type: ignore[attr-defined]
        except PdvError as exc:
            return Written(error=str(exc))
        finally:
            db.close()  # this thread's own connection (peewee keeps one per thread)

    def on_store_busy_now(self, message: StoreBusyNow) -> None:
        message.stop()
        if self.writing and not self._write_busy:
            from core.kernel.error_log import log_line

            self._write_busy = True
            log_line(f"Banco de dados ocupado ao gravar ({self._write_text}); tentando de novo.")
            self._show_write_progress()

    def _show_write_progress(self) -> None:
        from core.kernel.store import BUSY_TEXT

        frame = SPINNER[self._write_step % len(SPINNER)]
        self._write_step += 1
        text = BUSY_TEXT if self._write_busy else self._write_text
        seconds = int(time.monotonic() - self._write_started)
        self.show_write_progress(f"{frame} {text}" + (f" ({seconds} s)" if seconds else ""))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The write's answer. A failed worker's message goes on to the app (logged, told);
        this screen only leaves its writing state and says what was not stored."""
        if event.worker is not self._write_worker or event.state not in (
            WorkerState.SUCCESS,
            WorkerState.ERROR,
            WorkerState.CANCELLED,
        ):
            return
        callbacks = self._write_callbacks
        self._write_worker = None
        self._write_callbacks = None
        if self._write_timer is not None:
            self._write_timer.stop()
            self._write_timer = None
        try:
            if callbacks is None or event.state is WorkerState.CANCELLED:
                return
            done, failed = callbacks
            if event.state is WorkerState.ERROR:
                from tui.common.errors import user_message

                failed(user_message(event.worker.error))  # type: ignore[arg-type]
                return
            event.stop()
            written: Written = event.worker.result  # type: ignore[assignment]
            if written.error is not None:
                failed(written.error)
            else:
                done(written.value)
        finally:
            self.writing = False
            self.holds_keys = False
