"""The trainers' client of the LGPData portal's /admin routes (`pdv sim consent`, `clock`,
`expiry`, `term`, `credentials`, `cancel`, `reset`, `status`; the instructor panel), on
core.kernel.admin_client (the token, the timeout, RemoteFailure).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import quote

from core.kernel.admin_client import AdminClient
from domain.enums import ConsentOperation, ConsentStatus

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


class LgpdataAdmin(AdminClient):
    """The portal's admin routes (/admin under the service's URL)."""

    service = SERVICE
    default_url = DEFAULT_ADMIN_URL

    async def set_consent(
        self,
        document: str,
        status: ConsentStatus,
        operation: ConsentOperation | None = None,
        document_type: str = "CPF",
    ) -> dict[str, Any]:
        payload: dict[str, Any] = {"document": document, "status": status.value, "document_type": document_type}
        if operation is not None:
            payload["operation"] = operation.value
        return await self.call("PUT", "/admin/consents", json=payload)

    async def state(self) -> dict[str, Any]:
        return await self.call("GET", "/admin/state", expect=("now", "expiry_days", "terms", "requests"))

    async def advance_clock(self, days: float = 0, hours: float = 0, minutes: float = 0) -> dict[str, Any]:
        """Moves the portal's clock forward; the answer holds the new "now"."""
        payload = {"days": days, "hours": hours, "minutes": minutes}
        return await self.call("POST", "/admin/clock", json=payload, expect=("now",))

    async def set_clock(self, moment: datetime | None) -> dict[str, Any]:
        """The portal's clock at `moment` (None: the machine's again)."""
        return await self.call(
            "PUT", "/admin/clock", json={"now": moment.isoformat() if moment else None}, expect=("now",)
        )

    async def set_expiry(self, days: int) -> int:
        """Days until an unanswered consent request expires."""
        return int(
            (await self.call("PUT", "/admin/expiry", json={"days": days}, expect=("expiry_days",)))["expiry_days"]
        )

    async def register_term(
        self, cnpj: str, operation: ConsentOperation, version: str, text: str, banner_id: int = 0
    ) -> dict[str, Any]:
        """A new version of a term (the one in force from now on) or an older one back in force."""
        payload = {"cnpj": cnpj, "banner_id": banner_id, "operation": operation.value, "version": version, "text": text}
        return await self.call("PUT", "/admin/terms", json=payload, expect=("version", "sha256"))

    async def withdraw_term(self, cnpj: str, operation: ConsentOperation, banner_id: int = 0) -> int:
        payload = {"cnpj": cnpj, "banner_id": banner_id, "operation": operation.value}
        return int((await self.call("POST", "/admin/terms/withdraw", json=payload, expect=("withdrawn",)))["withdrawn"])

    async def set_credentials(self, api_key: str, access: str, password: str) -> None:
        await self.call("PUT", "/admin/credentials", json={"api_key": api_key, "access": access, "password": password})

    async def cancel_request(self, request_id: str) -> dict[str, Any]:
        return await self.call("POST", f"/admin/requests/{quote(request_id, safe='')}/cancel", expect=("id", "status"))

    async def reset(self, scenario: str | None = None) -> dict[str, Any]:
        return await self.call("POST", "/admin/reset", json={"scenario": scenario}, expect=("scenario",))
