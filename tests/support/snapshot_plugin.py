"""Two fixes to the snapshot plugins, loaded by tests/conftest.py.

1. `--snapshot-update` never deletes a snapshot. syrupy deletes the snapshots it thinks are
   "unused", and with `-k` it guesses which ones were selected by plain substring matching
   (`-k "not aviso"` selects every name containing "aviso"), so updating one test deleted
   others. While updating, the unused ones are now left alone; a run without `--snapshot-update`
   still lists them (and fails on them), so an obsolete SVG is found and removed by hand.
2. `snapshot_report.html` (written by pytest-textual-snapshot on a mismatch) works offline: its
   template loads Bootstrap's CSS and JS from a CDN and every SVG names a web font. The written
   report gets the few styles and the modal behaviour it uses inline, the font URLs removed (the
   SVGs fall back to the local monospace font) and its fixed texts in Portuguese.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from syrupy.data import SnapshotCollections
from syrupy.report import SnapshotReport

_syrupy_unused = SnapshotReport.unused


def _unused_unless_updating(report: SnapshotReport) -> SnapshotCollections:
    if report.update_snapshots:
        return SnapshotCollections()
    return _syrupy_unused.fget(report)


SnapshotReport.unused = property(_unused_unless_updating)


REMOTE_STYLESHEET = re.compile(r"<link\b[^>]*\bhref=[\"']https?://[^>]*>", re.IGNORECASE)
REMOTE_SCRIPT = re.compile(r"<script\b[^>]*\bsrc=[\"']https?://[^>]*>\s*</script>", re.IGNORECASE)
REMOTE_FONT = re.compile(r",?\s*url\([\"']?https?://[^)]*\)\s*format\([\"'][^)]*[\"']\)", re.IGNORECASE)

OFFLINE_STYLE = """<style>
/* what the report used from Bootstrap, inline so it opens without internet */
* { box-sizing: border-box; }
body { margin: 0; font-family: system-ui, sans-serif; line-height: 1.4; }
.bg-dark { background-color: #212529 !important; }
.text-white { color: #fff !important; }
.text-muted { color: #adb5bd !important; }
.container-fluid { width: 100%; padding: 0 12px; }
.row { display: flex; flex-wrap: wrap; margin: 0 -12px; }
.row > * { padding: 0 12px; }
.col { flex: 1 0 0%; min-width: 0; }
.col-6 { flex: 0 0 auto; width: 50%; }
.d-flex { display: flex !important; }
.flex-column { flex-direction: column !important; }
.justify-content-between { justify-content: space-between !important; }
.justify-content-center { justify-content: center !important; }
.justify-content-end { justify-content: flex-end !important; }
.align-items-center { align-items: center !important; }
.gap-1 { gap: .25rem !important; }
.w-100 { width: 100% !important; }
.p-4 { padding: 1.5rem !important; }
.px-2 { padding-left: .5rem !important; padding-right: .5rem !important; }
.mb-0 { margin-bottom: 0 !important; } .mb-1 { margin-bottom: .25rem !important; }
.mb-4 { margin-bottom: 1.5rem !important; } .mt-1 { margin-top: .25rem !important; }
.mt-2 { margin-top: .5rem !important; }
.rounded-1 { border-radius: .25rem !important; }
.small { font-size: .875em; } .opacity-75 { opacity: .75; } .text-center { text-align: center; }
.fw-bold { font-weight: 700; } .fw-normal { font-weight: 400; } .lead { font-size: 1.15rem; }
.font-monospace { font-family: ui-monospace, monospace; }
.card { border: 1px solid #6c757d; border-radius: .25rem; }
.card-header { padding: .5rem 1rem; border-bottom: 1px solid #6c757d; }
.card-body { padding: 1rem; }
.border-secondary { border-color: #6c757d !important; }
.table { width: 100%; border-collapse: collapse; }
.table td, .table th { padding: .25rem .5rem; border-bottom: 1px solid #495057; text-align: left;
  word-break: break-all; }
.modal { display: none; position: fixed; inset: 0; background: rgba(0, 0, 0, .6); z-index: 10;
  overflow: auto; }
.modal.show { display: block; }
.modal-dialog { max-width: 800px; margin: 2rem auto; }
.modal-content { border: 1px solid #6c757d; border-radius: .25rem; }
.modal-header, .modal-footer { display: flex; justify-content: space-between; padding: 1rem; }
.modal-body { padding: 1rem; }
.btn-close::after { content: "\\00d7"; }
.btn-close, .btn { cursor: pointer; background: #6c757d; color: #fff; border: 0;
  border-radius: .25rem; padding: .25rem .75rem; }
.form-check-input { margin-right: .5rem; }
</style>"""

OFFLINE_SCRIPT = """<script type="application/javascript">
// the report's "Ambiente" windows, without Bootstrap's script
document.addEventListener("click", function (event) {
    const opener = event.target.closest("[data-bs-toggle='modal']");
    if (opener) {
        event.preventDefault();
        document.querySelector(opener.dataset.bsTarget).classList.add("show");
        return;
    }
    const closer = event.target.closest("[data-bs-dismiss='modal']");
    if (closer || event.target.classList.contains("modal")) {
        (closer || event.target).closest(".modal").classList.remove("show");
    }
});
document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
        document.querySelectorAll(".modal.show").forEach((modal) => modal.classList.remove("show"));
    }
});
</script>"""

PORTUGUESE = {
    '<html lang="en">': '<html lang="pt-BR">',
    "Textual Snapshot Test Report": "Relatório dos snapshots",
    "</strong> snapshots changed": "</strong> snapshots mudaram",
    "</strong> snapshots matched": "</strong> snapshots conferem",
    "Show difference": "Mostrar a diferença",
    "View environment info": "Ver o ambiente",
    "Historical snapshot": "Snapshot gravado (esperado)",
    "No history for this test": "Este teste ainda não tem snapshot",
    "Close\n": "Fechar\n",
    "Report generated at UTC": "Relatório gerado em (UTC)",
}


def make_offline(html: str) -> str:
    """The report with no stylesheet, script or font fetched from the internet."""
    html = REMOTE_STYLESHEET.sub(lambda _: OFFLINE_STYLE, html, count=1)
    html = REMOTE_STYLESHEET.sub("", html)
    html = REMOTE_SCRIPT.sub(lambda _: OFFLINE_SCRIPT, html, count=1)
    html = REMOTE_SCRIPT.sub("", html)
    html = REMOTE_FONT.sub("", html)
    for english, portuguese in PORTUGUESE.items():
        html = html.replace(english, portuguese)
    return html


@pytest.hookimpl(hookwrapper=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int):
    """After pytest-textual-snapshot wrote the report, make it readable offline."""
    yield
    report = getattr(session.config, "_textual_snapshot_html_report", None)
    if report is not None and Path(report).is_file():
        path = Path(report)
        path.write_text(make_offline(path.read_text(encoding="utf-8")), encoding="utf-8")
