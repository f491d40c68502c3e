"""A scenario file written next to a copy of treinamento.toml (which it may extend by name)."""

from __future__ import annotations

import shutil
from pathlib import Path

from storage.scenarios.loader import SCENARIO_DIR


def write_scenario(tmp_path: Path, name: str, text: str) -> Path:
    shutil.copy(SCENARIO_DIR / "treinamento.toml", tmp_path / "treinamento.toml")
    path = tmp_path / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path
