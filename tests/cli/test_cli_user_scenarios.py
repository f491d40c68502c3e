"""A trainer's own scenarios by name, with the real console script (`.venv/bin/pdv`) in a HOME of
its own: `pdv demo NOME`, `pdv servers --scenario NOME` and `pdv scenarios NOME` find NOME.toml in
the user's scenarios folder (where `pdv scenarios novo` writes) and in a `--scenarios DIR`
folder; a name found nowhere is one line saying where it was looked for."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

PDV = str(Path(sys.executable).with_name("pdv"))

AULA = """[scenario]
extends = "treinamento"
title = "{title}"

[license]
situation = "{situation}"
"""


@pytest.fixture
def home(tmp_path) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    return home


def environment(home: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("XDG_", "PDV_", "PYTEST"))}
    return {**env, "HOME": str(home)}


def pdv(home: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([PDV, *args], env=environment(home), capture_output=True, text=True, timeout=60)


def user_folder(home: Path) -> Path:
    return home / ".config" / "pdv-sim" / "scenarios"


def write(folder: Path, name: str, title: str, situation: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.toml"
    path.write_text(AULA.format(title=title, situation=situation), encoding="utf-8")
    return path


def one_line(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 2 and "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    return lines[0]


def license_situation(home: Path, *args: str) -> str:
    """Starts `pdv servers --port 0 ARGS`, asks it (`pdv sim status licenca`) and stops it."""
    server = subprocess.Popen(
        [PDV, "servers", "--port", "0", *args],
        env=environment(home),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        first = server.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:\d+", first)
        assert match, first + server.stdout.read()
        deadline = time.monotonic() + 20
        while True:
            status = pdv(home, "sim", "status", "licenca", "--url", match.group())
            if status.returncode == 0 or time.monotonic() > deadline:
                break
            time.sleep(0.3)
        assert status.returncode == 0, status.stderr
        return status.stdout
    finally:
        server.terminate()
        server.wait(timeout=20)
        server.stdout.close()


def test_the_name_of_a_scenario_written_by_pdv_scenarios_novo(home):
    made = pdv(home, "scenarios", "novo", "sexta", "--de", "treinamento")
    assert made.returncode == 0, made.stderr
    assert "pdv demo sexta" in made.stdout  # what to type next: the name is enough
    write(user_folder(home), "sexta", "Aula de sexta", "bloqueio-total")

    shown = pdv(home, "scenarios", "sexta")
    assert shown.returncode == 0 and shown.stdout.startswith("sexta: Aula de sexta"), shown.stderr
    status = license_situation(home, "--scenario", "sexta")
    assert "cenário sexta" in status and "Bloqueio Total" in status


def test_a_scenarios_folder_given_on_the_command_line(home, tmp_path):
    folder = tmp_path / "aulas"
    write(folder, "quinta", "Aula de quinta", "mensagem")
    write(user_folder(home), "quinta", "A do usuário", "bloqueio-parcial")

    status = license_situation(home, "--scenario", "quinta", "--scenarios", str(folder))
    assert "Mensagem" in status and "Bloqueio Parcial" not in status  # --scenarios comes first
    status = license_situation(home, "--scenario", "quinta")
    assert "Bloqueio Parcial" in status


def test_a_user_scenario_is_never_named_like_a_built_in(home):
    line = one_line(pdv(home, "scenarios", "novo", "treinamento", "--de", "mensagem"))
    assert line == "pdv: treinamento.toml: 'treinamento' é um cenário de fábrica: escolha outro nome para o seu"
    assert not (user_folder(home) / "treinamento.toml").exists()


def test_a_name_found_nowhere_says_where_it_looked(home, tmp_path):
    folder = tmp_path / "aulas"
    for command in (
        ["demo", "sabado", "--scenarios", str(folder)],
        ["servers", "--scenario", "sabado", "--scenarios", str(folder)],
    ):
        line = one_line(pdv(home, *command))
        assert line.startswith("pdv: cenário 'sabado' não existe; procurado sabado.toml em ")
        assert f"{folder} (--scenarios)" in line
        assert f"{user_folder(home)} (seus cenários)" in line
        assert "nos de fábrica (" in line and "treinamento" in line
    assert one_line(pdv(home, "demo", str(tmp_path / "nada.toml"))) == (
        f"pdv: {tmp_path / 'nada.toml'}: arquivo de cenário não encontrado"
    )
