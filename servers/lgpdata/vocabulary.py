"""The LGPData portal's vocabulary: what its API says and accepts (store, app and page share it).

The consent statuses and operations (with their labels), the document types, the bounds of the
portal's settings, the refusal the API answers as JSON (PortalError), the key of a term
(TermKey) and the small pure helpers every answer uses (compact documents, ISO timestamps, a
text's SHA-256). Nothing here touches the database.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

STATUSES: dict[str, str] = {
    "aceito": "Aceito",
    "recusado": "Recusado",
    "pendente": "Pendente",
    "cancelado": "Cancelado",
    "expirado": "Expirado",
    "nao_emitido": "Não emitido",
    "solicitado_exclusao": "Solicitado a exclusão",
    "solicitado_remocao": "Solicitado a remoção do consentimento",
}
OPERATIONS: dict[str, str] = {
    "convenio": "Convênio",
    "fidelidade": "Fidelidade",
    "fidelidade_febrafar": "Fidelidade Febrafar",
}
DOCUMENT_TYPES = {"CPF", "RG", "PASSAPORTE", "OUTRO"}
DEFAULT_EXPIRY_DAYS = 15
MAX_EXPIRY_DAYS = 3650
MAX_CLOCK_OFFSET_DAYS = 3660


class PortalError(Exception):
    """A refusal the API answers as JSON: HTTP status, message (Portuguese) and a code."""

    def __init__(self, status: int, message: str, code: str) -> None:
        super().__init__(message)
        self.status, self.message, self.code = status, message, code


def compact(value: object) -> str:
    """Documents and CNPJs are kept compact: letters and digits only, upper case."""
    return "".join(ch for ch in str(value or "").upper() if ch.isalnum())


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") if moment else None


@dataclass(frozen=True)
class TermKey:
    cnpj: str
    banner_id: int
    operation: str

    def describe(self) -> str:
        label = OPERATIONS.get(self.operation, self.operation)
        return f"CNPJ {self.cnpj}, bandeira {self.banner_id}, operação {label}"
