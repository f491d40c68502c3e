"""`pdv sim fault / clear / faults` against a real world process (runner.main on a free port) —
what a trainer types and reads, and clear words when the world is down."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from tests.support.fault_support import world
from tests.support.trainer import TOKEN
from tui.cli.main import cli

ROOT = Path(__file__).resolve().parents[2]
START_DEMO_WORLD = (
    "import sys, servers.runner as r; from tests.support.fault_service import SERVICES as S; "
    "r.SERVICES.clear(); r.SERVICES.update(S); sys.exit(r.main(sys.argv[1:]))"
)


def start_world(tmp_path: Path, argv: list[str]) -> tuple[subprocess.Popen, str]:
    """Starts a world process with `argv` (python ... --port 0 ...) and returns it with its URL."""
    ready = tmp_path / "ready"
    process = subprocess.Popen(
        [*argv, "--port", "0", "--ready-file", str(ready), "--state-dir", str(tmp_path / "state")],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PDV_TRAINER_TOKEN": TOKEN},
    )
    deadline = time.monotonic() + 20
    while not ready.exists():
        if process.poll() is not None:
            raise RuntimeError(f"o mundo não iniciou: {process.stderr.read()}")
        if time.monotonic() > deadline:
            process.kill()
            raise RuntimeError("o mundo não iniciou a tempo")
        time.sleep(0.02)
    return process, "http://" + ready.read_text(encoding="utf-8").strip()


def stop_world(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(5)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(autouse=True)
def trainer_terminal(monkeypatch):
    """`pdv sim` here runs where the trainer exported the token `pdv servers` showed."""
    monkeypatch.setenv("PDV_TRAINER_TOKEN", TOKEN)


@pytest.fixture(scope="module")
def demo_world(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cli-world")
    source = world(folder, '[[faults]]\nservice = "demo"\nroute = "big"\nkind = "empty"\n')
    process, url = start_world(
        folder,
        [
            sys.executable,
            "-c",
            START_DEMO_WORLD,
            "--scenario-dir",
            str(source.directory),
            "--scenario",
            "mini",
        ],
    )
    yield url
    stop_world(process)


def pdv(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["sim", *args])
    return result.exit_code, result.stdout, result.stderr


def test_fault_faults_clear_round_trip(demo_world):
    code, out, _ = pdv("fault", "demo", "item", "status", "--code", "503", "--count", "2", "--url", demo_world)
    assert code == 0
    assert out.strip() == "Falha em vigor: demo item: status (erro HTTP; code=503) [restam 2 de 2 chamadas]"
    assert httpx.get(f"{demo_world}/demo/items/1", timeout=2).status_code == 503

    code, out, _ = pdv("faults", "--url", demo_world)
    assert code == 0
    assert out.splitlines() == [
        "Falhas em vigor:",
        "  demo big: empty (resposta vazia)",
        "  demo item: status (erro HTTP; code=503) [restam 1 de 2 chamadas; aplicada 1x]",
        "Rotas de demo: item, echo, big, calls",
        out.splitlines()[-1],
    ]
    assert out.splitlines()[-1].startswith(
        "Tipos de falha: delay (atraso fixo), random-delay (atraso aleatório com semente), "
    )
    code, out, _ = pdv("clear", "demo", "item", "--url", demo_world)
    assert (code, out.strip()) == (0, "Falhas removidas: 1.")
    assert httpx.get(f"{demo_world}/demo/items/1", timeout=2).status_code == 200
    code, out, _ = pdv("clear", "--url", demo_world)
    assert (code, out.strip()) == (0, "Falhas removidas: 1.")
    code, out, _ = pdv("faults", "--url", demo_world)
    assert out.splitlines()[0] == "Nenhuma falha em vigor."


def test_fault_options_reach_the_server(demo_world):
    code, out, _ = pdv(
        "fault",
        "demo",
        "item",
        "missing-fields",
        "--field",
        "price",
        "--field",
        "stock",
        "--probability",
        "1",
        "--seed",
        "3",
        "--url",
        demo_world,
    )
    assert code == 0, out
    assert httpx.get(f"{demo_world}/demo/items/1", timeout=2).json() == {"id": 1, "name": "Dipirona 500 mg"}
    code, _, _ = pdv("fault", "demo", "item", "status", "--code", "500", "--body", '{"erro": "x"}', "--url", demo_world)
    assert code == 0
    assert httpx.get(f"{demo_world}/demo/items/1", timeout=2).json() == {"erro": "x"}
    pdv("clear", "demo", "--url", demo_world)


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["fault", "demo", "nada", "empty"],
            "pdv sim: Falhas simuladas: route: rota 'nada' não existe no serviço "
            "demo (rotas: item, echo, big, calls; ou * para todas)",
        ),
        (
            ["fault", "demo", "item", "delay"],
            "pdv sim: Falhas simuladas: options.ms: obrigatória para 'delay' (atraso em milissegundos)",
        ),
        (
            ["fault", "demo", "item", "chuva"],
            "pdv sim: Falhas simuladas: kind: tipo de falha 'chuva' inválido (use: delay, random-delay, hang,",
        ),
        (["fault", "erp", "item", "empty"], "pdv sim: Falhas simuladas: serviço 'erp' não existe em "),
        (["fault", "demo", "item", "status", "--code", "500", "--body", "{x"], "pdv sim: --body: JSON inválido"),
        (["clear", "demo", "nada"], "pdv sim: Falhas simuladas: route: rota 'nada' não existe no serviço demo"),
        (["clear", "erp"], "pdv sim: Falhas simuladas: serviço 'erp' não existe em "),
    ],
)
def test_bad_input_is_one_clear_line(demo_world, args, message):
    code, out, err = pdv(*args, "--url", demo_world)
    assert code != 0 and out == ""
    assert len(err.splitlines()) == 1 and err.startswith(message), err


def test_world_down(tmp_path):
    with socket.socket() as sock:  # a port nobody listens on once closed
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    for args in (["faults"], ["clear"], ["fault", "license", "access-check", "empty"]):
        code, out, err = pdv(*args, "--url", f"http://127.0.0.1:{port}", "--timeout", "0.5")
        assert code == 1 and out == ""
        assert err.strip() == (
            f"pdv sim: Falhas simuladas: não foi possível conectar em http://127.0.0.1:{port} "
            "(os serviços simulados estão rodando? inicie com 'pdv servers')"
        )


def test_an_address_that_is_not_the_world(demo_world):
    code, _, err = pdv("faults", "--url", f"{demo_world}/demo")
    assert code == 1
    assert (
        err.strip()
        == f"pdv sim: Falhas simuladas: {demo_world}/demo não tem a rota /faults; é o endereço de 'pdv servers'?"
    )


def test_real_command_line_process(demo_world):
    """One run through the installed entry point, as a trainer's terminal runs it."""
    result = subprocess.run(
        [sys.executable, "-m", "tui", "sim", "fault", "demo", "*", "delay", "--ms", "50", "--url", demo_world],
        capture_output=True,
        text=True,
        timeout=30,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Falha em vigor: demo *: delay (atraso fixo; ms=50)"
    assert httpx.get(f"{demo_world}/demo/calls", timeout=2).headers["x-simulated-fault"] == "delay; ms=50.0"
    result = subprocess.run(
        [sys.executable, "-m", "tui", "sim", "clear", "--url", demo_world],
        capture_output=True,
        text=True,
        timeout=30,
        cwd=ROOT,
    )
    assert result.returncode == 0 and "Falhas removidas" in result.stdout


def test_against_python_m_servers_with_the_real_services(tmp_path):
    """`python -m servers` with the shipped scenario: a fault on the portal's named route, met by
    a real call, then cleared."""
    from storage.scenarios.loader import SCENARIO_DIR

    process, url = start_world(
        tmp_path,
        [
            sys.executable,
            "-m",
            "servers",
            "--scenario-dir",
            str(SCENARIO_DIR),
            "--scenario",
            "treinamento",
        ],
    )
    try:
        creds = {"API-KEY": "BEMESTAR-7F3A-2026", "Acesso": "pdv.bemestar", "Senha": "Termo@2026"}
        connection = f"{url}/lgpdata/api/v1/conexao"
        assert httpx.get(connection, headers=creds, timeout=2).status_code == 200
        code, out, _ = pdv("fault", "lgpdata", "connection-test", "status", "--code", "503", "--url", url)
        assert (code, out.strip()) == (0, "Falha em vigor: lgpdata connection-test: status (erro HTTP; code=503)")
        answer = httpx.get(connection, headers=creds, timeout=2)
        assert (answer.status_code, answer.json()) == (503, {"detail": "Serviço indisponível"})
        code, out, _ = pdv("faults", "--url", url)
        lines = out.splitlines()
        assert lines[1] == "  lgpdata connection-test: status (erro HTTP; code=503) [aplicada 1x]"
        routes = next(line for line in lines if line.startswith("Rotas de lgpdata: "))
        assert {"connection-test", "consent-status", "consent-request"} <= set(routes.split(": ")[1].split(", "))
        code, out, _ = pdv("clear", "lgpdata", "--url", url)
        assert (code, out.strip()) == (0, "Falhas removidas: 1.")
        assert httpx.get(connection, headers=creds, timeout=2).status_code == 200
    finally:
        stop_world(process)
