from __future__ import annotations

from decimal import Decimal

import peewee
import pytest

from storage.db import StorageError, open_database
from storage.migrations import LATEST, current_version, migrate
from storage.models import AuditEntry, Branch, Product, SaleItem


def test_database_is_migrated_with_wal_and_foreign_keys(context):
    db = context.db
    assert current_version(db) == LATEST
    assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert migrate(db) == LATEST  # idempotent


def test_money_is_decimal(context):
    product = Product.select().first()
    assert isinstance(product.price, Decimal)
    assert product.price == product.price.quantize(Decimal("0.01"))


def test_audit_log_is_append_only(context):
    entry = context.audit.record("teste", {"a": 1})
    with pytest.raises(peewee.IntegrityError):
        AuditEntry.update(detail="mudado").where(AuditEntry.id == entry.id).execute()
    with pytest.raises(peewee.IntegrityError):
        AuditEntry.delete().where(AuditEntry.id == entry.id).execute()
    assert AuditEntry.get_by_id(entry.id).detail == "a=1"


def test_audit_never_keeps_secrets(context):
    entry = context.audit.record("config", {"senha": "segredo", "api_key": "k", "campo": "url"})
    assert "segredo" not in entry.detail and "=k" not in entry.detail
    assert "campo=url" in entry.detail


def test_foreign_keys_are_enforced(context):
    with pytest.raises(peewee.IntegrityError):
        SaleItem.create(sale=999_999, product=1, quantity=1, unit_price=1, total=1)


def test_database_url_is_accepted(tmp_path):
    db = open_database(f"sqlite:///{tmp_path}/via-url.sqlite3")
    assert current_version(db) == LATEST
    assert Branch.select().count() == 0
    db.close()


def test_corrupt_file_gives_a_clear_error(tmp_path):
    path = tmp_path / "corrupt.sqlite3"
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    with pytest.raises(StorageError, match="corrompido"):
        open_database(path)


def test_unknown_url_scheme_is_a_clear_error():
    with pytest.raises(StorageError, match="URL de banco de dados inválida"):
        open_database("nada://x/y")
