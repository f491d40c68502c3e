"""Writing to the store when another terminal (or any process) may hold its write lock.

A write waits a short while for the lock, says the store is busy, and tries again, until it is
stored or a deadline passes (then StoreBusy: nothing was stored, the sale is still on screen).
Each attempt is one transaction, all or nothing, so trying again never stores anything twice.
Runs off the UI thread: the screen keeps drawing while it waits.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

import peewee

from core.kernel.errors import StoreBusy
from storage.db import is_busy_error, lock_wait

T = TypeVar("T")

BUSY_TEXT = "Banco de dados ocupado, tentando de novo..."
GAVE_UP_TEXT = (
    "Banco de dados ocupado por outro terminal: nada foi gravado. "
    "Tente de novo em instantes; os dados continuam na tela."
)
ATTEMPT_WAIT = 1.0
"""Seconds one attempt waits for the lock before the screen is told the store is busy."""
GIVE_UP_AFTER = 25.0
"""Seconds of trying before the write is given up (StoreBusy); below tui.keys.HOLD_CAP, so
keys typed meanwhile still wait for the answer."""
PAUSE = 0.2
"""Least time between two attempts (a lock refused at once must not spin)."""


def busy_error(error: BaseException) -> StoreBusy | None:
    """The PdvError a database-lock error means for the user, or None for any other error."""
    return StoreBusy(GAVE_UP_TEXT) if is_busy_error(error) else None


def write_retrying(
    db: peewee.Database,
    work: Callable[[], T],
    *,
    on_busy: Callable[[float], None] | None = None,
    attempt_wait: float | None = None,
    give_up_after: float | None = None,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """Runs `work` (one or more write transactions) until it is done; `on_busy(seconds waited)`
    after each attempt the lock refused. Raises StoreBusy once `give_up_after` (default
    GIVE_UP_AFTER) has passed; any other error of `work` propagates at once."""
    attempt_wait = ATTEMPT_WAIT if attempt_wait is None else attempt_wait
    give_up_after = GIVE_UP_AFTER if give_up_after is None else give_up_after
    started = clock()
    while True:
        attempt = clock()
        try:
            with lock_wait(db, attempt_wait):
                return work()
        except peewee.OperationalError as error:
            if not is_busy_error(error):
                raise
        waited = clock() - started
        if waited >= give_up_after:
            raise StoreBusy(GAVE_UP_TEXT)
        if on_busy is not None:
            on_busy(waited)
        quick = clock() - attempt
        if quick < PAUSE:
            sleep(PAUSE - quick)
