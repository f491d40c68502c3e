"""The checks of a loaded scenario, section by section, before anything is written.

`validate` checks the store part ([scenario], branches, users, agreements, products,
customers), then the Régua de Cobrança parts (billing.py) and the LGPD ones ([[lgpd_settings]]
and the simulated portal's [lgpdata]). The first problem found is raised as a ScenarioError.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from domain.versions import FORMAT as VERSION_FORMAT
from domain.versions import is_version
from storage.scenarios.checker import (
    CONSENT_OPERATIONS,
    CONSENT_RULES,
    CONSENT_STATUSES,
    DOCUMENT_TYPES,
    PERSON_TYPES,
    ROLES,
    Checker,
)
from storage.scenarios.scenario import Scenario


def _rules():
    """domain.documents, imported on first use: python-stdnum is needed only when a scenario is
    checked, and start-up usually reads the checked copy (load_scenario_cached)."""
    from domain import documents

    return documents


def validate(scenario: Scenario) -> None:
    """Checks the whole store part and the shapes of the remote sections; `[[faults]]` is the
    simulated services' own section, checked by their code (servers.faults.specs.parse_faults)."""
    c = Checker(scenario.path.name)
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

    from storage.scenarios.billing import validate_license, validate_pdv  # python-stdnum, as in _rules

    validate_license(c, data)
    validate_pdv(c, data)

    _validate_lgpd(c, data, branches)


def _validate_lgpd(c: Checker, data: dict, branches: list[dict]) -> None:
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
