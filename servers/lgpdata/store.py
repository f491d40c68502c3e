"""The LGPData portal's own state and the rules that change it: PortalStore.

One SQLite file (lgpdata.sqlite3, mode 0600) with its own peewee Database (schema.py). PortalStore
holds the portal's clock, its terms, the consent requests (the links) and their answers, and the
trainer's status of a customer; its other parts are mixins beside it: the settings, expiry and
encrypted credentials (settings.py), the consent records and status answers (consents.py), and
the whole state's reset and snapshot (whole_state.py). The words of the API are in vocabulary.py.
"""

from __future__ import annotations

import base64
import math
import secrets
import threading
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from servers.lgpdata.consents import ConsentRecords, acceptance_evidence
from servers.lgpdata.schema import make_models, open_database
from servers.lgpdata.settings import KEY_FILE, PortalSettings
from servers.lgpdata.vocabulary import (
    DOCUMENT_TYPES,
    MAX_CLOCK_OFFSET_DAYS,
    OPERATIONS,
    STATUSES,
    PortalError,
    TermKey,
    compact,
    sha256,
)
from servers.lgpdata.whole_state import WholeState
from servers.secret_box import SecretBox, private_sqlite_files


def machine_now() -> datetime:
    """The machine's time; the portal's clock adds the trainer's offset (tests replace this)."""
    return datetime.now().replace(microsecond=0)


TOKEN_BYTES = 16
"""128 bits of randomness in every request id: the id is the consent link, and whoever has the
link answers for the customer, so it must not be guessed (tests replace new_token)."""


def new_token() -> str:
    """A request id, also the link's path: 128 random bits in base32 (26 letters and digits, one
    case, so a QR code stays small and an id read aloud is not mistaken)."""
    return base64.b32encode(secrets.token_bytes(TOKEN_BYTES)).decode("ascii").rstrip("=")


class PortalStore(PortalSettings, ConsentRecords, WholeState):
    """Everything the portal knows, and the rules that change it."""

    def __init__(self, path: Path) -> None:
        private_sqlite_files(path)
        self.box = SecretBox(path.with_name(KEY_FILE))
        self.db = open_database(path)
        self.lock = threading.RLock()
        models = make_models(self.db)
        self.Setting = models["Setting"]
        self.Term = models["Term"]
        self.Consent = models["Consent"]
        self.Request = models["ConsentRequest"]
        self.db.connect(reuse_if_open=True)
        self.db.create_tables(list(models.values()), safe=True)
        private_sqlite_files(path)
        self._seal_clear_credentials()

    # --- clock -------------------------------------------------------------------------------

    def now(self) -> datetime:
        """The portal's own clock: the machine's time moved forward by the trainer's offset."""
        offset = float(self._get("clock_offset_seconds", "0") or 0)
        return machine_now() + timedelta(seconds=offset)

    def advance_clock(self, seconds: float) -> datetime:
        if seconds < 0:
            raise PortalError(422, "O relógio do portal só anda para frente.", "relogio_invalido")
        return self._set_clock_offset(float(self._get("clock_offset_seconds", "0") or 0) + seconds)

    def set_clock(self, moment: datetime | None) -> datetime:
        """The portal's clock at `moment` from now on (None: the machine's again)."""
        return self._set_clock_offset(0.0 if moment is None else (moment - machine_now()).total_seconds())

    def _set_clock_offset(self, offset: float) -> datetime:
        if not math.isfinite(offset) or abs(offset) > MAX_CLOCK_OFFSET_DAYS * 86400:
            raise PortalError(
                422,
                f"O relógio do portal fica a no máximo {MAX_CLOCK_OFFSET_DAYS} dias (10 anos) do relógio da máquina.",
                "relogio_invalido",
            )
        self._set("clock_offset_seconds", str(offset))
        return self.now()

    # --- terms -------------------------------------------------------------------------------

    def register_term(self, cnpj: str, banner_id: int, operation: str, version: str, text: str) -> Any:
        cnpj = compact(cnpj)
        if operation not in OPERATIONS:
            raise PortalError(422, f"Operação {operation!r} desconhecida.", "operacao_invalida")
        if not cnpj or not version or not text.strip():
            raise PortalError(422, "CNPJ, versão e texto do termo são obrigatórios.", "termo_invalido")
        with self.db.atomic():
            existing = self.Term.get_or_none(
                (self.Term.cnpj == cnpj)
                & (self.Term.banner_id == banner_id)
                & (self.Term.operation == operation)
                & (self.Term.version == version)
            )
            if existing is not None and existing.text != text:
                raise PortalError(409, f"A versão {version} deste termo já existe com outro texto.", "versao_existente")
            self.Term.update(in_force=False).where(
                (self.Term.cnpj == cnpj) & (self.Term.banner_id == banner_id) & (self.Term.operation == operation)
            ).execute()
            if existing is not None:
                existing.in_force = True
                existing.save()
                return existing
            return self.Term.create(
                cnpj=cnpj,
                banner_id=banner_id,
                operation=operation,
                version=version,
                text=text,
                sha256=sha256(text),
                registered_at=self.now(),
            )

    def withdraw_term(self, cnpj: str, banner_id: int, operation: str) -> int:
        return (
            self.Term.update(in_force=False)
            .where(
                (self.Term.cnpj == compact(cnpj))
                & (self.Term.banner_id == banner_id)
                & (self.Term.operation == operation)
                & (self.Term.in_force == True)  # noqa: E712
            )
            .execute()
        )

    def term_in_force(self, key: TermKey) -> Any:
        return self.Term.get_or_none(
            (self.Term.cnpj == key.cnpj)
            & (self.Term.banner_id == key.banner_id)
            & (self.Term.operation == key.operation)
            & (self.Term.in_force == True)  # noqa: E712
        )

    def require_term(self, key: TermKey) -> Any:
        if key.operation not in OPERATIONS:
            raise PortalError(422, f"Operação {key.operation!r} desconhecida.", "operacao_invalida")
        term = self.term_in_force(key)
        if term is None:
            raise PortalError(404, f"Nenhum termo vigente para {key.describe()}.", "termo_inexistente")
        return term

    def terms_for(self, cnpj: str, banner_id: int) -> list[Any]:
        return list(
            self.Term.select()
            .where(
                (self.Term.cnpj == compact(cnpj)) & (self.Term.banner_id == banner_id) & (self.Term.in_force == True)  # noqa: E712
            )
            .order_by(self.Term.operation)
        )

    # --- consent requests, their links and answers -------------------------------------------

    def create_request(self, document: str, document_type: str, key: TermKey, name: str = "") -> Any:
        """A new request (Pendente), replacing an open one (marked substituída); refused (409,
        ja_aceito) while the customer's acceptance of the term in force stands: a request never
        takes back an acceptance."""
        document = compact(document)
        if not document:
            raise PortalError(422, "Documento do cliente não informado.", "documento_ausente")
        if document_type not in DOCUMENT_TYPES:
            raise PortalError(422, f"Tipo de documento {document_type!r} inválido.", "tipo_documento_invalido")
        with self.lock, self.db.atomic():
            term = self.require_term(key)
            self._expire_overdue()
            standing = self._standing_acceptance(document, key, term)
            if standing is not None:
                raise PortalError(409, standing, "ja_aceito")
            self.Request.update(status="substituida").where(
                (self.Request.document == document)
                & (self.Request.status == "pendente")
                & (
                    self.Request.term.in_(
                        [
                            t.id
                            for t in self.Term.select(self.Term.id).where(
                                (self.Term.cnpj == key.cnpj)
                                & (self.Term.banner_id == key.banner_id)
                                & (self.Term.operation == key.operation)
                            )
                        ]
                    )
                )
            ).execute()
            request = self.Request.create(
                token=new_token(),
                document=document,
                document_type=document_type,
                name=name[:120],
                term=term,
                created_at=self.now(),
            )
            self._set_consent(document, document_type, key, "pendente")
        return request

    def request_by_token(self, token: str) -> Any:
        with self.lock, self.db.atomic():
            self._expire_overdue()
            return self.Request.get_or_none(self.Request.token == token.upper())

    def cancel_request(self, token: str) -> Any:
        with self.lock, self.db.atomic():
            self._expire_overdue()
            request = self.Request.get_or_none(self.Request.token == token.upper())
            if request is None:
                raise PortalError(404, f"Solicitação {token} não encontrada.", "solicitacao_inexistente")
            if request.status != "pendente":
                raise PortalError(
                    409, f"Solicitação {token} não está pendente (está {request.status}).", "nao_pendente"
                )
            request.status = "cancelado"
            request.answered_at = self.now()
            request.save()
            term = request.term
            key = TermKey(term.cnpj, term.banner_id, term.operation)
            self._set_consent(request.document, request.document_type, key, "cancelado")
        return request

    ANSWERS = {
        "aceitar": "aceito",
        "recusar": "recusado",
        "exclusao": "solicitado_exclusao",
        "remocao": "solicitado_remocao",
    }

    def answer(self, token: str, action: str, channel: str = "link") -> Any:
        """The customer's answer on the page. Accept/refuse only while pending; deletion and
        removal of consent at any time."""
        status = self.ANSWERS.get(action)
        if status is None:
            raise PortalError(422, "Ação desconhecida.", "acao_invalida")
        with self.lock, self.db.atomic():
            self._expire_overdue()
            request = self.Request.get_or_none(self.Request.token == token.upper())
            if request is None:
                raise PortalError(404, "Link de consentimento inexistente.", "solicitacao_inexistente")
            if action in ("aceitar", "recusar") and request.status != "pendente":
                raise PortalError(409, "Esta solicitação não está mais aberta para resposta.", "nao_pendente")
            if request.status == "substituida":
                raise PortalError(409, "Este link foi substituído por uma nova solicitação.", "substituida")
            now = self.now()
            term = request.term
            key = TermKey(term.cnpj, term.banner_id, term.operation)
            evidence = None
            if status == "aceito":
                evidence = acceptance_evidence(request.token, now, term, channel)
            if request.status == "pendente":
                request.status = "respondida"
            request.answer = status
            request.answered_at = now
            request.channel = channel
            request.save()
            self._set_consent(request.document, request.document_type, key, status, evidence)
        return request

    # --- a customer's status, set by trainers ------------------------------------------------

    def set_status(
        self,
        document: str,
        status: str,
        document_type: str = "CPF",
        operation: str | None = None,
        cnpj: str | None = None,
        banner_id: int | None = None,
    ) -> list[TermKey]:
        """Trainer: a customer's status for every term matching (operation, cnpj, banner)."""
        if status not in STATUSES:
            raise PortalError(422, f"Status {status!r} inválido (use: {', '.join(STATUSES)}).", "status_invalido")
        if operation is not None and operation not in OPERATIONS:
            raise PortalError(422, f"Operação {operation!r} desconhecida.", "operacao_invalida")
        document = compact(document)
        if not document:
            raise PortalError(422, "Documento não informado.", "documento_ausente")
        with self.lock, self.db.atomic():
            query = self.Term.select().where(self.Term.in_force == True)  # noqa: E712
            if operation:
                query = query.where(self.Term.operation == operation)
            if cnpj:
                query = query.where(self.Term.cnpj == compact(cnpj))
            if banner_id is not None:
                query = query.where(self.Term.banner_id == banner_id)
            keys = [TermKey(t.cnpj, t.banner_id, t.operation) for t in query]
            if not keys:
                raise PortalError(404, "Nenhum termo vigente corresponde a esses filtros.", "termo_inexistente")
            for key in keys:
                self._apply_status(document, document_type, key, status)
        return keys

    def _apply_status(
        self, document: str, document_type: str, key: TermKey, status: str, created_at: datetime | None = None
    ) -> None:
        term = self.term_in_force(key)
        now = self.now()
        term_ids = self._term_ids(key)
        self.Request.update(status="substituida").where(
            (self.Request.document == document)
            & (self.Request.status == "pendente")
            & (self.Request.term.in_(term_ids))
        ).execute()
        evidence = None
        if status in ("pendente", "expirado", "cancelado", "aceito", "recusado"):
            started = created_at or now
            if status == "expirado":
                started = now - timedelta(days=self.expiry_days + 1)
            request = self.Request.create(
                token=new_token(),
                document=document,
                document_type=document_type,
                term=term,
                created_at=started,
                status="pendente"
                if status == "pendente"
                else ("respondida" if status in ("aceito", "recusado") else status),
                answer=status if status in ("aceito", "recusado") else None,
                answered_at=None if status in ("pendente", "expirado") else now,
                channel="administração",
            )
            if status == "aceito":
                evidence = acceptance_evidence(request.token, now, term, "administração")
        self._set_consent(document, document_type, key, status, evidence)
