"""Search as you type: codes, EANs, documents, names with or without accents; the search key
kept by the database whatever way a row is written."""

from __future__ import annotations

import pytest

from core.registry.search import first_product, search_customers, search_products
from storage.models import Customer, Product
from storage.search_text import search_key

pytestmark = pytest.mark.both_engines


def names(rows) -> list[str]:
    return [row.name for row in rows]


def test_products_by_code_ean_and_name_prefix(context):
    assert search_products("7")[0].code == "7"
    dipirona = Product.get(Product.code == "1")
    assert search_products(dipirona.ean)[0].id == dipirona.id
    assert search_products(dipirona.ean[:8])[0].ean.startswith(dipirona.ean[:8])
    found = names(search_products("dipirona sod"))
    assert found and all(name.startswith("DIPIRONA SODICA") for name in found)
    assert found == sorted(found)
    assert search_products("zzzz") == [] and search_products("  ") == []


def test_first_product_is_the_first_of_the_list(context):
    """What Enter takes when typed ahead of the list: the list's first entry, looked up alone."""
    ean = Product.get(Product.code == "1").ean
    for text in ["7", "1", "44", ean, ean[:8], "789", "sinvas", "dipirona sod", "zzzz", "0000000000000"]:
        listed = search_products(text)
        assert first_product(text) == (listed[0] if listed else None), text


def test_limit_is_respected(context):
    assert len(search_products("a", limit=5)) <= 5


def test_customers_by_code_document_and_name_without_accents(context):
    assert search_customers("0001")[0].code == "0001"
    assert search_customers("984.886.457-16")[0].code == "0001"
    assert search_customers("98488")[0].code == "0001"
    quiteria = names(search_customers("quiteria"))
    assert quiteria and all(name.startswith("Quitéria") for name in quiteria)
    assert names(search_customers("QUITÉRIA")) == quiteria


def test_alphanumeric_cnpj_is_found(context):
    company = Customer.get(Customer.document == "12ABC34501DE35")
    assert search_customers("12.ABC.345/01DE-35")[0].id == company.id
    assert search_customers("12abc")[0].id == company.id


def test_search_key_is_kept_by_the_database_on_insert_and_rename(context):
    created = Customer.create(code="9999", name="José Conceição", person_type="PF")
    assert Customer.get_by_id(created.id).search_name == "JOSE CONCEICAO" == search_key("josé conceição")
    Customer.update(name="Ângela Güedes").where(Customer.id == created.id).execute()
    assert Customer.get_by_id(created.id).search_name == "ANGELA GUEDES"
    Product.insert(code="X1", ean="0000000000017", name="Pomada Açaí", price=1).execute()
    assert search_products("pomada acai")[0].code == "X1"


def test_migration_4_adds_and_fills_the_search_key_on_an_older_database(new_store, engine):
    """A database made before migration 4: no column, no index, no triggers. Migrating adds
    them and fills the key for the rows already there."""
    from storage.db import open_database
    from storage.migrations import migrate
    from storage.models import SchemaVersion

    db = open_database(new_store(None))
    for table in ("product", "customer"):
        if engine == "sqlite":
            for suffix in ("insert", "update"):
                db.execute_sql(f"DROP TRIGGER {table}_search_name_{suffix}")
            db.execute_sql(f"DROP INDEX {table}_search_name")
        else:
            db.execute_sql(f"DROP TRIGGER {table}_search_name ON {table}")
        db.execute_sql(f"ALTER TABLE {table} DROP COLUMN search_name")
    SchemaVersion.delete().where(SchemaVersion.version == 4).execute()
    db.execute_sql("INSERT INTO customer (code, name, person_type) VALUES ('1', 'Conceição Araújo', 'PF')")
    migrate(db)
    assert Customer.get(Customer.code == "1").search_name == "CONCEICAO ARAUJO"
    assert search_customers("conceicao")[0].code == "1"
    Customer.create(code="2", name="Zélia Conceição", person_type="PF")  # the trigger is back
    assert search_customers("zelia")[0].code == "2"
    db.close()


def test_prefixes_ending_in_z_or_9_are_found(context):
    """A prefix search is the range [key, key with its last character + 1): "Z" + 1 is "[", "9"
    + 1 is ":", which a pt-BR collation sorts before the letters and digits, emptying the range;
    the searched columns compare by byte on every engine."""
    Customer.create(code="Z1", name="Zuleica Zanetti", person_type="PF", document_type="CPF", document="12345678909")
    starting_with_z = names(search_customers("z"))
    assert "Zuleica Zanetti" in starting_with_z and all(name.startswith("Z") for name in starting_with_z)
    assert names(search_customers("zuleica z")) == ["Zuleica Zanetti"]
    assert names(search_customers("123456789")) == ["Zuleica Zanetti"]
    by_ean = search_products("7899")
    assert by_ean and all(row.ean.startswith("7899") for row in by_ean)


def test_a_letter_outside_the_fold_table_is_kept_as_typed(context):
    """ "ñ" is not folded: SQLite's upper() and the Python key leave it, and so does PostgreSQL's
    (in the "C" collation; a pt-BR upper() would make it "Ñ"), so typing it finds the name on
    both engines."""
    created = Customer.create(code="N1", name="Pedro Muñoz", person_type="PF")
    assert Customer.get_by_id(created.id).search_name == search_key("pedro muñoz") == "PEDRO MUñOZ"
    assert names(search_customers("pedro muñ")) == ["Pedro Muñoz"]
