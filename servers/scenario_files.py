"""Reads the remote-world sections of a scenario TOML (license, lgpdata, faults), following
`[scenario] extends`. The PDV's own loader validates the store part; here only what the
simulated services need is read."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
"""A scenario's name: its file's stem in the scenario folder (never a path)."""


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
        current = find_scenario(current.parent, str(parent)) if parent else None
    return data


def scenario_names(directory: Path) -> list[str]:
    """The scenarios of the folder, by name."""
    return sorted(path.stem for path in directory.glob("*.toml") if NAME.fullmatch(path.stem) and path.is_file())


def find_scenario(directory: Path, name: str) -> Path:
    """The file of the scenario called `name` in `directory`. Only a name of the folder's own
    files is looked up: a path, relative or absolute, is not a scenario."""
    if not isinstance(name, str) or not NAME.fullmatch(name) or name not in scenario_names(directory):
        shown = name if isinstance(name, str) and len(name) <= 64 and name.isprintable() else "(nome inválido)"
        raise ScenarioFileError(f"cenário '{shown}' não existe na pasta de cenários")
    return directory / f"{name}.toml"


def branch_cnpjs(world: dict[str, Any]) -> list[str]:
    """The compact CNPJs of the scenario's branches."""
    return ["".join(ch for ch in str(b.get("cnpj", "")).upper() if ch.isalnum()) for b in world.get("branches", [])]
