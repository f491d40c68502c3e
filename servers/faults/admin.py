"""The admin API of the fault layer.

On each service (listed in the root's /openapi.json, tag "falhas simuladas"):
  GET    /{service}/admin/faults             the service's routes, the kinds and the faults in force
  POST   /{service}/admin/faults             sets one fault (JSON: route, kind, options, count,
                                             probability, seed), replacing the one on that route
  DELETE /{service}/admin/faults[?route=R]   clears all of the service's faults, or one route's
At the root, for every service:
  GET    /faults                             every service's routes and every fault in force
  DELETE /faults                             clears them all
  POST   /faults/reset[?scenario=NAME]       puts back the faults of the scenario (`[[faults]]`)

Every route asks for the trainer token (servers.trainer_auth: 401 without it, nothing changed).
Input is checked here, not by pydantic, so that every refusal is one Portuguese sentence
(422 {"detail": ...}); the pydantic models below only describe the API in the OpenAPI.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from servers import http_contract
from servers.faults.registry import FaultRegistry
from servers.faults.specs import ALL_ROUTES, KIND_LABELS, KINDS, MAX_MS, RESET_MODES, FaultSpecError
from servers.scenario_files import NAME, ScenarioFileError
from servers.trainer_auth import UNAUTHORIZED, trainer_guard

TAG = "falhas simuladas"
KindName = Literal[tuple(KINDS)]  # the kinds of fault_specs, the one table


class FaultIn(BaseModel):
    route: str = Field(description="nome da rota do serviço, ou * para todas")
    kind: KindName
    options: dict[str, Any] = Field(default_factory=dict, description="opções do tipo de falha")
    count: int | None = Field(None, ge=1, description="falha só nas próximas N chamadas")
    probability: float | None = Field(None, ge=0, le=1, description="chance de cada chamada falhar")
    seed: int | None = Field(None, description="semente do sorteio (reproduzível)")


class FaultOut(BaseModel):
    service: str
    route: str
    kind: str
    label: str = Field(description="o tipo em palavras (ex.: atraso fixo)")
    options: dict[str, Any]
    count: int | None
    remaining: int | None
    probability: float | None
    seed: int | None
    applied: int


class ServiceFaults(BaseModel):
    service: str
    routes: list[str]
    kinds: dict[str, str]
    faults: list[FaultOut]


class FaultSet(BaseModel):
    fault: FaultOut


class Removed(BaseModel):
    removed: int
    faults: list[FaultOut]


class AllFaults(BaseModel):
    services: dict[str, list[str]]
    kinds: dict[str, str]
    faults: list[FaultOut]


class ResetFaults(BaseModel):
    scenario: str
    faults: list[FaultOut]


class Problem(BaseModel):
    detail: str


PROBLEM = {422: {"model": Problem, "description": "entrada inválida (mensagem em português)"}}


def trainer_router(token: str) -> APIRouter:
    """A router whose every route asks for the trainer token (401 otherwise, documented)."""
    return APIRouter(tags=[TAG], dependencies=[Depends(trainer_guard(token))], responses=UNAUTHORIZED)


def problem(message: str, status: int = 422) -> JSONResponse:
    return JSONResponse({"detail": message}, status_code=status)


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def _option_schema(option) -> dict[str, Any]:
    if option.kind is int:
        schema: dict[str, Any] = {"type": "integer"}
        if option.name in ("ms", "min_ms", "max_ms", "total_ms"):
            schema.update(minimum=0, maximum=MAX_MS)
        elif option.name == "code":
            schema.update(minimum=400, maximum=599)
        elif option.name == "retry_after":
            schema.update(minimum=0)
        elif option.name == "chunks":
            schema.update(minimum=1, maximum=10_000)
    elif option.kind is dict:
        schema = {"type": "object"}
    elif option.kind is list:
        schema = {
            "anyOf": [
                {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1},
                {"type": "string", "pattern": r"[^,\s]"},
            ]
        }
    elif option.name == "mode":
        schema = {"type": "string", "enum": list(RESET_MODES)}
    else:
        schema = {"type": "string"}
    return schema if option.required else _nullable(schema)


def fault_schema(service: str, route_names: list[str]) -> dict[str, Any]:
    """The JSON Schema of a fault for `service`, exactly what parse_fault accepts: one shape per
    kind, with that kind's options (a rule across fields, like min_ms <= max_ms, is in the text)."""
    shapes = []
    for kind, (label, options) in KINDS.items():
        properties = {option.name: _option_schema(option) for option in options}
        option_object: dict[str, Any] = {
            "type": "object",
            "properties": properties,
            "additionalProperties": False,
            "required": [option.name for option in options if option.required],
        }
        if kind == "missing-fields":  # fields or keep, not both
            option_object["not"] = {
                "required": ["fields", "keep"],
                "properties": {
                    "fields": {"not": {"type": "null"}},
                    "keep": {"not": {"type": "null"}},
                },
            }
        required_options = any(option.required for option in options)
        shapes.append(
            {
                "type": "object",
                "title": label,
                "additionalProperties": False,
                "required": ["route", "kind", *(["options"] if required_options else [])],
                "properties": {
                    "service": {"type": "string", "enum": [service]},
                    "route": {
                        "type": "string",
                        "enum": [ALL_ROUTES, *route_names],
                        "description": "nome da rota do serviço, ou * para todas",
                    },
                    "kind": {"type": "string", "enum": [kind]},
                    "options": option_object if required_options else _nullable(option_object),
                    "count": _nullable(
                        {"type": "integer", "minimum": 1, "description": "falha só nas próximas N chamadas"}
                    ),
                    "probability": _nullable(
                        {"type": "number", "minimum": 0, "maximum": 1, "description": "chance de cada chamada falhar"}
                    ),
                    "seed": _nullable({"type": "integer", "description": "semente do sorteio (reproduzível)"}),
                },
            }
        )
    return {"oneOf": shapes, "description": "random-delay: min_ms <= max_ms"}


def service_router(service: str, registry: FaultRegistry, token: str) -> APIRouter:
    router = trainer_router(token)
    routes = registry.route_names(service)
    route_parameter = [
        {
            "name": "route",
            "in": "query",
            "required": False,
            "description": "só as falhas desta rota (ou * para as de todas)",
            "schema": {"type": "string", "enum": [ALL_ROUTES, *routes]},
        }
    ]

    def listing() -> list[dict[str, Any]]:
        return registry.listing(service)

    @router.get(
        "/admin/faults", name="admin-faults-list", response_model=ServiceFaults, summary="Falhas em vigor no serviço"
    )
    async def list_faults() -> JSONResponse:
        return JSONResponse(
            {
                "service": service,
                "routes": registry.route_names(service),
                "kinds": KIND_LABELS,
                "faults": listing(),
            }
        )

    @router.post(
        "/admin/faults",
        name="admin-faults-set",
        response_model=FaultSet,
        responses=PROBLEM,
        summary="Põe uma falha numa rota (substitui a que houver)",
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": fault_schema(service, routes)}},
            }
        },
    )
    async def set_fault(request: Request) -> JSONResponse:
        raw = await request.body()
        try:
            data = json.loads(raw or b"null")
        except ValueError:
            return problem("o corpo deveria ser um objeto JSON (route, kind, options, count, probability, seed)")
        if isinstance(data, dict) and data.get("service", service) != service:
            return problem(f"service: esta é a rota de admin de {service}, não de {data.get('service')!r}")
        try:
            fault = registry.set_from_dict(service, data)
        except FaultSpecError as exc:
            return problem(str(exc))
        return JSONResponse({"fault": fault.to_dict()})

    @router.delete(
        "/admin/faults",
        name="admin-faults-clear",
        response_model=Removed,
        responses=PROBLEM,
        summary="Tira as falhas do serviço (todas, ou só as de uma rota)",
        openapi_extra={"parameters": route_parameter},
    )
    async def clear_faults(request: Request) -> JSONResponse:
        route = request.query_params.get("route")
        if route is not None and route != ALL_ROUTES and route not in registry.route_names(service):
            names = ", ".join(registry.route_names(service))
            return problem(f"route: rota '{route}' não existe no serviço {service} (rotas: {names}; ou * para todas)")
        removed = registry.clear(service, route)
        return JSONResponse({"removed": removed, "faults": listing()})

    return router


def admin_app(router: APIRouter) -> FastAPI:
    """The app the fault layer hands /admin/faults to, before the service sees the call (so the
    service's own middleware, auth included, never stands between a trainer and a fault)."""
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    app.include_router(router)
    return http_contract.install(app)


def root_router(registry: FaultRegistry, read_faults, token: str, scenario_names: list[str] | None = None) -> APIRouter:
    """`read_faults(name | None) -> (scenario name, [[faults]] list)` reads the scenario;
    `scenario_names`, the names the OpenAPI lists (a name only, never a path)."""
    router = trainer_router(token)
    scenario_schema: dict[str, Any] = {"type": "string", "pattern": f"^{NAME.pattern}$"}
    if scenario_names:
        scenario_schema["enum"] = list(scenario_names)
    scenario_parameter = [
        {
            "name": "scenario",
            "in": "query",
            "required": False,
            "schema": scenario_schema,
            "description": "nome do cenário (o de um arquivo da pasta de cenários); omitido: o cenário em uso",
        }
    ]

    def everything() -> dict[str, Any]:
        return {
            "services": {name: registry.route_names(name) for name in registry.services},
            "kinds": KIND_LABELS,
            "faults": registry.listing(),
        }

    @router.get("/faults", name="faults-list", response_model=AllFaults, summary="Falhas em vigor em todos os serviços")
    async def all_faults() -> JSONResponse:
        return JSONResponse(everything())

    @router.delete("/faults", name="faults-clear", response_model=Removed, summary="Tira todas as falhas")
    async def clear_all() -> JSONResponse:
        removed = registry.clear()
        return JSONResponse({"removed": removed, "faults": registry.listing()})

    @router.post(
        "/faults/reset",
        name="faults-reset",
        response_model=ResetFaults,
        responses=PROBLEM,
        summary="Volta às falhas do cenário ([[faults]])",
        openapi_extra={"parameters": scenario_parameter},
    )
    async def reset(request: Request) -> JSONResponse:
        scenario = request.query_params.get("scenario")
        if scenario is not None and not NAME.fullmatch(scenario):
            return problem(
                "scenario: deveria ser o nome de um cenário da pasta de cenários "
                "(letras, dígitos, - e _), nunca um caminho"
            )
        try:
            name, entries = read_faults(scenario)
        except ScenarioFileError as exc:
            return problem(str(exc))
        try:
            registry.load(entries)
        except FaultSpecError as exc:
            return problem(f"{name}.toml: {exc}")
        return JSONResponse({"scenario": name, "faults": registry.listing()})

    return router


def install(
    root: FastAPI,
    prefix: str,
    service_app: FastAPI,
    registry: FaultRegistry,
    token: str,
    on_reset=None,
) -> None:
    """Mounts `service_app` at /`prefix` of `root` inside the fault layer, and lists the service's
    fault admin routes in the root's OpenAPI (not in the service's own: it documents only the
    service, and fuzzing it must not set faults). `on_reset(service, scenario)` runs after the
    service resets itself to a scenario."""
    from servers.faults.layer import FaultLayer, route_names

    registry.add_service(prefix, lambda: route_names(service_app))
    router = service_router(prefix, registry, token)
    root.mount(f"/{prefix}", FaultLayer(service_app, prefix, registry, admin_app(router), on_reset))
    # After the mount, so the mount (and the fault layer in it) takes the calls; here for the docs.
    root.include_router(router, prefix=f"/{prefix}")
