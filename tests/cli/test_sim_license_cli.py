"""`pdv sim license` and `pdv sim status` as a trainer uses them: real processes against a real
simulated world (`python -m servers` on a free loopback port)."""

from __future__ import annotations

import httpx
import pytest

from tests.support.cli_support import assert_one_clear_line, run
from tests.support.netutil import closed_port
from tests.support.trainer import TOKEN
from tests.support.world_process import running_world


@pytest.fixture(autouse=True)
def trainer_config(tmp_path, monkeypatch):
    """`pdv sim` here runs as the trainer on the machine of `pdv servers`: it finds the token in
    the token file of the config folder (tests/test_trainer_token.py: how it gets there)."""
    from servers.trainer_auth import write_token_file

    monkeypatch.delenv("PDV_TRAINER_TOKEN", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    write_token_file(tmp_path / "config" / "pdv-sim" / "trainer-token", TOKEN)


@pytest.fixture(scope="module")
def license_url(tmp_path_factory):
    with running_world(tmp_path_factory.mktemp("servers"), "treinamento", wait=20) as url:
        yield url + "/license"


def access(url: str, cnpj: str) -> dict:
    return httpx.post(f"{url}/api/v1/access-check", json={"cnpj": cnpj, "version": "215.010"}, timeout=3).json()


def test_license_changes_the_next_answer(license_url):
    result = run("sim", "license", "12.345.678/0001-95", "bloqueio-total", "--url", license_url)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "CNPJ 12.345.678/0001-95: Bloqueio Total (vale na próxima consulta)"
    assert access(license_url, "12345678000195")["situation"] == "bloqueio-total"
    result = run("sim", "license", "12ABC34501DE35", "MENSAGEM", "--message", "Pague hoje.", "--url", license_url)
    assert result.returncode == 0, result.stderr
    answer = access(license_url, "12.ABC.345/01DE-35")
    assert (answer["situation"], answer["message"]) == ("mensagem", "Pague hoje.")


def test_status_prints_the_state_and_the_calls(license_url):
    run("sim", "license", "12345678000276", "bloqueio-parcial", "--url", license_url)
    access(license_url, "12345678000276")
    result = run("sim", "status", "--url", license_url)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "cenário treinamento" in lines[0]
    assert any(line.startswith("12.345.678/0002-76") and "Bloqueio Parcial" in line for line in lines)
    assert any("access-check" in line and "12.345.678/0002-76" in line and "bloqueio-parcial" in line for line in lines)


def test_trust_unlock_rules_and_reset(license_url):
    result = run("sim", "trust-unlock", "12.345.678/0001-95", "--refuse", "--reason", "Não hoje.", "--url", license_url)
    assert result.returncode == 0 and "recusado: Não hoje." in result.stdout
    result = run("sim", "reset", "--url", license_url)
    assert result.returncode == 0 and "treinamento" in result.stdout
    assert access(license_url, "12345678000195")["situation"] == "liberado"


def test_bad_input_and_server_down_are_one_clear_line(license_url):
    assert_one_clear_line(
        run("sim", "license", "11.111.111/0001-11", "liberado", "--url", license_url), "CNPJ inválido"
    )
    result = run("sim", "license", "12345678000195", "quase", "--url", license_url)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    down = f"http://127.0.0.1:{closed_port()}/license"
    assert_one_clear_line(run("sim", "status", "--url", down), "não foi possível conectar")


def test_app_version_is_checked_before_the_screen_opens():
    assert_one_clear_line(run("demo", "treinamento", "--app-version", "215.x"), "versão '215.x' inválida")


def test_recheck_minutes_is_a_common_option():
    result = run("demo", "--help")
    assert "--recheck-minutes" in result.stdout and "--app-version" in result.stdout


def test_options_before_the_subcommand_reach_demo(monkeypatch):
    from click.testing import CliRunner

    import tui.cli.main as cli_module

    seen = []
    monkeypatch.setattr(cli_module, "run_app", lambda config, *args: seen.append(config))
    args = [
        "--license-url",
        "http://127.0.0.1:8711/license",
        "--timeout",
        "2",
        "--recheck-minutes",
        "1",
        "demo",
        "treinamento",
        "--timeout",
        "5",
    ]
    result = CliRunner().invoke(cli_module.cli, args)
    assert result.exit_code == 0, result.output
    [config] = seen
    assert (config.license_url, config.http_timeout, config.recheck_minutes) == (
        "http://127.0.0.1:8711/license",
        5.0,
        1.0,
    )
