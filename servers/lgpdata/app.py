"""The simulated LGPData portal: consent terms and their answers, over HTTP.

API (every call carries the headers API-KEY, Acesso and Senha; a wrong one answers 401 naming it):
  GET  /api/v1/conexao          connection-test  credentials, and the terms in force for a CNPJ/bandeira
  GET  /api/v1/consentimento    consent-status   a customer's status for a term, with the receipt
  POST /api/v1/solicitacoes     consent-request  a new request (Pendente) and its link
The customer's page: GET/POST /t/{id}. Trainers: /admin/... (state, terms, consents, expiry,
clock, cancel, credentials, reset). /openapi.json documents it all.
"""
from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from fastapi import Depends, FastAPI, Header, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, Field

from servers.lgpdata.page import render_missing, render_page
from servers.lgpdata.store import (
    MAX_CLOCK_OFFSET_DAYS, MAX_EXPIRY_DAYS, OPERATIONS, STATUSES, PortalError, PortalStore, TermKey, compact, iso,
)
from servers.trainer_auth import TrainerRoutes


class ConsentRequestBody(BaseModel):
    documento: str
    tipo_documento: str = "CPF"
    nome: str = ""
    cnpj: str
    bandeira: int = Field(0, ge=0)
    operacao: str


MAX_BANNER = 2**31 - 1


class TermBody(BaseModel):
    cnpj: str = Field(max_length=40)
    banner_id: int = Field(0, ge=0, le=MAX_BANNER)
    operation: str
    version: str = Field(max_length=40)
    text: str = Field(max_length=100_000)


class TermKeyBody(BaseModel):
    cnpj: str = Field(max_length=40)
    banner_id: int = Field(0, ge=0, le=MAX_BANNER)
    operation: str


class ConsentBody(BaseModel):
    document: str
    status: str
    document_type: str = "CPF"
    operation: str | None = None
    cnpj: str | None = None
    banner_id: int | None = Field(None, ge=0, le=MAX_BANNER)


class ExpiryBody(BaseModel):
    days: int = Field(ge=1, le=MAX_EXPIRY_DAYS, description="Dias até uma solicitação não respondida expirar")


def _forward(limit_days: int, per_day: int):
    return Field(0, ge=0, le=limit_days * per_day, allow_inf_nan=False)


class ClockBody(BaseModel):
    """How much the portal's clock moves forward (it never moves back this way)."""

    days: float = _forward(MAX_CLOCK_OFFSET_DAYS, 1)
    hours: float = _forward(MAX_CLOCK_OFFSET_DAYS, 24)
    minutes: float = _forward(MAX_CLOCK_OFFSET_DAYS, 1440)
    seconds: float = _forward(MAX_CLOCK_OFFSET_DAYS, 86400)


class ClockSetBody(BaseModel):
    now: datetime | None = Field(description="A nova hora do portal (sem fuso), ou null: a da máquina")


class CredentialsBody(BaseModel):
    api_key: str = Field(max_length=200)
    access: str = Field(max_length=200)
    password: str = Field(max_length=200)


class ResetBody(BaseModel):
    scenario: str | None = None


def create_app(state_dir: Path, world: Any) -> FastAPI:
    state_dir.mkdir(parents=True, exist_ok=True)
    store = PortalStore(state_dir / "lgpdata.sqlite3")
    if not store.is_initialized():
        store.reset(world.read().get("lgpdata", {}), world.name)

    app = FastAPI(
        title="LGPData (simulado)",
        description="Portal de termos de consentimento LGPD simulado do pdv-sim.",
        docs_url=None, redoc_url=None,
    )
    app.state.store = store

    @app.exception_handler(PortalError)
    async def portal_error(_request: Request, exc: PortalError) -> JSONResponse:
        body: dict[str, Any] = {"detail": exc.message, "codigo": exc.code}
        if exc.status == 401:
            body["credencial"] = exc.code.split(":", 1)[1]
        return JSONResponse(body, status_code=exc.status)

    def credentials(
        api_key: str | None = Header(None, alias="API-KEY"),
        acesso: str | None = Header(None, alias="Acesso"),
        senha: str | None = Header(None, alias="Senha"),
    ) -> None:
        store.check_credentials(api_key, acesso, senha)

    def link(request: Request, token: str) -> str:
        return str(request.url_for("consent-page", token=token))

    def with_link(request: Request, described: dict[str, Any] | None) -> dict[str, Any] | None:
        if described is not None:
            described["link"] = link(request, described["id"])
        return described

    # --- API ---------------------------------------------------------------------------------

    @app.get("/api/v1/conexao", name="connection-test", dependencies=[Depends(credentials)])
    async def connection_test(cnpj: str | None = None, bandeira: int = Query(0, ge=0)) -> dict[str, Any]:
        """Credentials accepted; with a CNPJ, the terms in force for it and the bandeira."""
        answer: dict[str, Any] = {"ok": True, "acesso": store.credentials()["access"], "agora": iso(store.now())}
        if cnpj:
            answer["cnpj"] = compact(cnpj)
            answer["bandeira"] = bandeira
            answer["termos"] = [
                {"operacao": t.operation, "operacao_descricao": OPERATIONS[t.operation], "versao": t.version, "sha256": t.sha256}
                for t in store.terms_for(cnpj, bandeira)
            ]
        return answer

    @app.get("/api/v1/consentimento", name="consent-status", dependencies=[Depends(credentials)])
    async def consent_status(
        request: Request,
        documento: str,
        cnpj: str,
        operacao: str,
        tipo: str = "CPF",
        bandeira: int = Query(0, ge=0),
    ) -> dict[str, Any]:
        answer = store.status(documento, tipo, TermKey(compact(cnpj), bandeira, operacao))
        with_link(request, answer["solicitacao"])
        return answer

    @app.post("/api/v1/solicitacoes", name="consent-request", status_code=201, dependencies=[Depends(credentials)])
    async def consent_request(request: Request, body: ConsentRequestBody) -> dict[str, Any]:
        created = store.create_request(
            body.documento, body.tipo_documento, TermKey(compact(body.cnpj), body.bandeira, body.operacao), body.nome,
        )
        described = with_link(request, store.describe_request(created))
        return {**described, "status_descricao": STATUSES["pendente"]}

    # --- the customer's page -----------------------------------------------------------------

    def current_status(found: Any) -> str:
        term = found.term
        return store.status(found.document, found.document_type, TermKey(term.cnpj, term.banner_id, term.operation))["status"] \
            if store.term_in_force(TermKey(term.cnpj, term.banner_id, term.operation)) else found.status

    @app.get("/t/{token}", name="consent-page", response_class=HTMLResponse, include_in_schema=False)
    async def consent_page(request: Request, token: str) -> HTMLResponse:
        found = store.request_by_token(token)
        if found is None:
            return HTMLResponse(render_missing(), status_code=404)
        return HTMLResponse(render_page(found, current_status(found), link(request, found.token)))

    @app.post("/t/{token}", name="consent-answer", response_class=HTMLResponse, include_in_schema=False)
    async def consent_answer(request: Request, token: str) -> HTMLResponse:
        form = parse_qs((await request.body()).decode("utf-8", "replace"))
        action = (form.get("acao") or [""])[0]
        try:
            found = store.answer(token, action, channel="link")
            message = {
                "aceitar": "Obrigado! Seu aceite foi registrado.",
                "recusar": "Sua recusa foi registrada.",
                "exclusao": "Seu pedido de exclusão dos dados foi registrado.",
                "remocao": "Seu pedido de remoção do consentimento foi registrado.",
            }[action]
            code = 200
        except PortalError as exc:
            found = store.request_by_token(token)
            if found is None:
                return HTMLResponse(render_missing(), status_code=404)
            message, code = exc.message, exc.status
        return HTMLResponse(render_page(found, current_status(found), link(request, found.token), message), status_code=code)

    # --- trainers ----------------------------------------------------------------------------

    admin = TrainerRoutes(app, world.token)
    refused = {422: {"description": "entrada inválida (detail: o motivo, em português, ou a lista de problemas)"}}
    missing = {404: {"description": "não encontrado (detail, codigo)"}}

    @admin.get("/admin/state", name="admin-state")
    async def admin_state() -> dict[str, Any]:
        return store.state()

    @admin.put("/admin/terms", name="admin-term", responses={**refused, 409: {"description": "a versão já existe com outro texto"}})
    async def admin_term(body: TermBody) -> dict[str, Any]:
        term = store.register_term(body.cnpj, body.banner_id, body.operation, body.version, body.text)
        return {"cnpj": term.cnpj, "banner_id": term.banner_id, "operation": term.operation,
                "version": term.version, "sha256": term.sha256}

    @admin.post("/admin/terms/withdraw", name="admin-term-withdraw", responses=refused)
    async def admin_term_withdraw(body: TermKeyBody) -> dict[str, Any]:
        return {"withdrawn": store.withdraw_term(body.cnpj, body.banner_id, body.operation)}

    @admin.put("/admin/consents", name="admin-consent", responses={**refused, **missing})
    async def admin_consent(body: ConsentBody) -> dict[str, Any]:
        keys = store.set_status(body.document, body.status, body.document_type, body.operation, body.cnpj, body.banner_id)
        return {
            "document": compact(body.document), "status": body.status, "status_descricao": STATUSES[body.status],
            "terms": [{"cnpj": k.cnpj, "banner_id": k.banner_id, "operation": k.operation} for k in keys],
        }

    @admin.put("/admin/expiry", name="admin-expiry", responses=refused)
    async def admin_expiry(body: ExpiryBody) -> dict[str, Any]:
        store.set_expiry_days(body.days)
        return {"expiry_days": store.expiry_days}

    @admin.post("/admin/clock", name="admin-clock", responses=refused)
    async def admin_clock(body: ClockBody) -> dict[str, Any]:
        """Anda com o relógio do portal (só para frente; no máximo 10 anos à frente da máquina)."""
        seconds = body.days * 86400 + body.hours * 3600 + body.minutes * 60 + body.seconds
        return {"now": iso(store.advance_clock(seconds))}

    @admin.put("/admin/clock", name="admin-clock-set", responses=refused)
    async def admin_clock_set(body: ClockSetBody) -> dict[str, Any]:
        """Põe o relógio do portal numa data e hora (null: volta ao da máquina)."""
        moment = body.now
        try:
            if moment is not None and moment.tzinfo is not None:
                moment = moment.astimezone().replace(tzinfo=None)
            return {"now": iso(store.set_clock(moment))}
        except (OverflowError, ValueError):
            raise PortalError(422, "Hora fora do intervalo aceito.", "relogio_invalido") from None

    @admin.post("/admin/requests/{token}/cancel", name="admin-cancel",
                responses={**missing, 409: {"description": "a solicitação não está pendente"}})
    async def admin_cancel(token: str) -> dict[str, Any]:
        return store.describe_request(store.cancel_request(token))

    @admin.put("/admin/credentials", name="admin-credentials", responses=refused)
    async def admin_credentials(body: CredentialsBody) -> dict[str, Any]:
        store.set_credentials(body.api_key, body.access, body.password)
        return {"ok": True}

    @admin.post("/admin/reset", name="admin-reset", responses=missing)
    async def admin_reset(body: ResetBody | None = None) -> dict[str, Any]:
        name = (body.scenario if body else None) or world.name
        try:
            data = world.read(name)
        except Exception as exc:  # a missing or broken scenario file
            raise PortalError(404, f"Cenário {name!r} não pôde ser lido: {exc}", "cenario_invalido") from None
        store.reset(data.get("lgpdata", {}), name)
        return {"ok": True, "scenario": name}

    return app
