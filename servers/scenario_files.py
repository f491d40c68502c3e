"""Reads the remote-world sections of a scenario TOML (license, lgpdata, faults), following
`[scenario] extends`. The PDV's own loader validates the store part; here only what the
simulated services need is read.

A scenario is found by name in a search path of folders, nearest first: a trainer's file
outside the package (`pdv demo /aula/minha.toml`) extends the built-ins by name, its own folder
searched before the package's. A name is only ever a name of a folder's own files: a path,
relative or absolute, sent over HTTP is not a scenario."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
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


def read_world(path: Path, search: tuple[Path, ...] = ()) -> dict[str, Any]:
    """The merged scenario data (all sections) of the file at `path`; a base named by `extends`
    is looked for in the file's own folder, then in the `search` folders."""
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
        current = _base_path(current, str(parent), search) if parent else None
    return data


def _base_path(child: Path, parent: str, search: tuple[Path, ...]) -> Path:
    try:
        return find_scenario(child.parent, parent, search)
    except ScenarioFileError:
        raise ScenarioFileError(f"{child.name}: cenário base '{parent}' não existe") from None


def scenario_names(directory: Path) -> list[str]:
    """The scenarios of the folder, by name."""
    return sorted(path.stem for path in directory.glob("*.toml") if NAME.fullmatch(path.stem) and path.is_file())


def find_scenario(directory: Path, name: str, search: tuple[Path, ...] = ()) -> Path:
    """The file of the scenario called `name`: in `directory`, else in the first of `search`
    holding it. Only a name of a folder's own files is looked up: a path is not a scenario."""
    if isinstance(name, str) and NAME.fullmatch(name):
        for folder in (directory, *search):
            if name in scenario_names(folder):
                return folder / f"{name}.toml"
    shown = name if isinstance(name, str) and len(name) <= 64 and name.isprintable() else "(nome inválido)"
    raise ScenarioFileError(f"cenário '{shown}' não existe na pasta de cenários")


def locate(scenario: str, directories: list[Path]) -> tuple[Path, str, tuple[Path, ...]]:
    """`--scenario` as given to the services: a name found in `directories`, or the path of a
    .toml file anywhere. Returns (the scenario's own folder, its name, the folders searched
    after that one for the bases it extends and for resets by name)."""
    candidate = Path(scenario)
    if candidate.suffix == ".toml":
        if not candidate.is_file():
            raise ScenarioFileError(f"arquivo de cenário {scenario} não encontrado")
        folder = candidate.resolve().parent
        return folder, candidate.stem, tuple(d for d in directories if d.resolve() != folder)
    if not directories:
        raise ScenarioFileError("nenhuma pasta de cenários (--scenario-dir)")
    path = find_scenario(directories[0], scenario, tuple(directories[1:]))
    folder = path.parent
    return folder, scenario, tuple(d for d in directories if d != folder)


def branch_cnpjs(world: dict[str, Any]) -> list[str]:
    """The compact CNPJs of the scenario's branches."""
    return ["".join(ch for ch in str(b.get("cnpj", "")).upper() if ch.isalnum()) for b in world.get("branches", [])]
