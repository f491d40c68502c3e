"""Scenario files: TOML describing a whole store plus the state of the remote world.

`load_scenario` finds a file by name, reads it, resolves `extends` and validates it completely
(validation.py) before anything is written; `seed` writes the store part in one transaction.
`load_scenario_cached` skips the checks for files checked before, and keeps values derived from
them (cached_derived). Every problem names the file, the key and what is wrong, in Portuguese.
"""

from __future__ import annotations

import json
import os
import re
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from storage.scenarios.scenario import Scenario, ScenarioError, ScenarioInfo

SCENARIO_DIR = Path(__file__).parent / "files"
DEFAULT_SCENARIO = "treinamento"
NAME_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
"""A scenario's name: its file's stem (the simulated services find a scenario by it)."""


def scenario_path(name: str, directory: Path = SCENARIO_DIR) -> Path:
    """The file of scenario `name`: a .toml path given as is (a trainer's file anywhere), else
    `name`.toml in `directory`."""
    candidate = Path(name).expanduser()
    if candidate.suffix == ".toml" and candidate.exists():
        return candidate
    return directory / f"{name}.toml"


def user_scenario_dir() -> Path:
    """The trainer's own scenarios: `scenarios` in the user's config folder (where `pdv scenarios
    novo` writes)."""
    from platformdirs import user_config_path

    return user_config_path("pdv-sim", appauthor=False) / "scenarios"


class ScenarioNotFound(ScenarioError):
    """A scenario name (or file) found nowhere; the message says every place looked."""


def find_scenario(name: str, folders: Sequence[Path] = ()) -> Path:
    """The file of the scenario a person names: an existing .toml path as is; else NAME.toml in
    each of `folders` (a `--scenarios` folder), then in the user's scenarios folder, then among
    the built-ins. ScenarioNotFound, in one line naming where it looked, when none has it."""
    candidate = Path(name).expanduser()
    if candidate.suffix == ".toml" and candidate.is_file():
        return candidate
    if candidate.suffix == ".toml" and len(candidate.parts) > 1:
        raise ScenarioNotFound(str(candidate), "", "arquivo de cenário não encontrado")
    stem = candidate.stem if candidate.suffix == ".toml" else name
    user_folder = user_scenario_dir()
    places = [(Path(folder).expanduser(), "--scenarios") for folder in folders]
    places += [(user_folder, "seus cenários"), (SCENARIO_DIR, "de fábrica")]
    if NAME_PATTERN.fullmatch(stem):
        for folder, _ in places:
            path = folder / f"{stem}.toml"
            if path.is_file():
                return path
    looked = [f"em {folder} ({label})" for folder, label in places if folder != SCENARIO_DIR]
    looked.append(f"nos de fábrica ({', '.join(available())})")
    raise ScenarioNotFound(
        f"{stem}.toml",
        "",
        f"cenário '{name}' não existe; procurado {stem}.toml {', '.join(looked[:-1])} e {looked[-1]}",
    )


def base_path(parent: str, child: Path, directory: Path = SCENARIO_DIR) -> Path:
    """The file a scenario at `child` extends by name: beside it, else in `directory`, else
    among the built-ins; so a trainer's file outside the package can say
    `extends = "treinamento"`. The path beside it when none exists (for the message)."""
    for folder in dict.fromkeys((child.parent, directory, SCENARIO_DIR)):
        candidate = folder / f"{parent}.toml"
        if candidate.exists():
            return candidate
    return child.parent / f"{parent}.toml"


def available(directory: Path = SCENARIO_DIR) -> list[str]:
    return sorted(p.stem for p in directory.glob("*.toml"))


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Tables merge key by key; anything else (values, lists) is replaced."""
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _read(path: Path) -> dict[str, Any]:
    import tomllib  # start-up usually reads the checked copy instead (load_scenario_cached)

    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise ScenarioError(path.name, "", "arquivo de cenário não encontrado") from None
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(path.name, "", f"TOML inválido ({exc})") from None
    except OSError as exc:
        raise ScenarioError(path.name, "", f"não foi possível ler ({exc.strerror})") from None


def _cache_file(path: Path) -> Path | None:
    try:
        from platformdirs import user_cache_path

        return user_cache_path("pdv-sim", appauthor=False) / "scenarios" / f"{path.stem}.json"
    except Exception:
        return None


def _fingerprint(paths: list[Path]) -> list[list]:
    return [[str(p.resolve()), p.stat().st_mtime_ns, p.stat().st_size] for p in paths]


def load_scenario_cached(name: str, directory: Path = SCENARIO_DIR) -> Scenario:
    """load_scenario, skipping the validation when the same files (path, mtime, size) were
    validated before: start-up reads a small JSON instead of parsing and checking every CPF."""
    path = scenario_path(name, directory)
    cache = _cache_file(path)
    if cache is not None and cache.exists() and path.exists():
        try:
            stored = json.loads(cache.read_text(encoding="utf-8"))
            files = [Path(f[0]) for f in stored["files"]]
            if stored["files"] == _fingerprint(files) and files[0] == path.resolve():
                return Scenario(name=path.stem, path=path, **stored["scenario"])
        except (OSError, ValueError, KeyError, TypeError):
            pass
    scenario = load_scenario(name, directory)
    if cache is not None:
        chain = [path]
        for parent in scenario.chain[1:]:
            chain.append(base_path(parent, chain[-1], directory))
        record = {
            "files": _fingerprint(chain),
            "scenario": {
                "data": scenario.data,
                "title": scenario.title,
                "description": scenario.description,
                "extends": scenario.extends,
                "chain": scenario.chain,
            },
        }
        _write_record(cache, record)
    return scenario


def _write_record(cache: Path, record: dict[str, Any]) -> None:
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        temp = cache.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(record, handle)
        temp.replace(cache)
    except OSError:
        pass  # a read-only cache only costs time


def _current_record(scenario: Scenario) -> tuple[Path, dict[str, Any]] | None:
    """The cached record of `scenario`'s files, while they are unchanged (path, mtime, size)."""
    cache = _cache_file(scenario.path)
    if cache is None:
        return None
    try:
        stored = json.loads(cache.read_text(encoding="utf-8"))
        files = [Path(f[0]) for f in stored["files"]]
        if stored["files"] == _fingerprint(files) and files[0] == scenario.path.resolve():
            return cache, stored
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return None


def cached_derived(scenario: Scenario, name: str, key: str = "") -> dict[str, str]:
    """Values made from the scenario's data when a store was last seeded from the same, unchanged
    files (`name`: "password_hashes", the users' argon2 hashes; "sealed", the credentials
    encrypted with the key whose fingerprint is `key`): a demo seeds without hashing or
    encrypting again (argon2 alone is 19 MiB and ~0.1 s per user; storage.passwords).
    Nothing here is a clear secret that the files themselves do not hold."""
    found = _current_record(scenario)
    if found is None:
        return {}
    _, record = found
    entry = record.get("derived", {}).get(name)
    if not isinstance(entry, dict) or entry.get("key") != key or record["scenario"]["data"] != scenario.data:
        return {}
    values = entry.get("values")
    return {k: v for k, v in values.items() if isinstance(v, str)} if isinstance(values, dict) else {}


def remember_derived(scenario: Scenario, name: str, values: dict[str, str], key: str = "") -> None:
    """Keeps `values` beside the checked copy of the files, for cached_derived."""
    found = _current_record(scenario)
    if found is None or not values:
        return
    cache, record = found
    if record["scenario"]["data"] != scenario.data:
        return  # a scenario changed in memory is not the one in the files
    derived = record.setdefault("derived", {})
    if derived.get(name) != {"key": key, "values": values}:
        derived[name] = {"key": key, "values": values}
        _write_record(cache, record)


def load_scenario(name: str, directory: Path = SCENARIO_DIR) -> Scenario:
    path = scenario_path(name, directory)
    if not path.exists():
        known = ", ".join(available(directory))
        raise ScenarioError(path.name, "", f"cenário '{name}' não existe (disponíveis: {known})")
    data = _read(path)
    chain = [path.stem]
    head = data.get("scenario", {})
    parent = head.get("extends") if isinstance(head, dict) else None
    child = path
    while parent:
        if parent in chain:
            raise ScenarioError(path.name, "scenario.extends", f"herança circular ({' -> '.join(chain)})")
        chain.append(parent)
        parent_path = base_path(str(parent), child, directory)
        if not parent_path.exists():
            raise ScenarioError(path.name, "scenario.extends", f"cenário base '{parent}' não existe")
        child = parent_path
        base = _read(parent_path)
        data = _merge(base, data)
        parent = base.get("scenario", {}).get("extends")
        data["scenario"]["extends"] = parent
    head = data.get("scenario", {})
    scenario = Scenario(
        name=path.stem,
        path=path,
        data=data,
        title=str(head.get("title", path.stem)),
        description=str(head.get("description", "")).strip(),
        extends=chain[1] if len(chain) > 1 else None,
        chain=chain,
    )
    from storage.scenarios.validation import validate  # not on a start that reads the checked copy

    validate(scenario)
    return scenario


def describe_all(directory: Path = SCENARIO_DIR) -> list[ScenarioInfo]:
    infos = []
    for name in available(directory):
        try:
            scenario = load_scenario(name, directory)
            infos.append(ScenarioInfo(name, scenario.title, scenario.description))
        except ScenarioError as exc:
            infos.append(ScenarioInfo(name, "", error=str(exc)))
    return infos
