"""README row -> test: every row of the README's key tables and scenario tables is claimed by a
real-terminal test with `@pytest.mark.readme("Tabela: linha", ...)`.

The rows are read from README.md itself (a row added to the README and not claimed fails
`test_every_readme_row_has_a_test`; a claim naming no row fails too, so a row renamed in the
README is noticed). Claims are read from the test modules of this folder without running them,
so the check holds whichever tests a run selects. `pytest_terminal_summary` (imported by the
top-level conftest, which the xdist controller loads) prints the table with each test's outcome
when a row is unclaimed or the run is verbose (`-v`).
"""

from __future__ import annotations

import importlib
import inspect
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
HERE = Path(__file__).resolve().parent

# (## section, ### subsection or None for the section's own table) -> the short name of the
# table in a claim, and how many leading columns name a row.
TABLES: dict[tuple[str, str | None], tuple[str, int]] = {
    ("Teclas", None): ("Teclas", 1),
    ("Teclas", "Venda, Pré-venda e Recebimento de títulos"): ("Venda", 2),
    ("Régua de Cobrança", None): ("Régua", 1),
    ("Régua de Cobrança", "Teclas dos avisos"): ("Avisos", 1),
    ("Régua de Cobrança", "Cenários"): ("Régua cenários", 1),
    ("LGPData", "No PDV (entre como supervisor / 4321)"): ("LGPData PDV", 1),
    ("LGPData", "Cenários"): ("LGPData cenários", 1),
    ("Treinamento", "Os cenários"): ("Treinamento", 1),
    ("Treinamento", "Painel do instrutor (`F12`)"): ("Painel", 1),
}

# What the README promises that another line of work is building now; listed in the table so
# the gap is visible, not claimed here.
ELSEWHERE = {
    "Teclas: Login / Menu, Ctrl+Q com venda ou pagamento em andamento (pergunta, como Esc)": "Ctrl+Q, sinais e terminal pequeno (tui/app.py, tui/cli/main.py)",
}


@dataclass(frozen=True)
class Row:
    table: str
    key: str
    text: str

    @property
    def name(self) -> str:
        return f"{self.table}: {self.key}"


def _cells(line: str) -> list[str]:
    body = line.strip().strip("|")
    # a `\|` inside a cell is text, not a column border
    return [cell.replace("\\|", "|").strip() for cell in re.split(r"(?<!\\)\|", body)]


def _plain(cell: str) -> str:
    return " ".join(cell.replace("`", "").split())


def readme_rows(text: str | None = None) -> list[Row]:
    """The rows of TABLES, in README order."""
    lines = (text if text is not None else README.read_text(encoding="utf-8")).splitlines()
    rows: list[Row] = []
    section = subsection = None
    in_code = False
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.startswith("```"):
            in_code = not in_code
        elif not in_code and line.startswith("## "):
            section, subsection = line[3:].strip(), None
        elif not in_code and line.startswith("### "):
            subsection = line[4:].strip()
        elif (
            not in_code
            and line.startswith("|")
            and index + 1 < len(lines)
            and re.match(r"^\|\s*-{3}", lines[index + 1])
        ):
            table = TABLES.get((section, subsection))
            index += 2
            while index < len(lines) and lines[index].startswith("|"):
                if table is not None:
                    name, width = table
                    cells = _cells(lines[index])
                    key = " | ".join(_plain(cell) for cell in cells[:width])
                    rows.append(Row(name, key, " | ".join(_plain(cell) for cell in cells[width:])))
                index += 1
            continue
        index += 1
    return rows


def claims() -> dict[str, list[str]]:
    """Row name -> the tests (module::function) that claim it, read from the marks of every
    test function in tests/terminal/test_*.py."""
    found: dict[str, list[str]] = {}
    for path in sorted(HERE.glob("test_*.py")):
        module = importlib.import_module(f"tests.terminal.{path.stem}")
        module_marks = list(getattr(module, "pytestmark", []))
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if not name.startswith("test_") or function.__module__ != module.__name__:
                continue
            for mark in [*module_marks, *getattr(function, "pytestmark", [])]:
                if mark.name == "readme":
                    for row in mark.args:
                        found.setdefault(row, []).append(f"{path.name}::{name}")
    return found


def table_lines(outcomes: dict[str, str] | None = None) -> tuple[list[str], list[str], list[str]]:
    """(printed table, unclaimed rows, claims naming no row)."""
    rows = readme_rows()
    claimed = claims()
    names = {row.name for row in rows}
    lines, missing = [], []
    width = max(len(row.name) for row in rows)
    for row in rows:
        tests = claimed.get(row.name, [])
        if not tests:
            missing.append(row.name)
        shown = (
            ", ".join(f"{test} [{outcomes[test]}]" if outcomes and test in outcomes else test for test in tests)
            or "FALTA UM TESTE"
        )
        lines.append(f"{row.name.ljust(width)} -> {shown}")
    for promise, owner in ELSEWHERE.items():
        lines.append(f"{promise} -> (em construção: {owner})")
    unknown = sorted(name for name in claimed if name not in names)
    return lines, missing, unknown


def pytest_configure(config) -> None:
    config.addinivalue_line("markers", "readme(*rows): the README table rows ('Tabela: linha') a test shows")


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    """The README row -> test table, with outcomes, when a row is unclaimed or with -v."""
    outcomes: dict[str, str] = {}
    ran_here = False
    for outcome in ("passed", "failed", "xfailed", "xpassed", "skipped", "error"):
        for report in terminalreporter.stats.get(outcome, []):
            nodeid = getattr(report, "nodeid", "")
            if "tests/terminal/" not in nodeid or getattr(report, "when", "call") not in ("call", "setup"):
                continue
            ran_here = True
            test = nodeid.split("tests/terminal/", 1)[1].split("[", 1)[0]
            if outcomes.get(test) in (None, "passed"):
                outcomes[test] = outcome
    if not ran_here:
        return
    lines, missing, unknown = table_lines(outcomes)
    if not (missing or unknown or config.option.verbose > 0):
        return
    terminalreporter.section("README: linha -> teste (tests/terminal)")
    for line in lines:
        terminalreporter.write_line(line)
    for name in unknown:
        terminalreporter.write_line(f"marcado mas não está no README: {name}")
    claimed_rows = len(lines) - len(ELSEWHERE) - len(missing)
    terminalreporter.write_line(f"{claimed_rows} de {claimed_rows + len(missing)} linhas com teste")
