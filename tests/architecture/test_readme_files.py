"""What the README and pyproject.toml point at exists: every image the README shows (the AVISO
FINANCEIRO figures are snapshot SVGs), and every package-data pattern matches a file (a pattern
matching nothing ships nothing and hides a missing file)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from urllib.parse import unquote

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)[^)]*\)|<img\b[^>]*\bsrc=[\"']([^\"']+)[\"']", re.IGNORECASE)


def readme_images() -> list[str]:
    return [unquote(match.group(2) or match.group(3)) for match in IMAGE.finditer(README)]


def test_every_image_the_readme_shows_exists():
    images = readme_images()
    assert images, "o README não mostra nenhuma imagem"
    missing = [image for image in images if "://" not in image and not (ROOT / image).is_file()]
    assert missing == []
    assert not [image for image in images if "://" in image]  # the README reads offline too


def test_the_three_figures_are_the_billing_notice_snapshots():
    for number, scenario in (("01", "mensagem"), ("02", "bloqueio_parcial"), ("03", "bloqueio_total")):
        shown = [image for image in readme_images() if image.endswith(f"test_snapshot_aviso_{scenario}.svg")]
        assert shown == [f"snapshots/test_snapshots_billing/test_snapshot_aviso_{scenario}.svg"]
        assert re.search(rf"!\[Figura {number}: [^\]]+\]\({re.escape(shown[0])}\)", README)
    assert all(f"Figura {n}" in README for n in ("01", "02", "03"))


def test_every_package_data_pattern_matches_a_file():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    package_data = config["tool"]["setuptools"]["package-data"]
    empty = [
        f"{package}: {pattern}"
        for package, patterns in package_data.items()
        for pattern in patterns
        if not any(path.is_file() for path in (ROOT / package.replace(".", "/")).glob(pattern))
    ]
    assert empty == []
