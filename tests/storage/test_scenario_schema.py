"""The JSON Schema of scenario files (storage/scenarios/files/scenario.schema.json, named by the `#:schema`
line of `pdv scenarios novo`) stays true: every built-in file validates against it, and a file
the loader refuses for a bad value is refused by the schema too. And `pdv scenarios novo`."""

from __future__ import annotations

import json
import tomllib

import jsonschema_rs  # comes with schemathesis (a test dependency); the PDV itself never needs it
import pytest

from storage.scenarios.loader import SCENARIO_DIR, available, load_scenario
from storage.scenarios.scenario import ScenarioError
from storage.scenarios.template import SCHEMA_PATH, write_new
from tests.support.cli_support import assert_one_clear_line, run


@pytest.fixture(scope="module")
def validator():
    return jsonschema_rs.validator_for(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


def problems(validator, data: dict) -> list[str]:
    return [f"{'/'.join(map(str, e.instance_path))}: {e.message}" for e in validator.iter_errors(data)]


@pytest.mark.parametrize("name", available())
def test_every_built_in_scenario_file_matches_the_schema(validator, name):
    data = tomllib.loads((SCENARIO_DIR / f"{name}.toml").read_text(encoding="utf-8"))
    assert problems(validator, data) == []


@pytest.mark.parametrize(
    "change",
    [
        {"license": {"situation": "quase"}},
        {"license": {"trust_unlock": {"days": 0}}},
        {"license": {"nada": 1}},
        {"lgpdata": {"expiry_days": 0}},
        {"lgpdata": {"expiry_days": 10**9}},
        {"pdv": {"billing_failure_policy": "talvez"}},
    ],
)
def test_what_the_loader_refuses_the_schema_refuses(validator, tmp_path, change):
    path = tmp_path / "ruim.toml"
    lines = ["[scenario]", 'extends = "treinamento"']
    data = {"scenario": {"extends": "treinamento"}, **change}
    path.write_text(_toml(data), encoding="utf-8")
    with pytest.raises(ScenarioError) as refused:
        load_scenario(str(path))
    assert refused.value.file == "ruim.toml" and refused.value.key and refused.value.problem
    assert problems(validator, tomllib.loads(path.read_text(encoding="utf-8"))), lines


@pytest.mark.parametrize(
    "fault",
    [
        {"service": "license", "route": "x", "kind": "delay", "options": {"ms": 1}, "nada": 1},
        {"service": "erp", "route": "x", "kind": "empty"},
        {"service": "license", "route": "x", "kind": "chuva"},
        {"service": "license", "route": "x", "kind": "status", "options": {"code": 302}},
    ],
)
def test_what_the_services_refuse_in_faults_the_schema_refuses(validator, fault):
    """`[[faults]]` is checked by the services' code (servers.faults.specs), not the loader."""
    from servers.faults.specs import FaultSpecError, parse_faults
    from tui.cli.sim_common import SERVICE_PREFIXES

    with pytest.raises(FaultSpecError):
        parse_faults([fault], dict.fromkeys(SERVICE_PREFIXES))
    assert problems(validator, {"scenario": {"extends": "treinamento"}, "faults": [fault]})


def _toml(data: dict) -> str:
    """Just enough TOML for the cases above (inline tables)."""

    def value(v):
        if isinstance(v, dict):
            return "{ " + ", ".join(f"{k} = {value(x)}" for k, x in v.items()) + " }"
        if isinstance(v, list):
            return "[" + ", ".join(value(x) for x in v) + "]"
        return json.dumps(v)

    return "\n".join(f"{key} = {value(v)}" for key, v in data.items()) + "\n"


def test_new_scenario_extends_the_built_in_names_the_schema_and_loads(validator, tmp_path):
    path = write_new("sexta", "desbloqueio-concedido", tmp_path / "aulas")
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == f"#:schema {SCHEMA_PATH.as_uri()}"
    assert 'extends = "desbloqueio-concedido"' in text
    loaded = load_scenario(str(path))
    assert loaded.chain == ["sexta", "desbloqueio-concedido", "treinamento"]
    assert loaded.data["license"]["situation"] == "bloqueio-total"  # inherited
    assert problems(validator, tomllib.loads(text)) == []
    # uncommented, every example of the template is a valid scenario too
    examples = "\n".join(
        line[2:] if line.startswith("# ") and " = " in line or line.startswith("# [") else line
        for line in text.splitlines()
    )
    (tmp_path / "todos.toml").write_text(examples.replace('"sexta"', '"todos"'), encoding="utf-8")
    load_scenario(str(tmp_path / "todos.toml"))
    with pytest.raises(ScenarioError, match="já existe"):
        write_new("sexta", "treinamento", tmp_path / "aulas")
    assert path.read_text(encoding="utf-8") == text


def test_pdv_scenarios_novo_writes_in_the_user_folder_and_refuses_to_overwrite(tmp_path):
    import os

    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path / "config")}
    result = run("scenarios", "novo", "aula-1", "--de", "lgpd-bloquear", env=env)
    assert result.returncode == 0, result.stderr
    made = tmp_path / "config" / "pdv-sim" / "scenarios" / "aula-1.toml"
    assert made.is_file() and str(made) in result.stdout
    assert run("scenarios", str(made), env=env).returncode == 0
    assert_one_clear_line(run("scenarios", "novo", "aula-1", env=env), "já existe")
    assert_one_clear_line(run("scenarios", "novo", "../fora", env=env), "nome inválido")
    assert_one_clear_line(run("scenarios", "novo", "x", "--de", "nao-ha", env=env), "não existe")
    other = tmp_path / "outra"
    result = run("scenarios", "novo", "aula-2", "--pasta", str(other), env=env)
    assert result.returncode == 0 and (other / "aula-2.toml").is_file()
    assert run("scenarios", "treinamento").stdout.startswith("treinamento: ")
