"""Client of the simulated world's fault admin API (`pdv sim fault/clear/faults`, the instructor
panel): httpx with an explicit timeout, every failure told in one Portuguese sentence.

`FaultsAdmin` is synchronous, `AsyncFaultsAdmin` the same for async code. The URL is the root of
`pdv servers` (http://127.0.0.1:8700 by default); the services' admin routes live under it at
/{service}/admin/faults, the root ones at /faults.
"""
from __future__ import annotations

import json
from typing import Any

import httpx

from core.errors import PdvError
from core.redact import shown_url
from core.trainer_token import auth_headers, unauthorized_text

DEFAULT_URL = "http://127.0.0.1:8700"

# The kinds the services know, with the words a trainer reads (the server is the judge; this is
# for help texts and listings, and a test keeps it equal to the server's table).
KIND_LABELS: dict[str, str] = {
    "delay": "atraso fixo",
    "random-delay": "atraso aleatório com semente",
    "hang": "nunca responde",
    "status": "erro HTTP",
    "malformed-json": "JSON malformado",
    "missing-fields": "JSON sem campos",
    "empty": "resposta vazia",
    "reset": "conexão derrubada",
    "dribble": "resposta a conta-gotas",
}


class FaultAdminError(PdvError):
    """The world is unreachable or refused the request; str() is one line for the user."""


class _UnknownService(Exception):
    def __init__(self, service: str) -> None:
        self.service = service


def _payload(route: str, kind: str, options: dict[str, Any] | None, count: int | None,
             probability: float | None, seed: int | None) -> dict[str, Any]:
    payload: dict[str, Any] = {"route": route, "kind": kind, "options": options or {}}
    for key, value in (("count", count), ("probability", probability), ("seed", seed)):
        if value is not None:
            payload[key] = value
    return payload


def _clear_call(service: str | None, route: str | None) -> tuple[str, dict[str, str] | None]:
    if service is None:
        return "/faults", None
    return f"/{service}/admin/faults", ({"route": route} if route is not None else None)


class _Interpreter:
    """What both clients share: turning an exception or an answer into data or one sentence."""

    url: str
    timeout: float

    def _not_the_world(self) -> FaultAdminError:
        return FaultAdminError(f"{shown_url(self.url)} não respondeu como os serviços simulados; é o endereço de 'pdv servers'?")

    def _failure(self, exc: httpx.HTTPError) -> FaultAdminError:
        if isinstance(exc, httpx.TimeoutException):
            return FaultAdminError(f"os serviços simulados em {shown_url(self.url)} não responderam em {self.timeout:g} s")
        if isinstance(exc, httpx.ConnectError):
            return FaultAdminError(
                f"não foi possível conectar aos serviços simulados em {shown_url(self.url)} (estão rodando? inicie com 'pdv servers')"
            )
        return FaultAdminError(f"falha de comunicação com {shown_url(self.url)} ({exc.__class__.__name__})")

    def _body(self, response: httpx.Response, path: str) -> dict[str, Any]:
        try:
            body = response.json()
        except ValueError:
            body = None
        if response.status_code == 401:
            raise FaultAdminError(unauthorized_text(self.url))
        if response.status_code == 404:
            if path == "/faults":
                raise FaultAdminError(f"{shown_url(self.url)} não tem a rota /faults; é o endereço de 'pdv servers'?")
            raise _UnknownService(path.strip("/").split("/")[0])
        if response.status_code >= 400:
            detail = body.get("detail") if isinstance(body, dict) else None
            if isinstance(detail, str):
                raise FaultAdminError(detail)
            raise FaultAdminError(f"{shown_url(self.url)} respondeu HTTP {response.status_code}; é o endereço de 'pdv servers'?")
        if not isinstance(body, dict):
            raise self._not_the_world()
        if path == "/faults" and response.request.method == "GET" and not (
            isinstance(body.get("faults"), list) and isinstance(body.get("services"), dict)
        ):
            raise self._not_the_world()
        return body

    def _unknown(self, service: str, listing: dict[str, Any]) -> FaultAdminError:
        known = ", ".join(listing["services"]) or "nenhum"
        return FaultAdminError(f"serviço '{service}' não existe em {shown_url(self.url)} (serviços: {known})")


class FaultsAdmin(_Interpreter):
    """Synchronous client (command line; the panel calls it from a worker thread)."""

    def __init__(self, url: str = DEFAULT_URL, timeout: float = 3.0, transport: httpx.BaseTransport | None = None,
                 token: str | None = None) -> None:
        self.url = url.rstrip("/")
        self.timeout = timeout
        self.transport = transport
        self.headers = auth_headers(token)

    def _request(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        try:
            with httpx.Client(base_url=self.url, timeout=httpx.Timeout(self.timeout), transport=self.transport,
                              headers=self.headers) as client:
                response = client.request(method, path, **kwargs)
        except httpx.HTTPError as exc:
            raise self._failure(exc) from None
        try:
            return self._body(response, path)
        except _UnknownService as unknown:
            raise self._unknown(unknown.service, self.listing()) from None

    def listing(self) -> dict[str, Any]:
        """{"services": {name: [route names]}, "kinds": {...}, "faults": [fault, ...]}."""
        return self._request("GET", "/faults")

    def service_listing(self, service: str) -> dict[str, Any]:
        """One service's routes and faults, in the shape of listing()."""
        body = self._request("GET", f"/{service}/admin/faults")
        if not isinstance(body.get("routes"), list) or not isinstance(body.get("faults"), list):
            raise self._not_the_world()
        return {"services": {service: body["routes"]}, "kinds": body.get("kinds", {}), "faults": body["faults"]}

    def set(self, service: str, route: str, kind: str, options: dict[str, Any] | None = None,
            count: int | None = None, probability: float | None = None, seed: int | None = None) -> dict[str, Any]:
        """Puts a fault in force and returns it as the server holds it."""
        payload = _payload(route, kind, options, count, probability, seed)
        return self._request("POST", f"/{service}/admin/faults", json=payload)["fault"]

    def clear(self, service: str | None = None, route: str | None = None) -> int:
        """Clears all faults, a service's, or one route's; returns how many were removed."""
        path, params = _clear_call(service, route)
        return int(self._request("DELETE", path, params=params)["removed"])

    def reset(self, scenario: str | None = None) -> list[dict[str, Any]]:
        """Puts back the scenario's `[[faults]]`; returns the faults now in force."""
        params = {"scenario": scenario} if scenario else None
        return self._request("POST", "/faults/reset", params=params)["faults"]


class AsyncFaultsAdmin(_Interpreter):
    """The same, for async code (Textual workers, tests over httpx.ASGITransport)."""

    def __init__(self, url: str = DEFAULT_URL, timeout: float = 3.0, transport: httpx.AsyncBaseTransport | None = None,
                 token: str | None = None) -> None:
        self.url = url.rstrip("/")
        self.timeout = timeout
        self.transport = transport
        self.headers = auth_headers(token)

    async def _request(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        try:
            async with httpx.AsyncClient(
                base_url=self.url, timeout=httpx.Timeout(self.timeout), transport=self.transport, headers=self.headers,
            ) as client:
                response = await client.request(method, path, **kwargs)
        except httpx.HTTPError as exc:
            raise self._failure(exc) from None
        try:
            return self._body(response, path)
        except _UnknownService as unknown:
            raise self._unknown(unknown.service, await self.listing()) from None

    async def listing(self) -> dict[str, Any]:
        return await self._request("GET", "/faults")

    async def set(self, service: str, route: str, kind: str, options: dict[str, Any] | None = None,
                  count: int | None = None, probability: float | None = None, seed: int | None = None) -> dict[str, Any]:
        payload = _payload(route, kind, options, count, probability, seed)
        return (await self._request("POST", f"/{service}/admin/faults", json=payload))["fault"]

    async def clear(self, service: str | None = None, route: str | None = None) -> int:
        path, params = _clear_call(service, route)
        return int((await self._request("DELETE", path, params=params))["removed"])

    async def reset(self, scenario: str | None = None) -> list[dict[str, Any]]:
        params = {"scenario": scenario} if scenario else None
        return (await self._request("POST", "/faults/reset", params=params))["faults"]


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def describe(fault: dict[str, Any]) -> str:
    """One line for a fault: where, what, and its modifiers."""
    options = ", ".join(f"{k}={_shown(v)}" for k, v in fault.get("options", {}).items())
    label = KIND_LABELS.get(fault["kind"], fault["kind"])
    text = f"{fault['service']} {fault['route']}: {fault['kind']} ({label}{'; ' + options if options else ''})"
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
