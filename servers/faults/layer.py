"""The fault layer: an ASGI app wrapped around each mounted service that, for a call to a route
with a fault in force, answers the way the fault says (see servers/faults/specs.py for the kinds).

The route of a call is found the way Starlette finds it: the first of the service's routes whose
`matches(scope)` is a full match. Routes under /admin (the service's own and this layer's
`/admin/faults`) are never faulted, so a trainer can always undo what they did.

Dropping a connection needs the socket, which ASGI does not give: `capture_transport` wraps the
root app given to uvicorn and puts the connection's asyncio transport in the scope. A `reset`
then sets SO_LINGER to 0 and aborts the transport, so the kernel sends a TCP RST: the client sees
"connection reset by peer" (httpx.ReadError). Raising from the app would not do: uvicorn answers
500 to an app that fails before starting its response. Mode `fin` closes the socket normally
instead: the client sees the server hang up without an answer (httpx.RemoteProtocolError).
In process (httpx.ASGITransport, no socket) the layer raises those same httpx errors, so a test
client meets what it would meet over a socket.
"""

from __future__ import annotations

import asyncio
import json
import socket
import struct
from collections.abc import Callable
from contextlib import suppress
from http import HTTPStatus
from typing import Any

import httpx
from fastapi import FastAPI
from fastapi.routing import APIRoute
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from servers.faults.registry import FaultRegistry, Shot

TRANSPORT_KEY = "pdv_sim.transport"
ADMIN_PREFIX = "/admin"
FAULTS_PATH = "/admin/faults"
RESET_PATH = "/admin/reset"
FAULT_HEADER = b"x-simulated-fault"

STATUS_DETAIL = {
    400: "Requisição inválida",
    401: "Não autorizado: credenciais inválidas",
    403: "Acesso negado",
    404: "Não encontrado",
    429: "Muitas requisições: tente novamente mais tarde",
    500: "Erro interno do servidor",
    502: "Gateway inválido",
    503: "Serviço indisponível",
    504: "Tempo esgotado no gateway",
}


class SimulatedDisconnect(httpx.RemoteProtocolError):
    """In process, the server hung up without an answer (what httpx raises over a socket)."""


class SimulatedReset(httpx.ReadError):
    """In process, the connection was reset by the server (what httpx raises over a socket)."""


def capture_transport(app: ASGIApp) -> ASGIApp:
    """Wraps the app given to uvicorn: each HTTP scope carries its connection's transport."""

    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            transport = getattr(getattr(send, "__self__", None), "transport", None)
            if transport is not None:
                scope[TRANSPORT_KEY] = transport
        await app(scope, receive, send)

    return wrapped


def route_path(scope: Scope) -> str:
    """The path inside the mounted service (the scope's path minus its root_path)."""
    path, root = scope["path"], scope.get("root_path", "")
    if root and path.startswith(root):
        return path[len(root) :] or "/"
    return path


def is_admin(path: str) -> bool:
    return path == ADMIN_PREFIX or path.startswith(ADMIN_PREFIX + "/")


def faultable_routes(app: FastAPI) -> list[APIRoute]:
    """The service's own API routes, without the admin ones (never faulted)."""
    return [r for r in app.routes if isinstance(r, APIRoute) and not is_admin(r.path)]


def route_names(app: FastAPI) -> list[str]:
    names: list[str] = []
    for route in faultable_routes(app):
        if route.name not in names:
            names.append(route.name)
    return names


class FaultLayer:
    """ASGI app: `service` (a FastAPI app) behind the faults of `registry` for `name`.

    When the service resets itself to a scenario (`POST /admin/reset` answered 2xx, with the
    scenario's name in the JSON answer's "scenario"), `on_reset(service, scenario)` puts that
    scenario's faults of the service back too."""

    def __init__(
        self,
        service: FastAPI,
        name: str,
        registry: FaultRegistry,
        admin: ASGIApp,
        on_reset: Callable[[str, str | None], None] | None = None,
    ) -> None:
        self.service = service
        self.name = name
        self.registry = registry
        self.admin = admin
        self.on_reset = on_reset

    @property
    def routes(self) -> list:
        """The service's routes, so that Starlette's Mount finds them by name (url_for)."""
        return self.service.routes

    def route_of(self, scope: Scope) -> str | None:
        for route in faultable_routes(self.service):
            match, _ = route.matches(scope)
            if match is Match.FULL:
                return route.name
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.service(scope, receive, send)
            return
        path = route_path(scope)
        if path == FAULTS_PATH or path.startswith(FAULTS_PATH + "/"):
            await self.admin(scope, receive, send)
            return
        if path == RESET_PATH and scope["method"] == "POST" and self.on_reset is not None:
            await self.service_reset(scope, receive, send)
            return
        name = None if is_admin(path) else self.route_of(scope)
        shot = self.registry.take(self.name, name) if name else None
        if shot is None:
            await self.service(scope, receive, send)
        else:
            await apply(shot, self.service, scope, receive, send)

    async def service_reset(self, scope: Scope, receive: Receive, send: Send) -> None:
        status = 0
        parts: list[bytes] = []

        async def watch(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body":
                parts.append(message.get("body", b""))
            await send(message)

        await self.service(scope, receive, watch)
        if 200 <= status < 300 and self.on_reset is not None:
            try:
                answer = json.loads(b"".join(parts))
            except ValueError:
                answer = None
            scenario = answer.get("scenario") if isinstance(answer, dict) else None
            self.on_reset(self.name, scenario if isinstance(scenario, str) else None)


# --- applying one fault ---------------------------------------------------------------------------


async def apply(shot: Shot, app: ASGIApp, scope: Scope, receive: Receive, send: Send) -> None:
    kind, options = shot.kind, shot.options
    if kind in ("delay", "random-delay"):
        await asyncio.sleep(shot.delay_ms / 1000)
        await app(scope, receive, tagged(send, f"{kind}; ms={shot.delay_ms:.1f}"))
    elif kind == "hang":
        await hold(receive, options["ms"])
        await drop_connection(scope, receive, "fin")
    elif kind == "status":
        await answer_status(send, options)
    elif kind == "empty":
        await send_whole(send, 200, [(b"content-type", b"application/json")], b"", kind)
    elif kind == "reset":
        await drop_connection(scope, receive, options["mode"])
    elif kind in ("malformed-json", "missing-fields", "dribble"):
        status, headers, body = await run_captured(app, scope, receive)
        if kind == "malformed-json":
            await send_whole(send, 200, json_headers(headers), break_json(body), kind)
        elif kind == "missing-fields":
            await send_whole(send, status, json_headers(headers), drop_fields(body, options), kind)
        else:
            await dribble(scope, send, status, headers, body, options["chunks"], options["total_ms"])
    else:  # a kind added to fault_specs without its behaviour here
        raise RuntimeError(f"falha sem implementação: {kind}")


def tagged(send: Send, value: str) -> Send:
    """`send` adding the fault header to the real answer (so QA can see the delay drawn)."""

    async def tagging(message: Message) -> None:
        if message["type"] == "http.response.start":
            message = {**message, "headers": [*message.get("headers", []), (FAULT_HEADER, value.encode())]}
        await send(message)

    return tagging


async def hold(receive: Receive, ms: int) -> None:
    """Waits for the client to give up (http.disconnect), or `ms` when given (0 = no limit)."""

    async def until_disconnect() -> None:
        while (await receive())["type"] != "http.disconnect":
            pass

    if ms:
        with suppress(TimeoutError):
            async with asyncio.timeout(ms / 1000):
                await until_disconnect()
    else:
        await until_disconnect()


async def drop_connection(scope: Scope, receive: Receive, mode: str) -> None:
    """Ends the connection without an HTTP answer: a TCP reset (`rst`) or a plain close (`fin`)."""
    transport = scope.get(TRANSPORT_KEY)
    if transport is None:
        if mode == "rst":
            raise SimulatedReset("[Errno 104] Connection reset by peer (falha simulada)")
        raise SimulatedDisconnect("Server disconnected without sending a response. (falha simulada)")
    if transport.is_closing():
        return  # the client already left
    if mode == "rst":
        sock = transport.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        transport.abort()
    else:
        transport.close()
    # Let the server see the connection gone before returning, so it does not try to answer 500.
    with suppress(TimeoutError):
        async with asyncio.timeout(1.0):
            while (await receive())["type"] != "http.disconnect":
                pass


async def answer_status(send: Send, options: dict[str, Any]) -> None:
    code = options["code"]
    body = options.get("body")
    if body is None:
        detail = STATUS_DETAIL.get(code)
        if detail is None:
            try:
                detail = HTTPStatus(code).phrase
            except ValueError:
                detail = f"Erro HTTP {code}"
        body = {"detail": detail}
    headers = [(b"content-type", b"application/json")]
    if options.get("retry_after") is not None:
        headers.append((b"retry-after", str(options["retry_after"]).encode()))
    await send_whole(send, code, headers, json.dumps(body, ensure_ascii=False).encode(), "status")


async def send_whole(send: Send, status: int, headers: list[tuple[bytes, bytes]], body: bytes, kind: str) -> None:
    headers = [(k, v) for k, v in headers if k.lower() != b"content-length"]
    headers += [(b"content-length", str(len(body)).encode()), (FAULT_HEADER, kind.encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body, "more_body": False})


async def run_captured(app: ASGIApp, scope: Scope, receive: Receive) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    """Runs the real route and returns its whole answer instead of sending it."""
    start: dict[str, Any] = {}
    parts: list[bytes] = []

    async def keep(message: Message) -> None:
        if message["type"] == "http.response.start":
            start.update(message)
        elif message["type"] == "http.response.body":
            parts.append(message.get("body", b""))

    await app(scope, receive, keep)
    return int(start.get("status", 500)), list(start.get("headers", [])), b"".join(parts)


def json_headers(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    kept = [(k, v) for k, v in headers if k.lower() != b"content-type"]
    return kept + [(b"content-type", b"application/json")]


def break_json(body: bytes) -> bytes:
    """The first half of the real body: JSON cut mid-way, as a dropped chunk leaves it."""
    broken = body[: max(1, len(body) // 2)] if body else b'{"'
    try:
        json.loads(broken)
    except ValueError:
        return broken
    return broken + b'{"'  # half of a short body can still parse ("12" -> "1"): make sure it does not


def drop_fields(body: bytes, options: dict[str, Any]) -> bytes:
    """The JSON object without the fields named (or with only `keep`, or empty with neither)."""
    try:
        data = json.loads(body)
    except ValueError:
        return body
    if not isinstance(data, dict):
        return body
    if "keep" in options:
        data = {k: v for k, v in data.items() if k == options["keep"]}
    elif "fields" in options:
        data = {k: v for k, v in data.items() if k not in options["fields"]}
    else:
        data = {}
    return json.dumps(data, ensure_ascii=False).encode()


async def dribble(
    scope: Scope, send: Send, status: int, headers: list[tuple[bytes, bytes]], body: bytes, chunks: int, total_ms: int
) -> None:
    """Sends the real answer in `chunks` pieces, one every total_ms/chunks (the length header
    announces the whole body, so the client keeps waiting for the rest). Stops early when the
    client has gone."""
    headers = [(k, v) for k, v in headers if k.lower() != b"content-length"]
    headers += [(b"content-length", str(len(body)).encode()), (FAULT_HEADER, b"dribble")]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    size = max(1, -(-len(body) // chunks))
    pieces = [body[i : i + size] for i in range(0, len(body), size)] or [b""]
    interval = total_ms / 1000 / len(pieces)
    transport = scope.get(TRANSPORT_KEY)
    for index, piece in enumerate(pieces):
        await asyncio.sleep(interval)
        if transport is not None and transport.is_closing():
            return
        await send({"type": "http.response.body", "body": piece, "more_body": index < len(pieces) - 1})
