"""One language: every line `pdv` prints, click's own usage, help headings and errors included,
is Portuguese. Walks every command's --help (the lazily loaded `pdv sim` ones too) and a set of
bad invocations, and looks for click's English."""

from __future__ import annotations

import re
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from tui.cli.main import cli

# click's English as it prints it (help, usage and the error messages of its parser and types).
ENGLISH = [
    "Usage:",
    "Options:",
    "Commands:",
    "Arguments:",
    "Show this message",
    "Show the version",
    "Error:",
    "Invalid value",
    "Missing argument",
    "Missing option",
    "Missing parameter",
    "No such command",
    "No such option",
    "Try '",
    "for help",
    "[OPTIONS]",
    "COMMAND",
    "[ARGS]",
    "default:",
    "required]",
    "Did you mean",
    "Got unexpected",
    "is not one of",
    "is not a valid",
    "is not in the range",
    "does not exist",
    "requires an argument",
    "does not take a value",
    "Aborted",
    "env var",
]
# Every word in capitals (metavars, placeholders) must be one of these.
CAPITALS = {
    "PDV",
    "LGPD",
    "LGPDATA",
    "CNPJ",
    "CPF",
    "RG",
    "URL",
    "JSON",
    "TOML",
    "HTTP",
    "TCP",
    "SVG",
    "API",
    "KEY",
    "TERM",
    "ANSI",
    "PGPASSWORD",
    "AVISO",
    "FINANCEIRO",
    "TREINAMENTO",
    "OPÇÕES",
    "COMANDO",
    "ARGUMENTOS",
    "CENÁRIO",
    "NOME",
    "ARQUIVO",
    "CAMINHO",
    "VERSAO",
    "PASTA",
    "TEXTO",
    "INTEIRO",
    "NÚMERO",
    "SERVIÇO",
    "ROTA",
    "TIPO",
    "SITUAÇÃO",
    "DOCUMENTO",
    "STATUS",
    "OP",
    "PASSAPORTE",
    "OUTRO",
    "N",
    "PDV_SIM_URL",
    "PDV_TRAINER_TOKEN",
    "ID",
    "DATA",
}


def command_paths(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    ctx = click.Context(group)
    paths = [prefix]
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if isinstance(command, click.Group):
            paths += command_paths(command, prefix + (name,))
        else:
            paths.append(prefix + (name,))
    return paths


PATHS = command_paths(cli)

BAD = [
    ["nada"],
    ["demo"],
    ["demo", "a", "b"],
    ["demo", "--nao-ha"],
    ["--timeout"],
    ["servers", "--host"],
    ["scenarios", "--detalhes", "x", "y"],
    ["sim"],
    ["sim", "nada"],
    ["sim", "fault", "license"],
    ["sim", "license", "00000000000191", "meio"],
    ["sim", "fault", "license", "x", "delay", "--mode", "nenhum"],
    ["sim", "fault", "license", "x", "delay", "--ms", "muito"],
    ["sim", "trust-unlock", "--days", "0"],
    ["sim", "status", "--history", "x"],
    ["sim", "consent", "1", "aceito", "--type", "CNH"],
    ["sim", "clock", "--set", "amanhã"],
    ["sim", "clock", "--days", "nan"],
    ["sim", "expiry", "1e9"],
    ["sim", "credentials"],
    ["sim", "term", "12345678000195"],
    ["sim", "reset", "a", "b", "c"],
]


def english_in(text: str, given: list[str] = ()) -> list[str]:
    """click's English phrases in `text`, and words in capitals that are not known Portuguese
    (or the acronyms the PDV uses); what the person typed (`given`) may be echoed."""
    found = [phrase for phrase in ENGLISH if phrase in text]
    known = CAPITALS | set(given)
    found += sorted({w for w in re.findall(r"\b[A-ZÀ-Ý][A-ZÀ-Ý_]{1,}\b", text) if w not in known})
    return found


def invoke(args: list[str]) -> str:
    result = CliRunner().invoke(cli, args, prog_name="pdv")
    assert not isinstance(result.exception, (TypeError, AttributeError, KeyError)), result.exception
    return result.output


def test_every_command_is_walked():
    assert ("demo",) in PATHS and ("sim", "fault") in PATHS and ("sim", "license") in PATHS
    assert len(PATHS) >= 12


@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p) or "pdv")
def test_help_is_portuguese(path):
    output = invoke([*path, "--help"])
    assert output.startswith("Uso: pdv"), output
    assert "Mostra esta ajuda e sai." in output
    assert english_in(output) == [], output


@pytest.mark.parametrize("args", BAD, ids=" ".join)
def test_usage_errors_are_portuguese(args):
    output = invoke(args)
    assert output.strip(), "a bad invocation says something"
    assert english_in(output, args) == [], output


def test_the_installed_command_speaks_portuguese_too():
    """The real process: `python -m tui` (what the `pdv` script runs), help and a usage error."""
    help_run = subprocess.run([sys.executable, "-m", "tui", "--help"], capture_output=True, text=True, timeout=60)
    error = subprocess.run([sys.executable, "-m", "tui", "demo"], capture_output=True, text=True, timeout=60)
    assert help_run.returncode == 0 and "Comandos:" in help_run.stdout
    assert error.returncode == 2
    assert "Erro: Falta o argumento 'CENÁRIO'." in error.stderr
    assert english_in(help_run.stdout + error.stderr) == []
