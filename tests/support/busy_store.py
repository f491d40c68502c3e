"""Another terminal holding the store's write lock, for as long as a test says."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path


class HeldLock:
    """A second connection to the same SQLite file inside BEGIN IMMEDIATE: every other
    connection's write waits (or is refused) until `release()`."""

    def __init__(self, path: str | Path) -> None:
        self.connection = sqlite3.connect(str(path), isolation_level=None, timeout=1, check_same_thread=False)
        self.connection.execute("BEGIN IMMEDIATE")
        self.held = True

    def release(self) -> None:
        if self.held:
            self.connection.execute("ROLLBACK")
            self.connection.close()
            self.held = False

    def __enter__(self) -> HeldLock:
        return self

    def __exit__(self, *exc) -> None:
        self.release()


def db_path(context) -> str:
    return context.db.database


async def wait_until(pilot, condition: Callable[[], bool], what: str, timeout: float = 20.0) -> None:
    """Lets the app run until `condition()` holds (no fixed sleep standing in for it)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not seen within {timeout} s: {what}")
        await pilot.pause(0.05)
        await asyncio.sleep(0)
