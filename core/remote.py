"""The one way core talks HTTP: explicit timeouts, and every failure mapped to RemoteFailure.

Kinds of failure (RemoteFailure.kind): refused, timeout, http, malformed. The message is in
Portuguese, ready for a status line or a dialog; it never carries a secret.
"""
from __future__ import annotations

import functools
import json
import ssl
from typing import Any

import httpx

from core.errors import HTTP, MALFORMED, REFUSED, TIMEOUT, RemoteFailure

__all__ = ["HTTP", "MALFORMED", "REFUSED", "TIMEOUT", "RemoteFailure", "make_client", "call_json", "require_fields"]


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
) -> httpx.AsyncClient:
    """An AsyncClient whose every phase (connect, read, write, pool) is bounded by `timeout`."""
    return httpx.AsyncClient(
        base_url=base_url.rstrip("/"),
        timeout=httpx.Timeout(timeout),
        transport=transport,
        headers=headers,
        follow_redirects=False,
        verify=_ssl_context(),
    )


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
    except (TimeoutError, asyncio.TimeoutError, httpx.TimeoutException):
        raise RemoteFailure(TIMEOUT, f"{service}: sem resposta dentro do tempo limite") from None
    except httpx.ConnectError:
        raise RemoteFailure(REFUSED, f"{service}: não foi possível conectar (serviço fora do ar?)") from None
    except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as exc:
        raise RemoteFailure(MALFORMED, f"{service}: conexão interrompida ({exc.__class__.__name__})") from None
    except httpx.HTTPError as exc:
        raise RemoteFailure(REFUSED, f"{service}: falha de comunicação ({exc.__class__.__name__})") from None
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
