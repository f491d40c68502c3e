"""The simulated License Server + Régua de Cobrança, as a FastAPI app mounted at /license.

Routes the PDV calls (each FastAPI route has a stable `name`; fault injection matches on it):

- `POST /api/v1/access-check` (name "access-check"): the License Server, used from version
  215.000. Answers `{cnpj, situation, message, checked_at, trust_until, route}`.
- `GET /regua/v1/situacao/{cnpj}?versao=` (name "regua-check"): the Régua de Cobrança itself,
  called directly by versions 212.100 to 214.999. Answers `{cnpj, situacao, mensagem,
  consultado_em}` (the Régua speaks Portuguese).
- `POST /api/v1/trust-unlock` (name "trust-unlock"): Desbloqueio em Confiança. Answers
  `{result: "liberado", until, message}` or `{result: "sem-sucesso", reason}`.

While a trust unlock is in force, both checks answer Liberado. Every call of these three is kept
in the history. `/admin/...` is for trainers (`pdv sim license`, `trust-unlock`, `revoke`, `clock`,
`reset`, `status`), with the server's own clock: the machine's, moved by the trainer.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import FastAPI, HTTPException, Query
from fastapi import Path as PathParam
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictStr
from stdnum.br import cnpj as cnpj_rules

from servers import docs, http_contract
from servers.http_contract import json_int
from servers.license import texts
from servers.license.store import ClockError, LicenseStore, compact
from servers.scenario_files import NAME, ScenarioFileError
from servers.trainer_auth import TrainerRoutes

Situation = Literal["liberado", "mensagem", "bloqueio-parcial", "bloqueio-total"]


# --- request and answer shapes (they make the OpenAPI document) ---------------------------------

CNPJ_FORMAT = {"format": "cnpj"}
"""A CNPJ (14 characters, formatted or not, alphanumeric accepted) with valid check digits: what
JSON Schema cannot say, the format names; a CNPJ that breaks it is answered 422."""
CnpjText = Annotated[
    StrictStr,
    Field(
        min_length=1,
        max_length=32,
        json_schema_extra=CNPJ_FORMAT,
        description="CNPJ da filial física, formatado ou não (alfanumérico aceito)",
    ),
]
CnpjPath = Annotated[
    str,
    PathParam(
        max_length=32,
        json_schema_extra={"format": "cnpj-path"},
        description="CNPJ sem a barra (só dígitos e letras, ou com . e -)",
    ),
]
Version = Annotated[StrictStr, Field(max_length=40, description="Versão do PDV que consulta")]
Login = Annotated[StrictStr, Field(max_length=120)]


class Closed(BaseModel):
    """A request body: exactly the fields it declares, each of its own JSON type (no coercion)."""

    model_config = ConfigDict(extra="forbid")


class AccessCheckRequest(Closed):
    cnpj: CnpjText
    version: Version = ""


class AccessCheckAnswer(BaseModel):
    cnpj: str
    situation: Situation
    message: str
    checked_at: str
    trust_until: str | None = None
    route: Literal["license-server"] = "license-server"


class ReguaAnswer(BaseModel):
    cnpj: str
    situacao: Situation
    mensagem: str
    consultado_em: str


class TrustUnlockRequest(Closed):
    cnpj: CnpjText
    version: Version = ""
    supervisor: Login = Field("", description="Login do supervisor que autorizou no PDV")
    user: Login = Field("", description="Login do usuário que pediu")


class TrustUnlockAnswer(BaseModel):
    result: Literal["liberado", "sem-sucesso"]
    until: str | None = None
    message: str = ""
    reason: str = ""


class Rules(BaseModel):
    days: int
    max_per_30_days: int
    refuse: bool
    reason: str


class RulesChange(Closed):
    days: json_int(ge=1, le=365) | None = None
    max_per_30_days: json_int(ge=0, le=1000) | None = None
    refuse: StrictBool | None = None
    reason: StrictStr | None = Field(None, max_length=500)


class SituationChange(Closed):
    situation: Situation
    message: StrictStr | None = Field(
        None, max_length=4000, description="Texto do aviso; omitido: o padrão da situação"
    )


class Grant(BaseModel):
    cnpj: str
    granted_at: str
    until: str
    supervisor: str
    user: str


class BranchView(BaseModel):
    cnpj: str
    situation: Situation
    message: str
    trust_unlock: Rules
    grant_until: str | None = None
    updated_at: str | None = None


class Call(BaseModel):
    at: str
    route: str
    cnpj: str
    version: str
    status_code: int
    answer: dict[str, Any]


class History(BaseModel):
    calls: list[Call]


class BranchList(BaseModel):
    branches: list[BranchView]


class StateView(BaseModel):
    scenario: str
    now: str
    default: BranchView
    branches: list[BranchView]
    grants: list[Grant]


class Removed(BaseModel):
    removed: int


SCENARIO_NAME = f"^{NAME.pattern}$"


class ResetRequest(Closed):
    scenario: StrictStr | None = Field(
        None,
        pattern=SCENARIO_NAME,
        description="Nome do cenário (o de um arquivo da pasta de cenários, nunca um caminho); omitido: o cenário em uso",
    )


class Revoked(BaseModel):
    revoked: int = Field(description="desbloqueios em vigor encerrados (continuam contando para o limite de 30 dias)")
    branch: BranchView


CLOCK_DAYS = 3660  # ten years: the farthest the clock moves from the machine's, either way


def _clock_part(limit: int):
    return Field(0, ge=-limit, le=limit, allow_inf_nan=False, strict=True)


class ClockAdvance(Closed):
    """How much to move the clock (each part may be negative; the sum is what moves, and the clock
    stays within ten years of the machine's: 422 otherwise)."""

    days: float = _clock_part(CLOCK_DAYS)
    hours: float = _clock_part(24 * CLOCK_DAYS)
    minutes: float = _clock_part(1440 * CLOCK_DAYS)


class ClockSet(Closed):
    now: datetime | None = Field(description="A nova hora do servidor (sem fuso), ou null: a da máquina")


class ClockView(BaseModel):
    now: str
    offset_seconds: float = Field(description="quanto o relógio está à frente (ou atrás) do da máquina")


class ErrorAnswer(BaseModel):
    """A refusal: a sentence, or FastAPI's list of validation problems."""

    detail: str | list[Any]


def _valid_cnpj(value: str) -> str:
    number = compact(value)
    if not cnpj_rules.is_valid(number):
        raise HTTPException(422, f"CNPJ inválido: {value}")
    return number


def create_app(state_dir: Path, world) -> FastAPI:
    """The service with its state in `state_dir/license.sqlite3`; seeded from the world's
    scenario when the file is new (a restart with the same state folder keeps the state)."""
    state_dir.mkdir(parents=True, exist_ok=True)
    store = LicenseStore(state_dir / "license.sqlite3", world.now)
    if store.is_empty():
        store.load_world(world.name, world.read())

    app = FastAPI(
        title="License Server + Régua de Cobrança (simulados)",
        description="Situação financeira por CNPJ, Desbloqueio em Confiança e administração para treinamento.",
        version="1.0",
        docs_url=None,
        redoc_url=None,
        responses={422: {"model": ErrorAnswer}},
    )
    app.state.store = store
    http_contract.install(app)
    docs.install(app)

    def answer_with(route: str, cnpj: str, version: str, status_code: int, body: dict[str, Any]) -> JSONResponse:
        store.record_call(route, cnpj, version, status_code, body)
        return JSONResponse(body, status_code=status_code)

    def situation_now(cnpj: str) -> tuple[str, str, str | None]:
        until = store.grant_in_force(cnpj)
        if until is not None:
            return texts.RELEASED, "", until.isoformat()
        state = store.branch(cnpj)
        return state.situation, state.message, None

    # --- what the PDV calls ------------------------------------------------------------------

    @app.post("/api/v1/access-check", name="access-check", response_model=AccessCheckAnswer)
    def access_check(request: AccessCheckRequest) -> JSONResponse:
        """License Server (PDV 215.000 em diante): consulta a Régua de Cobrança pelo CNPJ."""
        if not cnpj_rules.is_valid(compact(request.cnpj)):
            return answer_with(
                "access-check",
                compact(request.cnpj),
                request.version,
                422,
                {"detail": f"CNPJ inválido: {request.cnpj}"},
            )
        cnpj = compact(request.cnpj)
        situation, message, until = situation_now(cnpj)
        body = AccessCheckAnswer(
            cnpj=cnpj,
            situation=situation,
            message=message,
            checked_at=store.now().isoformat(),
            trust_until=until,
        )
        return answer_with("access-check", cnpj, request.version, 200, body.model_dump())

    @app.get("/regua/v1/situacao/{cnpj}", name="regua-check", response_model=ReguaAnswer)
    def regua_check(cnpj: CnpjPath, versao: str = Query("", max_length=40)) -> JSONResponse:
        """Régua de Cobrança direta (PDV 212.100 a 214.999)."""
        number = compact(cnpj)
        if not cnpj_rules.is_valid(number):
            return answer_with("regua-check", number, versao, 422, {"detail": f"CNPJ inválido: {cnpj}"})
        situation, message, _ = situation_now(number)
        body = ReguaAnswer(cnpj=number, situacao=situation, mensagem=message, consultado_em=store.now().isoformat())
        return answer_with("regua-check", number, versao, 200, body.model_dump())

    @app.post("/api/v1/trust-unlock", name="trust-unlock", response_model=TrustUnlockAnswer)
    def trust_unlock(request: TrustUnlockRequest) -> JSONResponse:
        """Desbloqueio em Confiança: Liberado até uma data, ou Sem Sucesso com o motivo."""
        number = compact(request.cnpj)
        if not cnpj_rules.is_valid(number):
            return answer_with(
                "trust-unlock", number, request.version, 422, {"detail": f"CNPJ inválido: {request.cnpj}"}
            )
        until, reason = store.request_trust_unlock(number, request.supervisor, request.user)
        if until is None:
            body = TrustUnlockAnswer(result="sem-sucesso", reason=reason)
        else:
            body = TrustUnlockAnswer(
                result="liberado",
                until=until.isoformat(),
                message=f"Acesso liberado até {until:%d/%m/%Y}.",
            )
        return answer_with("trust-unlock", number, request.version, 200, body.model_dump())

    # --- administration (trainers, QA) -------------------------------------------------------

    def view(state, grant_until=None) -> BranchView:
        rules = Rules(**state.rules.__dict__)
        return BranchView(
            cnpj=state.cnpj,
            situation=state.situation,
            message=state.message,
            trust_unlock=rules,
            grant_until=grant_until,
            updated_at=state.updated_at.isoformat() if state.updated_at else None,
        )

    def branch_view(cnpj: str) -> BranchView:
        until = store.grant_in_force(cnpj)
        return view(store.branch(cnpj), until.isoformat() if until else None)

    admin = TrainerRoutes(app, world.token)

    @admin.get("/admin/state", name="admin-state", response_model=StateView)
    def admin_state() -> StateView:
        """Todo o estado: cenário, padrão, cada CNPJ (situação, texto, regras) e desbloqueios."""
        return StateView(
            scenario=store.scenario,
            now=store.now().isoformat(),
            default=view(store.defaults()),
            branches=[branch_view(state.cnpj) for state in store.branches()],
            grants=[Grant(**g) for g in store.grants()],
        )

    @admin.put("/admin/branches/{cnpj}", name="admin-set-situation", response_model=BranchView)
    def admin_set_situation(cnpj: CnpjPath, change: SituationChange) -> BranchView:
        """Muda a situação de um CNPJ (e o texto do aviso); vale na próxima consulta."""
        number = _valid_cnpj(cnpj)
        store.set_situation(number, change.situation, change.message)
        return branch_view(number)

    @admin.put("/admin/branches/{cnpj}/trust-unlock", name="admin-set-trust-unlock", response_model=BranchView)
    def admin_set_rules(cnpj: CnpjPath, change: RulesChange) -> BranchView:
        """Muda as regras de Desbloqueio em Confiança de um CNPJ."""
        number = _valid_cnpj(cnpj)
        store.set_rules(number, **change.model_dump())
        return branch_view(number)

    @admin.put("/admin/trust-unlock", name="admin-set-trust-unlock-all", response_model=BranchList)
    def admin_set_rules_all(change: RulesChange) -> BranchList:
        """Muda as regras de Desbloqueio em Confiança do padrão e de todos os CNPJs."""
        states = store.set_rules(None, **change.model_dump())
        return BranchList(branches=[branch_view(state.cnpj) for state in states])

    @admin.delete("/admin/branches/{cnpj}/grants", name="admin-clear-grants", response_model=Removed)
    def admin_clear_grants(cnpj: CnpjPath) -> dict[str, int]:
        """Apaga os desbloqueios em confiança concedidos a um CNPJ (para repetir a demonstração)."""
        return {"removed": store.clear_grants(_valid_cnpj(cnpj))}

    @admin.post(
        "/admin/branches/{cnpj}/grants/revoke",
        name="admin-revoke-grants",
        response_model=Revoked,
        responses={422: {"model": ErrorAnswer, "description": "CNPJ inválido"}},
    )
    def admin_revoke_grants(cnpj: CnpjPath) -> Revoked:
        """Encerra hoje o desbloqueio em confiança em vigor de um CNPJ: o próximo login volta à
        situação do CNPJ, e o desbloqueio continua contando para o limite a cada 30 dias."""
        number = _valid_cnpj(cnpj)
        return Revoked(revoked=store.revoke_grants(number), branch=branch_view(number))

    def clock_view() -> ClockView:
        return ClockView(now=store.now().isoformat(), offset_seconds=store.clock_offset().total_seconds())

    def moved(change) -> ClockView:
        try:
            change()
        except (ClockError, OverflowError, ValueError) as exc:
            message = str(exc) if isinstance(exc, ClockError) else "hora fora do intervalo aceito"
            raise HTTPException(422, message) from None
        return clock_view()

    clock_refused = {
        422: {"model": ErrorAnswer, "description": "fora de 10 anos do relógio da máquina, ou número inválido"}
    }

    @admin.get("/admin/clock", name="admin-clock", response_model=ClockView)
    def admin_clock() -> ClockView:
        """A hora do License Server (a da máquina, movida pelo instrutor)."""
        return clock_view()

    @admin.post("/admin/clock", name="admin-clock-advance", response_model=ClockView, responses=clock_refused)
    def admin_clock_advance(change: ClockAdvance) -> ClockView:
        """Anda com o relógio do License Server (dias, horas, minutos; negativo volta). Os
        desbloqueios em vigor e o limite a cada 30 dias contam por este relógio."""
        delta = timedelta(days=change.days, hours=change.hours, minutes=change.minutes)
        return moved(lambda: store.advance_clock(delta))

    @admin.put("/admin/clock", name="admin-clock-set", response_model=ClockView, responses=clock_refused)
    def admin_clock_set(change: ClockSet) -> ClockView:
        """Põe o relógio do License Server numa data e hora (null: volta ao da máquina)."""

        def local(moment: datetime) -> datetime:
            return moment.astimezone().replace(tzinfo=None) if moment.tzinfo else moment

        return moved(lambda: store.set_clock(None if change.now is None else local(change.now)))

    @admin.get("/admin/history", name="admin-history", response_model=History)
    def admin_history(cnpj: str | None = Query(None, max_length=32), limit: int = Query(100, ge=1, le=1000)) -> History:
        """As chamadas do PDV, mais recentes primeiro: hora, rota, CNPJ, versão e resposta."""
        return History(calls=[Call(**call) for call in store.history(compact(cnpj) if cnpj else None, limit)])

    @admin.post("/admin/reset", name="admin-reset", response_model=StateView, responses={404: {"model": ErrorAnswer}})
    def admin_reset(request: ResetRequest | None = None) -> StateView:
        """Volta ao estado de um cenário (apaga desbloqueios e histórico; o relógio volta ao da máquina)."""
        name = (request.scenario if request else None) or world.name
        try:
            store.load_world(name, world.read(name))
        except ScenarioFileError as exc:
            raise HTTPException(404, f"cenário indisponível: {exc}") from None
        except ValueError as exc:
            raise HTTPException(422, f"cenário '{name}' inválido: {exc}") from None
        return admin_state()

    return app
