"""HTTP client of the License Server and of the Régua de Cobrança (license_server).

Two routes ask the same question, "what is this CNPJ's financial situation?":
- LICENSE_SERVER (PDV 215.000 on): `POST /api/v1/access-check`, answered in English keys;
- REGUA (212.100 to 214.999): `GET /regua/v1/situacao/{cnpj}`, the Régua's own Portuguese keys.
Both become one BillingAnswer. Every call has the explicit timeout of the Config (each phase)
and a deadline for the whole call, so a server that dribbles bytes cannot stretch the wait.
Anything else than a complete, well-formed answer about the CNPJ asked raises RemoteFailure.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any

import httpx

from core.kernel.errors import MALFORMED, RemoteFailure
from core.kernel.http import call_json, make_client, require_fields
from domain.documents import compact
from domain.enums import BillingStatus


class BillingRoute(str, Enum):
    """How a PDV version consults the Régua de Cobrança."""

    LICENSE_SERVER = "license-server"
    REGUA = "regua"
    NONE = "sem-consulta"

    @property
    def label(self) -> str:
        return {
            BillingRoute.LICENSE_SERVER: "License Server",
            BillingRoute.REGUA: "Régua de Cobrança (direta)",
            BillingRoute.NONE: "sem consulta",
        }[self]


SERVICE_NAME = {
    BillingRoute.LICENSE_SERVER: "License Server",
    BillingRoute.REGUA: "Régua de Cobrança",
}


@dataclass(frozen=True)
class BillingAnswer:
    status: BillingStatus
    message: str
    route: BillingRoute
    trust_until: date | None = None


@dataclass(frozen=True)
class TrustUnlockAnswer:
    granted: bool
    until: date | None
    reason: str


def _status(value: Any, service: str) -> BillingStatus:
    try:
        return BillingStatus(value)
    except ValueError:
        raise RemoteFailure(MALFORMED, f"{service}: situação desconhecida na resposta ({value!r})") from None


def _text(body: dict[str, Any], key: str, service: str) -> str:
    value = body.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise RemoteFailure(MALFORMED, f"{service}: campo {key} não é texto")
    return value


def _date(value: Any, key: str, service: str) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        raise RemoteFailure(MALFORMED, f"{service}: data inválida em {key} ({value!r})") from None


def _same_cnpj(body: dict[str, Any], cnpj: str, service: str) -> None:
    answered = compact(body.get("cnpj", ""))
    if answered != cnpj:
        raise RemoteFailure(MALFORMED, f"{service}: resposta sobre outro CNPJ ({body.get('cnpj')!r})")


class LicenseClient:
    def __init__(self, base_url: str, timeout: float, transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.base_url = base_url
        self.timeout = timeout
        self.transport = transport

    async def _call(self, method: str, path: str, service: str, **kwargs: Any) -> dict[str, Any]:
        async with make_client(self.base_url, self.timeout, self.transport, service=service) as client:
            return await call_json(client, method, path, service=service, deadline=self.timeout, **kwargs)

    async def check(self, route: BillingRoute, cnpj: str, version: str) -> BillingAnswer:
        """The situation of `cnpj` (compact) by `route`; RemoteFailure on any failure."""
        if route is BillingRoute.LICENSE_SERVER:
            service = SERVICE_NAME[route]
            body = await self._call("POST", "/api/v1/access-check", service, json={"cnpj": cnpj, "version": version})
            require_fields(body, service, "cnpj", "situation", "message")
            _same_cnpj(body, cnpj, service)
            return BillingAnswer(
                status=_status(body["situation"], service),
                message=_text(body, "message", service),
                route=route,
                trust_until=_date(body.get("trust_until"), "trust_until", service),
            )
        if route is BillingRoute.REGUA:
            service = SERVICE_NAME[route]
            body = await self._call("GET", f"/regua/v1/situacao/{cnpj}", service, params={"versao": version})
            require_fields(body, service, "cnpj", "situacao", "mensagem")
            _same_cnpj(body, cnpj, service)
            return BillingAnswer(
                status=_status(body["situacao"], service),
                message=_text(body, "mensagem", service),
                route=route,
            )
        raise ValueError(f"rota sem consulta: {route}")

    async def trust_unlock(self, cnpj: str, version: str, supervisor: str, user: str) -> TrustUnlockAnswer:
        """Desbloqueio em Confiança: granted with a date, or not with the server's reason."""
        service = "License Server"
        body = await self._call(
            "POST",
            "/api/v1/trust-unlock",
            service,
            json={"cnpj": cnpj, "version": version, "supervisor": supervisor, "user": user},
        )
        require_fields(body, service, "result")
        result = body["result"]
        if result == "liberado":
            until = _date(body.get("until"), "until", service)
            if until is None:
                raise RemoteFailure(MALFORMED, f"{service}: desbloqueio liberado sem a data (until)")
            return TrustUnlockAnswer(True, until, "")
        if result == "sem-sucesso":
            reason = _text(body, "reason", service) or "O servidor não informou o motivo."
            return TrustUnlockAnswer(False, None, reason)
        raise RemoteFailure(MALFORMED, f"{service}: resultado desconhecido ({result!r})")
