"""The LGPData portal's whole state at once: replaced from a scenario, and read by trainers.

A mixin of PortalStore (servers/lgpdata/store.py): `reset` empties every table and seeds a
scenario's [lgpdata] section (credentials, expiry, terms, consents) through the store's own
rules; `state` is what /admin/state shows, the secrets masked.
"""

from __future__ import annotations

from typing import Any

import peewee as pw

from servers.lgpdata.settings import DEFAULT_CREDENTIALS
from servers.lgpdata.vocabulary import DEFAULT_EXPIRY_DAYS, PortalError, iso


class WholeState:
    """PortalStore's reset from a scenario and its state for trainers."""

    db: pw.Database
    lock: Any
    Setting: Any
    Term: Any
    Consent: Any
    Request: Any

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
