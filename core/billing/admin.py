"""Admin client of the simulated License Server (`pdv sim license`, `pdv sim status`, the
instructor panel): set a CNPJ's situation, the trust-unlock rules, revoke or forget grants, move
the server's clock, read the state and the history, reset to a scenario (core.kernel.admin_client: the
token, the timeout, RemoteFailure)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from core.kernel.admin_client import AdminClient
from domain.documents import DocumentError, compact_cnpj
from domain.enums import BillingStatus

SERVICE = "License Server"
DEFAULT_URL = "http://127.0.0.1:8700/license"


def parse_situation(text: str) -> BillingStatus:
    """'bloqueio-parcial', 'PARTIAL_BLOCK' or 'Bloqueio Parcial'; ValueError otherwise."""
    value = text.strip()
    for status in BillingStatus:
        if value.lower() in (status.value, status.name.lower(), status.label.lower()):
            return status
    raise ValueError(f"situação '{text}' inválida (use: {', '.join(s.value for s in BillingStatus)})")


def parse_cnpj(text: str) -> str:
    """Compact CNPJ (alphanumeric accepted), formatted or not; DocumentError when invalid."""
    return compact_cnpj(text.strip())


class LicenseAdmin(AdminClient):
    """The License Server's admin routes (/admin under the service's URL)."""

    service = SERVICE
    default_url = DEFAULT_URL

    async def set_situation(self, cnpj: str, situation: BillingStatus, message: str | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {"situation": situation.value}
        if message is not None:
            body["message"] = message
        return await self.call("PUT", f"/admin/branches/{cnpj}", json=body)

    async def set_trust_rules(self, cnpj: str | None, **rules: Any) -> dict[str, Any]:
        path = f"/admin/branches/{cnpj}/trust-unlock" if cnpj else "/admin/trust-unlock"
        return await self.call("PUT", path, json={k: v for k, v in rules.items() if v is not None})

    async def state(self) -> dict[str, Any]:
        return await self.call("GET", "/admin/state")

    async def history(self, cnpj: str | None = None, limit: int = 20) -> list[dict[str, Any]]:
        params: dict[str, Any] = {"limit": limit}
        if cnpj:
            params["cnpj"] = cnpj
        return (await self.call("GET", "/admin/history", params=params, expect=("calls",)))["calls"]

    async def reset(self, scenario: str | None = None) -> dict[str, Any]:
        return await self.call("POST", "/admin/reset", json={"scenario": scenario})

    async def revoke_grants(self, cnpj: str) -> dict[str, Any]:
        """Ends the CNPJ's trust unlock in force (it still counts for the 30-day limit)."""
        return await self.call("POST", f"/admin/branches/{cnpj}/grants/revoke", expect=("revoked",))

    async def forget_grants(self, cnpj: str) -> int:
        """Deletes the CNPJ's grants: the limit starts over (to repeat a demonstration)."""
        return int((await self.call("DELETE", f"/admin/branches/{cnpj}/grants", expect=("removed",)))["removed"])

    async def clock(self) -> dict[str, Any]:
        return await self.call("GET", "/admin/clock", expect=("now",))

    async def advance_clock(self, days: float = 0, hours: float = 0, minutes: float = 0) -> dict[str, Any]:
        return await self.call(
            "POST", "/admin/clock", json={"days": days, "hours": hours, "minutes": minutes}, expect=("now",)
        )

    async def set_clock(self, moment: datetime | None) -> dict[str, Any]:
        """The server's clock at `moment` (None: the machine's again)."""
        return await self.call(
            "PUT", "/admin/clock", json={"now": moment.isoformat() if moment else None}, expect=("now",)
        )


__all__ = ["DEFAULT_URL", "DocumentError", "LicenseAdmin", "parse_cnpj", "parse_situation"]
