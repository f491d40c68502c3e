"""`[[faults]]` in a scenario: the PDV's loader checks its shape (file, key, problem), the world
puts it in force at start and again on reset, and refuses to start on what does not exist."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from core.faults_admin import KIND_LABELS as CORE_KIND_LABELS
from servers.fault_specs import KINDS
from servers.scenario_files import ScenarioFileError
from storage.scenarios import FAULT_KINDS, SCENARIO_DIR, ScenarioError, load_scenario
from tests.fault_support import demo_app, in_process_client, world

ROOT = Path(__file__).resolve().parent.parent

FAULTS = '''
[[faults]]
service = "demo"
route = "item"
kind = "status"
options = { code = 503 }
count = 2

[[faults]]
service = "demo"
route = "*"
kind = "random-delay"
options = { min_ms = 1, max_ms = 5 }
probability = 0.5
seed = 11
'''


def test_the_three_tables_of_kinds_agree():
    """servers (the judge), storage (scenario check) and core (help texts) name the same kinds
    and options."""
    assert list(CORE_KIND_LABELS) == list(KINDS)
    assert CORE_KIND_LABELS == {kind: label for kind, (label, _) in KINDS.items()}
    for kind, (_, options) in KINDS.items():
        required, allowed = FAULT_KINDS[kind]
        assert allowed == {o.name for o in options}, kind
        assert required == {o.name for o in options if o.required}, kind
    assert set(FAULT_KINDS) == set(KINDS)


async def test_faults_of_the_scenario_are_in_force_at_start(tmp_path):
    app = demo_app(tmp_path, FAULTS)
    async with in_process_client(app) as client:
        listing = (await client.get("/faults")).json()["faults"]
        assert [(f["route"], f["kind"], f["remaining"], f["seed"]) for f in listing] == [
            ("*", "random-delay", None, 11), ("item", "status", 2, None),
        ]
        assert [(await client.get("/demo/items/1")).status_code for _ in range(3)] == [503, 503, 200]


async def test_reset_puts_the_scenario_faults_back(tmp_path):
    app = demo_app(tmp_path, FAULTS)
    async with in_process_client(app) as client:
        await client.delete("/faults")
        await client.post("/demo/admin/faults", json={"route": "big", "kind": "empty"})
        reset = (await client.post("/faults/reset")).json()
        assert reset["scenario"] == "mini"
        assert [(f["route"], f["kind"]) for f in reset["faults"]] == [("*", "random-delay"), ("item", "status")]
        missing = await client.post("/faults/reset", params={"scenario": "nao-existe"})
        assert missing.status_code == 422 and "cenário 'nao-existe' não existe" in missing.json()["detail"]


async def test_a_service_reset_puts_its_scenario_faults_back(tmp_path):
    app = demo_app(tmp_path, FAULTS)
    (tmp_path / "world" / "outro.toml").write_text(
        '[[faults]]\nservice = "demo"\nroute = "echo"\nkind = "empty"\n', encoding="utf-8"
    )
    async with in_process_client(app) as client:
        await client.delete("/faults")
        assert (await client.post("/demo/admin/reset")).json() == {"ok": True, "scenario": "mini"}
        assert [f["route"] for f in (await client.get("/faults")).json()["faults"]] == ["*", "item"]
        assert (await client.post("/demo/admin/reset", json={"scenario": "outro"})).status_code == 200
        assert [f["route"] for f in (await client.get("/faults")).json()["faults"]] == ["echo"]
        refused = await client.post("/demo/admin/reset", json={"scenario": "nao-existe"})
        assert refused.status_code == 404
        assert [f["route"] for f in (await client.get("/faults")).json()["faults"]] == ["echo"]


async def test_reset_refuses_a_scenario_with_bad_faults_and_keeps_the_current(tmp_path):
    app = demo_app(tmp_path, FAULTS)
    (tmp_path / "world" / "ruim.toml").write_text(
        '[[faults]]\nservice = "demo"\nroute = "nada"\nkind = "empty"\n', encoding="utf-8"
    )
    async with in_process_client(app) as client:
        response = await client.post("/faults/reset", params={"scenario": "ruim"})
        assert response.status_code == 422
        assert response.json()["detail"].startswith("ruim.toml: faults[0].route: rota 'nada' não existe no serviço demo")
        assert len((await client.get("/faults")).json()["faults"]) == 2


@pytest.mark.parametrize(
    "extra, message",
    [
        ('[[faults]]\nservice = "demo"\nroute = "nada"\nkind = "empty"\n',
         "mini.toml: faults[0].route: rota 'nada' não existe no serviço demo (rotas: item, echo, big, calls"),
        ('[[faults]]\nservice = "outro"\nroute = "x"\nkind = "empty"\n',
         "mini.toml: faults[0].service: serviço 'outro' não existe (serviços: demo)"),
        ('[[faults]]\nservice = "demo"\nroute = "item"\nkind = "delay"\n',
         "mini.toml: faults[0].options.ms: obrigatória para 'delay'"),
        ('[faults]\nx = 1\n', "mini.toml: faults: deveria ser uma lista"),
    ],
)
def test_world_refuses_to_start_on_bad_faults(tmp_path, extra, message):
    with pytest.raises(ScenarioFileError) as error:
        demo_app(tmp_path, extra)
    assert str(error.value).startswith(message)


def test_python_m_servers_says_what_is_wrong_and_exits(tmp_path):
    source = world(tmp_path, '[[faults]]\nservice = "license"\nroute = "access-check"\nkind = "tempestade"\n')
    result = subprocess.run(
        [sys.executable, "-c", "import sys, servers.runner as r; r.SERVICES.clear(); sys.exit(r.main(sys.argv[1:]))",
         "--port", "0", "--scenario-dir", str(source.directory), "--scenario", "mini",
         "--state-dir", str(tmp_path / "state")],
        capture_output=True, text=True, timeout=30, cwd=ROOT,
    )
    assert result.returncode == 2
    assert result.stderr.strip() == "pdv servers: mini.toml: faults[0].service: serviço 'license' não existe (serviços: nenhum)"


# --- the PDV's scenario loader ----------------------------------------------------------------------


def _load(tmp_path: Path, faults: str):
    shutil.copy(SCENARIO_DIR / "treinamento.toml", tmp_path / "treinamento.toml")
    path = tmp_path / "falhas.toml"
    path.write_text('[scenario]\nextends = "treinamento"\ntitle = "Falhas"\n' + faults, encoding="utf-8")
    return load_scenario("falhas", tmp_path)


def test_loader_accepts_every_kind(tmp_path):
    faults = "".join(
        f'[[faults]]\nservice = "license"\nroute = "r{i}"\nkind = "{kind}"\noptions = {options}\n{extra}\n'
        for i, (kind, options, extra) in enumerate([
            ("delay", "{ ms = 2000 }", "count = 3"),
            ("random-delay", "{ min_ms = 100, max_ms = 900 }", "seed = 7"),
            ("hang", "{}", ""),
            ("status", '{ code = 503, body = { detail = "fora" }, retry_after = 5 }', "probability = 0.25\nseed = 1"),
            ("malformed-json", "{}", ""),
            ("missing-fields", '{ fields = ["situacao"] }', ""),
            ("empty", "{}", ""),
            ("reset", '{ mode = "fin" }', ""),
            ("dribble", "{ chunks = 3, total_ms = 900 }", ""),
        ])
    )
    scenario = _load(tmp_path, faults)
    assert [f["kind"] for f in scenario.data["faults"]] == list(KINDS)


@pytest.mark.parametrize(
    "fault, key, problem",
    [
        ('service = "erp"\nroute = "x"\nkind = "empty"', "faults[0].service", "inválido (use: lgpdata, license)"),
        ('service = "license"\nkind = "empty"', "faults[0].route", "campo obrigatório ausente"),
        ('service = "license"\nroute = "x"\nkind = "chuva"', "faults[0].kind", "valor 'chuva' inválido"),
        ('service = "license"\nroute = "x"\nkind = "delay"', "faults[0].options.ms", "obrigatória para 'delay'"),
        ('service = "license"\nroute = "x"\nkind = "delay"\noptions = { ms = "2s" }', "faults[0].options.ms", "inteiro"),
        ('service = "license"\nroute = "x"\nkind = "empty"\noptions = { ms = 1 }', "faults[0].options.ms", "opção desconhecida para 'empty'"),
        ('service = "license"\nroute = "x"\nkind = "status"\noptions = { code = 302 }', "faults[0].options.code", "400 a 599"),
        ('service = "license"\nroute = "x"\nkind = "reset"\noptions = { mode = "x" }', "faults[0].options.mode", "inválido"),
        ('service = "license"\nroute = "x"\nkind = "random-delay"\noptions = { min_ms = 9, max_ms = 1 }', "faults[0].options.min_ms", "maior que max_ms"),
        ('service = "license"\nroute = "x"\nkind = "missing-fields"\noptions = { fields = [] }', "faults[0].options.fields", "lista"),
        ('service = "license"\nroute = "x"\nkind = "empty"\ncount = 0', "faults[0].count", "inteiro >= 1"),
        ('service = "license"\nroute = "x"\nkind = "empty"\nprobability = 2.0', "faults[0].probability", "entre 0 e 1"),
        ('service = "license"\nroute = "x"\nkind = "empty"\nseed = "a"', "faults[0].seed", "inteiro"),
        ('service = "license"\nroute = "x"\nkind = "empty"\nvezes = 2', "faults[0].vezes", "campo desconhecido"),
    ],
)
def test_loader_names_file_key_and_problem(tmp_path, fault, key, problem):
    with pytest.raises(ScenarioError) as error:
        _load(tmp_path, f"[[faults]]\n{fault}\n")
    assert (error.value.file, error.value.key) == ("falhas.toml", key)
    assert problem in error.value.problem


def test_loader_refuses_two_faults_on_one_route(tmp_path):
    one = '[[faults]]\nservice = "lgpdata"\nroute = "consent-status"\nkind = "empty"\n'
    with pytest.raises(ScenarioError) as error:
        _load(tmp_path, one + one)
    assert error.value.key == "faults[1].route" and "já há uma falha" in error.value.problem
