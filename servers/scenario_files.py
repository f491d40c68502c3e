"""Reads the remote-world sections of a scenario TOML (license, lgpdata, faults), following
`[scenario] extends`. The PDV's own loader validates the store part; here only what the
simulated services need is read."""
from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any


class ScenarioFileError(Exception):
    pass


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def read_world(path: Path) -> dict[str, Any]:
    """The merged scenario data (all sections) of the file at `path`."""
    seen: list[Path] = []
    data: dict[str, Any] = {}
    current: Path | None = path
    while current is not None:
        if current in seen:
            raise ScenarioFileError(f"{path.name}: herança circular")
        seen.append(current)
        try:
            with current.open("rb") as handle:
                layer = tomllib.load(handle)
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ScenarioFileError(f"{current.name}: {exc}") from None
        data = _merge(layer, data)
        parent = layer.get("scenario", {}).get("extends")
        current = current.with_name(f"{parent}.toml") if parent else None
    return data


def find_scenario(directory: Path, name: str) -> Path:
    path = directory / f"{name}.toml"
    if not path.exists():
        raise ScenarioFileError(f"cenário '{name}' não existe em {directory}")
    return path


def branch_cnpjs(world: dict[str, Any]) -> list[str]:
    """The compact CNPJs of the scenario's branches."""
    return ["".join(ch for ch in str(b.get("cnpj", "")).upper() if ch.isalnum()) for b in world.get("branches", [])]
