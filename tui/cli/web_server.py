"""The textual-serve server of `pdv web` (imported only by that command).

What changes from textual-serve's own Server: the page is in Portuguese (tui/web_templates); its
websocket address follows the address the browser used (so `--host 0.0.0.0` works from the other
computers of the room); the listening socket comes already bound (tui.cli.web tells a busy port in
Portuguese); and on the way out every tab's PDV is asked to end, so each cleans up its temporary
database and simulated services.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import socket
from pathlib import Path

from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

log = logging.getLogger("textual-serve")

TEMPLATES = Path(__file__).resolve().parents[1] / "web_templates"


class PdvWebServer(Server):
    def __init__(self, command: str, *, host: str, port: int, title: str, banner: list[str]) -> None:
        super().__init__(command, host=host, port=port, title=title, templates_path=TEMPLATES)
        self.banner = banner
        self._sockets: set[web.WebSocketResponse] = set()

    def initialize_logging(self) -> None:
        """Only problems, in one plain line each (textual-serve's own log is in English and
        chatty)."""
        logging.basicConfig(level=logging.WARNING, format="pdv web: %(message)s")

    async def on_startup(self, app: web.Application) -> None:
        """Where to open it, in Portuguese (tui.cli.web), instead of textual-serve's English banner."""
        print("\n".join(self.banner), flush=True)

    async def on_shutdown(self, app: web.Application) -> None:
        """Closing each tab's websocket asks its PDV to end (it then removes its temporary
        database and stops its simulated services)."""
        await asyncio.gather(*(ws.close() for ws in list(self._sockets)), return_exceptions=True)

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        self.public_url = f"{request.scheme}://{request.host}"
        return await super().handle_index(request)

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """textual-serve's handler, keeping each open websocket for on_shutdown."""
        websocket = web.WebSocketResponse(heartbeat=15)
        width = to_int(request.query.get("width", "80"), 80)
        height = to_int(request.query.get("height", "24"), 24)
        app_service: AppService | None = None
        try:
            await websocket.prepare(request)
            self._sockets.add(websocket)
            app_service = AppService(
                self.command,
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=websocket.close,
                download_manager=self.download_manager,
                debug=self.debug,
            )
            await app_service.start(width, height)
            await self._process_messages(websocket, app_service)
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:  # a tab's failure never ends the server
            log.exception(error)
        finally:
            self._sockets.discard(websocket)
            if app_service is not None:
                await app_service.stop()
        return websocket

    def serve_on(self, listener: socket.socket, shutdown_timeout: float) -> None:
        """Serves on the bound `listener` until SIGINT (Ctrl+C) or SIGTERM."""
        self.initialize_logging()
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, self.request_exit)
        web.run_app(
            self._make_app(),
            sock=listener,
            handle_signals=False,
            loop=loop,
            shutdown_timeout=shutdown_timeout,
            print=lambda *args: None,
        )
