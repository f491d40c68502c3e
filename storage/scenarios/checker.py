"""The field checker every section's check uses, and the values a scenario may write.

Checker reads one field of a scenario table (text, choice, integer, boolean, unique lists) and
raises ScenarioError naming the file and the key; the sets of allowed values come from the
vocabulary (domain.enums). Used by validation.py and billing.py.
"""

from __future__ import annotations

from domain.enums import (
    BillingStatus,
    ConsentOperation,
    ConsentRule,
    ConsentStatus,
    DocumentType,
    PersonType,
    Role,
)
from storage.plain_text import control_characters, describe
from storage.scenarios.scenario import ScenarioError

# what a scenario may write, from the vocabulary (domain.enums)
ROLES = {m.value for m in Role}
PERSON_TYPES = {m.value for m in PersonType}
DOCUMENT_TYPES = {m.value for m in DocumentType}
CONSENT_RULES = {m.value for m in ConsentRule}
CONSENT_OPERATIONS = {m.value for m in ConsentOperation}
CONSENT_STATUSES = {m.value for m in ConsentStatus} - {ConsentStatus.UNKNOWN.value}  # a portal's answer, never stored
BILLING_SITUATIONS = {m.value for m in BillingStatus}


class Checker:
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
