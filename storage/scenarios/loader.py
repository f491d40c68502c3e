"""Scenario files: TOML describing a whole store plus the state of the remote world.

`load_scenario` reads, resolves `extends` and validates a file completely before anything is
written; `seed` writes the store part in one transaction. Every problem names the file, the key
and what is wrong, in Portuguese.
"""

from __future__ import annotations

import json
import os
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from domain.enums import (
    BillingStatus,
    ConsentOperation,
    ConsentRule,
    ConsentStatus,
    DocumentType,
    PersonType,
    Role,
)
from domain.versions import FORMAT as VERSION_FORMAT
from domain.versions import is_version
from storage.plain_text import control_characters, describe

SCENARIO_DIR = Path(__file__).parent / "files"
DEFAULT_SCENARIO = "treinamento"
NAME_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
"""A scenario's name: its file's stem (the simulated services find a scenario by it)."""

# what a scenario may write, from the vocabulary (domain.enums)
ROLES = {m.value for m in Role}
PERSON_TYPES = {m.value for m in PersonType}
DOCUMENT_TYPES = {m.value for m in DocumentType}
CONSENT_RULES = {m.value for m in ConsentRule}
CONSENT_OPERATIONS = {m.value for m in ConsentOperation}
CONSENT_STATUSES = {m.value for m in ConsentStatus} - {ConsentStatus.UNKNOWN.value}  # a portal's answer, never stored
BILLING_SITUATIONS = {m.value for m in BillingStatus}


class ScenarioError(Exception):
    """A scenario that cannot be used; str() is one line for the user."""

    def __init__(self, file: str, key: str, problem: str) -> None:
        self.file, self.key, self.problem = file, key, problem
        where = f"{file}: {key}: " if key else f"{file}: "
        super().__init__(where + problem)


@dataclass
class Scenario:
    name: str
    path: Path
    data: dict[str, Any]
    title: str = ""
    description: str = ""
    extends: str | None = None
    chain: list[str] = field(default_factory=list)
    """This scenario's name, then the ones it extends, nearest first."""

    @property
    def app_version(self) -> str:
        return str(self.data["scenario"]["app_version"])

    @property
    def current_branch(self) -> int:
        return int(self.data["scenario"]["current_branch"])

    def section(self, name: str) -> dict[str, Any]:
        return self.data.get(name, {})


@dataclass
class ScenarioInfo:
    name: str
    title: str
    description: str = ""
    error: str | None = None
    keys: list[str] = field(default_factory=list)


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


# --- validation --------------------------------------------------------------------------------


class _Checker:
    def __init__(self, file: str) -> None:
        self.file = file

    def fail(self, key: str, problem: str) -> None:
        raise ScenarioError(self.file, key, problem)

    def table(self, data: dict, key: str) -> dict:
        value = data.get(key)
        if not isinstance(value, dict):
            self.fail(key, "tabela obrigatória ausente" if value is None else "deveria ser uma tabela")
        return value

    def items(self, data: dict, key: str, required: bool = True) -> list[dict]:
        value = data.get(key, None)
        if value is None:
            if required:
                self.fail(key, "lista obrigatória ausente")
            return []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.fail(key, "deveria ser uma lista de tabelas")
        if required and not value:
            self.fail(key, "lista vazia")
        return value

    def text(self, item: dict, key: str, where: str, required: bool = True, multiline: bool = False) -> str:
        """A text field; control characters refused (newline and tab allowed when `multiline`):
        what the file holds is shown on screen as it is."""
        value = item.get(key)
        if value is None or value == "":
            if required:
                self.fail(f"{where}.{key}", "campo obrigatório ausente")
            return ""
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            self.fail(f"{where}.{key}", f"deveria ser texto, não {type(value).__name__}")
        found = control_characters(str(value), newlines=multiline)
        if found:
            self.fail(f"{where}.{key}", f"caractere de controle {describe(found[0])} no texto; remova-o")
        return str(value)

    def choice(self, item: dict, key: str, where: str, allowed: set[str], default: str | None = None) -> str:
        value = item.get(key, default)
        if value not in allowed:
            self.fail(f"{where}.{key}", f"valor {value!r} inválido (use: {', '.join(sorted(allowed))})")
        return value

    def integer(self, item: dict, key: str, where: str, default: int | None = None, minimum: int = 0) -> int:
        value = item.get(key, default)
        if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
            self.fail(f"{where}.{key}", f"deveria ser um inteiro >= {minimum}")
        return value

    def boolean(self, item: dict, key: str, where: str, default: bool = False) -> bool:
        value = item.get(key, default)
        if not isinstance(value, bool):
            self.fail(f"{where}.{key}", "deveria ser true ou false")
        return value

    def unique(self, items: list[dict], key: str, section: str) -> None:
        seen: set = set()
        for index, item in enumerate(items):
            value = item.get(key)
            if value in seen:
                self.fail(f"{section}[{index}].{key}", f"valor repetido {value!r}")
            seen.add(value)


def _rules():
    """domain.documents, imported on first use: python-stdnum is needed only when a scenario is
    checked, and start-up usually reads the checked copy (load_scenario_cached)."""
    from domain import documents

    return documents


def validate(scenario: Scenario) -> None:
    """Checks the whole store part and the shapes of the remote sections; `[[faults]]` is the
    simulated services' own section, checked by their code (servers.faults.specs.parse_faults)."""
    c = _Checker(scenario.path.name)
    data = scenario.data
    head = c.table(data, "scenario")
    version = c.text(head, "app_version", "scenario")
    c.text(head, "title", "scenario", required=False)
    c.text(head, "description", "scenario", required=False, multiline=True)
    if not is_version(version):
        c.fail("scenario.app_version", f"versão {version!r} inválida (formato {VERSION_FORMAT})")

    branches = c.items(data, "branches")
    for i, b in enumerate(branches):
        where = f"branches[{i}]"
        c.integer(b, "code", where, minimum=1)
        doc = c.text(b, "cnpj", where)
        if not _rules().is_valid_cnpj(doc):
            c.fail(f"{where}.cnpj", f"CNPJ inválido {doc!r}")
        c.text(b, "name", where)
        c.text(b, "trade_name", where, required=False)
        c.boolean(b, "lgpd_enabled", where)
    c.unique(branches, "code", "branches")
    codes = {b["code"] for b in branches}
    current = head.get("current_branch")
    if current not in codes:
        c.fail("scenario.current_branch", f"filial {current!r} não está em branches")

    users = c.items(data, "users")
    for i, u in enumerate(users):
        where = f"users[{i}]"
        c.text(u, "login", where)
        c.text(u, "name", where)
        c.choice(u, "role", where, ROLES)
        c.text(u, "password", where)
    c.unique(users, "login", "users")

    agreements = c.items(data, "agreements")
    for i, a in enumerate(agreements):
        where = f"agreements[{i}]"
        c.text(a, "code", where)
        c.text(a, "name", where)
        c.text(a, "type", where)
        rule = c.choice(a, "consent_rule", where, CONSENT_RULES, "nenhuma")
        operation = a.get("consent_operation", "")
        if rule != "nenhuma" and operation not in CONSENT_OPERATIONS:
            c.fail(f"{where}.consent_operation", "obrigatória quando consent_rule não é 'nenhuma'")
        if operation and operation not in CONSENT_OPERATIONS:
            c.fail(f"{where}.consent_operation", f"valor {operation!r} inválido")
        c.boolean(a, "allows_credit", where)
    c.unique(agreements, "code", "agreements")
    agreement_codes = {a["code"] for a in agreements}

    products = c.items(data, "products")
    for i, p in enumerate(products):
        where = f"products[{i}]"
        c.text(p, "code", where)
        code = c.text(p, "ean", where)
        if not _rules().is_valid_ean(code):
            c.fail(f"{where}.ean", f"EAN inválido {code!r}")
        c.text(p, "name", where)
        price = c.text(p, "price", where)
        try:
            value = Decimal(price)
        except InvalidOperation:
            value = Decimal(-1)
        if not value.is_finite() or value <= 0 or value != value.quantize(Decimal("0.01")):
            c.fail(f"{where}.price", f"preço {price!r} inválido (texto com até 2 casas, maior que zero)")
    c.unique(products, "code", "products")
    c.unique(products, "ean", "products")

    customers = c.items(data, "customers")
    for i, cu in enumerate(customers):
        where = f"customers[{i}]"
        c.text(cu, "code", where)
        c.text(cu, "name", where)
        ptype = c.choice(cu, "person_type", where, PERSON_TYPES)
        dtype = cu.get("document_type")
        doc = cu.get("document")
        if dtype is not None and dtype not in DOCUMENT_TYPES:
            c.fail(f"{where}.document_type", f"valor {dtype!r} inválido")
        if ptype == "PJ" and dtype != "CNPJ":
            c.fail(f"{where}.document_type", "pessoa jurídica exige CNPJ")
        if ptype == "PF" and dtype == "CNPJ":
            c.fail(f"{where}.document_type", "pessoa física não tem CNPJ")
        if dtype and not doc:
            c.fail(f"{where}.document", "documento ausente")
        if dtype == "CPF" and not _rules().is_valid_cpf(str(doc)):
            c.fail(f"{where}.document", f"CPF inválido {doc!r}")
        if dtype == "CNPJ" and not _rules().is_valid_cnpj(str(doc)):
            c.fail(f"{where}.document", f"CNPJ inválido {doc!r}")
        links = cu.get("agreements", [])
        if not isinstance(links, list):
            c.fail(f"{where}.agreements", "deveria ser uma lista de códigos")
        for code in links:
            if code not in agreement_codes:
                c.fail(f"{where}.agreements", f"convênio {code!r} não existe")
        consent = cu.get("consent", {})
        if not isinstance(consent, dict):
            c.fail(f"{where}.consent", "deveria ser uma tabela convênio = status")
        for code, status in consent.items():
            if code not in links:
                c.fail(f"{where}.consent.{code}", "convênio não vinculado ao cliente")
            if status not in CONSENT_STATUSES:
                c.fail(f"{where}.consent.{code}", f"status {status!r} inválido")
    c.unique(customers, "code", "customers")

    from storage.scenarios.billing import validate_license, validate_pdv

    validate_license(c, data)
    validate_pdv(c, data)

    _validate_lgpd(c, data, branches)


def _validate_lgpd(c: _Checker, data: dict, branches: list[dict]) -> None:
    """[[lgpd_settings]] (the PDV's Integração Portal LGPD per branch) and [lgpdata] (the portal)."""
    by_code = {b["code"]: b for b in branches}
    settings = c.items(data, "lgpd_settings", required=False)
    for i, entry in enumerate(settings):
        where = f"lgpd_settings[{i}]"
        code = c.integer(entry, "branch", where, minimum=1)
        if code not in by_code:
            c.fail(f"{where}.branch", f"filial {code} não está em branches")
        if not by_code[code].get("lgpd_enabled", False):
            c.fail(f"{where}.branch", f"filial {code} não tem o produto LGPData liberado (lgpd_enabled)")
        term_branch = entry.get("term_branch")
        term_cnpj = entry.get("term_cnpj")
        if (term_branch is None) == (term_cnpj is None):
            c.fail(where, "informe term_branch (código da filial do termo) ou term_cnpj, um dos dois")
        if term_branch is not None:
            c.integer(entry, "term_branch", where, minimum=1)
            if term_branch not in by_code:
                c.fail(f"{where}.term_branch", f"filial {term_branch} não está em branches")
        else:
            if not _rules().is_valid_cnpj(c.text(entry, "term_cnpj", where)):
                c.fail(f"{where}.term_cnpj", f"CNPJ inválido {term_cnpj!r}")
        c.text(entry, "lgpd_name", where)
        c.integer(entry, "banner_id", where, default=0)
        for key in ("api_key", "access", "password"):
            value = c.text(entry, key, where)
            if not value.isascii() or not value.isprintable():
                c.fail(f"{where}.{key}", "use apenas letras, números e símbolos ASCII")
        c.integer(entry, "validity_days", where, default=0)
        url = entry.get("url", "")
        if not isinstance(url, str) or (url and not url.startswith(("http://", "https://"))):
            c.fail(f"{where}.url", "deveria ser vazia (o portal simulado) ou começar com http:// ou https://")
    c.unique(settings, "branch", "lgpd_settings")

    lgpdata = data.get("lgpdata", {})
    if not isinstance(lgpdata, dict):
        c.fail("lgpdata", "deveria ser uma tabela")
    credentials = lgpdata.get("credentials", {})
    if not isinstance(credentials, dict):
        c.fail("lgpdata.credentials", "deveria ser uma tabela com api_key, access e password")
    for key in ("api_key", "access", "password"):
        if key in credentials:
            c.text(credentials, key, "lgpdata.credentials")
    if "expiry_days" in lgpdata and c.integer(lgpdata, "expiry_days", "lgpdata", minimum=1) > 3650:
        c.fail("lgpdata.expiry_days", "deveria ser no máximo 3650 (dias)")
    for i, entry in enumerate(c.items(lgpdata, "terms", required=False)):
        where = f"lgpdata.terms[{i}]"
        doc = c.text(entry, "cnpj", where)
        if not _rules().is_valid_cnpj(doc):
            c.fail(f"{where}.cnpj", f"CNPJ inválido {doc!r}")
        c.integer(entry, "banner_id", where, default=0)
        c.choice(entry, "operation", where, CONSENT_OPERATIONS)
        c.text(entry, "version", where)
        c.text(entry, "text", where, multiline=True)
    for i, entry in enumerate(c.items(lgpdata, "consents", required=False)):
        where = f"lgpdata.consents[{i}]"
        doc = c.text(entry, "document", where)
        kind = c.choice(entry, "document_type", where, DOCUMENT_TYPES - {"CNPJ"}, "CPF")
        if kind == "CPF" and not _rules().is_valid_cpf(doc):
            c.fail(f"{where}.document", f"CPF inválido {doc!r}")
        if "operation" in entry:
            c.choice(entry, "operation", where, CONSENT_OPERATIONS)
        if "cnpj" in entry and not _rules().is_valid_cnpj(c.text(entry, "cnpj", where)):
            c.fail(f"{where}.cnpj", "CNPJ inválido")
        if "banner_id" in entry:
            c.integer(entry, "banner_id", where)
        c.choice(entry, "status", where, CONSENT_STATUSES)
