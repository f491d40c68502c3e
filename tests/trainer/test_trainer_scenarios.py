"""A trainer's own scenario file, outside the package, extending the built-ins by name: the PDV
loads it, the simulated services (embedded or `pdv servers`) read the same file, and services
that cannot start say why."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from core.kernel.errors import RemoteFailure
from core.trainer.world import EmbeddedWorld
from servers.runner import WorldSource
from servers.scenario_files import ScenarioFileError, locate
from storage.scenarios.loader import SCENARIO_DIR, load_scenario, load_scenario_cached
from storage.scenarios.scenario import ScenarioError

AULA = """[scenario]
extends = "treinamento"
title = "Aula: Bloqueio Total"
description = "A aula de hoje: o AVISO FINANCEIRO com Bloqueio Total."

[license]
situation = "bloqueio-total"
"""


def write_aula(folder: Path, text: str = AULA, name: str = "aula.toml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_file_outside_the_package_extends_a_builtin(tmp_path):
    path = write_aula(tmp_path / "aulas")
    scenario = load_scenario(str(path))
    assert scenario.name == "aula"
    assert scenario.chain == ["aula", "treinamento"]
    assert scenario.data["license"]["situation"] == "bloqueio-total"
    assert any(u["login"] == "operador" for u in scenario.data["users"])  # treinamento's store


def test_file_outside_the_package_through_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    path = write_aula(tmp_path / "aulas")
    first = load_scenario_cached(str(path))
    again = load_scenario_cached(str(path))
    assert first.data == again.data
    assert again.data["license"]["situation"] == "bloqueio-total"


def test_a_base_beside_the_file_wins_over_the_builtin(tmp_path):
    folder = tmp_path / "aulas"
    write_aula(folder, AULA.replace('"treinamento"', '"minha-base"'))
    base = (SCENARIO_DIR / "treinamento.toml").read_text(encoding="utf-8")
    write_aula(folder, base.replace('title = "', 'title = "Minha base: ', 1), "minha-base.toml")
    scenario = load_scenario(str(folder / "aula.toml"))
    assert scenario.chain == ["aula", "minha-base"]


def test_an_unknown_base_is_named(tmp_path):
    path = write_aula(tmp_path, AULA.replace('"treinamento"', '"nao-ha"'))
    with pytest.raises(ScenarioError) as caught:
        load_scenario(str(path))
    assert "aula.toml: scenario.extends: cenário base 'nao-ha' não existe" in str(caught.value)


def test_services_read_the_trainers_file_and_its_builtin_base(tmp_path):
    path = write_aula(tmp_path / "aulas")
    folder, name, search = locate(str(path), [SCENARIO_DIR])
    world = WorldSource(folder, name, search=search)
    data = world.read()
    assert data["license"]["situation"] == "bloqueio-total"
    assert data["branches"], "the branches come from treinamento"
    assert world.read("treinamento")["scenario"]["title"] != "Aula: Bloqueio Total"  # a reset by name


def test_services_refuse_a_missing_file(tmp_path):
    with pytest.raises(ScenarioFileError, match="não encontrado"):
        locate(str(tmp_path / "nada.toml"), [SCENARIO_DIR])


TEST_TOKEN = "token-do-instrutor-de-teste-0123456789abcdef"


def _license_state(base: str, token: str) -> dict:
    """The License Server's trainer view (its admin routes ask for the trainer token)."""
    request = urllib.request.Request(f"{base}/license/admin/state", headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.load(answer)


def test_embedded_world_serves_the_trainers_file(tmp_path):
    path = write_aula(tmp_path / "aulas")
    world = EmbeddedWorld(SCENARIO_DIR, str(path))
    world.start()
    try:
        base = asyncio.run(world.base_url(wait=60))
        state = _license_state(base, world.token)
        assert state["scenario"] == "aula"
        assert {b["situation"] for b in state["branches"]} == {"bloqueio-total"}
    finally:
        world.stop()


def test_embedded_world_that_cannot_start_says_why(tmp_path):
    path = write_aula(tmp_path, AULA + '\n[[faults]]\nservice = "license"\nroute = "nao-existe"\nkind = "empty"\n')
    world = EmbeddedWorld(SCENARIO_DIR, str(path))
    world.start()
    try:
        with pytest.raises(RemoteFailure) as caught:
            asyncio.run(world.base_url(wait=60))
    finally:
        world.stop()
    message = str(caught.value)
    assert "Serviços simulados não iniciaram: " in message
    assert "nao-existe" in message, message


def test_embedded_world_output_goes_to_the_log(tmp_path):
    from core.kernel import error_log

    before = error_log.use_directory(tmp_path / "log")
    try:
        world = EmbeddedWorld(SCENARIO_DIR, str(tmp_path / "sumiu.toml"))
        world.start()
        with pytest.raises(RemoteFailure, match="não encontrado"):
            asyncio.run(world.base_url(wait=60))
        world.stop()
        text = (tmp_path / "log" / error_log.FILE_NAME).read_text(encoding="utf-8")
    finally:
        error_log.use_directory(before)
    assert "serviços simulados: pdv servers: arquivo de cenário" in text


def test_pdv_servers_with_a_trainers_file(tmp_path):
    path = write_aula(tmp_path / "aulas")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tui",
            "servers",
            "--port",
            "0",
            "--scenario",
            str(path),
            "--state-dir",
            str(tmp_path / "state"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "HOME": str(tmp_path), "PDV_TRAINER_TOKEN": TEST_TOKEN},
    )
    try:
        first = process.stdout.readline()  # "pdv-sim servidores em http://HOST:PORT (cenário aula)"
        assert "cenário aula" in first, first + process.stderr.read() if process.poll() is not None else first
        base = first.split(" em ", 1)[1].split()[0]
        state = _license_state(base, TEST_TOKEN)
        assert state["scenario"] == "aula"
        assert {b["situation"] for b in state["branches"]} == {"bloqueio-total"}
    finally:
        process.terminate()
        process.wait(10)


def test_pdv_servers_names_the_problem_in_a_trainers_file(tmp_path):
    path = write_aula(tmp_path, AULA.replace('situation = "bloqueio-total"', 'situation = "meio-bloqueado"'))
    result = subprocess.run(
        [sys.executable, "-m", "tui", "servers", "--port", "0", "--scenario", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    assert result.returncode == 2
    assert "aula.toml: license.situation" in result.stderr, result.stderr


def test_log_level_debug_puts_the_services_requests_in_the_log(tmp_path):
    """--log-level debug: the embedded services' own lines (each request) reach pdv.log."""
    from core.kernel import error_log

    before = error_log.use_directory(tmp_path / "log")
    try:
        error_log.set_level("debug")
        world = EmbeddedWorld(SCENARIO_DIR, "treinamento", log_level="debug")
        world.start()
        try:
            base = asyncio.run(world.base_url(wait=60))
            _license_state(base, world.token)
            started = time.monotonic()
            log_file = tmp_path / "log" / error_log.FILE_NAME
            while (
                "serviços simulados: INFO:"
                not in (text := log_file.read_text(encoding="utf-8") if log_file.exists() else "")
                or "GET /license/admin/state" not in text
            ):
                assert time.monotonic() - started < 60, "the request never reached the log"
                time.sleep(0.05)
        finally:
            world.stop()
    finally:
        error_log.set_level("info")
        error_log.use_directory(before)


def test_log_level_warning_leaves_info_out(tmp_path):
    from core.kernel import error_log

    before = error_log.use_directory(tmp_path / "log")
    try:
        error_log.set_level("warning")
        error_log.log_line("uma linha informativa", 20)
        error_log.log_line("um aviso de verdade")
    finally:
        error_log.set_level("info")
        error_log.use_directory(before)
    text = (tmp_path / "log" / error_log.FILE_NAME).read_text(encoding="utf-8")
    assert "um aviso de verdade" in text and "uma linha informativa" not in text


def test_log_level_refuses_an_unknown_level_in_portuguese(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "tui", "demo", "treinamento", "--log-level", "tudo"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    assert result.returncode == 2
    assert "Valor inválido para '--log-level'" in result.stderr, result.stderr
