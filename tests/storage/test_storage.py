from __future__ import annotations

from decimal import Decimal

import peewee
import pytest

from storage.db import StorageError, open_database
from storage.migrations import LATEST, current_version, migrate
from storage.models import AuditEntry, Branch, Product, SaleItem

pytestmark = pytest.mark.both_engines


def test_database_is_migrated_with_wal_and_foreign_keys(context, engine):
    db = context.db
    assert current_version(db) == LATEST
    if engine == "sqlite":
        assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert migrate(db) == LATEST  # idempotent


def test_a_new_database_is_migrated_from_nothing(new_store):
    db = open_database(new_store(None))
    try:
        assert current_version(db) == LATEST
        assert Branch.select().count() == 0
        assert migrate(db) == LATEST
    finally:
        db.close()


def test_a_database_newer_than_the_pdv_is_refused_in_portuguese(new_store):
    from datetime import datetime

    from storage.models import SchemaVersion

    target = new_store(None)
    db = open_database(target)
    SchemaVersion.create(version=LATEST + 1, applied_at=datetime(2027, 1, 1))
    db.close()
    with pytest.raises(StorageError, match=f"versão {LATEST + 1}, mais nova que esta aplicação"):
        open_database(target)


def test_settings_are_upserted(context):
    from storage.settings import get_setting, set_setting

    set_setting("teste", "um")
    set_setting("teste", "dois")
    assert get_setting("teste") == "dois"


def test_money_is_decimal(context):
    product = Product.select().first()
    assert isinstance(product.price, Decimal)
    assert product.price == product.price.quantize(Decimal("0.01"))


def test_audit_log_is_append_only(context, engine):
    entry = context.audit.record("teste", {"a": 1})
    with pytest.raises(peewee.IntegrityError, match="auditoria é somente inclusão"):
        AuditEntry.update(detail="mudado").where(AuditEntry.id == entry.id).execute()
    with pytest.raises(peewee.IntegrityError, match="auditoria é somente inclusão"):
        AuditEntry.delete().where(AuditEntry.id == entry.id).execute()
    if engine == "postgres":
        with pytest.raises(peewee.IntegrityError, match="auditoria é somente inclusão"):
            context.db.execute_sql("TRUNCATE audit_entry")
    assert AuditEntry.get_by_id(entry.id).detail == "a=1"


def test_the_audit_guard_can_be_installed_again(context):
    """Idempotent: reinstalling it on a migrated database (as a start-up check may) keeps one
    guard, still refusing."""
    from storage.audit_guard import install_audit_guard

    entry = context.audit.record("teste", {"a": 1})
    with context.db.atomic():
        install_audit_guard(context.db)
    with pytest.raises(peewee.IntegrityError):
        AuditEntry.update(detail="x").where(AuditEntry.id == entry.id).execute()


def test_audit_never_keeps_secrets(context):
    entry = context.audit.record("config", {"senha": "segredo", "api_key": "k", "campo": "url"})
    assert "segredo" not in entry.detail and "=k" not in entry.detail
    assert "campo=url" in entry.detail


def test_foreign_keys_are_enforced(context):
    with pytest.raises(peewee.IntegrityError):
        SaleItem.create(sale=999_999, product=1, quantity=1, unit_price=1, total=1)


def test_sqlite_database_url_is_accepted(tmp_path):
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
