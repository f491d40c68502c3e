"""The error log: a real exception carrying secrets, written with its traceback and locals,
masked; a rotating file in the user's log folder; nothing ever on the terminal."""

from __future__ import annotations

import logging
import subprocess
import sys
from logging.handlers import RotatingFileHandler

import pytest

from core.kernel import error_log
from core.kernel.redact import MASK, redact, remember_secret
from core.lgpd.client import PortalAccess


def call_the_portal(access: PortalAccess, database_url: str) -> None:
    headers = access.headers()
    api_key = access.api_key  # noqa: F841 - what a traceback with locals would print
    raise ConnectionError(f"portal recusou {headers} (banco {database_url}, senha={access.password})")


def test_a_real_exception_with_secrets_is_logged_masked(log_file, capfd):
    access = PortalAccess("http://portal:8700/lgpdata?token=tok-3141", "KEY-1a2b3c", "operador", "pw-9z8y7x", 3.0)
    try:
        call_the_portal(access, "postgresql://pdv:pg-s3cr3t@db.loja:5432/pdv")
    except ConnectionError as exc:
        error_log.log_unexpected(exc, "teste")
    logged = log_file.read_text(encoding="utf-8")
    for secret in ("KEY-1a2b3c", "pw-9z8y7x", "pg-s3cr3t", "tok-3141"):
        assert secret not in logged, secret
    assert "Falha inesperada em teste: ConnectionError" in logged
    assert "Traceback (most recent call last)" in logged and "in call_the_portal" in logged
    assert "variáveis de call_the_portal" in logged  # the frame's locals are there, masked
    assert f"api_key = {MASK}" in logged and "'Acesso': 'operador'" in logged
    assert f"'API-KEY': '{MASK}'" in logged and f"postgresql://pdv:{MASK}@db.loja" in logged
    out, err = capfd.readouterr()
    assert out == "" and err == ""  # never on the terminal


def test_the_logger_never_reaches_the_root_logger_or_the_terminal(log_file, capfd):
    logger = error_log.get_logger()
    assert logger.propagate is False
    assert any(isinstance(handler, RotatingFileHandler) for handler in logger.handlers)
    error_log.log_line("uma linha", logging.ERROR)
    assert capfd.readouterr() == ("", "")
    assert "uma linha" in log_file.read_text(encoding="utf-8")


def test_header_values_the_http_client_sends_are_masked_wherever_they_appear(log_file):
    from core.kernel.http import make_client

    make_client(
        "http://127.0.0.1:9/lgpdata", 1.0, headers={"API-KEY": "chave-zq81", "Acesso": "op", "Senha": "senha-k27"}
    )
    error_log.log_line("resposta sem contexto: chave-zq81 / senha-k27")
    logged = log_file.read_text(encoding="utf-8")
    assert "chave-zq81" not in logged and "senha-k27" not in logged and f"{MASK} / {MASK}" in logged


def test_the_log_rotates(log_file, monkeypatch):
    monkeypatch.setattr(error_log, "MAX_BYTES", 2_000)
    error_log.use_directory(log_file.parent)  # a new handler with the small limit
    for n in range(60):
        error_log.log_line(f"linha {n} " + "x" * 60)
    assert log_file.exists() and (log_file.parent / f"{error_log.FILE_NAME}.1").exists()
    assert log_file.stat().st_size <= 2_000


def test_a_log_folder_that_cannot_be_created_never_fails(tmp_path, capfd):
    blocker = tmp_path / "arquivo"
    blocker.write_text("não é pasta", encoding="utf-8")
    before = error_log.use_directory(blocker / "log")
    try:
        try:
            raise ValueError("x")
        except ValueError as exc:
            error_log.log_unexpected(exc)
    finally:
        error_log.use_directory(before)
    assert capfd.readouterr() == ("", "")


def test_the_default_folder_is_the_users_log_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    before = error_log.use_directory(None)
    try:
        assert error_log.log_path() == tmp_path / "state" / "pdv-sim" / "log" / "pdv.log"
    finally:
        error_log.use_directory(before)


def test_starting_the_pdv_sets_up_no_log_handler():
    """Cheap at start-up: logging.handlers is imported on the first error, not before."""
    code = "import sys, tui.cli.main, tui.app\nassert 'logging.handlers' not in sys.modules\n"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("text", "hidden"),
    [
        ("postgresql://pdv:hunter2@db:5432/pdv", "hunter2"),
        ("http://host/lic?token=abc123&cnpj=1", "abc123"),
        ("http://host/lic?api_key=abc123", "abc123"),
        ("{'API-KEY': 'k-1', 'Senha': 'p-2'}", "k-1"),
        ("{'API-KEY': 'k-1', 'Senha': 'p-2'}", "p-2"),
        ("LgpdSettingsForm(api_key='k-1', password='p-2')", "p-2"),
        ('{"password": "p w 3"}', "p w 3"),
        ("senha=1234 usuario=op", "1234"),
        ("Authorization: Bearer eyJ.abc.def", "eyJ.abc.def"),
        ("Senha: abcdef", "abcdef"),
    ],
)
def test_redact_masks(text, hidden):
    masked = redact(text)
    assert hidden not in masked and MASK in masked


def test_redact_keeps_what_is_not_secret():
    for text in ("usuario=op cnpj=12.345.678/0001-90", "http://127.0.0.1:8700/license", "password: str"):
        assert redact(text) == text


def test_a_remembered_value_is_masked_anywhere():
    remember_secret("valor-lembrado-77")
    remember_secret("ab")  # too short to mask by value
    assert redact("erro: valor-lembrado-77 ab") == f"erro: {MASK} ab"
