"""HTTP client of the LGPData portal: status query, consent request, connection test.

Every call sends API-KEY, Acesso and Senha as headers, has an explicit timeout and a deadline,
and turns any failure into RemoteFailure with a Portuguese message that says exactly what went
wrong (which credential was refused, which term is missing) and never carries a secret.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from core.kernel.errors import HTTP, MALFORMED, RemoteFailure
from core.kernel.http import call_json, http_status_words, make_client, require_fields
from domain.enums import ConsentStatus

SERVICE = "Portal LGPData"
KNOWN_STATUSES = {s.value for s in ConsentStatus if s is not ConsentStatus.UNKNOWN}


@dataclass(frozen=True)
class PortalAccess:
    """Where the portal is and how this branch identifies itself to it."""

    base_url: str
    api_key: str
    access: str
    password: str
    timeout: float
    transport: httpx.AsyncBaseTransport | None = None

    def headers(self) -> dict[str, str]:
        return {"API-KEY": self.api_key, "Acesso": self.access, "Senha": self.password}


def _explain(failure: RemoteFailure) -> RemoteFailure:
    """A clearer message for the portal's own refusals (401 credential, 404 term)."""
    if failure.kind != HTTP or not isinstance(failure.body, dict):
        if failure.kind == HTTP and failure.status_code and failure.status_code >= 500:
            failure.args = (f"{SERVICE}: {http_status_words(failure.status_code)} (HTTP {failure.status_code})",)
        return failure
    detail = str(failure.body.get("detail") or "")
    if failure.status_code == 401:
        which = failure.body.get("credencial") or "credencial"
        message = f"{SERVICE}: credencial recusada: {which} inválido(a) (HTTP 401). Confira a Integração Portal LGPD."
        if "não informado" in detail:
            message = f"{SERVICE}: {which} não informado(a) (HTTP 401)."
    elif failure.status_code == 404 and failure.body.get("codigo") == "termo_inexistente":
        message = f"{SERVICE}: {detail}"
    elif failure.status_code and failure.status_code >= 500:
        message = f"{SERVICE}: {http_status_words(failure.status_code)} (HTTP {failure.status_code})"
    else:
        message = f"{SERVICE}: {detail or 'erro'} (HTTP {failure.status_code})"
    return RemoteFailure(failure.kind, message, failure.status_code, failure.body)


class LgpdataClient:
    def __init__(self, access: PortalAccess) -> None:
        self.access = access

    async def _call(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        access = self.access
        try:
            headers = access.headers()
            for value in headers.values():
                value.encode("ascii")
        except UnicodeEncodeError:
            raise RemoteFailure(HTTP, f"{SERVICE}: credenciais com caracteres inválidos (use apenas ASCII).") from None
        try:
            async with make_client(
                access.base_url, access.timeout, access.transport, headers, service=SERVICE
            ) as client:
                return await call_json(
                    client,
                    method,
                    path,
                    service=SERVICE,
                    deadline=access.timeout + 0.5,
                    **kwargs,
                )
        except RemoteFailure as failure:
            raise _explain(failure) from None

    async def status(
        self, document: str, document_type: str, cnpj: str, banner_id: int, operation: str
    ) -> dict[str, Any]:
        body = await self._call(
            "GET",
            "/api/v1/consentimento",
            params={
                "documento": document,
                "tipo": document_type,
                "cnpj": cnpj,
                "bandeira": banner_id,
                "operacao": operation,
            },
        )
        require_fields(body, SERVICE, "status", "termo")
        if body["status"] not in KNOWN_STATUSES:
            raise RemoteFailure(MALFORMED, f"{SERVICE}: status desconhecido na resposta ({str(body['status'])[:30]!r})")
        receipt = body.get("comprovante")
        if receipt is not None and not isinstance(receipt, dict):
            raise RemoteFailure(MALFORMED, f"{SERVICE}: comprovante inválido na resposta")
        return body

    async def request(
        self, document: str, document_type: str, name: str, cnpj: str, banner_id: int, operation: str
    ) -> dict[str, Any]:
        body = await self._call(
            "POST",
            "/api/v1/solicitacoes",
            json={
                "documento": document,
                "tipo_documento": document_type,
                "nome": name,
                "cnpj": cnpj,
                "bandeira": banner_id,
                "operacao": operation,
            },
        )
        require_fields(body, SERVICE, "id", "link", "status")
        link = body["link"]
        if not isinstance(link, str) or not link.startswith(("http://", "https://")):
            raise RemoteFailure(MALFORMED, f"{SERVICE}: link de consentimento inválido na resposta")
        return body

    async def test_connection(self, cnpj: str, banner_id: int) -> dict[str, Any]:
        body = await self._call("GET", "/api/v1/conexao", params={"cnpj": cnpj, "bandeira": banner_id})
        require_fields(body, SERVICE, "ok", "termos")
        if not isinstance(body["termos"], list):
            raise RemoteFailure(MALFORMED, f"{SERVICE}: lista de termos inválida na resposta")
        return body
