"""Client of the simulated world's fault admin API (`pdv sim fault/clear/faults`, the instructor
panel), on core.kernel.admin_client (the token, the timeout, RemoteFailure).

The URL is the root of `pdv servers` (http://127.0.0.1:8700 by default); the services' admin
routes live under it at /{service}/admin/faults, the root ones at /faults. The kinds of fault,
their words and the routes are the running services' own (the listing), never a copy here.
"""

from __future__ import annotations

import json
from typing import Any

from core.kernel.admin_client import AdminClient
from core.kernel.errors import HTTP, MALFORMED, RemoteFailure

DEFAULT_URL = "http://127.0.0.1:8700"
SERVICE = "Falhas simuladas"


class FaultsAdmin(AdminClient):
    """The fault routes of every service of a running world."""

    service = SERVICE
    default_url = DEFAULT_URL

    def _not_the_world(self) -> RemoteFailure:
        return RemoteFailure(
            MALFORMED,
            f"{SERVICE}: {self.where} não respondeu como os serviços simulados; é o endereço de 'pdv servers'?",
        )

    async def listing(self) -> dict[str, Any]:
        """{"services": {name: [route names]}, "kinds": {kind: words}, "faults": [fault, ...]}."""
        try:
            body = await self.call("GET", "/faults")
        except RemoteFailure as failure:
            if failure.status_code == 404:
                raise RemoteFailure(
                    HTTP, f"{SERVICE}: {self.where} não tem a rota /faults; é o endereço de 'pdv servers'?", 404
                ) from None
            raise
        if not (
            isinstance(body.get("faults"), list)
            and isinstance(body.get("services"), dict)
            and isinstance(body.get("kinds"), dict)
        ):
            raise self._not_the_world()
        return body

    async def _service_call(self, method: str, service: str, **kwargs: Any) -> dict[str, Any]:
        """A call to /{service}/admin/faults; a service the world does not have is named with
        the ones it has."""
        try:
            return await self.call(method, f"/{service}/admin/faults", **kwargs)
        except RemoteFailure as failure:
            if failure.status_code != 404:
                raise
        known = ", ".join((await self.listing())["services"]) or "nenhum"
        raise RemoteFailure(HTTP, f"{SERVICE}: serviço '{service}' não existe em {self.where} (serviços: {known})", 404)

    async def service_listing(self, service: str) -> dict[str, Any]:
        """One service's routes, kinds and faults, in the shape of listing()."""
        body = await self._service_call("GET", service)
        if not (
            isinstance(body.get("routes"), list)
            and isinstance(body.get("faults"), list)
            and isinstance(body.get("kinds"), dict)
        ):
            raise self._not_the_world()
        return {"services": {service: body["routes"]}, "kinds": body["kinds"], "faults": body["faults"]}

    async def set(
        self,
        service: str,
        route: str,
        kind: str,
        options: dict[str, Any] | None = None,
        count: int | None = None,
        probability: float | None = None,
        seed: int | None = None,
    ) -> dict[str, Any]:
        """Puts a fault in force and returns it as the service holds it (with its words, "label")."""
        payload: dict[str, Any] = {"route": route, "kind": kind, "options": options or {}}
        for key, value in (("count", count), ("probability", probability), ("seed", seed)):
            if value is not None:
                payload[key] = value
        return (await self._service_call("POST", service, json=payload, expect=("fault",)))["fault"]

    async def clear(self, service: str | None = None, route: str | None = None) -> int:
        """Clears all faults, a service's, or one route's; returns how many were removed."""
        if service is None:
            body = await self.call("DELETE", "/faults", expect=("removed",))
        else:
            params = {"route": route} if route is not None else None
            body = await self._service_call("DELETE", service, params=params, expect=("removed",))
        return int(body["removed"])

    async def reset(self, scenario: str | None = None) -> list[dict[str, Any]]:
        """Puts back the scenario's `[[faults]]`; returns the faults now in force."""
        params = {"scenario": scenario} if scenario else None
        return (await self.call("POST", "/faults/reset", params=params, expect=("faults",)))["faults"]


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def describe(fault: dict[str, Any]) -> str:
    """One line for a fault: where, what (in the service's words, its "label"), and its modifiers."""
    options = ", ".join(f"{k}={_shown(v)}" for k, v in fault.get("options", {}).items())
    words = "; ".join(part for part in (str(fault.get("label") or ""), options) if part)
    text = f"{fault['service']} {fault['route']}: {fault['kind']}" + (f" ({words})" if words else "")
    extras = []
    if fault.get("remaining") is not None:
        extras.append(f"restam {fault['remaining']} de {fault['count']} chamadas")
    if fault.get("probability") is not None:
        extras.append(f"probabilidade {fault['probability']:g}")
    if fault.get("seed") is not None:
        extras.append(f"semente {fault['seed']}")
    if fault.get("applied"):
        extras.append(f"aplicada {fault['applied']}x")
    return text + (f" [{'; '.join(extras)}]" if extras else "")
