"""The Régua de Cobrança parts of a scenario: validation (file, key, problem) and seeding."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from storage.scenarios.loader import SCENARIO_DIR, load_scenario
from storage.scenarios.scenario import ScenarioError

BILLING_SCENARIOS = [
    "liberado",
    "mensagem",
    "bloqueio-parcial",
    "bloqueio-total",
    "desbloqueio-sem-sucesso",
    "licenca-fora-do-ar",
    "versao-antiga",
    "versao-regua-direta",
]


def _write(tmp_path: Path, body: str) -> Path:
    shutil.copy(SCENARIO_DIR / "treinamento.toml", tmp_path / "treinamento.toml")
    path = tmp_path / "regua.toml"
    path.write_text('[scenario]\nextends = "treinamento"\n' + body, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", BILLING_SCENARIOS)
def test_each_billing_scenario_says_what_it_shows_and_what_to_press(name):
    scenario = load_scenario(name)
    assert scenario.title.startswith("Régua de Cobrança")
    assert len(scenario.description) > 150
    assert "operador / 1234" in scenario.description


@pytest.mark.parametrize(
    "body, key, problem",
    [
        ('[license]\nsituacao = "liberado"\n', "license.situacao", "chave desconhecida"),
        ('[license]\nsituation = "talvez"\n', "license.situation", "inválido"),
        ("[license.trust_unlock]\ndays = 0\n", "license.trust_unlock.days", "inteiro >= 1"),
        ("[license.trust_unlock]\nmax_per_30_days = -1\n", "license.trust_unlock.max_per_30_days", "inteiro >= 0"),
        ('[license.trust_unlock]\nrefuse = "sim"\n', "license.trust_unlock.refuse", "true ou false"),
        ("[license.trust_unlock]\ndias = 3\n", "license.trust_unlock.dias", "chave desconhecida"),
        ('[[license.branches]]\ncnpj = "11.111.111/0001-11"\n', "license.branches[0].cnpj", "CNPJ inválido"),
        ('[[license.branches]]\nsituation = "mensagem"\n', "license.branches[0].cnpj", "obrigatório"),
        (
            '[[license.branches]]\ncnpj = "12.345.678/0001-95"\n[[license.branches]]\ncnpj = "12345678000195"\n',
            "license.branches[1].cnpj",
            "repetido",
        ),
        (
            '[[license.branches]]\ncnpj = "12.345.678/0001-95"\ntrust_unlock = { days = "3" }\n',
            "license.branches[0].trust_unlock.days",
            "inteiro",
        ),
        ('[pdv]\nlicense_url = "127.0.0.1:9"\n', "pdv.license_url", "http://"),
        ('[pdv]\nbilling_failure_policy = "ignorar"\n', "pdv.billing_failure_policy", "inválido"),
        ('[pdv.last_known]\nsituation = "bloqueado"\n', "pdv.last_known.situation", "inválido"),
        ('[pdv.last_known]\nsituation = "mensagem"\nhours_ago = -2\n', "pdv.last_known.hours_ago", "inteiro"),
    ],
)
def test_broken_billing_sections_name_file_key_and_problem(tmp_path, body, key, problem):
    with pytest.raises(ScenarioError) as info:
        load_scenario(str(_write(tmp_path, body)), tmp_path)
    assert info.value.file == "regua.toml"
    assert info.value.key == key
    assert problem in info.value.problem


def test_alphanumeric_cnpj_in_license_branches(tmp_path):
    body = '[[license.branches]]\ncnpj = "12.ABC.345/01DE-35"\nsituation = "bloqueio-total"\n'
    scenario = load_scenario(str(_write(tmp_path, body)), tmp_path)
    assert scenario.section("license")["branches"][0]["situation"] == "bloqueio-total"


def test_seed_writes_the_pdv_settings_and_last_known(make_context):
    from storage.models import BillingState
    from storage.settings import get_setting

    make_context("licenca-fora-do-ar")
    assert get_setting("license_url") == "http://127.0.0.1:9/license"
    assert get_setting("billing_failure_policy") == "last-known"
    known = BillingState.get()
    assert (known.cnpj, known.status, known.route) == ("12345678000195", "mensagem", "cenario")
