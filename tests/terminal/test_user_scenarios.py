"""A trainer's scenario by name, on a real terminal: `pdv scenarios novo sexta` writes it in the
user's scenarios folder, the trainer turns on Bloqueio Total, and `pdv demo sexta` (a name, no
path) shows the AVISO FINANCEIRO at login."""

from __future__ import annotations

import os
import subprocess

from tests.terminal.conftest import login
from tests.terminal.harness import pdv_executable


def test_a_user_scenario_by_name_shows_the_aviso_at_login(start_pdv, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    env = {key: value for key, value in os.environ.items() if not key.startswith(("XDG_", "PDV_"))}
    made = subprocess.run(
        [pdv_executable(), "scenarios", "novo", "sexta", "--de", "treinamento"],
        env={**env, "HOME": str(home)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert made.returncode == 0, made.stderr
    path = home / ".config" / "pdv-sim" / "scenarios" / "sexta.toml"
    assert path.is_file()
    with path.open("a", encoding="utf-8") as handle:
        handle.write('\n[license]\nsituation = "bloqueio-total"\n')

    term = start_pdv("demo", "sexta", home=home)
    login(term)
    term.wait_for(r"AVISO FINANCEIRO")
    term.wait_for(r"DESBLOQUEIO EM CONFIANÇA")
    assert "Menu principal" not in term.text()
