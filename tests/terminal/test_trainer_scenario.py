"""A trainer's own scenario file, outside the package, on a real terminal: `pdv demo FILE` with
`extends = "treinamento"` and Bloqueio Total shows the AVISO FINANCEIRO after the login (the
embedded services read that same file)."""

from __future__ import annotations

from tests.terminal.conftest import login

AULA = """[scenario]
extends = "treinamento"
title = "Aula de sexta: Bloqueio Total"

[license]
situation = "bloqueio-total"
"""


def test_trainers_file_outside_the_package_shows_the_aviso(start_pdv, tmp_path):
    path = tmp_path / "aulas" / "sexta.toml"
    path.parent.mkdir()
    path.write_text(AULA, encoding="utf-8")
    term = start_pdv("demo", str(path))
    login(term)
    term.wait_for(r"AVISO FINANCEIRO")
    term.wait_for(r"DESBLOQUEIO EM CONFIANÇA")
    assert "Menu principal" not in term.text()
