"""`[[faults]]` in a scenario: the services' own check (servers.faults.specs.parse_faults) refuses a
bad entry before the PDV starts anything (file, key, problem), the world puts the faults in force
at start and again on reset, and refuses to start on a route that does not exist."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from servers.faults.specs import KINDS, FaultSpecError, parse_faults
from servers.scenario_files import ScenarioFileError
from storage.scenarios.loader import SCENARIO_DIR, available, load_scenario
from tests.support.fault_support import demo_app, in_process_client, world
from tui.cli.sim_common import SERVICE_PREFIXES

ROOT = Path(__file__).resolve().parents[2]

FAULTS = """
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
"""


def test_the_scenario_schema_names_the_services_kinds_and_options():
    """scenario.schema.json (for a trainer's editor) says what servers.faults.specs, the one table,
    accepts."""
    schema = json.loads((SCENARIO_DIR / "scenario.schema.json").read_text(encoding="utf-8"))
    fault = schema["properties"]["faults"]["items"]["properties"]
    assert fault["kind"]["enum"] == list(KINDS)
    assert set(fault["options"]["properties"]) == {option.name for _, options in KINDS.values() for option in options}


async def test_faults_of_the_scenario_are_in_force_at_start(tmp_path):
    app = demo_app(tmp_path, FAULTS)
    async with in_process_client(app) as client:
        listing = (await client.get("/faults")).json()["faults"]
        assert [(f["route"], f["kind"], f["remaining"], f["seed"]) for f in listing] == [
            ("*", "random-delay", None, 11),
            ("item", "status", 2, None),
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
        assert response.json()["detail"].startswith(
            "ruim.toml: faults[0].route: rota 'nada' não existe no serviço demo"
        )
        assert len((await client.get("/faults")).json()["faults"]) == 2


@pytest.mark.parametrize(
    "extra, message",
    [
        (
            '[[faults]]\nservice = "demo"\nroute = "nada"\nkind = "empty"\n',
            "mini.toml: faults[0].route: rota 'nada' não existe no serviço demo (rotas: item, echo, big, calls",
        ),
        (
            '[[faults]]\nservice = "outro"\nroute = "x"\nkind = "empty"\n',
            "mini.toml: faults[0].service: serviço 'outro' não existe (serviços: demo)",
        ),
        (
            '[[faults]]\nservice = "demo"\nroute = "item"\nkind = "delay"\n',
            "mini.toml: faults[0].options.ms: obrigatória para 'delay'",
        ),
        ("[faults]\nx = 1\n", "mini.toml: faults: deveria ser uma lista"),
    ],
)
def test_world_refuses_to_start_on_bad_faults(tmp_path, extra, message):
    with pytest.raises(ScenarioFileError) as error:
        demo_app(tmp_path, extra)
    assert str(error.value).startswith(message)


def test_python_m_servers_says_what_is_wrong_and_exits(tmp_path):
    source = world(tmp_path, '[[faults]]\nservice = "license"\nroute = "access-check"\nkind = "tempestade"\n')
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, servers.runner as r; r.SERVICES.clear(); sys.exit(r.main(sys.argv[1:]))",
            "--port",
            "0",
            "--scenario-dir",
            str(source.directory),
            "--scenario",
            "mini",
            "--state-dir",
            str(tmp_path / "state"),
        ],
        capture_output=True,
        text=True,
        timeout=30,
        cwd=ROOT,
    )
    assert result.returncode == 2
    assert (
        result.stderr.strip()
        == "pdv servers: mini.toml: faults[0].service: serviço 'license' não existe (serviços: nenhum)"
    )


# --- the scenario file, checked before the PDV starts anything ---------------------------------------

PDV_SERVICES = dict.fromkeys(SERVICE_PREFIXES)
"""What the PDV knows before the services run (tui.cli.main.load_scenario_or_fail): their names, not
yet their routes."""


def test_every_built_in_scenario_has_good_faults():
    for name in available():
        parse_faults(load_scenario(name).data.get("faults"), PDV_SERVICES)


def test_every_kind_is_accepted():
    entries = tomllib.loads(
        "".join(
            f'[[faults]]\nservice = "license"\nroute = "r{i}"\nkind = "{kind}"\noptions = {options}\n{extra}\n'
            for i, (kind, options, extra) in enumerate(
                [
                    ("delay", "{ ms = 2000 }", "count = 3"),
                    ("random-delay", "{ min_ms = 100, max_ms = 900 }", "seed = 7"),
                    ("hang", "{}", ""),
                    (
                        "status",
                        '{ code = 503, body = { detail = "fora" }, retry_after = 5 }',
                        "probability = 0.25\nseed = 1",
                    ),
                    ("malformed-json", "{}", ""),
                    ("missing-fields", '{ fields = ["situacao"] }', ""),
                    ("empty", "{}", ""),
                    ("reset", '{ mode = "fin" }', ""),
                    ("dribble", "{ chunks = 3, total_ms = 900 }", ""),
                ]
            )
        )
    )["faults"]
    assert [spec.kind for spec in parse_faults(entries, PDV_SERVICES)] == list(KINDS)


@pytest.mark.parametrize(
    "fault, key, problem",
    [
        (
            'service = "erp"\nroute = "x"\nkind = "empty"',
            "faults[0].service",
            "serviço 'erp' não existe (serviços: license, lgpdata)",
        ),
        (
            'route = "x"\nkind = "empty"',
            "faults[0].service",
            "obrigatório: o serviço da falha (serviços: license, lgpdata)",
        ),
        ('service = "license"\nkind = "empty"', "faults[0].route", "obrigatória: o nome da rota (ou * para todas)"),
        ('service = "license"\nroute = "a\\u0007"\nkind = "empty"', "faults[0].route", "caractere de controle"),
        (
            'service = "license"\nroute = "x"\nkind = "chuva"',
            "faults[0].kind",
            "tipo de falha 'chuva' inválido (use: delay, random-delay,",
        ),
        (
            'service = "license"\nroute = "x"\nkind = "delay"',
            "faults[0].options.ms",
            "obrigatória para 'delay' (atraso em milissegundos)",
        ),
        (
            'service = "license"\nroute = "x"\nkind = "delay"\noptions = { ms = "2s" }',
            "faults[0].options.ms",
            "deveria ser um inteiro, não '2s'",
        ),
        (
            'service = "license"\nroute = "x"\nkind = "delay"\noptions = 5',
            "faults[0].options",
            "deveria ser um objeto com as opções",
        ),
        (
            'service = "license"\nroute = "x"\nkind = "empty"\noptions = { ms = 1 }',
            "faults[0].options.ms",
            "opção desconhecida para 'empty' (opções: nenhuma)",
        ),
        (
            'service = "license"\nroute = "x"\nkind = "status"\noptions = { code = 302 }',
            "faults[0].options.code",
            "400 a 599",
        ),
        (
            'service = "license"\nroute = "x"\nkind = "reset"\noptions = { mode = "x" }',
            "faults[0].options.mode",
            "valor 'x' inválido (use: rst, fin)",
        ),
        (
            'service = "license"\nroute = "x"\nkind = "random-delay"\noptions = { min_ms = 9, max_ms = 1 }',
            "faults[0].options.min_ms",
            "maior que max_ms",
        ),
        (
            'service = "license"\nroute = "x"\nkind = "missing-fields"\noptions = { fields = [] }',
            "faults[0].options.fields",
            "lista de nomes de campo",
        ),
        (
            'service = "license"\nroute = "x"\nkind = "missing-fields"\noptions = { fields = ["a"], keep = "b" }',
            "faults[0].options",
            "não os dois",
        ),
        ('service = "license"\nroute = "x"\nkind = "empty"\ncount = 0', "faults[0].count", "inteiro >= 1"),
        ('service = "license"\nroute = "x"\nkind = "empty"\nprobability = 2.0', "faults[0].probability", "entre 0 e 1"),
        ('service = "license"\nroute = "x"\nkind = "empty"\nseed = "a"', "faults[0].seed", "deveria ser um inteiro"),
        ('service = "license"\nroute = "x"\nkind = "empty"\nvezes = 2', "faults[0].vezes", "campo desconhecido"),
    ],
)
def test_a_bad_entry_is_named_by_key_and_problem(fault, key, problem):
    with pytest.raises(FaultSpecError) as error:
        parse_faults(tomllib.loads(f"[[faults]]\n{fault}\n")["faults"], PDV_SERVICES)
    assert error.value.key == key
    assert problem in error.value.problem


def test_two_faults_on_one_route_are_refused():
    one = {"service": "lgpdata", "route": "consent-status", "kind": "empty"}
    with pytest.raises(FaultSpecError) as error:
        parse_faults([one, {**one, "kind": "hang"}], PDV_SERVICES)
    assert error.value.key == "faults[1].route"
    assert error.value.problem == "já há uma falha em lgpdata consent-status (uma por rota)"


def test_faults_that_are_not_a_list_of_tables():
    with pytest.raises(FaultSpecError, match=r"^faults: deveria ser uma lista de tabelas \[\[faults\]\]$"):
        parse_faults({"x": 1}, PDV_SERVICES)
    with pytest.raises(FaultSpecError, match=r"^faults\[0\]: deveria ser uma tabela$"):
        parse_faults(["x"], PDV_SERVICES)


def _scenario_file(tmp_path: Path, faults: str) -> Path:
    shutil.copy(SCENARIO_DIR / "treinamento.toml", tmp_path / "treinamento.toml")
    path = tmp_path / "falhas.toml"
    path.write_text('[scenario]\nextends = "treinamento"\ntitle = "Falhas"\n' + faults, encoding="utf-8")
    return path


def test_the_pdv_refuses_a_scenario_with_a_bad_fault_in_one_line(tmp_path):
    from tui.cli.main import cli

    path = _scenario_file(tmp_path, '[[faults]]\nservice = "license"\nroute = "access-check"\nkind = "delay"\n')
    result = CliRunner().invoke(cli, ["scenarios", str(path)])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == (
        "pdv: cenário inválido: falhas.toml: faults[0].options.ms: obrigatória para 'delay' (atraso em milissegundos)\n"
    )
    good = _scenario_file(
        tmp_path, '[[faults]]\nservice = "license"\nroute = "access-check"\nkind = "delay"\noptions = { ms = 5 }\n'
    )
    shown = CliRunner().invoke(cli, ["scenarios", str(good)])
    assert shown.exit_code == 0 and shown.stdout.startswith("falhas: Falhas")
