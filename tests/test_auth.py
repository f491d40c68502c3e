from __future__ import annotations

import pytest

from core.auth import MAX_ATTEMPTS
from core.errors import AuthError
from storage.models import AuditEntry, User

pytestmark = pytest.mark.both_engines


def test_login_with_the_demo_password(context):
    user = context.auth.authenticate("operador", "1234")
    assert user.role == "operador"
    assert "1234" not in user.password_hash and user.password_hash.startswith("$argon2")


def test_wrong_password_counts_down_and_locks_for_five_minutes(context, clock):
    for attempt in range(1, MAX_ATTEMPTS):
        with pytest.raises(AuthError, match=f"Restam {MAX_ATTEMPTS - attempt}"):
            context.auth.authenticate("operador", "errada")
    with pytest.raises(AuthError, match="bloqueado por 5 minutos"):
        context.auth.authenticate("operador", "errada")
    with pytest.raises(AuthError, match="bloqueado"):
        context.auth.authenticate("operador", "1234")  # even the right password, while locked
    assert AuditEntry.select().where(AuditEntry.event == "usuario_bloqueado").count() == 1
    clock.advance(minutes=5, seconds=1)
    assert context.auth.authenticate("operador", "1234").login == "operador"
    assert User.get(User.login == "operador").failed_attempts == 0


def test_unknown_user_and_empty_fields(context):
    with pytest.raises(AuthError, match="Usuário ou senha inválidos"):
        context.auth.authenticate("ninguem", "x")
    with pytest.raises(AuthError, match="Informe usuário e senha"):
        context.auth.authenticate("", "")


def test_supervisor_check_refuses_an_operator(context):
    with pytest.raises(AuthError, match="não é supervisor"):
        context.auth.authenticate_supervisor("operador", "1234", purpose="teste")
    assert context.auth.authenticate_supervisor("supervisor", "4321", purpose="teste").login == "supervisor"


def test_passwords_never_reach_the_audit(context):
    with pytest.raises(AuthError):
        context.auth.authenticate("operador", "minha-senha-secreta")
    assert not AuditEntry.select().where(AuditEntry.detail.contains("minha-senha-secreta")).exists()
