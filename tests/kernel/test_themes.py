from __future__ import annotations

import subprocess
import sys

from tui.themes import DEFAULT_THEME, SIXTEEN_COLOUR_THEME, available_themes, resolve_theme


def test_auto_picks_the_ansi_theme_on_thin_terminals():
    assert resolve_theme("auto", {"TERM": "linux"}) == SIXTEEN_COLOUR_THEME
    assert resolve_theme("auto", {"TERM": "xterm-16color"}) == SIXTEEN_COLOUR_THEME
    assert resolve_theme("auto", {"TERM": "xterm-256color"}) == DEFAULT_THEME
    assert resolve_theme("nord", {"TERM": "linux"}) == "nord"


def test_every_offered_theme_exists():
    assert {"auto", "ansi-dark", "textual-dark"} <= set(available_themes())


def test_unknown_theme_is_one_clear_line():
    result = subprocess.run(
        [sys.executable, "-m", "tui", "demo", "treinamento", "--theme", "arco-iris"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert "tema 'arco-iris' não existe" in result.stderr
