"""Classroom mode: one real simulated world on loopback (`python -m servers`), two students'
PDVs against it; the trainer flips student 2's CNPJ and only student 2's next login changes.
And the config file: same keys as the options, the command line wins."""

from __future__ import annotations

import asyncio

import pytest
from click.testing import CliRunner

from core.billing.admin import LicenseAdmin
from core.billing.service import BillingService
from core.trainer.classroom import student_cnpj
from domain.documents import is_valid_cnpj
from domain.enums import BillingStatus
from tests.support.trainer import TOKEN
from tests.support.world_process import running_world
from tui.cli import main as cli_module


@pytest.fixture(scope="module")
def world_url(tmp_path_factory):
    with running_world(tmp_path_factory.mktemp("classroom"), "treinamento", wait=20) as url:
        yield url


def test_student_cnpjs_are_valid_distinct_and_deterministic():
    cnpjs = [student_cnpj("12345678000195", n) for n in range(1, 41)]
    assert all(is_valid_cnpj(c) for c in cnpjs)
    assert len(set(cnpjs)) == 40
    assert student_cnpj("12345678000195", 2) == student_cnpj("12345678000195", 2) == "12345678900269"
    with pytest.raises(ValueError):
        student_cnpj("12345678000195", 0)


def test_flipping_one_students_cnpj_changes_only_that_students_next_login(world_url, make_context, clock):
    """Each login builds the student's PDV context (the database proxy is process-wide, so the
    two PDVs take turns here as they would on two machines) and asks the real server."""
    license_url = f"{world_url}/license"

    def login_decision(student: int) -> tuple[str, BillingStatus]:
        ctx = make_context("treinamento", license_url=license_url, student=student, transports={"license": None})
        cnpj = ctx.branch_cnpj
        assert ctx.current_branch().cnpj == "12345678000195"  # the store's branch is left as it is
        assert "aluno" in [entry.event for entry in ctx.audit.since(clock.now())]
        return cnpj, asyncio.run(BillingService(ctx).check("operador")).status

    (cnpj1, first1), (cnpj2, first2) = login_decision(1), login_decision(2)
    assert (cnpj1, cnpj2) == (student_cnpj("12345678000195", 1), student_cnpj("12345678000195", 2))
    assert (first1, first2) == (BillingStatus.RELEASED, BillingStatus.RELEASED)  # unknown CNPJs: the default
    asyncio.run(
        LicenseAdmin(license_url, 3.0, token=TOKEN).set_situation(
            cnpj2, BillingStatus.TOTAL_BLOCK, "Aluno 2 bloqueado."
        )
    )
    assert login_decision(1)[1] is BillingStatus.RELEASED
    assert login_decision(2)[1] is BillingStatus.TOTAL_BLOCK


def test_config_file_sets_options_and_the_command_line_wins(tmp_path, monkeypatch):
    seen = {}

    def fake_run_app(config, db_target, scenario, world_scenario):
        seen.update(config=config, db=db_target, world=world_scenario)

    monkeypatch.setattr(cli_module, "run_app", fake_run_app)
    config_file = tmp_path / "pdv.toml"
    config_file.write_text(
        'license-url = "http://sala:8700/license"\nlgpdata_url = "http://sala:8700/lgpdata"\n'
        "aluno = 7\ntimeout = 2.5\n",
        encoding="utf-8",
    )
    runner = CliRunner()
    result = runner.invoke(cli_module.cli, ["--config", str(config_file), "demo", "liberado", "--aluno", "3"])
    assert result.exit_code == 0, result.output
    config = seen["config"]
    assert (config.license_url, config.lgpdata_url) == ("http://sala:8700/license", "http://sala:8700/lgpdata")
    assert (config.student, config.http_timeout) == (3, 2.5)
    # the default file in the user's config folder is read when no --config is given
    monkeypatch.setattr("tui.cli.config_file.default_config_path", lambda: config_file)
    result = runner.invoke(cli_module.cli, ["demo", "liberado"])
    assert result.exit_code == 0, result.output
    assert seen["config"].student == 7
    config_file.write_text('timeout = "rápido"\n', encoding="utf-8")
    result = runner.invoke(cli_module.cli, ["demo", "liberado"])
    assert result.exit_code == 2 and "timeout" in result.output and "Traceback" not in result.output
