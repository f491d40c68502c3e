"""The base of the trainers' clients of the simulated services' admin routes (License Server,
LGPData portal, faults): async, over the one HTTP path (core.kernel.http: explicit timeout, the whole
call bounded), the trainer token (core.trainer.token) on every call, and every failure a
RemoteFailure whose message a trainer can act on (which address, is `pdv servers` running, was
the token refused). A subclass only names its service and declares its routes.

The command line (`pdv sim ...`) runs these with asyncio.run; the instructor panel awaits them
in its workers.
"""

from __future__ import annotations

from typing import Any, ClassVar

import httpx

from core.kernel.errors import INTERRUPTED, MALFORMED, REFUSED, TIMEOUT, RemoteFailure
from core.kernel.http import call_json, make_client
from core.kernel.redact import shown_url
from core.trainer.token import auth_headers, unauthorized_text

START_HINT = "os serviços simulados estão rodando? inicie com 'pdv servers'"
NO_ROUTE = "Not Found"
"""Starlette's `detail` for a path no route has: the address is not the service's, not a refusal."""


def detail_text(body: Any) -> str:
    """The service's own words for a refusal: its `detail` (a sentence, or FastAPI's list of
    validation errors, each by its `msg`)."""
    detail = body.get("detail") if isinstance(body, dict) else None
    if isinstance(detail, list):
        return "; ".join(str(item.get("msg", item)) if isinstance(item, dict) else str(item) for item in detail)
    return detail if isinstance(detail, str) and detail != NO_ROUTE else ""


class AdminClient:
    """One simulated service's admin routes at `base_url`, each call bounded by `timeout`."""

    service: ClassVar[str]
    """The service's name in every message ("License Server")."""
    default_url: ClassVar[str]

    def __init__(
        self,
        base_url: str | None = None,
        timeout: float = 3.0,
        transport: httpx.AsyncBaseTransport | None = None,
        token: str | None = None,
    ) -> None:
        self.base_url = (base_url or self.default_url).rstrip("/")
        self.timeout = timeout
        self.transport = transport
        self.headers = auth_headers(token)

    @property
    def where(self) -> str:
        """The address as messages show it (never a password)."""
        return shown_url(self.base_url)

    async def call(self, method: str, path: str, *, expect: tuple[str, ...] = (), **kwargs: Any) -> dict[str, Any]:
        """The JSON object the route answers, holding the `expect` fields; RemoteFailure else.
        An address that is not a URL fails as core.kernel.http says (URL inválida)."""
        async with make_client(
            self.base_url, self.timeout, self.transport, self.headers, service=self.service
        ) as client:
            try:
                body = await call_json(client, method, path, service=self.service, deadline=self.timeout, **kwargs)
            except RemoteFailure as failure:
                raise self.told(failure) from None
        missing = [name for name in expect if name not in body]
        if missing:
            raise RemoteFailure(
                MALFORMED, f"{self.service}: resposta incompleta de {self.where} (faltam: {', '.join(missing)})"
            )
        return body

    def told(self, failure: RemoteFailure) -> RemoteFailure:
        """The failure in the words a trainer acts on."""
        service, where = self.service, self.where
        if failure.kind == REFUSED:
            text = f"não foi possível conectar em {where} ({START_HINT})"
        elif failure.kind == TIMEOUT:
            text = f"os serviços simulados em {where} não responderam em {self.timeout:g} s"
        elif failure.kind == INTERRUPTED:
            text = f"conexão interrompida com {where}"
        elif failure.kind == MALFORMED:
            text = f"resposta inválida de {where}; é o endereço de 'pdv servers'?"
        elif failure.status_code == 401:
            text = unauthorized_text(self.base_url)
        else:
            text = (
                detail_text(failure.body)
                or f"{where} respondeu HTTP {failure.status_code}; é o endereço de 'pdv servers'?"
            )
        return RemoteFailure(failure.kind, f"{service}: {text}", failure.status_code, failure.body)


__all__ = ["AdminClient", "RemoteFailure", "detail_text"]
