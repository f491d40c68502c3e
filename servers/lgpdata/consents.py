"""A customer's consent per term, as the LGPData portal keeps and answers it.

A mixin of PortalStore (servers/lgpdata/store.py), which gives it the models, the lock, the
clock (now, expiry_days) and the terms (require_term): the consent record of a document for a
term, the expiry of overdue requests, the status answer (with the acceptance's receipt and the
latest request) and whether an acceptance still stands.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import peewee as pw

from servers.lgpdata.vocabulary import STATUSES, TermKey, compact, iso


def acceptance_evidence(token: str, now: Any, term: Any, channel: str) -> dict[str, Any]:
    """The receipt of an acceptance: which request, when, which version of which term, how."""
    return {
        "solicitacao_id": token,
        "aceito_em": iso(now),
        "termo_versao": term.version,
        "termo_sha256": term.sha256,
        "canal": channel,
        "operacao": term.operation,
        "cnpj": term.cnpj,
        "bandeira": term.banner_id,
    }


class ConsentRecords:
    """PortalStore's consent records and the status it answers."""

    db: pw.Database
    lock: Any
    Term: Any
    Consent: Any
    Request: Any

    def _term_ids(self, key: TermKey) -> list[int]:
        """Every version of the term of `key` (a request belongs to the version it was made for)."""
        return [
            t.id
            for t in self.Term.select(self.Term.id).where(
                (self.Term.cnpj == key.cnpj)
                & (self.Term.banner_id == key.banner_id)
                & (self.Term.operation == key.operation)
            )
        ]

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
            term_ids = self._term_ids(key)
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
