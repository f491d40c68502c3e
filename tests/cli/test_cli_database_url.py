"""`--db URL` checked before the first screen: a scheme the PDV does not open, a port that is
not one, the PostgreSQL driver missing. One clear line each, never the password."""

from __future__ import annotations

import os

import pytest

from tests.support.cli_support import assert_one_clear_line, run

SECRET = "s3nh4-da-loja"


@pytest.mark.parametrize(
    "url, needle",
    [
        (f"mysql://pdv:{SECRET}@servidor/loja", "use um arquivo SQLite ou uma URL postgresql://"),
        (f"postgresql://pdv:{SECRET}@servidor:99999/loja", "URL de banco de dados inválida"),
    ],
)
def test_a_bad_database_url_is_one_line_without_the_password(url, needle):
    result = run("--db", url)
    assert_one_clear_line(result, needle)
    assert SECRET not in result.stderr + result.stdout and "pdv:***@servidor" in result.stderr


def test_without_the_driver_the_extra_is_named(tmp_path):
    """`psycopg` made unimportable in the child (as without the extra installed)."""
    (tmp_path / "sitecustomize.py").write_text("import sys\nsys.modules['psycopg'] = None\n")
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    result = run("--db", f"postgresql://pdv:{SECRET}@servidor/loja", env=env)
    assert_one_clear_line(result, "pdv-sim[postgres]")
    assert SECRET not in result.stderr
