"""The one way core talks HTTP: explicit timeouts, and every failure mapped to RemoteFailure.

Kinds of failure (RemoteFailure.kind): refused, timeout, http, malformed, interrupted. The message
is in Portuguese, ready for a status line or a dialog; it never carries a secret. The words for
each kind and for the HTTP statuses a service answers when it fails are one table here
(`failure_words`, `http_status_words`), used by every client and status line. An address that is
not a valid URL (a port above 65535, a broken IPv6 bracket, another scheme) is a service that
cannot be reached: refused, "fora do ar", never an exception of its own.
"""

from __future__ import annotations

import functools
import json
import ssl
from typing import Any

import httpx

from core.kernel.config import url_problem
from core.kernel.errors import HTTP, INTERRUPTED, MALFORMED, REFUSED, TIMEOUT, RemoteFailure
from core.kernel.redact import is_secret_name, remember_secret

__all__ = [
    "HTTP",
    "INTERRUPTED",
    "MALFORMED",
    "REFUSED",
    "TIMEOUT",
    "RemoteFailure",
    "make_client",
    "call_json",
    "require_fields",
    "invalid_url",
    "failure_words",
    "http_status_words",
]

KIND_WORDS = {
    REFUSED: "fora do ar",
    TIMEOUT: "sem resposta",
    INTERRUPTED: "com conexão interrompida",
    MALFORMED: "com resposta inválida",
}
"""A failure in a few words, after the service's name ("Régua fora do ar")."""
HTTP_STATUS_WORDS = {
    500: "erro interno do servidor",
    502: "gateway com falha",
    503: "serviço indisponível",
    504: "gateway sem resposta",
}
"""What a 5xx status means; any other 5xx is an error of the server."""


def failure_words(failure: RemoteFailure) -> str:
    """What went wrong in a few words, for the one-line status."""
    if failure.kind == HTTP:
        return f"com erro HTTP {failure.status_code}"
    return KIND_WORDS.get(failure.kind, "com falha")


def http_status_words(status_code: int) -> str:
    """A 5xx status in words: 503 is "serviço indisponível", not an internal error."""
    return HTTP_STATUS_WORDS.get(status_code, "erro do servidor")


@functools.cache
def _ssl_context() -> ssl.SSLContext:
    """httpx's default verification context, built once: building it costs ~20 ms per client
    (reading the CA bundle), which a login would otherwise pay on every remote call."""
    return httpx.create_ssl_context()


def make_client(
    base_url: str,
    timeout: float,
    transport: httpx.AsyncBaseTransport | None = None,
    headers: dict[str, str] | None = None,
    *,
    service: str = "Serviço remoto",
) -> httpx.AsyncClient:
    """An AsyncClient whose every phase (connect, read, write, pool) is bounded by `timeout`.
    A `base_url` that is not a valid service URL raises RemoteFailure (refused); the values of
    secret headers (API-KEY, Senha) are registered so no log ever shows them."""
    for name, value in (headers or {}).items():
        if is_secret_name(name):
            remember_secret(value)
    problem = url_problem(base_url)
    if problem is not None:
        raise invalid_url(service, problem)
    try:
        return httpx.AsyncClient(
            base_url=base_url.rstrip("/"),
            timeout=httpx.Timeout(timeout),
            transport=transport,
            headers=headers,
            follow_redirects=False,
            verify=_ssl_context(),
        )
    except httpx.InvalidURL as exc:
        raise invalid_url(service, str(exc)) from None


def invalid_url(service: str, problem: str) -> RemoteFailure:
    return RemoteFailure(REFUSED, f"{service}: URL inválida: {problem}")


async def call_json(
    client: httpx.AsyncClient,
    method: str,
    path: str,
    *,
    service: str,
    deadline: float | None = None,
    **kwargs: Any,
) -> dict[str, Any]:
    """Calls and returns the JSON object answered; raises RemoteFailure on anything else.

    `deadline` bounds the whole call (a server that dribbles bytes slowly cannot stretch it).
    """
    import asyncio

    async def do() -> httpx.Response:
        return await client.request(method, path, **kwargs)

    try:
        if deadline is not None:
            response = await asyncio.wait_for(do(), deadline)
        else:
            response = await do()
    except (TimeoutError, httpx.TimeoutException):
        raise RemoteFailure(TIMEOUT, f"{service}: sem resposta dentro do tempo limite") from None
    except httpx.ConnectError:
        raise RemoteFailure(REFUSED, f"{service}: não foi possível conectar (serviço fora do ar?)") from None
    except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as exc:
        raise RemoteFailure(INTERRUPTED, f"{service}: conexão interrompida ({exc.__class__.__name__})") from None
    except httpx.HTTPError as exc:
        raise RemoteFailure(REFUSED, f"{service}: falha de comunicação ({exc.__class__.__name__})") from None
    except httpx.InvalidURL as exc:
        raise invalid_url(service, str(exc)) from None
    try:
        body: Any = response.json()
    except (json.JSONDecodeError, UnicodeDecodeError, ValueError):
        body = None
    if response.status_code >= 400:
        detail = ""
        if isinstance(body, dict):
            detail = str(body.get("detail") or body.get("message") or "")
        raise RemoteFailure(
            HTTP,
            f"{service}: erro HTTP {response.status_code}" + (f" ({detail})" if detail else ""),
            status_code=response.status_code,
            body=body,
        )
    if not isinstance(body, dict):
        raise RemoteFailure(MALFORMED, f"{service}: resposta inválida (não é JSON esperado)", response.status_code)
    return body


def require_fields(body: dict[str, Any], service: str, *names: str) -> None:
    missing = [name for name in names if name not in body]
    if missing:
        raise RemoteFailure(MALFORMED, f"{service}: resposta incompleta (faltam: {', '.join(missing)})")
