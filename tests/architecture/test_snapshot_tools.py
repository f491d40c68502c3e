"""The snapshot tooling QA relies on (tests/support/snapshot_plugin.py, `make snapshots-update`): updating
some snapshots never deletes the others, and snapshot_report.html opens without internet.

Each check runs pytest in a subprocess on a temporary project of two tiny snapshot tests that
loads the same plugin as tests/conftest.py."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

TINY_TESTS = """
import os
from textual.app import App
from textual.widgets import Static


class Tiny(App):
    def __init__(self, text):
        super().__init__()
        self.text = text

    def compose(self):
        yield Static(self.text)


def test_one(snap_compare):
    assert snap_compare(Tiny(os.environ.get("TINY_ONE", "um")), terminal_size=(20, 3))


def test_two(snap_compare):
    assert snap_compare(Tiny(os.environ.get("TINY_TWO", "dois")), terminal_size=(20, 3))
"""


@pytest.fixture
def project(tmp_path) -> Path:
    (tmp_path / "pytest.ini").write_text("[pytest]\naddopts = -p no:cacheprovider\n")
    (tmp_path / "conftest.py").write_text(
        "from tests.support.snapshot_plugin import pytest_sessionfinish  # noqa: F401\n"
    )
    (tmp_path / "test_tiny.py").write_text(TINY_TESTS)
    return tmp_path


def run_pytest(project: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PYTHONPATH": str(ROOT), **env}
    for name in ("PYTEST_XDIST_WORKER", "PYTEST_XDIST_WORKER_COUNT", "PYTEST_ADDOPTS", "TEXTUAL_SNAPSHOT_TEMPDIR"):
        environment.pop(name, None)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", *args],
        cwd=project,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def snapshot_files(project: Path) -> dict[str, str]:
    folder = project / "__snapshots__" / "test_tiny"
    return {path.name: path.read_text() for path in sorted(folder.glob("*.svg"))}


def test_updating_one_snapshot_keeps_the_other(project):
    created = run_pytest(project, "--snapshot-update")
    assert created.returncode == 0, created.stdout + created.stderr
    first = snapshot_files(project)
    assert set(first) == {"test_one.svg", "test_two.svg"}

    selections = {
        "keyword": ["-k", "test_one"],
        "negated keyword": ["-k", "not test_two"],  # syrupy took it as "test_two selected": deleted
        "node id": ["test_tiny.py::test_one"],
    }
    for number, (how, selection) in enumerate(selections.items()):
        before = snapshot_files(project)
        updated = run_pytest(project, "--snapshot-update", *selection, TINY_ONE=f"mudou{number}")
        assert updated.returncode == 0, updated.stdout + updated.stderr
        after = snapshot_files(project)
        assert set(after) == {"test_one.svg", "test_two.svg"}, (how, updated.stdout)
        assert f"mudou{number}" in after["test_one.svg"] and after["test_one.svg"] != before["test_one.svg"], how
        assert after["test_two.svg"] == first["test_two.svg"], how
        assert "deleted" not in updated.stdout, how


def test_a_plain_run_still_reports_an_obsolete_snapshot(project):
    assert run_pytest(project, "--snapshot-update").returncode == 0
    (project / "__snapshots__" / "test_tiny" / "test_gone.svg").write_text("<svg/>")
    plain = run_pytest(project, "--snapshot-details")
    assert plain.returncode != 0 and "test_gone" in plain.stdout
    assert (project / "__snapshots__" / "test_tiny" / "test_gone.svg").exists()


def test_the_report_opens_offline(project):
    assert run_pytest(project, "--snapshot-update").returncode == 0
    changed = run_pytest(project, "--snapshot-report=report/snapshot_report.html", TINY_TWO="outro")
    assert changed.returncode != 0
    html = (project / "report" / "snapshot_report.html").read_text(encoding="utf-8")

    assert "outro" in html and "snapshots mudaram" in html
    assert not re.search(r"<link\b[^>]*https?://", html, re.IGNORECASE)
    assert not re.search(r"<script\b[^>]*\bsrc=", html, re.IGNORECASE)
    assert not re.search(r"url\(\s*[\"']?https?://", html, re.IGNORECASE)
    assert not re.search(r"@import\s+[\"']?(url\()?\s*[\"']?https?://", html, re.IGNORECASE)
    assert "<style>" in html and "data-bs-toggle" in html  # the layout and the modal, inline


def test_make_snapshots_update_passes_the_selection_on():
    def dry_run(*variables: str) -> str:
        """The pytest command line `make` would run (the .venv steps, if due, are only printed)."""
        result = subprocess.run(
            ["make", "-n", "snapshots-update", *variables],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert result.returncode == 0, result.stderr
        return [line for line in result.stdout.splitlines() if "pytest" in line][-1]

    assert "--snapshot-update" in dry_run()
    selected = dry_run("K=aviso", "FILE=tests/billing/test_snapshots_billing.py")
    assert "tests/billing/test_snapshots_billing.py" in selected and "-k 'aviso'" in selected
    assert "--snapshot-update" in selected
