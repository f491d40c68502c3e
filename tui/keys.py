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

While a burst is handed over the screen is painted once, after its last key (and at least every
PAINT_HOLD_CAP): the states in between would only be replaced a few milliseconds later.

A screen may ask whether more keys are on their way (`keys_waiting`) to skip work that the next
key would undo at once (the product search for each digit of a scan), and have it done once the
keys stop (`when_quiet`).
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING

from textual import events
from textual.message_pump import MessagePump

if TYPE_CHECKING:
    from textual.app import App

SETTLE_CAP = 1.0
"""Longest wait (s) for the app to finish with one key before the next is delivered anyway."""
HOLD_CAP = 30.0
"""Longest a screen may hold keys back (s): a hold that is never released delays, never loses."""
PAINT_HOLD_CAP = 0.1
"""Longest the screen goes unpainted while a burst of keys is handed over (s)."""
PAINT_GAP = 0.02
"""After a paint let out by PAINT_HOLD_CAP, how long painting runs freely (s): a frame or so."""


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
        self._quiet: list[Callable[[], object]] = []
        self._paint_batch: AbstractContextManager | None = None
        self._paint_held_since: float | None = None
        self._paint_resumed_at = 0.0

    # --- taking keys in -----------------------------------------------------------------------

    async def take(self, event: events.Key) -> None:
        """Called by the app for each key read from the terminal, in order."""
        quiet = not self._keys and not self._delivering and not self._held() and not self._busy(inside_app=True)
        if quiet and not self.keys_waiting():
            await self._deliver(event)  # the app is quiet and this key comes alone: nothing to wait for
            return
        self._keys.append(event)
        self._start()

    def keys_waiting(self) -> bool:
        """Are keys read from the terminal still to be handed to the app (typed ahead, the rest
        of a scan)? Those queued here, and those the app has not read from its queue yet."""
        if self._keys:
            return True
        try:
            queue = self.app._message_queue._queue  # type: ignore[attr-defined]
        except AttributeError:
            return False
        return any(isinstance(message, events.Key) for message in queue)

    def when_quiet(self, callback: Callable[[], object]) -> None:
        """`callback` runs on the app, like any handler (its errors handled as theirs), once the
        keys waiting now have been delivered and the app has finished with them."""
        self._quiet.append(callback)
        self._start()

    def _start(self) -> None:
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._run(), name="key-router")
        self._wake.set()

    # --- the queue ----------------------------------------------------------------------------

    async def _run(self) -> None:
        try:
            while True:
                while self._keys:
                    self._delivering = True
                    try:
                        await self._settle()
                        if self._held():
                            self._resume_paint()  # the screen holding keys shows what it is doing
                            await self._release()
                            await self._settle()
                        if self._keys:
                            self._hold_paint()
                            await self._deliver(self._keys.popleft())
                    finally:
                        self._delivering = False
                if self._paint_held_since is not None:
                    await self._settle()  # the last key dealt with: then one paint shows it all
                    if self._keys:
                        continue
                    self._resume_paint()
                if self._quiet:
                    await self._settle()
                    if self._keys or self.keys_waiting():
                        continue  # more keys came meanwhile: after them
                    callbacks, self._quiet = self._quiet, []
                    for callback in callbacks:
                        self.app.call_later(callback)
                    continue
                self._wake.clear()
                await self._wake.wait()
        finally:
            self._resume_paint()

    # --- painting while a burst is handed over ----------------------------------------------------

    def _hold_paint(self) -> None:
        """Keys are being handed over one after the other (a scan, typing ahead): the screen is
        painted once the last one is dealt with, and at least every PAINT_HOLD_CAP meanwhile;
        the states in between would be painted only to be replaced a few milliseconds later."""
        now = time.monotonic()
        if self._paint_held_since is None:
            if now - self._paint_resumed_at >= PAINT_GAP:
                self._paint_batch = self.app.batch_update()
                self._paint_batch.__enter__()
                self._paint_held_since = now
        elif now - self._paint_held_since >= PAINT_HOLD_CAP:
            self._resume_paint()

    def _resume_paint(self) -> None:
        if self._paint_held_since is None:
            return
        batch, self._paint_batch = self._paint_batch, None
        self._paint_held_since = None
        self._paint_resumed_at = time.monotonic()
        try:
            if batch is not None:
                batch.__exit__(None, None, None)
            self.app.screen.check_idle()  # paints what changed meanwhile
        except Exception:  # no screen any more: the app is closing
            pass

    # --- is the app done with the last key? -------------------------------------------------------

    def _held(self) -> bool:
        try:
            return bool(getattr(self.app.screen, "holds_keys", False))
        except Exception:  # no screen yet, or the app is closing
            return False

    def _busy(self, inside_app: bool = False) -> bool:
        """Is any message still queued or being handled, by the app or by any node of the top two
        screens? Inside the app's own handler of a key, that key is the one message being handled.
        Checked many times per key, so it walks the nodes itself and stops at the first busy one."""
        if _in_flight > (1 if inside_app else 0):
            return True
        try:
            app = self.app
            if _queued(app):
                return True
            for screen in app.screen_stack[-1:-3:-1]:  # the top screen first: most likely busy
                stack = [screen]
                while stack:
                    node = stack.pop()
                    if _queued(node):
                        return True
                    stack.extend(node._nodes)
        except Exception:
            return False
        return False

    async def _settle(self) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + SETTLE_CAP
        spins = 0
        await asyncio.sleep(0)
        while self._busy() and loop.time() < deadline:
            spins += 1
            if self._paint_held_since is not None and time.monotonic() - self._paint_held_since >= PAINT_HOLD_CAP:
                self._resume_paint()  # a key that takes long: the screen keeps painting meanwhile
            await asyncio.sleep(0 if spins < 200 else 0.002)

    async def _release(self) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + HOLD_CAP
        while self._held() and loop.time() < deadline:
            await asyncio.sleep(0.01)
