"""Admin client of the simulated License Server (`pdv sim license`, `pdv sim status`, and any
trainer tool): set a CNPJ's situation, the trust-unlock rules, revoke or forget grants, move the
server's clock, read the state and the history, reset to a scenario. Same failure mapping as
every remote call (RemoteFailure)."""
from __future__ import annotations

from datetime import datetime
from typing import Any

import httpx

from core.documents import DocumentError, compact_cnpj
from core.domain import BillingStatus
from core.errors import RemoteFailure
from core.remote import call_json, make_client, require_fields
from core.trainer_token import auth_headers, unauthorized_text

SERVICE = "License Server"
DEFAULT_URL = "http://127.0.0.1:8700/license"


def parse_situation(text: str) -> BillingStatus:
    """'bloqueio-parcial', 'PARTIAL_BLOCK' or 'Bloqueio Parcial'; ValueError otherwise."""
    value = text.strip()
    for status in BillingStatus:
        if value.lower() in (status.value, status.name.lower(), status.label.lower()):
            return status
    raise ValueError(
        f"situação '{text}' inválida (use: {', '.join(s.value for s in BillingStatus)})"
    )


def parse_cnpj(text: str) -> str:
    """Compact CNPJ (alphanumeric accepted), formatted or not; DocumentError when invalid."""
    return compact_cnpj(text.strip())


class LicenseAdmin:
    """The admin routes, with the trainer token (core.trainer_token) they ask for."""

    def __init__(self, base_url: str = DEFAULT_URL, timeout: float = 3.0, transport: httpx.AsyncBaseTransport | None = None,
                 token: str | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.transport = transport
        self.headers = auth_headers(token)

    async def _call(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        async with make_client(self.base_url, self.timeout, self.transport, self.headers, service=SERVICE) as client:
            try:
                return await call_json(client, method, path, service=SERVICE, deadline=self.timeout, **kwargs)
            except RemoteFailure as failure:
                if failure.status_code == 401:
                    raise RemoteFailure(failure.kind, f"{SERVICE}: {unauthorized_text(self.base_url)}", 401) from None
                raise

    async def set_situation(self, cnpj: str, situation: BillingStatus, message: str | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {"situation": situation.value}
        if message is not None:
            body["message"] = message
        return await self._call("PUT", f"/admin/branches/{cnpj}", json=body)

    async def set_trust_rules(self, cnpj: str | None, **rules: Any) -> dict[str, Any]:
        path = f"/admin/branches/{cnpj}/trust-unlock" if cnpj else "/admin/trust-unlock"
        return await self._call("PUT", path, json={k: v for k, v in rules.items() if v is not None})

    async def state(self) -> dict[str, Any]:
        return await self._call("GET", "/admin/state")

    async def history(self, cnpj: str | None = None, limit: int = 20) -> list[dict[str, Any]]:
        params: dict[str, Any] = {"limit": limit}
        if cnpj:
            params["cnpj"] = cnpj
        body = await self._call("GET", "/admin/history", params=params)
        require_fields(body, SERVICE, "calls")
        return body["calls"]

    async def reset(self, scenario: str | None = None) -> dict[str, Any]:
        return await self._call("POST", "/admin/reset", json={"scenario": scenario})

    async def revoke_grants(self, cnpj: str) -> dict[str, Any]:
        """Ends the CNPJ's trust unlock in force (it still counts for the 30-day limit)."""
        body = await self._call("POST", f"/admin/branches/{cnpj}/grants/revoke")
        require_fields(body, SERVICE, "revoked")
        return body

    async def forget_grants(self, cnpj: str) -> int:
        """Deletes the CNPJ's grants: the limit starts over (to repeat a demonstration)."""
        body = await self._call("DELETE", f"/admin/branches/{cnpj}/grants")
        require_fields(body, SERVICE, "removed")
        return int(body["removed"])

    async def clock(self) -> dict[str, Any]:
        body = await self._call("GET", "/admin/clock")
        require_fields(body, SERVICE, "now")
        return body

    async def advance_clock(self, days: float = 0, hours: float = 0, minutes: float = 0) -> dict[str, Any]:
        body = await self._call("POST", "/admin/clock", json={"days": days, "hours": hours, "minutes": minutes})
        require_fields(body, SERVICE, "now")
        return body

    async def set_clock(self, moment: datetime | None) -> dict[str, Any]:
        """The server's clock at `moment` (None: the machine's again)."""
        body = await self._call("PUT", "/admin/clock", json={"now": moment.isoformat() if moment else None})
        require_fields(body, SERVICE, "now")
        return body


__all__ = ["DEFAULT_URL", "DocumentError", "LicenseAdmin", "parse_cnpj", "parse_situation"]
