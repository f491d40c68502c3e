"""Bad command-line input: one Portuguese line on stderr (`pdv: ...`), a non-zero exit, no
traceback, no secret printed; and a URL that slips past the command line (a scenario, a test)
is a service "fora do ar", never an exception."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner

from core.billing.service import BillingService
from core.kernel.errors import REFUSED, RemoteFailure
from core.kernel.http import make_client
from tui.cli.main import cli

BAD = [
    (["--license-url", "http://127.0.0.1:99999/license"], "--license-url", "porta 99999 fora de 1 a 65535"),
    (["--lgpdata-url", "http://[::1"], "--lgpdata-url", "IPv6 inválido"),
    (["--license-url", "ftp://127.0.0.1:8700/license"], "--license-url", "use http:// ou https://"),
    (["--license-url", "http://:8700/license"], "--license-url", "falta o endereço"),
    (["--license-url", "http://127.0.0.1:0/"], "--license-url", "porta 0 fora de 1 a 65535"),
    (["--timeout", "nan"], "--timeout 'nan'", "use um número de 0,1 a 60"),
    (["--timeout", "inf"], "--timeout 'inf'", "use um número de 0,1 a 60"),
    (["--timeout", "-inf"], "--timeout '-inf'", "use um número de 0,1 a 60"),
    (["--timeout", "1e400"], "--timeout '1e400'", "use um número de 0,1 a 60"),
    (["--timeout", "99999999999999999999"], "--timeout", "use um número de 0,1 a 60"),
    (["--timeout", "três"], "--timeout 'três'", "use um número de 0,1 a 60"),
    (["--recheck-minutes", "NaN"], "--recheck-minutes 'NaN'", "use um número de 0 a 1440"),
    (["--recheck-minutes", "Infinity"], "--recheck-minutes", "use um número de 0 a 1440"),
    (["--recheck-minutes", "-1"], "--recheck-minutes", "use um número de 0 a 1440"),
    (["--aluno", "9" * 40], "--aluno", "use um número inteiro de 1 a 999"),
]


def one_line(result) -> str:
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stdout == ""
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr and "Uso:" not in result.stderr
    return lines[0]


@pytest.mark.parametrize(("args", "option", "why"), BAD, ids=[" ".join(a) for a, _, _ in BAD])
@pytest.mark.parametrize("where", ["before", "demo"])
def test_bad_input_is_one_portuguese_line(args, option, why, where):
    argv = [*args, "demo", "treinamento"] if where == "before" else ["demo", "treinamento", *args]
    line = one_line(CliRunner().invoke(cli, argv))
    assert line.startswith(f"pdv: {option}") and why in line, line


@pytest.mark.parametrize("version", ["215.x", "215.0001", "v215", ""])
def test_a_bad_version_is_told_in_the_documents_format(version):
    line = one_line(CliRunner().invoke(cli, ["--app-version", version, "demo", "treinamento"]))
    assert line == f"pdv: versão '{version}' inválida (formato 215.000)", line


def test_versions_read_as_the_billing_route_reads_them():
    from core.billing.service import route_for_version
    from domain.versions import is_version, parse_version

    assert parse_version("212.1") == (212, 100) and parse_version("215") == (215, 0)
    assert all(is_version(v) for v in ("215.000", "212.1", "215")) and not is_version("215.")
    assert route_for_version("212.1") is route_for_version("212.100")


def test_a_secret_in_a_bad_url_is_not_printed():
    line = one_line(
        CliRunner().invoke(
            cli, ["--license-url", "http://pdv:s3nha-f0rte@127.0.0.1:99999/license?token=tk-77", "demo", "treinamento"]
        )
    )
    assert "s3nha-f0rte" not in line and "tk-77" not in line and "pdv:***@127.0.0.1" in line


def test_the_config_file_is_checked_by_the_same_types(tmp_path):
    config = tmp_path / "pdv.toml"
    config.write_text('timeout = nan\nlicense-url = "http://127.0.0.1:99999/license"\n', encoding="utf-8")
    line = one_line(CliRunner().invoke(cli, ["--config", str(config), "demo", "treinamento"]))
    assert str(config) in line and ("'nan': use um número" in line or "porta 99999" in line)


def test_good_values_still_pass():
    from tui.cli.types import BoundedFloat, BoundedInt, ServiceUrl

    assert BoundedFloat(0.1, 60).convert("2,5".replace(",", "."), None, None) == 2.5
    assert BoundedFloat(0, 1440).convert(0, None, None) == 0.0
    assert BoundedInt(1, 999).convert("12", None, None) == 12
    assert ServiceUrl().convert(" http://[::1]:8700/license ", None, None) == "http://[::1]:8700/license"


def test_a_real_process_with_a_port_of_99999_prints_one_line_and_no_secret():
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "tui",
            "--license-url",
            "http://user:segredo-99@127.0.0.1:99999/license",
            "--timeout",
            "nan",
            "demo",
            "treinamento",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2 and result.stdout == ""
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("pdv: "), result.stderr
    assert "Traceback" not in result.stderr and "segredo-99" not in result.stderr


# --- past the command line: the HTTP client ----------------------------------------------------


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:99999/license", "http://[::1", "ftp://127.0.0.1/x", "http://exa mple/"]
)
def test_the_http_client_turns_an_invalid_url_into_a_refused_service(url):
    with pytest.raises(RemoteFailure) as failure:
        make_client(url, 1.0, service="License Server")
    assert failure.value.kind == REFUSED and str(failure.value).startswith("License Server: URL inválida: ")


async def test_a_license_url_with_port_99999_is_the_regua_fora_do_ar(make_context):
    ctx = make_context(license_url="http://127.0.0.1:99999/license")
    decision = await BillingService(ctx).check("operador")
    assert "fora do ar" in decision.notice and decision.failure and "URL inválida" in decision.failure


@pytest.mark.parametrize(
    "args",
    [
        ["sim", "faults", "--timeout", "nan"],
        ["sim", "faults", "--url", "http://127.0.0.1:99999"],
        ["sim", "status", "--url", "http://[::1"],
        ["sim", "consent", "12345678909", "aceito", "--timeout", "inf"],
        ["sim", "fault", "license", "access-check", "timeout", "--probability", "nan"],
    ],
    ids=lambda args: " ".join(args[1:]),
)
def test_the_trainers_commands_refuse_the_same_bad_input(args):
    line = one_line(CliRunner().invoke(cli, args))
    assert line.startswith("pdv: --") and ("use um número" in line or "URL inválida" in line), line
