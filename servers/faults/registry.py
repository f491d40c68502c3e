"""The faults in force in a running world: in memory, shared by every mounted service, reloaded
from the scenario at start and on reset.

Each fault has its own RNG (random.Random(seed)); per call that the fault matches it draws, in
this order, one number for `probability` (when set) and one for a random delay (when the kind
is random-delay) — so the same seed and the same sequence of calls replay the same faults.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from servers.faults.specs import ALL_ROUTES, KIND_LABELS, FaultSpec, FaultSpecError, parse_fault, parse_faults


@dataclass
class Fault:
    spec: FaultSpec
    rng: random.Random
    remaining: int | None
    applied: int = 0

    def to_dict(self) -> dict[str, Any]:
        spec = self.spec
        return {
            "service": spec.service,
            "route": spec.route,
            "kind": spec.kind,
            "label": KIND_LABELS[spec.kind],
            "options": dict(spec.options),
            "count": spec.count,
            "remaining": self.remaining,
            "probability": spec.probability,
            "seed": spec.seed,
            "applied": self.applied,
        }


@dataclass
class Shot:
    """One application of a fault to one call."""

    kind: str
    options: dict[str, Any]
    delay_ms: float = 0.0


@dataclass
class FaultRegistry:
    # service -> a callable giving the names of its routes (read live: routes can be added)
    services: dict[str, Callable[[], list[str]]] = field(default_factory=dict)
    faults: dict[tuple[str, str], Fault] = field(default_factory=dict)

    def add_service(self, name: str, route_names: Callable[[], list[str]]) -> None:
        self.services[name] = route_names

    def route_names(self, service: str) -> list[str]:
        return self.services[service]()

    def set(self, spec: FaultSpec) -> Fault:
        """Puts `spec` in force on its (service, route), replacing the one there."""
        needs_seed = spec.probability is not None or spec.kind == "random-delay"
        if spec.seed is None and needs_seed:
            spec.seed = random.SystemRandom().randrange(2**31)  # shown in the list, so a run can be replayed
        fault = Fault(spec, random.Random(spec.seed), spec.count)
        self.faults[(spec.service, spec.route)] = fault
        return fault

    def set_from_dict(self, service: str, data: Any) -> Fault:
        if service not in self.services:
            raise FaultSpecError("service", f"serviço {service!r} não existe (serviços: {', '.join(self.services)})")
        return self.set(parse_fault(service, data, self.route_names(service)))

    def clear(self, service: str | None = None, route: str | None = None) -> int:
        """Removes the faults of a route, of a service, or all; returns how many."""
        keys = [
            key for key in self.faults if (service is None or key[0] == service) and (route is None or key[1] == route)
        ]
        for key in keys:
            del self.faults[key]
        return len(keys)

    def listing(self, service: str | None = None) -> list[dict[str, Any]]:
        return [f.to_dict() for (s, _), f in sorted(self.faults.items()) if service is None or s == service]

    def load(self, entries: Any, where: str = "faults", only: str | None = None) -> None:
        """Replaces the faults with the scenario's `[[faults]]` list (with `only`, just that
        service's); all or nothing (fault_specs.parse_faults checks every entry first)."""
        routes = {name: self.route_names(name) for name in self.services}
        specs = parse_faults(entries, routes, where, only)
        self.clear(only)
        for spec in specs:
            self.set(spec)

    def take(self, service: str, route: str) -> Shot | None:
        """The fault to apply to this call of `route`, if any, counting it (a fault whose count
        runs out is removed: the route recovers)."""
        key = (service, route)
        if key not in self.faults:
            key = (service, ALL_ROUTES)
        fault = self.faults.get(key)
        if fault is None:
            return None
        spec = fault.spec
        if spec.probability is not None and fault.rng.random() >= spec.probability:
            return None
        fault.applied += 1
        if fault.remaining is not None:
            fault.remaining -= 1
            if fault.remaining <= 0:
                del self.faults[key]
        delay = 0.0
        if spec.kind == "delay":
            delay = float(spec.options["ms"])
        elif spec.kind == "random-delay":
            delay = fault.rng.uniform(spec.options["min_ms"], spec.options["max_ms"])
        return Shot(spec.kind, spec.options, delay)
