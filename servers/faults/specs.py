"""What a simulated fault is, and the checks of one given by a person (admin API, scenario file).

A fault is set per (service, route): `route` is the `name` of one of the service's FastAPI routes,
or "*" for all of them. Kinds follow WireMock, Toxiproxy and MockServer:

| kind             | what the client sees                                   | options                       |
| ---------------- | ------------------------------------------------------ | ----------------------------- |
| `delay`          | the real answer, `ms` later                            | ms                            |
| `random-delay`   | the real answer, min_ms..max_ms later (seeded)         | min_ms, max_ms                |
| `hang`           | nothing, until it gives up (or `ms`, then a close)     | ms (0 = for ever)             |
| `status`         | HTTP `code` with a JSON body                           | code, body, retry_after       |
| `malformed-json` | 200 with the real body cut in half (broken JSON)       | -                             |
| `missing-fields` | the real JSON object without some fields               | fields or keep                |
| `empty`          | 200 with an empty body                                 | -                             |
| `reset`          | the connection closed without an HTTP answer           | mode (rst or fin)             |
| `dribble`        | the real answer in `chunks` pieces over `total_ms`     | chunks, total_ms              |

Modifiers: `count` (fail the next N calls, then recover: the fault removes itself), and
`probability` (0..1) with `seed` (each call draws from a seeded RNG, so a seed replays the same
sequence of hits and random delays).

Messages are Portuguese: they reach a trainer through `pdv sim fault` or a scenario error.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

ALL_ROUTES = "*"
MAX_MS = 600_000


class FaultSpecError(ValueError):
    """A fault that cannot be set; `key` names the field, str() is the whole message."""

    def __init__(self, key: str, problem: str) -> None:
        self.key, self.problem = key, problem
        super().__init__(f"{key}: {problem}" if key else problem)


@dataclass(frozen=True)
class Option:
    name: str
    kind: type
    required: bool = False
    default: Any = None
    help: str = ""


def _ms(name: str, required: bool = True, default: int | None = None, help: str = "") -> Option:
    return Option(name, int, required, default, help)


KINDS: dict[str, tuple[str, tuple[Option, ...]]] = {
    "delay": ("atraso fixo", (_ms("ms", help="atraso em milissegundos"),)),
    "random-delay": (
        "atraso aleatório com semente",
        (_ms("min_ms", help="atraso mínimo (ms)"), _ms("max_ms", help="atraso máximo (ms)")),
    ),
    "hang": (
        "nunca responde",
        (_ms("ms", required=False, default=0, help="segura a chamada por ms e fecha (0 = até o cliente desistir)"),),
    ),
    "status": (
        "erro HTTP",
        (
            Option("code", int, True, help="status HTTP (401, 429, 500, 503...)"),
            Option("body", dict, help='corpo JSON da resposta (padrão: {"detail": ...})'),
            Option("retry_after", int, help="cabeçalho Retry-After em segundos"),
        ),
    ),
    "malformed-json": ("JSON malformado", ()),
    "missing-fields": (
        "JSON sem campos",
        (
            Option("fields", list, help="campos a retirar da resposta"),
            Option("keep", str, help="o único campo a manter"),
        ),
    ),
    "empty": ("resposta vazia", ()),
    "reset": (
        "conexão derrubada",
        (Option("mode", str, default="rst", help="rst (reset TCP) ou fin (fechamento sem resposta)"),),
    ),
    "dribble": (
        "resposta a conta-gotas",
        (
            Option("chunks", int, default=5, help="em quantos pedaços o corpo é enviado"),
            _ms("total_ms", required=False, default=2000, help="duração total do envio (ms)"),
        ),
    ),
}

KIND_LABELS: dict[str, str] = {kind: label for kind, (label, _) in KINDS.items()}
RESET_MODES = ("rst", "fin")


@dataclass
class FaultSpec:
    """A fault as a person set it, checked and with defaults filled in."""

    service: str
    route: str
    kind: str
    options: dict[str, Any] = field(default_factory=dict)
    count: int | None = None
    probability: float | None = None
    seed: int | None = None


def _type_name(kind: type) -> str:
    return {int: "um inteiro", str: "um texto", dict: "um objeto JSON", list: "uma lista de textos"}[kind]


def _integer(value: Any) -> Any:
    """5.0 read from JSON is the integer 5 (as JSON Schema says); anything else stays as it is."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _check_value(option: Option, value: Any, key: str) -> Any:
    if option.kind is int:
        value = _integer(value)
        if isinstance(value, bool) or not isinstance(value, int):
            raise FaultSpecError(key, f"deveria ser {_type_name(int)}, não {value!r}")
        return value
    if option.kind is list:
        if isinstance(value, str):
            value = [part.strip() for part in value.split(",") if part.strip()]
        if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
            raise FaultSpecError(key, "deveria ser uma lista de nomes de campo, não vazia")
        return value
    if not isinstance(value, option.kind):
        raise FaultSpecError(key, f"deveria ser {_type_name(option.kind)}, não {value!r}")
    return value


def check_options(kind: str, given: Any, where: str = "options") -> dict[str, Any]:
    """The options of `kind` with defaults filled in; FaultSpecError names the bad one."""
    if given is None:
        given = {}
    if not isinstance(given, dict):
        raise FaultSpecError(where, "deveria ser um objeto com as opções da falha")
    _, options = KINDS[kind]
    known = {option.name: option for option in options}
    for name in given:
        if name not in known:
            allowed = ", ".join(known) or "nenhuma"
            raise FaultSpecError(f"{where}.{name}", f"opção desconhecida para '{kind}' (opções: {allowed})")
    result: dict[str, Any] = {}
    for option in options:
        key = f"{where}.{option.name}"
        if given.get(option.name) is None:
            if option.required:
                raise FaultSpecError(key, f"obrigatória para '{kind}' ({option.help})")
            if option.default is not None:
                result[option.name] = option.default
            continue
        result[option.name] = _check_value(option, given[option.name], key)
    _check_ranges(kind, result, where)
    return result


def _check_ranges(kind: str, options: dict[str, Any], where: str) -> None:
    for name in ("ms", "min_ms", "max_ms", "total_ms"):
        if name in options and not 0 <= options[name] <= MAX_MS:
            raise FaultSpecError(f"{where}.{name}", f"deveria estar entre 0 e {MAX_MS} ms")
    if kind == "random-delay" and options["min_ms"] > options["max_ms"]:
        raise FaultSpecError(f"{where}.min_ms", "maior que max_ms")
    if kind == "status":
        if not 400 <= options["code"] <= 599:
            raise FaultSpecError(
                f"{where}.code", "deveria ser um status de erro HTTP (400 a 599, ex.: 401, 429, 500, 503)"
            )
        if options.get("retry_after", 0) < 0:
            raise FaultSpecError(f"{where}.retry_after", "não pode ser negativo")
    if kind == "missing-fields" and "fields" in options and "keep" in options:
        raise FaultSpecError(where, "use 'fields' (campos a retirar) ou 'keep' (o único a manter), não os dois")
    if kind == "reset" and options["mode"] not in RESET_MODES:
        raise FaultSpecError(f"{where}.mode", f"valor {options['mode']!r} inválido (use: {', '.join(RESET_MODES)})")
    if kind == "dribble" and not 1 <= options["chunks"] <= 10_000:
        raise FaultSpecError(f"{where}.chunks", "deveria estar entre 1 e 10000")


def _route(service: str, route: Any, route_names: list[str] | None) -> str:
    """The route of a fault: a name of the service's routes, or "*"; with `route_names` None (a
    scenario checked before its services run) any name, which the service checks when it starts."""
    names = None if route_names is None else ", ".join(route_names) or "nenhuma"
    if not isinstance(route, str) or not route:
        listed = "" if names is None else f"rotas de {service}: {names}; "
        raise FaultSpecError("route", f"obrigatória: o nome da rota ({listed}ou * para todas)")
    if not route.isprintable():
        raise FaultSpecError("route", "o nome da rota tem um caractere de controle; remova-o")
    if names is not None and route != ALL_ROUTES and route not in route_names:
        raise FaultSpecError(
            "route", f"rota '{route}' não existe no serviço {service} (rotas: {names}; ou * para todas)"
        )
    return route


def parse_fault(service: str, data: Any, route_names: list[str] | None) -> FaultSpec:
    """Checks one fault given as a dict (route, kind, options, count, probability, seed) for the
    service whose routes are `route_names` (None: not known here, see _route)."""
    if not isinstance(data, dict):
        raise FaultSpecError("", "a falha deveria ser um objeto JSON com route, kind e options")
    unknown = sorted(set(data) - {"service", "route", "kind", "options", "count", "probability", "seed"})
    if unknown:
        raise FaultSpecError(unknown[0], "campo desconhecido (campos: route, kind, options, count, probability, seed)")
    route = _route(service, data.get("route"), route_names)
    kind = data.get("kind")
    if not isinstance(kind, str) or kind not in KINDS:
        raise FaultSpecError("kind", f"tipo de falha {kind!r} inválido (use: {', '.join(KINDS)})")
    options = check_options(kind, data.get("options"))
    count = _integer(data.get("count"))
    if count is not None and (isinstance(count, bool) or not isinstance(count, int) or count < 1):
        raise FaultSpecError("count", "deveria ser um inteiro >= 1 (falha nas próximas N chamadas)")
    probability = data.get("probability")
    if probability is not None:
        if isinstance(probability, bool) or not isinstance(probability, (int, float)) or not 0 <= probability <= 1:
            raise FaultSpecError("probability", "deveria ser um número entre 0 e 1")
        probability = float(probability)
    seed = _integer(data.get("seed"))
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
        raise FaultSpecError("seed", "deveria ser um inteiro")
    return FaultSpec(service, route, kind, options, count, probability, seed)


def parse_faults(
    entries: Any, services: Mapping[str, list[str] | None], where: str = "faults", only: str | None = None
) -> list[FaultSpec]:
    """A scenario's `[[faults]]`, every entry checked before any is used: `services` maps each
    service's name to its route names (None where they are not known: the PDV checking a scenario
    file before it starts the services). With `only`, just that service's entries. The
    FaultSpecError's key names the entry (faults[1].options.ms); one fault per route."""
    if entries is None:
        entries = []
    if not isinstance(entries, list):
        raise FaultSpecError(where, "deveria ser uma lista de tabelas [[faults]]")
    known = ", ".join(services) or "nenhum"
    specs: list[FaultSpec] = []
    taken: set[tuple[str, str]] = set()
    for index, entry in enumerate(entries):
        key = f"{where}[{index}]"
        if not isinstance(entry, dict):
            raise FaultSpecError(key, "deveria ser uma tabela")
        service = entry.get("service")
        if only is not None and service != only:
            continue
        if service is None:
            raise FaultSpecError(f"{key}.service", f"obrigatório: o serviço da falha (serviços: {known})")
        if not isinstance(service, str) or service not in services:
            raise FaultSpecError(f"{key}.service", f"serviço {service!r} não existe (serviços: {known})")
        try:
            spec = parse_fault(service, entry, services[service])
        except FaultSpecError as exc:
            raise FaultSpecError(f"{key}.{exc.key}" if exc.key else key, exc.problem) from None
        if (service, spec.route) in taken:
            raise FaultSpecError(f"{key}.route", f"já há uma falha em {service} {spec.route} (uma por rota)")
        taken.add((service, spec.route))
        specs.append(spec)
    return specs
