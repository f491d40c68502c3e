"""Writes the store part of a validated scenario into an empty PDV database, all or nothing."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import peewee as pw

from domain.documents import compact
from storage import models as m
from storage.passwords import hash_password
from storage.scenarios.loader import cached_derived, remember_derived
from storage.scenarios.scenario import Scenario
from storage.secret_box import Sealed, key_fingerprint, seal
from storage.setup_lock import setup_lock


class SeedError(Exception):
    pass


def is_seeded(db: pw.Database) -> bool:
    return m.Branch.select().exists()


def seed_once(db: pw.Database, scenario: Scenario, now: datetime) -> bool:
    """Seeds the store from `scenario` unless it already has one; True if this call seeded it.
    Under the setup lock: of several PDVs started at once on a new database, one seeds and the
    others wait for it and find the store there."""
    if is_seeded(db):
        return False
    with setup_lock(db):
        if is_seeded(db):
            return False
        seed(db, scenario, now)
    return True


def seed(db: pw.Database, scenario: Scenario, now: datetime) -> None:
    if is_seeded(db):
        raise SeedError("o banco de dados já tem uma loja; use um banco novo para outro cenário")
    data = scenario.data
    with db.atomic():
        for b in data["branches"]:
            m.Branch.create(
                code=b["code"],
                cnpj=compact(b["cnpj"]),
                name=b["name"],
                trade_name=b.get("trade_name", ""),
                lgpd_enabled=b.get("lgpd_enabled", False),
            )
        known = cached_derived(scenario, "password_hashes")
        hashes = {}
        for u in data["users"]:
            hashes[u["login"]] = known.get(u["login"]) or hash_password(u["password"])
            m.User.create(login=u["login"], name=u["name"], role=u["role"], password_hash=hashes[u["login"]])
        agreements = {}
        for a in data["agreements"]:
            agreements[a["code"]] = m.Agreement.create(
                code=a["code"],
                name=a["name"],
                agreement_type=a["type"],
                consent_rule=a.get("consent_rule", "nenhuma"),
                consent_operation=a.get("consent_operation") or None,
                allows_credit=a.get("allows_credit", False),
            )
        rows = [
            {"code": p["code"], "ean": p["ean"], "name": p["name"], "price": Decimal(p["price"])}
            for p in data["products"]
        ]
        for start in range(0, len(rows), 500):
            m.Product.insert_many(rows[start : start + 500]).execute()
        for cu in data["customers"]:
            document = cu.get("document")
            if document:
                document = compact(document)
            customer = m.Customer.create(
                code=cu["code"],
                name=cu["name"],
                person_type=cu["person_type"],
                document_type=cu.get("document_type"),
                document=document,
            )
            consent = cu.get("consent", {})
            for code in cu.get("agreements", []):
                status = consent.get(code, "nao_emitido")
                m.CustomerAgreement.create(
                    customer=customer,
                    agreement=agreements[code],
                    consent_status=status,
                    consent_checked_at=now if code in consent else None,
                )
        sealed = _seed_lgpd_settings(scenario, data.get("lgpd_settings", []))
        head = data["scenario"]
        settings = {
            "scenario": scenario.name,
            "app_version": str(head["app_version"]),
            "current_branch": str(head["current_branch"]),
            "scenario_title": scenario.title,
            "scenario_description": scenario.description,
        }
        for key, value in settings.items():
            m.Setting.upsert(key=key, value=value)
        from storage.scenarios.billing import seed_billing

        seed_billing(data, now)
    remember_derived(scenario, "password_hashes", hashes)
    if sealed:
        remember_derived(scenario, "sealed", sealed, key=key_fingerprint() or "")


def _seed_lgpd_settings(scenario: Scenario, entries: list[dict]) -> dict[str, str]:
    """Integração Portal LGPD per branch, as the scenario gives it (url empty: the simulated
    portal). The API-KEY and Senha are sealed (storage.secret_box), or taken sealed from the last
    seed of the same files with the same key; returns them sealed, for the next seed."""
    fingerprint = key_fingerprint()
    known = cached_derived(scenario, "sealed", key=fingerprint) if fingerprint else {}
    sealed: dict[str, str] = {}

    def secret(entry: dict, field: str) -> Sealed:
        name = f"{entry['branch']}.{field}"
        sealed[name] = known.get(name) or seal(str(entry[field]))
        return Sealed(sealed[name])

    for entry in entries:
        branch = m.Branch.get(m.Branch.code == entry["branch"])
        term_branch = None
        if entry.get("term_branch") is not None:
            term_branch = m.Branch.get(m.Branch.code == entry["term_branch"])
            term_cnpj = term_branch.cnpj
        else:
            term_cnpj = compact(entry["term_cnpj"])
        m.LgpdSettings.create(
            branch=branch,
            term_branch=term_branch,
            term_cnpj=term_cnpj,
            lgpd_name=entry["lgpd_name"],
            banner_id=entry.get("banner_id", 0),
            api_key=secret(entry, "api_key"),
            access=str(entry["access"]),
            password=secret(entry, "password"),
            validity_days=entry.get("validity_days", 0),
            url=entry.get("url", "") or "",
        )
    return sealed
