"""A headless Chromium driven over the Chrome DevTools protocol (CDP), for `pdv web`'s tests.

No extra package: the websocket client is aiohttp's (a dependency of textual-serve). Keys are
sent as the browser's own key events (Input.dispatchKeyEvent), and the screen is read back from
the page's xterm.js terminal buffer, the one its canvas is drawn from: textual-serve's bundle
keeps the Terminal in a closure, so a script that runs before the page's own catches it when
it is stored (`this.terminal = new Terminal(...)`).
"""

from __future__ import annotations

import asyncio
import base64
import itertools
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-dev-shm-usage",
    "--mute-audio",
    "--remote-debugging-port=0",
    "--remote-allow-origins=*",
]
CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

CATCH_TERMINAL = """
Object.defineProperty(Object.prototype, "terminal", {
  configurable: true,
  set(value) {
    Object.defineProperty(this, "terminal", {value, writable: true, configurable: true, enumerable: true});
    if (value && value.buffer) { window.__pdvTerminal = value; }
  },
});
"""
READ_SCREEN = """
(() => {
  const term = window.__pdvTerminal;
  if (!term) { return null; }
  const buffer = term.buffer.active, lines = [];
  for (let row = 0; row < term.rows; row++) {
    const line = buffer.getLine(buffer.viewportY + row);
    lines.push(line ? line.translateToString(true) : "");
  }
  return lines.join("\\n");
})()
"""

# key name -> (DOM key, DOM code, Windows virtual key code, text it types)
KEYS: dict[str, tuple[str, str, int, str]] = {
    "enter": ("Enter", "Enter", 13, "\r"),
    "tab": ("Tab", "Tab", 9, ""),
    "escape": ("Escape", "Escape", 27, ""),
    **{f"f{n}": (f"F{n}", f"F{n}", 111 + n, "") for n in range(1, 13)},
}


def find_chromium() -> str | None:
    """$PDV_CHROMIUM, else Debian's /usr/bin/chromium, else a Chromium or Chrome on PATH."""
    wanted = os.environ.get("PDV_CHROMIUM")
    if wanted:
        return wanted if os.access(wanted, os.X_OK) else None
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


class Browser:
    """One headless Chromium with a fresh profile and one page. Use `async with Browser(path)`."""

    def __init__(self, executable: str, size: tuple[int, int] = (1280, 800)) -> None:
        self.executable = executable
        self.size = size
        self.profile = Path(tempfile.mkdtemp(prefix="pdv-chromium-"))
        self.process: subprocess.Popen | None = None
        self._http: aiohttp.ClientSession | None = None
        self._ws: aiohttp.ClientWebSocketResponse | None = None
        self._ids = itertools.count(1)
        self._pending: dict[int, asyncio.Future] = {}
        self._reader: asyncio.Task | None = None

    async def __aenter__(self) -> Browser:
        width, height = self.size
        self.process = subprocess.Popen(
            [
                self.executable,
                *FLAGS,
                f"--user-data-dir={self.profile}",
                f"--window-size={width},{height}",
                "about:blank",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        port = await self._devtools_port()
        self._http = aiohttp.ClientSession()
        page = await self._page_target(port)
        self._ws = await self._http.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0)
        self._reader = asyncio.create_task(self._read())
        await self.send("Page.enable")
        await self.send("Runtime.enable")
        await self.send("Page.addScriptToEvaluateOnNewDocument", source=CATCH_TERMINAL)
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._reader is not None:
            self._reader.cancel()
        if self._ws is not None:
            await self._ws.close()
        if self._http is not None:
            await self._http.close()
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        shutil.rmtree(self.profile, ignore_errors=True)

    async def _devtools_port(self, timeout: float = 30.0) -> int:
        marker = self.profile / "DevToolsActivePort"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"o Chromium terminou ao iniciar (código {self.process.returncode})")
            if marker.exists():
                first = marker.read_text().splitlines()[:1]
                if first and first[0].isdigit():
                    return int(first[0])
            await asyncio.sleep(0.1)
        raise RuntimeError("o Chromium não abriu a porta do DevTools")

    async def _page_target(self, port: int) -> dict[str, Any]:
        deadline = time.monotonic() + 15
        while True:
            async with self._http.get(f"http://127.0.0.1:{port}/json/list") as response:
                pages = [t for t in await response.json() if t.get("type") == "page"]
            if pages:
                return pages[0]
            if time.monotonic() > deadline:
                raise RuntimeError("o Chromium não abriu nenhuma página")
            await asyncio.sleep(0.1)

    async def _read(self) -> None:
        async for message in self._ws:
            if message.type is not aiohttp.WSMsgType.TEXT:
                continue
            data = json.loads(message.data)
            future = self._pending.pop(data.get("id"), None)
            if future is not None and not future.done():
                future.set_result(data)

    async def send(self, method: str, **params: Any) -> dict[str, Any]:
        number = next(self._ids)
        future = asyncio.get_running_loop().create_future()
        self._pending[number] = future
        await self._ws.send_str(json.dumps({"id": number, "method": method, "params": params}))
        answer = await asyncio.wait_for(future, 30)
        if "error" in answer:
            raise RuntimeError(f"{method}: {answer['error']}")
        return answer.get("result", {})

    # --- what a person does -------------------------------------------------------------------

    async def open(self, url: str) -> None:
        await self.send("Page.navigate", url=url)

    async def evaluate(self, expression: str) -> Any:
        result = await self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")

    async def screen(self) -> str | None:
        """The terminal's visible lines as the page holds them (None before it exists)."""
        return await self.evaluate(READ_SCREEN)

    async def wait_for(self, pattern: str, timeout: float = 30.0) -> str:
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        text = None
        while time.monotonic() < deadline:
            text = await self.screen()
            if text and regex.search(text):
                return text
            await asyncio.sleep(0.2)
        raise AssertionError(f"{pattern!r} não apareceu no navegador em {timeout:g} s; tela:\n{text}")

    async def focus_terminal(self) -> None:
        await self.evaluate("window.__pdvTerminal && window.__pdvTerminal.focus()")

    async def press(self, name: str) -> None:
        """A named key (enter, escape, f2...) or ctrl+LETTER, as the keyboard sends it."""
        modifiers = 0
        if name.startswith("ctrl+"):
            letter = name[5:]
            key, code, vk, text, modifiers = letter, f"Key{letter.upper()}", ord(letter.upper()), "", 2
        else:
            key, code, vk, text = KEYS[name]
        down: dict[str, Any] = {
            "type": "keyDown" if text else "rawKeyDown",
            "key": key,
            "code": code,
            "windowsVirtualKeyCode": vk,
            "nativeVirtualKeyCode": vk,
            "modifiers": modifiers,
        }
        if text:
            down["text"] = text
        await self.send("Input.dispatchKeyEvent", **down)
        await self.send(
            "Input.dispatchKeyEvent",
            type="keyUp",
            key=key,
            code=code,
            windowsVirtualKeyCode=vk,
            nativeVirtualKeyCode=vk,
            modifiers=modifiers,
        )

    async def type(self, text: str) -> None:
        for char in text:
            code = f"Key{char.upper()}" if char.isalpha() else (f"Digit{char}" if char.isdigit() else "")
            await self.send("Input.dispatchKeyEvent", type="keyDown", key=char, code=code, text=char)
            await self.send("Input.dispatchKeyEvent", type="keyUp", key=char, code=code)

    async def screenshot(self, path: str | Path) -> Path:
        data = await self.send("Page.captureScreenshot", format="png")
        target = Path(path)
        target.write_bytes(base64.b64decode(data["data"]))
        return target
