"""The Integração Portal LGPD on a real terminal (supervisor / 4321): the saved API-KEY, Acesso and
Senha are drawn as one fixed hint, never as the secret nor as one bullet per character; Gravar
without retyping them keeps them, and Testar conexão still passes with what was kept. The store
file, its -wal and the terminal's own output never hold them in clear."""

from __future__ import annotations

import re
import stat

from tests.terminal.conftest import login
from tests.terminal.flows import wait_words
from tests.terminal.screens import connection_test, integration

API_KEY = "BEMESTAR-7F3A-2026"  # the treinamento scenario's (storage/scenarios/files/treinamento.toml)
ACCESS = "pdv.bemestar"
PASSWORD = "Termo@2026"
HINT = "•••••••• (gravada)"


def secret_rows(screen: str) -> dict[str, str]:
    """What each secret's row shows after its label."""
    rows = {}
    for label in ("API-KEY", "Acesso", "Senha"):
        match = re.search(rf"^.*?\b{label}\s+(.*?)\s*[│┃]?\s*$", screen, re.M)
        assert match is not None, label
        rows[label] = match.group(1)
    return rows


def test_saved_secrets_are_a_fixed_hint_and_saving_without_retyping_keeps_them(start_pdv, tmp_path):
    db = tmp_path / "loja.sqlite3"  # the demo's store on a file this test can read afterwards
    home = tmp_path / "home"
    home.mkdir()
    term = start_pdv("demo", "treinamento", "--db", str(db), home=home)
    login(term, "supervisor", "4321")
    term.wait_for(r"Menu principal")

    integration(term)
    screen = term.wait_for(r"API-KEY\s+" + re.escape(HINT)).string
    rows = secret_rows(screen)
    assert all(HINT in shown for shown in rows.values()), rows
    for secret in (API_KEY, ACCESS, PASSWORD):
        assert secret not in screen
    # one bullet per character would tell the length: every run of bullets is the hint's
    assert {len(run) for run in re.findall("[•*]+", screen)} == {8}

    term.press("f2")  # Gravar without typing a secret
    wait_words(term, "Configuração gravada. Nada foi alterado.")
    term.wait_for(r"Senha\s+" + re.escape(HINT))
    connection_test(term, "Conexão OK: API-KEY, Acesso e Senha aceitos pelo portal.")

    term.wait_for(r"API-KEY\s+" + re.escape(HINT))
    term.press("esc")
    term.wait_for(r"Clique aqui para configurar")  # back on Parâmetros
    output = bytes(term.raw)
    term.close()
    for secret in (API_KEY, PASSWORD):
        assert secret.encode() not in output
        for path in tmp_path.glob("loja.sqlite3*"):
            assert secret.encode() not in path.read_bytes(), path.name
    key = home / ".config" / "pdv-sim" / "secret.key"
    assert key.exists() and stat.S_IMODE(key.stat().st_mode) == 0o600
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
