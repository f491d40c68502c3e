"""Search by any word: what a person at the counter asks finds what they expect, on both
engines; the word index follows every insert, rename and delete; a store made before the
index gets it when it is opened."""

from __future__ import annotations

import pytest

from core.registry.search import search_customers, search_products
from storage.models import Customer, Product
from storage.search_index import pg_vector_sql

pytestmark = pytest.mark.both_engines


def names(rows) -> list[str]:
    return [row.name for row in rows]


def test_sodica_finds_the_dipironas(context):
    found = names(search_products("sodica"))
    assert found and all("SODICA" in name for name in found)
    assert sum(name.startswith("DIPIRONA SODICA") for name in found) == 6
    assert names(search_products("sódica")) == found == names(search_products("SÓDICA"))


def test_para_750_finds_paracetamol_750(context):
    found = names(search_products("para 750"))
    assert found == ["PARACETAMOL 750MG 20 CPR CIMED", "PARACETAMOL 750MG 20 CPR NEO QUIMICA"]
    assert names(search_products("750 para")) == found  # any order


def test_amoxi_500_and_a_maker(context):
    assert names(search_products("amoxi 500")) == ["AMOXICILINA 500MG 21 CPS CIMED", "AMOXICILINA 500MG 21 CPS PRATI"]
    cimed = names(search_products("cimed", limit=50))
    assert len(cimed) >= 10 and all(name.endswith("CIMED") for name in cimed)
    assert names(search_products("amoxi cimed")) == [
        "AMOXICILINA 250MG/5ML SUSP 150ML CIMED",
        "AMOXICILINA 500MG 21 CPS CIMED",
    ]


def test_a_word_inside_a_strength_or_form_is_found(context):
    """ "500MG/ML" is two words, so "ml" and "gts" find the drops."""
    found = names(search_products("dipi gts ml"))
    assert found == ["DIPIRONA SODICA 500MG/ML GTS 20ML NEO QUIMICA", "DIPIRONA SODICA 500MG/ML GTS 20ML SANOFI"]


def test_exact_code_or_ean_comes_first(context):
    assert search_products("10")[0].code == "10"
    paracetamol = Product.get(Product.code == "9")
    assert search_products(paracetamol.ean)[0].id == paracetamol.id
    assert all(row.ean.startswith("78982") for row in search_products("78982"))


def test_the_name_starting_with_the_first_word_ranks_first(context):
    Product.insert(code="X1", ean="0000000000017", name="GEL DE PARACETAMOL 750MG", price=1).execute()
    found = names(search_products("paracetamol 750"))
    assert found[-1] == "GEL DE PARACETAMOL 750MG" and found[0].startswith("PARACETAMOL 750MG")


def test_nothing_matches(context):
    assert search_products("dipirona xarope") == []
    assert search_products("%") == [] and search_products('"') == [] and search_products("*") == []


def test_a_customer_by_the_middle_of_the_name_or_part_of_the_cpf(context):
    assert names(search_customers("martins alv")) == ["Leandro Martins Alves"]
    assert names(search_customers("alves leandro")) == ["Leandro Martins Alves"]
    assert "Everton Martins Rocha" in names(search_customers("martins"))
    assert names(search_customers("984.886")) == ["Leandro Martins Alves"]
    assert names(search_customers("9848864")) == ["Leandro Martins Alves"]


def test_the_index_follows_insert_rename_and_delete(context):
    created = Customer.create(
        code="9999", name="José Conceição", person_type="PF", document_type="CPF", document="52998224725"
    )
    assert names(search_customers("conceicao jose")) == ["José Conceição"]
    assert names(search_customers("529.982")) == ["José Conceição"]
    Customer.update(name="Ângela Güedes").where(Customer.id == created.id).execute()
    assert search_customers("conceicao jose") == []
    assert names(search_customers("guedes")) == ["Ângela Güedes"]
    Customer.delete().where(Customer.id == created.id).execute()
    assert search_customers("guedes") == []
    Product.insert(code="X2", ean="0000000000024", name="Pomada Açaí 30G", price=1).execute()
    assert search_products("acai 30")[0].code == "X2"


def test_migration_5_builds_the_index_of_an_older_store(new_store, engine):
    """A store made before migration 5 (no word index) gets it, with the rows already there,
    the first time it is opened."""
    from storage.db import open_database
    from storage.models import SchemaVersion

    target = new_store()
    db = open_database(target)
    for table in ("product", "customer"):
        if engine == "sqlite":
            for suffix in ("insert", "update", "delete"):
                db.execute_sql(f"DROP TRIGGER {table}_fts_{suffix}")
            db.execute_sql(f"DROP TABLE {table}_fts")
        else:
            db.execute_sql(f"DROP INDEX {table}_search_words")
    SchemaVersion.delete().where(SchemaVersion.version == 5).execute()
    db.execute_sql(
        "INSERT INTO customer (code, name, person_type, search_name) VALUES ('X9', 'Conceição Araújo', 'PF', '')"
    )
    db.close()
    db = open_database(target)
    assert SchemaVersion.get_or_none(SchemaVersion.version == 5) is not None
    assert names(search_customers("araujo")) == ["Conceição Araújo"]
    assert names(search_products("para 750"))[0] == "PARACETAMOL 750MG 20 CPR CIMED"
    if engine == "postgres":
        plan = " ".join(
            row[0]
            for row in db.execute_sql(
                "EXPLAIN SELECT id FROM product WHERE "
                f"{pg_vector_sql('product')} "
                "@@ to_tsquery('simple'::regconfig, 'PARA:*')"
            ).fetchall()
        )
        assert "product_search_words" in plan
    db.close()
