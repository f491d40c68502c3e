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
from typing import Annotated, Any, Literal
from urllib.parse import parse_qs

from fastapi import Depends, FastAPI, Header, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, ConfigDict, Field, StrictStr

from servers import docs, http_contract
from servers.http_contract import json_int
from servers.lgpdata.page import render_missing, render_page
from servers.lgpdata.store import PortalStore
from servers.lgpdata.vocabulary import (
    MAX_CLOCK_OFFSET_DAYS,
    MAX_EXPIRY_DAYS,
    OPERATIONS,
    STATUSES,
    PortalError,
    TermKey,
    compact,
    iso,
)
from servers.scenario_files import NAME
from servers.trainer_auth import TrainerRoutes

Operation = Literal["convenio", "fidelidade", "fidelidade_febrafar"]
Status = Literal[
    "aceito",
    "recusado",
    "pendente",
    "cancelado",
    "expirado",
    "nao_emitido",
    "solicitado_exclusao",
    "solicitado_remocao",
]
DocumentType = Literal["CPF", "RG", "PASSAPORTE", "OUTRO"]
assert set(Operation.__args__) == set(OPERATIONS) and set(Status.__args__) == set(STATUSES)

HAS_ALNUM = r"[0-9A-Za-z]"
"""Documents and CNPJs are kept compact (letters and digits): one with none of them is empty."""
Document = Annotated[StrictStr, Field(min_length=1, max_length=40, pattern=HAS_ALNUM)]
Cnpj = Annotated[StrictStr, Field(min_length=1, max_length=40, pattern=HAS_ALNUM)]
MAX_BANNER = 2**31 - 1
Banner = json_int(ge=0, le=MAX_BANNER)
CREDENTIAL = r"^[!-~]+$"
"""A credential travels in an HTTP header: visible ASCII, no spaces."""


class Closed(BaseModel):
    """A request body: exactly the fields it declares, each of its own JSON type (no coercion)."""

    model_config = ConfigDict(extra="forbid")


class ConsentRequestBody(Closed):
    documento: Document
    tipo_documento: DocumentType = "CPF"
    nome: StrictStr = Field("", max_length=120)
    cnpj: Cnpj
    bandeira: Banner = 0
    operacao: Operation


class TermBody(Closed):
    cnpj: Cnpj
    banner_id: Banner = 0
    operation: Operation
    version: StrictStr = Field(min_length=1, max_length=40, pattern=r"\S")
    text: StrictStr = Field(min_length=1, max_length=100_000, pattern=r"\S")


class TermKeyBody(Closed):
    cnpj: StrictStr = Field(max_length=40)
    banner_id: Banner = 0
    operation: Operation


class ConsentBody(Closed):
    document: Document
    status: Status
    document_type: Literal["CPF", "CNPJ", "RG", "PASSAPORTE", "OUTRO"] = "CPF"
    operation: Operation | None = None
    cnpj: StrictStr | None = Field(None, max_length=40)
    banner_id: Banner | None = None


class ExpiryBody(Closed):
    days: json_int(ge=1, le=MAX_EXPIRY_DAYS, description="Dias até uma solicitação não respondida expirar")


def _forward(limit_days: int, per_day: int):
    return Field(0, ge=0, le=limit_days * per_day, allow_inf_nan=False, strict=True)


class ClockBody(Closed):
    """How much the portal's clock moves forward (it never moves back this way; it stays within
    ten years of the machine's: 422 otherwise)."""

    days: float = _forward(MAX_CLOCK_OFFSET_DAYS, 1)
    hours: float = _forward(MAX_CLOCK_OFFSET_DAYS, 24)
    minutes: float = _forward(MAX_CLOCK_OFFSET_DAYS, 1440)
    seconds: float = _forward(MAX_CLOCK_OFFSET_DAYS, 86400)


class ClockSetBody(Closed):
    now: datetime | None = Field(description="A nova hora do portal (sem fuso), ou null: a da máquina")


class CredentialsBody(Closed):
    api_key: StrictStr = Field(min_length=1, max_length=200, pattern=CREDENTIAL)
    access: StrictStr = Field(min_length=1, max_length=200, pattern=CREDENTIAL)
    password: StrictStr = Field(min_length=1, max_length=200, pattern=CREDENTIAL)


class ResetBody(Closed):
    scenario: StrictStr | None = Field(
        None,
        pattern=f"^{NAME.pattern}$",
        description="Nome do cenário (o de um arquivo da pasta de cenários, nunca um caminho); omitido: o cenário em uso",
    )


# --- answers -----------------------------------------------------------------------------------


class Refusal(BaseModel):
    """A refusal: a sentence (detail) and a code (codigo); for 401, the credential (credencial).
    FastAPI's own validation answers 422 with the list of problems in detail."""

    detail: str | list[Any]
    codigo: str | None = None
    credencial: str | None = None


class TermInForce(BaseModel):
    operacao: Operation
    operacao_descricao: str
    versao: str
    sha256: str


class ConnectionAnswer(BaseModel):
    ok: bool
    acesso: str
    agora: str
    cnpj: str | None = None
    bandeira: int | None = None
    termos: list[TermInForce] | None = None


class RequestView(BaseModel):
    id: str
    status: str
    resposta: str | None
    criada_em: str
    expira_em: str
    respondida_em: str | None
    link: str


class RequestAnswer(RequestView):
    status_descricao: str
    consentimento: Status = Field(
        description="a situação do consentimento depois do pedido (aceito: um aceite que vale)"
    )
    consentimento_descricao: str


class TermRef(BaseModel):
    versao: str
    sha256: str


class StatusAnswer(BaseModel):
    documento: str
    tipo_documento: str
    cnpj: str
    bandeira: int
    operacao: str
    status: Status
    status_descricao: str
    termo: TermRef
    atualizado_em: str | None
    consultado_em: str
    comprovante: dict[str, Any] | None
    solicitacao: RequestView | None


def _refusals(*codes: int) -> dict[int | str, dict[str, Any]]:
    said = {
        401: "credencial ausente ou inválida (credencial: qual)",
        404: "não encontrado (detail, codigo)",
        409: "conflito com o estado do portal (detail, codigo)",
        422: "entrada inválida (detail: o motivo, em português, ou a lista de problemas)",
    }
    return {code: {"model": Refusal, "description": said[code]} for code in codes}


def create_app(state_dir: Path, world: Any) -> FastAPI:
    state_dir.mkdir(parents=True, exist_ok=True)
    store = PortalStore(state_dir / "lgpdata.sqlite3")
    if not store.is_initialized():
        store.reset(world.read().get("lgpdata", {}), world.name)

    app = FastAPI(
        title="LGPData (simulado)",
        description="Portal de termos de consentimento LGPD simulado do pdv-sim.",
        docs_url=None,
        redoc_url=None,
    )
    app.state.store = store
    http_contract.install(app)
    docs.install(app)

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

    @app.get(
        "/api/v1/conexao",
        name="connection-test",
        dependencies=[Depends(credentials)],
        response_model=ConnectionAnswer,
        response_model_exclude_none=True,
        responses=_refusals(401, 422),
    )
    async def connection_test(
        cnpj: str | None = Query(None, max_length=40),
        bandeira: int = Query(0, ge=0, le=MAX_BANNER),
    ) -> dict[str, Any]:
        """Credentials accepted; with a CNPJ, the terms in force for it and the bandeira."""
        answer: dict[str, Any] = {"ok": True, "acesso": store.credentials()["access"], "agora": iso(store.now())}
        if cnpj:
            answer["cnpj"] = compact(cnpj)
            answer["bandeira"] = bandeira
            answer["termos"] = [
                {
                    "operacao": t.operation,
                    "operacao_descricao": OPERATIONS[t.operation],
                    "versao": t.version,
                    "sha256": t.sha256,
                }
                for t in store.terms_for(cnpj, bandeira)
            ]
        return answer

    @app.get(
        "/api/v1/consentimento",
        name="consent-status",
        dependencies=[Depends(credentials)],
        response_model=StatusAnswer,
        responses=_refusals(401, 404, 422),
    )
    async def consent_status(
        request: Request,
        documento: str = Query(min_length=1, max_length=40, pattern=HAS_ALNUM),
        cnpj: str = Query(max_length=40),
        operacao: Operation = Query(),
        tipo: str = Query("CPF", max_length=20),
        bandeira: int = Query(0, ge=0, le=MAX_BANNER),
    ) -> dict[str, Any]:
        answer = store.status(documento, tipo, TermKey(compact(cnpj), bandeira, operacao))
        with_link(request, answer["solicitacao"])
        return answer

    @app.post(
        "/api/v1/solicitacoes",
        name="consent-request",
        status_code=201,
        dependencies=[Depends(credentials)],
        response_model=RequestAnswer,
        responses={
            **_refusals(401, 404, 422),
            409: {
                "model": Refusal,
                "description": "o cliente já aceitou o termo em vigor (codigo ja_aceito): "
                "o aceite continua valendo, nada foi solicitado",
            },
        },
    )
    async def consent_request(request: Request, body: ConsentRequestBody) -> dict[str, Any]:
        """Uma nova solicitação (Pendente) e o link; recusada (409) enquanto vale um aceite do termo em vigor."""
        created = store.create_request(
            body.documento,
            body.tipo_documento,
            TermKey(compact(body.cnpj), body.bandeira, body.operacao),
            body.nome,
        )
        described = with_link(request, store.describe_request(created))
        return {
            **described,
            "status_descricao": STATUSES["pendente"],
            "consentimento": "pendente",
            "consentimento_descricao": STATUSES["pendente"],
        }

    # --- the customer's page -----------------------------------------------------------------

    def current_status(found: Any) -> str:
        term = found.term
        return (
            store.status(found.document, found.document_type, TermKey(term.cnpj, term.banner_id, term.operation))[
                "status"
            ]
            if store.term_in_force(TermKey(term.cnpj, term.banner_id, term.operation))
            else found.status
        )

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
        return HTMLResponse(
            render_page(found, current_status(found), link(request, found.token), message), status_code=code
        )

    # --- trainers ----------------------------------------------------------------------------

    admin = TrainerRoutes(app, world.token)
    refused = _refusals(422)
    missing = _refusals(404)

    @admin.get("/admin/state", name="admin-state")
    async def admin_state() -> dict[str, Any]:
        return store.state()

    @admin.put(
        "/admin/terms",
        name="admin-term",
        responses={**refused, 409: {"model": Refusal, "description": "a versão já existe com outro texto"}},
    )
    async def admin_term(body: TermBody) -> dict[str, Any]:
        term = store.register_term(body.cnpj, body.banner_id, body.operation, body.version, body.text)
        return {
            "cnpj": term.cnpj,
            "banner_id": term.banner_id,
            "operation": term.operation,
            "version": term.version,
            "sha256": term.sha256,
        }

    @admin.post("/admin/terms/withdraw", name="admin-term-withdraw", responses=refused)
    async def admin_term_withdraw(body: TermKeyBody) -> dict[str, Any]:
        return {"withdrawn": store.withdraw_term(body.cnpj, body.banner_id, body.operation)}

    @admin.put("/admin/consents", name="admin-consent", responses={**refused, **missing})
    async def admin_consent(body: ConsentBody) -> dict[str, Any]:
        keys = store.set_status(
            body.document, body.status, body.document_type, body.operation, body.cnpj, body.banner_id
        )
        return {
            "document": compact(body.document),
            "status": body.status,
            "status_descricao": STATUSES[body.status],
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

    @admin.post(
        "/admin/requests/{token}/cancel",
        name="admin-cancel",
        responses={**refused, **missing, 409: {"model": Refusal, "description": "a solicitação não está pendente"}},
    )
    async def admin_cancel(token: Annotated[str, PathParam(max_length=64)]) -> dict[str, Any]:
        return store.describe_request(store.cancel_request(token))

    @admin.put("/admin/credentials", name="admin-credentials", responses=refused)
    async def admin_credentials(body: CredentialsBody) -> dict[str, Any]:
        store.set_credentials(body.api_key, body.access, body.password)
        return {"ok": True}

    @admin.post("/admin/reset", name="admin-reset", responses={**refused, **missing})
    async def admin_reset(body: ResetBody | None = None) -> dict[str, Any]:
        """Volta ao estado de um cenário, achado pelo nome só nas pastas de cenários (nunca um caminho)."""
        name = (body.scenario if body else None) or world.name
        try:
            data = world.read(name)
        except Exception as exc:  # a missing or broken scenario file
            raise PortalError(404, f"Cenário não pôde ser lido: {exc}", "cenario_invalido") from None
        store.reset(data.get("lgpdata", {}), name)
        return {"ok": True, "scenario": name}

    return app
