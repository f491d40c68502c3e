"""Keys in order, each where a person meant it: type-ahead and barcode-scanner bursts.

Textual hands every key to whatever widget has focus *when the app reads the key*, and reads the
next one at once. Keys that arrive in one burst (ssh delivers them in batches, people type ahead,
a USB scanner sends 13 digits and Enter in a few milliseconds) are therefore all handed to the
widget that had focus at the start, before the Enter among them has moved focus or added the item.

`KeyRouter` delivers a key only when the app has finished with the one before it: every message
that key set off (Input.Submitted, the focus move it caused, a screen it pushed) has been
processed. A key that arrives while the app is quiet is delivered at once, as Textual would.
A screen that is deciding what comes next (the login while the Régua de Cobrança is consulted)
sets `holds_keys`; keys typed meanwhile wait and go to whatever screen comes next.
"""
from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from textual import events
from textual.message_pump import MessagePump

if TYPE_CHECKING:
    from textual.app import App

SETTLE_CAP = 1.0
"""Longest wait (s) for the app to finish with one key before the next is delivered anyway."""
HOLD_CAP = 30.0
"""Longest a screen may hold keys back (s): a hold that is never released delays, never loses."""


_in_flight = 0
"""Messages being handled right now, by any message pump (a handler may await)."""
_dispatch = MessagePump._dispatch_message


async def _counted_dispatch(self: MessagePump, message) -> None:
    # Textual's queue does not count a message being handled, so the router counts them here
    # (textual is pinned to one version in pyproject.toml; this wraps one private method).
    global _in_flight
    _in_flight += 1
    try:
        await _dispatch(self, message)
    finally:
        _in_flight -= 1


MessagePump._dispatch_message = _counted_dispatch  # type: ignore[method-assign]


def _queued(pump: MessagePump) -> int:
    """Messages waiting in `pump`'s queue, and its callbacks waiting for idle."""
    return pump._message_queue.qsize() + len(pump._next_callbacks)  # type: ignore[attr-defined]


class KeyRouter:
    def __init__(self, app: App, deliver: Callable[[events.Key], Awaitable[None]]) -> None:
        self.app = app
        self._deliver = deliver
        self._keys: deque[events.Key] = deque()
        self._wake = asyncio.Event()
        self._task: asyncio.Task | None = None
        self._delivering = False

    # --- taking keys in -----------------------------------------------------------------------

    async def take(self, event: events.Key) -> None:
        """Called by the app for each key read from the terminal, in order."""
        if not self._keys and not self._delivering and not self._held() and not self._busy(inside_app=True):
            await self._deliver(event)  # the app is quiet: nothing to wait for
            return
        self._keys.append(event)
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._run(), name="key-router")
        self._wake.set()

    # --- the queue ----------------------------------------------------------------------------

    async def _run(self) -> None:
        while True:
            while self._keys:
                self._delivering = True
                try:
                    await self._settle()
                    await self._release()
                    await self._settle()
                    if self._keys:
                        await self._deliver(self._keys.popleft())
                except asyncio.CancelledError:
                    raise
                except Exception as error:  # the app's own handler decides; the keys go on
                    self.app._handle_exception(error)
                finally:
                    self._delivering = False
            self._wake.clear()
            await self._wake.wait()

    def _held(self) -> bool:
        try:
            return bool(getattr(self.app.screen, "holds_keys", False))
        except Exception:  # no screen yet, or the app is closing
            return False

    def _pumps(self) -> list[MessagePump]:
        pumps: list[MessagePump] = [self.app]
        for screen in self.app.screen_stack[-2:]:
            pumps.extend(screen.walk_children(with_self=True))
        return pumps

    def _busy(self, inside_app: bool = False) -> bool:
        """Is any message still queued or being handled? Inside the app's own handler of a key,
        that key is the one message being handled."""
        if _in_flight > (1 if inside_app else 0):
            return True
        try:
            pumps = self._pumps()
        except Exception:
            return False
        return any(_queued(pump) for pump in pumps)

    async def _settle(self) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + SETTLE_CAP
        spins = 0
        await asyncio.sleep(0)
        while self._busy() and loop.time() < deadline:
            spins += 1
            await asyncio.sleep(0 if spins < 200 else 0.002)

    async def _release(self) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + HOLD_CAP
        while self._held() and loop.time() < deadline:
            await asyncio.sleep(0.01)
