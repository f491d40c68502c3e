"""The LGPData portal's own state: terms, consents, consent requests, credentials and its clock.

One SQLite file (lgpdata.sqlite3, mode 0600) with its own peewee Database; the model classes are
made per portal instance so two portals in one process (tests) never share a binding. The API-KEY
and the Senha are stored encrypted, with the key in lgpdata.key beside the file (servers/secret_box.py).
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import secrets
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import peewee as pw

from servers.secret_box import SecretBox, private_sqlite_files

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
DEFAULT_CREDENTIALS = {"api_key": "LGPD-DEMO-KEY", "access": "pdv", "password": "lgpd123"}
SEALED_CREDENTIALS = ("api_key", "password")
"""The credentials kept encrypted; Acesso is the operator's name, shown in the state."""
KEY_FILE = "lgpdata.key"


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


def _models(db: pw.Database) -> dict[str, type[pw.Model]]:
    class Base(pw.Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Setting(Base):
        key = pw.CharField(primary_key=True)
        value = pw.TextField()

    class Term(Base):
        cnpj = pw.CharField()
        banner_id = pw.IntegerField()
        operation = pw.CharField()
        version = pw.CharField()
        text = pw.TextField()
        sha256 = pw.CharField()
        registered_at = pw.DateTimeField()
        in_force = pw.BooleanField(default=True)

    class Consent(Base):
        document = pw.CharField()
        document_type = pw.CharField()
        cnpj = pw.CharField()
        banner_id = pw.IntegerField()
        operation = pw.CharField()
        status = pw.CharField()
        updated_at = pw.DateTimeField()
        evidence = pw.TextField(null=True)  # JSON of the acceptance evidence

        class Meta:
            indexes = ((("document", "cnpj", "banner_id", "operation"), True),)

    class ConsentRequest(Base):
        token = pw.CharField(unique=True)
        document = pw.CharField()
        document_type = pw.CharField()
        name = pw.CharField(default="")
        term = pw.ForeignKeyField(Term)
        status = pw.CharField(default="pendente")  # pendente / respondida / cancelado / expirado / substituida
        answer = pw.CharField(null=True)
        created_at = pw.DateTimeField()
        answered_at = pw.DateTimeField(null=True)
        channel = pw.CharField(default="link")

    return {"Setting": Setting, "Term": Term, "Consent": Consent, "ConsentRequest": ConsentRequest}


class PortalStore:
    """Everything the portal knows, and the rules that change it."""

    def __init__(self, path: Path) -> None:
        private_sqlite_files(path)
        self.box = SecretBox(path.with_name(KEY_FILE))
        self.db = pw.SqliteDatabase(
            str(path),
            pragmas={"journal_mode": "wal", "foreign_keys": 1, "busy_timeout": 5000},
            check_same_thread=False,
        )
        self.lock = threading.RLock()
        models = _models(self.db)
        self.Setting = models["Setting"]
        self.Term = models["Term"]
        self.Consent = models["Consent"]
        self.Request = models["ConsentRequest"]
        self.db.connect(reuse_if_open=True)
        self.db.create_tables(list(models.values()), safe=True)
        private_sqlite_files(path)
        self._seal_clear_credentials()

    def _seal_clear_credentials(self) -> None:
        """A state file of an older version keeps the credentials in clear: encrypted now."""
        raw = self._get("credentials")
        if not raw:
            return
        stored = json.loads(raw)
        if any(not self.box.is_sealed(str(stored.get(name, ""))) for name in SEALED_CREDENTIALS):
            self.set_credentials(str(stored["api_key"]), str(stored["access"]), str(stored["password"]))

    # --- settings and clock -------------------------------------------------------------------

    def _get(self, key: str, default: str | None = None) -> str | None:
        row = self.Setting.get_or_none(self.Setting.key == key)
        return row.value if row else default

    def _set(self, key: str, value: str) -> None:
        self.Setting.replace(key=key, value=value).execute()

    def is_initialized(self) -> bool:
        return self._get("scenario") is not None

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

    @property
    def expiry_days(self) -> int:
        return int(self._get("expiry_days", str(DEFAULT_EXPIRY_DAYS)) or DEFAULT_EXPIRY_DAYS)

    def set_expiry_days(self, days: int) -> None:
        if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= MAX_EXPIRY_DAYS:
            raise PortalError(
                422, f"O prazo de expiração deve ser um inteiro de 1 a {MAX_EXPIRY_DAYS} dias.", "prazo_invalido"
            )
        self._set("expiry_days", str(days))

    def credentials(self) -> dict[str, str]:
        """The credentials in clear (decrypted here, for the check and the masked state)."""
        raw = self._get("credentials")
        if not raw:
            return dict(DEFAULT_CREDENTIALS)
        stored = json.loads(raw)
        try:
            return {**stored, **{name: self.box.unseal(str(stored[name])) for name in SEALED_CREDENTIALS}}
        except ValueError as exc:
            raise PortalError(500, f"Credenciais do portal ilegíveis: {exc}.", "credenciais_ilegiveis") from None

    def set_credentials(self, api_key: str, access: str, password: str) -> None:
        if not (api_key and access and password):
            raise PortalError(422, "API-KEY, Acesso e Senha são obrigatórios.", "credenciais_invalidas")
        self._set(
            "credentials",
            json.dumps({"api_key": self.box.seal(api_key), "access": access, "password": self.box.seal(password)}),
        )

    def check_credentials(self, api_key: str | None, access: str | None, password: str | None) -> None:
        """401 naming the first credential that does not match: API-KEY, then Acesso, then Senha."""
        expected = self.credentials()
        for label, given, key in (
            ("API-KEY", api_key, "api_key"),
            ("Acesso", access, "access"),
            ("Senha", password, "password"),
        ):
            if not given:
                raise PortalError(401, f"{label} não informado(a).", f"credencial_ausente:{label}")
            if not secrets.compare_digest(given.encode(), expected[key].encode()):
                raise PortalError(401, f"{label} inválido(a).", f"credencial_invalida:{label}")

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

    # --- consents and requests ---------------------------------------------------------------

    def _consent(self, document: str, key: TermKey) -> Any:
        return self.Consent.get_or_none(
            (self.Consent.document == document)
            & (self.Consent.cnpj == key.cnpj)
            & (self.Consent.banner_id == key.banner_id)
            & (self.Consent.operation == key.operation)
        )

    def _latest_request(self, document: str, term_ids: list[int]) -> Any:
        return (
            self.Request.select()
            .where((self.Request.document == document) & (self.Request.term.in_(term_ids)))
            .order_by(self.Request.created_at.desc(), self.Request.id.desc())
            .first()
        )

    def _expire_overdue(self) -> None:
        """Pending requests older than the limit become Expirado, with their consent."""
        limit = self.now() - timedelta(days=self.expiry_days)
        overdue = list(
            self.Request.select().where((self.Request.status == "pendente") & (self.Request.created_at <= limit))
        )
        for request in overdue:
            request.status = "expirado"
            request.save()
            term = request.term
            consent = self._consent(request.document, TermKey(term.cnpj, term.banner_id, term.operation))
            if consent is not None and consent.status == "pendente":
                consent.status = "expirado"
                consent.updated_at = request.created_at + timedelta(days=self.expiry_days)
                consent.save()

    def status(self, document: str, document_type: str, key: TermKey) -> dict[str, Any]:
        document = compact(document)
        with self.lock, self.db.atomic():
            term = self.require_term(key)
            self._expire_overdue()
            consent = self._consent(document, key)
            term_ids = [
                t.id
                for t in self.Term.select(self.Term.id).where(
                    (self.Term.cnpj == key.cnpj)
                    & (self.Term.banner_id == key.banner_id)
                    & (self.Term.operation == key.operation)
                )
            ]
            request = self._latest_request(document, term_ids)
        status = consent.status if consent else "nao_emitido"
        evidence = json.loads(consent.evidence) if consent and consent.evidence and status == "aceito" else None
        return {
            "documento": document,
            "tipo_documento": consent.document_type if consent else document_type,
            "cnpj": key.cnpj,
            "bandeira": key.banner_id,
            "operacao": key.operation,
            "status": status,
            "status_descricao": STATUSES[status],
            "termo": {"versao": term.version, "sha256": term.sha256},
            "atualizado_em": iso(consent.updated_at) if consent else None,
            "consultado_em": iso(self.now()),
            "comprovante": evidence,
            "solicitacao": self.describe_request(request) if request else None,
        }

    def describe_request(self, request: Any) -> dict[str, Any]:
        return {
            "id": request.token,
            "status": request.status,
            "resposta": request.answer,
            "criada_em": iso(request.created_at),
            "expira_em": iso(request.created_at + timedelta(days=self.expiry_days)),
            "respondida_em": iso(request.answered_at),
        }

    def _set_consent(
        self, document: str, document_type: str, key: TermKey, status: str, evidence: dict | None = None
    ) -> Any:
        consent = self._consent(document, key)
        now = self.now()
        if consent is None:
            consent = self.Consent.create(
                document=document,
                document_type=document_type,
                cnpj=key.cnpj,
                banner_id=key.banner_id,
                operation=key.operation,
                status=status,
                updated_at=now,
                evidence=json.dumps(evidence) if evidence else None,
            )
        else:
            consent.status = status
            consent.document_type = document_type or consent.document_type
            consent.updated_at = now
            if evidence is not None:
                consent.evidence = json.dumps(evidence)
            consent.save()
        return consent

    def _standing_acceptance(self, document: str, key: TermKey, term: Any) -> str | None:
        """Why a new request is refused when the customer's acceptance of the term in force
        stands (a sentence for the cashier), or None. An acceptance of another version of the
        term (its evidence names that text's hash) no longer stands: the customer is asked again."""
        consent = self._consent(document, key)
        if consent is None or consent.status != "aceito":
            return None
        try:
            evidence = json.loads(consent.evidence) if consent.evidence else {}
        except ValueError:
            evidence = {}
        accepted_hash = evidence.get("termo_sha256") if isinstance(evidence, dict) else None
        if accepted_hash and accepted_hash != term.sha256:
            return None
        when = f" em {consent.updated_at:%d/%m/%Y}" if consent.updated_at else ""
        return (
            f"O cliente já aceitou este termo (versão {term.version}){when}: o aceite continua valendo e "
            "não há o que solicitar. Consulte o status para ver o comprovante."
        )

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
                evidence = {
                    "solicitacao_id": request.token,
                    "aceito_em": iso(now),
                    "termo_versao": term.version,
                    "termo_sha256": term.sha256,
                    "canal": channel,
                    "operacao": term.operation,
                    "cnpj": term.cnpj,
                    "bandeira": term.banner_id,
                }
            if request.status == "pendente":
                request.status = "respondida"
            request.answer = status
            request.answered_at = now
            request.channel = channel
            request.save()
            self._set_consent(request.document, request.document_type, key, status, evidence)
        return request

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
        term_ids = [
            t.id
            for t in self.Term.select(self.Term.id).where(
                (self.Term.cnpj == key.cnpj)
                & (self.Term.banner_id == key.banner_id)
                & (self.Term.operation == key.operation)
            )
        ]
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
                evidence = {
                    "solicitacao_id": request.token,
                    "aceito_em": iso(now),
                    "termo_versao": term.version,
                    "termo_sha256": term.sha256,
                    "canal": "administração",
                    "operacao": term.operation,
                    "cnpj": term.cnpj,
                    "bandeira": term.banner_id,
                }
        self._set_consent(document, document_type, key, status, evidence)

    # --- whole state -------------------------------------------------------------------------

    def reset(self, section: dict[str, Any], scenario: str) -> None:
        """Replaces everything with a scenario's [lgpdata] section (the clock back to the machine's)."""
        with self.lock, self.db.atomic():
            for model in (self.Request, self.Consent, self.Term, self.Setting):
                model.delete().execute()
            self._set("scenario", scenario)
            credentials = {**DEFAULT_CREDENTIALS, **(section.get("credentials") or {})}
            self.set_credentials(str(credentials["api_key"]), str(credentials["access"]), str(credentials["password"]))
            self.set_expiry_days(int(section.get("expiry_days", DEFAULT_EXPIRY_DAYS)))
            for term in section.get("terms", []):
                self.register_term(
                    str(term["cnpj"]),
                    int(term.get("banner_id", 0)),
                    str(term["operation"]),
                    str(term.get("version", "1")),
                    str(term["text"]),
                )
            for entry in section.get("consents", []):
                self._seed_status(entry)

    def _seed_status(self, entry: dict[str, Any]) -> None:
        """One scenario consent; one whose filters match no term is skipped, not fatal."""
        try:
            self.set_status(
                str(entry["document"]),
                str(entry["status"]),
                document_type=str(entry.get("document_type", "CPF")),
                operation=entry.get("operation") or None,
                cnpj=entry.get("cnpj") or None,
                banner_id=entry.get("banner_id"),
            )
        except PortalError:
            pass

    def state(self) -> dict[str, Any]:
        with self.lock, self.db.atomic():
            self._expire_overdue()
            creds = self.credentials()
            return {
                "scenario": self._get("scenario"),
                "now": iso(self.now()),
                "expiry_days": self.expiry_days,
                "credentials": {
                    "api_key": _mask(creds["api_key"]),
                    "access": creds["access"],
                    "password": _mask(creds["password"]),
                },
                "terms": [
                    {
                        "cnpj": t.cnpj,
                        "banner_id": t.banner_id,
                        "operation": t.operation,
                        "version": t.version,
                        "sha256": t.sha256,
                        "in_force": t.in_force,
                        "registered_at": iso(t.registered_at),
                    }
                    for t in self.Term.select().order_by(
                        self.Term.cnpj, self.Term.banner_id, self.Term.operation, self.Term.id
                    )
                ],
                "consents": [
                    {
                        "document": c.document,
                        "document_type": c.document_type,
                        "cnpj": c.cnpj,
                        "banner_id": c.banner_id,
                        "operation": c.operation,
                        "status": c.status,
                        "updated_at": iso(c.updated_at),
                    }
                    for c in self.Consent.select().order_by(self.Consent.document, self.Consent.operation)
                ],
                "requests": [
                    {**self.describe_request(r), "document": r.document, "operation": r.term.operation}
                    for r in self.Request.select().order_by(self.Request.id.desc()).limit(200)
                ],
            }


def _mask(secret: str) -> str:
    """A secret as the state shows it: the same for every value (neither its length nor a
    character of it)."""
    return "********" if secret else ""
