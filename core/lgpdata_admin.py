"""The trainers' client of the LGPData portal's /admin routes (`pdv sim consent`, `clock`,
`expiry`, `term`, `credentials`, `cancel`, `reset`, `status`).

Synchronous (a command line), with an explicit timeout; failures become RemoteFailure with a
Portuguese message, like every other call the PDV makes.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

import httpx

from core.domain import ConsentOperation, ConsentStatus
from core.errors import HTTP, MALFORMED, REFUSED, TIMEOUT, RemoteFailure
from core.redact import shown_url
from core.trainer_token import auth_headers, unauthorized_text

DEFAULT_ADMIN_URL = "http://127.0.0.1:8700/lgpdata"
SERVICE = "Portal LGPData"


def parse_status(text: str) -> ConsentStatus:
    """A status by its value (aceito), name (ACCEPTED) or label (Não emitido), any case."""
    wanted = text.strip().lower().replace("-", "_")
    for status in ConsentStatus:
        if status is ConsentStatus.UNKNOWN:
            continue
        if wanted in (status.value, status.name.lower(), status.label.lower()):
            return status
    allowed = ", ".join(s.value for s in ConsentStatus if s is not ConsentStatus.UNKNOWN)
    raise ValueError(f"status {text!r} inválido (use: {allowed})")


def parse_operation(text: str) -> ConsentOperation:
    wanted = text.strip().lower().replace("-", "_")
    for operation in ConsentOperation:
        if wanted in (operation.value, operation.name.lower(), operation.label.lower()):
            return operation
    raise ValueError(f"operação {text!r} inválida (use: {', '.join(o.value for o in ConsentOperation)})")


class LgpdataAdmin:
    def __init__(self, base_url: str = DEFAULT_ADMIN_URL, timeout: float = 5.0,
                 transport: httpx.BaseTransport | None = None, token: str | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.transport = transport
        self.headers = auth_headers(token)

    def _call(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        try:
            with httpx.Client(base_url=self.base_url, timeout=self.timeout, transport=self.transport,
                              headers=self.headers) as client:
                response = client.request(method, path, **kwargs)
        except httpx.TimeoutException:
            raise RemoteFailure(TIMEOUT, f"{SERVICE}: sem resposta em {shown_url(self.base_url)}") from None
        except httpx.ConnectError:
            raise RemoteFailure(REFUSED, f"{SERVICE}: não foi possível conectar em {shown_url(self.base_url)} (pdv servers está rodando?)") from None
        except httpx.HTTPError as exc:
            raise RemoteFailure(REFUSED, f"{SERVICE}: falha de comunicação ({exc.__class__.__name__})") from None
        try:
            body = response.json()
        except ValueError:
            body = None
        if response.status_code == 401:
            raise RemoteFailure(HTTP, f"{SERVICE}: {unauthorized_text(self.base_url)}", 401, body)
        if response.status_code >= 400:
            detail = body.get("detail") if isinstance(body, dict) else None
            if isinstance(detail, list):
                detail = "; ".join(str(item.get("msg", item)) for item in detail)
            raise RemoteFailure(HTTP, f"{SERVICE}: {detail or 'erro'} (HTTP {response.status_code})", response.status_code, body)
        if not isinstance(body, dict):
            raise RemoteFailure(MALFORMED, f"{SERVICE}: resposta inválida")
        return body

    def set_consent(self, document: str, status: ConsentStatus, operation: ConsentOperation | None = None,
                    document_type: str = "CPF") -> dict[str, Any]:
        payload: dict[str, Any] = {"document": document, "status": status.value, "document_type": document_type}
        if operation is not None:
            payload["operation"] = operation.value
        return self._call("PUT", "/admin/consents", json=payload)

    def state(self) -> dict[str, Any]:
        return self._expect(self._call("GET", "/admin/state"), "now", "expiry_days", "terms", "requests")

    def _expect(self, body: dict[str, Any], *names: str) -> dict[str, Any]:
        missing = [name for name in names if name not in body]
        if missing:
            raise RemoteFailure(MALFORMED, f"{SERVICE}: resposta incompleta (faltam: {', '.join(missing)}) de {shown_url(self.base_url)}")
        return body

    def advance_clock(self, days: float = 0, hours: float = 0, minutes: float = 0) -> dict[str, Any]:
        """Moves the portal's clock forward; the answer holds the new "now"."""
        payload = {"days": days, "hours": hours, "minutes": minutes}
        return self._expect(self._call("POST", "/admin/clock", json=payload), "now")

    def set_clock(self, moment: datetime | None) -> dict[str, Any]:
        """The portal's clock at `moment` (None: the machine's again)."""
        payload = {"now": moment.isoformat() if moment else None}
        return self._expect(self._call("PUT", "/admin/clock", json=payload), "now")

    def set_expiry(self, days: int) -> int:
        """Days until an unanswered consent request expires."""
        return int(self._expect(self._call("PUT", "/admin/expiry", json={"days": days}), "expiry_days")["expiry_days"])

    def register_term(self, cnpj: str, operation: ConsentOperation, version: str, text: str,
                      banner_id: int = 0) -> dict[str, Any]:
        """A new version of a term (the one in force from now on) or an older one back in force."""
        payload = {"cnpj": cnpj, "banner_id": banner_id, "operation": operation.value, "version": version, "text": text}
        return self._expect(self._call("PUT", "/admin/terms", json=payload), "version", "sha256")

    def withdraw_term(self, cnpj: str, operation: ConsentOperation, banner_id: int = 0) -> int:
        payload = {"cnpj": cnpj, "banner_id": banner_id, "operation": operation.value}
        return int(self._expect(self._call("POST", "/admin/terms/withdraw", json=payload), "withdrawn")["withdrawn"])

    def set_credentials(self, api_key: str, access: str, password: str) -> None:
        self._call("PUT", "/admin/credentials", json={"api_key": api_key, "access": access, "password": password})

    def cancel_request(self, request_id: str) -> dict[str, Any]:
        from urllib.parse import quote

        return self._expect(self._call("POST", f"/admin/requests/{quote(request_id, safe='')}/cancel"), "id", "status")

    def reset(self, scenario: str | None = None) -> dict[str, Any]:
        return self._expect(self._call("POST", "/admin/reset", json={"scenario": scenario}), "scenario")


class AsyncLgpdataAdmin:
    """The same admin routes for async code (the instructor panel's workers, tests over
    httpx.ASGITransport); failures are RemoteFailure as for every call the PDV makes."""

    def __init__(self, base_url: str = DEFAULT_ADMIN_URL, timeout: float = 5.0,
                 transport: httpx.AsyncBaseTransport | None = None, token: str | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.transport = transport
        self.headers = auth_headers(token)

    async def _call(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        from core.remote import call_json, make_client

        async with make_client(self.base_url, self.timeout, self.transport, self.headers, service=SERVICE) as client:
            try:
                return await call_json(client, method, path, service=SERVICE, deadline=self.timeout, **kwargs)
            except RemoteFailure as failure:
                if failure.status_code == 401:
                    raise RemoteFailure(HTTP, f"{SERVICE}: {unauthorized_text(self.base_url)}", 401) from None
                raise

    async def set_consent(self, document: str, status: ConsentStatus, operation: ConsentOperation | None = None,
                          document_type: str = "CPF") -> dict[str, Any]:
        payload: dict[str, Any] = {"document": document, "status": status.value, "document_type": document_type}
        if operation is not None:
            payload["operation"] = operation.value
        return await self._call("PUT", "/admin/consents", json=payload)

    async def state(self) -> dict[str, Any]:
        return await self._call("GET", "/admin/state")

    async def reset(self, scenario: str | None = None) -> dict[str, Any]:
        return await self._call("POST", "/admin/reset", json={"scenario": scenario})
