"""Validation of the Régua de Cobrança parts of a scenario: `[license]` (the simulated License
Server's state) and `[pdv]` (how this PDV reaches it and what it does when it fails).

    [license]
    situation = "bloqueio-parcial"      # default for every branch of the scenario
    message = "..."                     # optional; default: the AVISO FINANCEIRO text
    [license.trust_unlock]              # Desbloqueio em Confiança rules (all optional)
    days = 3
    max_per_30_days = 1
    refuse = false
    reason = "..."
    [[license.branches]]                # per CNPJ (may name CNPJs outside the scenario)
    cnpj = "12.345.678/0002-76"
    situation = "mensagem"
    message = "..."
    trust_unlock = { refuse = true, reason = "..." }

    [pdv]
    license_url = "http://127.0.0.1:9/license"   # optional: a License Server elsewhere
    billing_failure_policy = "last-known"         # last-known | release | block
    [pdv.last_known]                              # optional: a situation already known
    situation = "mensagem"
    hours_ago = 16
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from domain.documents import compact, is_valid_cnpj
from storage.scenarios.checker import BILLING_SITUATIONS, Checker

FAILURE_POLICIES = {"last-known", "release", "block"}
TRUST_KEYS = {"days", "max_per_30_days", "refuse", "reason"}


def _known_keys(c: Checker, table: dict[str, Any], where: str, allowed: set[str]) -> None:
    for key in table:
        if key not in allowed:
            c.fail(f"{where}.{key}", f"chave desconhecida (use: {', '.join(sorted(allowed))})")


def _table(c: Checker, data: dict[str, Any], key: str, where: str) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        c.fail(where, "deveria ser uma tabela")
    return value


def _trust_rules(c: Checker, rules: dict[str, Any], where: str) -> None:
    _known_keys(c, rules, where, TRUST_KEYS)
    if "days" in rules:
        c.integer(rules, "days", where, minimum=1)
    if "max_per_30_days" in rules:
        c.integer(rules, "max_per_30_days", where, minimum=0)
    if "refuse" in rules:
        c.boolean(rules, "refuse", where)
    if "reason" in rules:
        c.text(rules, "reason", where)


def validate_license(c: Checker, data: dict[str, Any]) -> None:
    section = _table(c, data, "license", "license")
    _known_keys(c, section, "license", {"situation", "message", "trust_unlock", "branches"})
    if "situation" in section:
        c.choice(section, "situation", "license", BILLING_SITUATIONS)
    if "message" in section:
        c.text(section, "message", "license", required=False, multiline=True)
    _trust_rules(c, _table(c, section, "trust_unlock", "license.trust_unlock"), "license.trust_unlock")
    entries = c.items(section, "branches", required=False)
    for i, entry in enumerate(entries):
        where = f"license.branches[{i}]"
        _known_keys(c, entry, where, {"cnpj", "situation", "message", "trust_unlock"})
        doc = c.text(entry, "cnpj", where)
        if not is_valid_cnpj(doc):
            c.fail(f"{where}.cnpj", f"CNPJ inválido {doc!r}")
        if "situation" in entry:
            c.choice(entry, "situation", where, BILLING_SITUATIONS)
        if "message" in entry:
            c.text(entry, "message", where, required=False, multiline=True)
        _trust_rules(c, _table(c, entry, "trust_unlock", f"{where}.trust_unlock"), f"{where}.trust_unlock")
    seen: set[str] = set()
    for i, entry in enumerate(entries):
        number = compact(entry["cnpj"])
        if number in seen:
            c.fail(f"license.branches[{i}].cnpj", f"CNPJ repetido {entry['cnpj']!r}")
        seen.add(number)


def validate_pdv(c: Checker, data: dict[str, Any]) -> None:
    section = _table(c, data, "pdv", "pdv")
    if "license_url" in section:
        url = c.text(section, "license_url", "pdv")
        if not url.startswith(("http://", "https://")):
            c.fail("pdv.license_url", f"URL {url!r} inválida (comece com http:// ou https://)")
    if "billing_failure_policy" in section:
        c.choice(section, "billing_failure_policy", "pdv", FAILURE_POLICIES)
    known = _table(c, section, "last_known", "pdv.last_known")
    if known:
        _known_keys(c, known, "pdv.last_known", {"situation", "message", "hours_ago"})
        c.choice(known, "situation", "pdv.last_known", BILLING_SITUATIONS)
        if "message" in known:
            c.text(known, "message", "pdv.last_known", required=False, multiline=True)
        c.integer(known, "hours_ago", "pdv.last_known", default=0)


def seed_billing(data: dict[str, Any], now: datetime) -> None:
    """Writes the `[pdv]` Régua de Cobrança settings and the last known situation, if any
    (inside the seed's transaction)."""
    from storage import models as m

    section = data.get("pdv", {})
    for key in ("license_url", "billing_failure_policy"):
        if key in section:
            m.Setting.upsert(key=key, value=str(section[key]))
    known = section.get("last_known")
    if known:
        current = data["scenario"]["current_branch"]
        branch = next(b for b in data["branches"] if b["code"] == current)
        cnpj = compact(branch["cnpj"])
        m.BillingState.upsert(
            cnpj=cnpj,
            status=known["situation"],
            message=known.get("message", ""),
            route="cenario",
            checked_at=now - timedelta(hours=known.get("hours_ago", 0)),
        )
