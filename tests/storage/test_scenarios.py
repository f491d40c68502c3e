from __future__ import annotations

import pytest
from stdnum import ean
from stdnum.br import cnpj, cpf

from storage.scenarios.loader import SCENARIO_DIR, available, describe_all, load_scenario
from storage.scenarios.scenario import ScenarioError
from tests.support.scenario_files import write_scenario as _write


def test_treinamento_is_a_believable_small_pharmacy():
    s = load_scenario("treinamento")
    data = s.data
    assert len(data["branches"]) == 2
    roles = {u["role"] for u in data["users"]}
    assert roles == {"operador", "supervisor"}
    assert len(data["products"]) >= 200
    assert all(ean.is_valid(p["ean"]) for p in data["products"])
    assert len(data["customers"]) >= 50
    docs = [c for c in data["customers"] if c.get("document_type") in ("CPF", "CNPJ")]
    assert all(cpf.is_valid(c["document"]) or cnpj.is_valid(c["document"]) for c in docs)
    assert any(c.get("document_type") == "CNPJ" and any(ch.isalpha() for ch in c["document"]) for c in docs)
    assert len({a["type"] for a in data["agreements"]}) >= 4
    assert s.app_version == "215.010"


def test_every_shipped_scenario_loads():
    for info in describe_all():
        assert info.error is None, info.error
    assert "treinamento" in available()


@pytest.mark.parametrize(
    "body, key, problem",
    [
        ('[scenario]\nextends = "treinamento"\napp_version = "abc"\n', "scenario.app_version", "inválida"),
        ('[scenario]\nextends = "treinamento"\ncurrent_branch = 9\n', "scenario.current_branch", "não está"),
        ('[scenario]\nextends = "nada"\n', "scenario.extends", "não existe"),
        (
            '[scenario]\nextends = "treinamento"\n[[branches]]\ncode = 1\ncnpj = "11.111.111/0001-11"\nname = "X"\n',
            "branches[0].cnpj",
            "CNPJ inválido",
        ),
        (
            '[scenario]\nextends = "treinamento"\n[[users]]\nlogin = "a"\nname = "A"\nrole = "gerente"\npassword = "x"\n',
            "users[0].role",
            "inválido",
        ),
        ('[scenario]\nextends = "treinamento"\n[license]\nsituation = "talvez"\n', "license.situation", "inválido"),
        ("[scenario\n", "", "TOML inválido"),
    ],
)
def test_a_broken_scenario_names_file_key_and_problem(tmp_path, body, key, problem):
    path = _write(tmp_path, "quebrado", body)
    with pytest.raises(ScenarioError) as info:
        load_scenario(str(path), tmp_path)
    assert info.value.file == "quebrado.toml"
    assert info.value.key == key
    assert problem in info.value.problem
    assert str(info.value).startswith("quebrado.toml: ")


def test_invalid_cpf_and_price_are_reported(tmp_path):
    text = (SCENARIO_DIR / "treinamento.toml").read_text(encoding="utf-8")
    first_cpf = next(
        c["document"] for c in load_scenario("treinamento").data["customers"] if c.get("document_type") == "CPF"
    )
    broken = text.replace(first_cpf, "111.111.111-12", 1)
    path = tmp_path / "cpf.toml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"customers\[\d+\]\.document: CPF inválido"):
        load_scenario(str(path), tmp_path)
    path.write_text(text.replace('price = "', 'price = "-', 1), encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"products\[0\]\.price"):
        load_scenario(str(path), tmp_path)


def test_extends_merges_tables_and_replaces_lists(tmp_path):
    path = _write(
        tmp_path, "filho", '[scenario]\nextends = "treinamento"\ntitle = "Filho"\n[license]\nsituation = "mensagem"\n'
    )
    s = load_scenario(str(path), tmp_path)
    assert s.title == "Filho"
    assert s.extends == "treinamento"
    assert s.section("license")["situation"] == "mensagem"
    assert len(s.data["products"]) >= 200
