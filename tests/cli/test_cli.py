"""The command line as a person meets it: real processes, one clear line on bad input."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.support.cli_support import assert_one_clear_line, run


def test_version():
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("pdv-sim ")


@pytest.mark.parametrize("command", [[], ["demo"], ["scenarios"]])
def test_help_everywhere(command):
    result = run(*command, "--help")
    assert result.returncode == 0
    assert result.stdout.startswith("Uso: ")


def test_scenarios_one_line_each():
    result = run("scenarios")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert any(line.startswith("treinamento ") for line in lines)
    assert all("ERRO" not in line for line in lines)


def test_missing_scenario():
    assert_one_clear_line(run("demo", "nao-existe"), "cenário 'nao-existe' não existe")


def test_broken_scenario_file(tmp_path):
    path = tmp_path / "quebrado.toml"
    path.write_text('[scenario]\napp_version = "x"\n', encoding="utf-8")
    assert_one_clear_line(run("demo", str(path)), "quebrado.toml")


def test_unwritable_data_dir(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        if subprocess.run(["test", "-w", str(folder)]).returncode == 0:
            pytest.skip("running as a user that ignores permissions")  # root
        assert_one_clear_line(run("--db", str(folder / "pdv.sqlite3")), "não permite gravação")
    finally:
        folder.chmod(0o700)


def test_data_dir_that_cannot_be_created(tmp_path):
    blocker = tmp_path / "arquivo"
    blocker.write_text("x")
    assert_one_clear_line(run("--db", str(blocker / "sub" / "pdv.sqlite3")), "não foi possível criar a pasta")


def test_corrupt_database_file(tmp_path):
    path = tmp_path / "pdv.sqlite3"
    path.write_bytes(b"isto nao e um banco" * 100)
    assert_one_clear_line(run("--db", str(path)), "não é um banco de dados SQLite")


def test_scenarios_with_details_and_one_by_name():
    detailed = run("scenarios", "--detalhes")
    assert detailed.returncode == 0
    assert "operador / 1234" in detailed.stdout
    one = run("scenarios", "treinamento")
    assert one.returncode == 0 and one.stdout.startswith("treinamento: ")


def test_first_screen_path_loads_no_http_database_or_server_code():
    """What the login screen does not need stays off start-up (the start-up benchmark's budget):
    importing the CLI and the app must not load httpx, peewee, argon2, FastAPI or uvicorn."""
    code = (
        "import sys, tui.cli.main, tui.app\n"
        "heavy = [m for m in ('httpx', 'peewee', 'argon2', 'fastapi', 'uvicorn', 'stdnum') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
