"""The LGPData portal's SQLite schema: its peewee models, made per Database.

The model classes are made per portal instance (make_models) so two portals in one process
(tests) never share a binding: Setting (key and value: scenario, clock offset, expiry,
credentials), Term (each version of a consent term), Consent (a customer's status per term) and
ConsentRequest (a request and its link).
"""

from __future__ import annotations

from pathlib import Path

import peewee as pw

PRAGMAS = {"journal_mode": "wal", "foreign_keys": 1, "busy_timeout": 5000}


def open_database(path: Path) -> pw.SqliteDatabase:
    """The portal's database at `path`, shared by the server's threads (PortalStore.lock)."""
    return pw.SqliteDatabase(str(path), pragmas=PRAGMAS, check_same_thread=False)


def make_models(db: pw.Database) -> dict[str, type[pw.Model]]:
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
