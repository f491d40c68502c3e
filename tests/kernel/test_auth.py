from __future__ import annotations

import pytest

from core.kernel.auth import INVALID, LOCK_MINUTES, MAX_ATTEMPTS, UNKNOWN_USER, WINDOW_MINUTES
from core.kernel.errors import AuthError
from core.kernel.permissions import Action
from storage.models import AuditEntry, User

pytestmark = pytest.mark.both_engines


def refused(context, login: str, password: str) -> str:
    with pytest.raises(AuthError) as caught:
        context.auth.authenticate(login, password)
    return str(caught.value)


def test_login_with_the_demo_password(context):
    user = context.auth.authenticate("operador", "1234")
    assert user.role == "operador"
    assert "1234" not in user.password_hash and user.password_hash.startswith("$argon2")


def test_five_wrong_passwords_lock_for_five_minutes_with_the_same_words_throughout(context, clock):
    answers = [refused(context, "operador", "errada") for _ in range(MAX_ATTEMPTS)]
    assert answers == [INVALID] * MAX_ATTEMPTS  # no countdown that tells the user exists
    assert AuditEntry.select().where(AuditEntry.event == "usuario_bloqueado").count() == 1
    assert refused(context, "operador", "1234") == INVALID  # even the right password, while locked
    clock.advance(minutes=LOCK_MINUTES, seconds=1)
    assert context.auth.authenticate("operador", "1234").login == "operador"
    assert User.get(User.login == "operador").failed_attempts == 0


def test_an_unknown_user_gets_the_same_answer_and_is_not_written_down(context):
    assert refused(context, "4321", "x") == refused(context, "operador", "x") == INVALID
    entry = AuditEntry.select().where(AuditEntry.event == "login_falhou").order_by(AuditEntry.id).first()
    assert entry.user is None and UNKNOWN_USER in entry.detail
    assert not AuditEntry.select().where(AuditEntry.detail.contains("4321") | AuditEntry.user.contains("4321")).exists()


def test_a_right_password_does_not_erase_the_wrong_ones_of_its_window(context, clock):
    """Interleaving right logins with guesses gives no more than MAX_ATTEMPTS guesses."""
    for _ in range(MAX_ATTEMPTS - 1):
        refused(context, "supervisor", "0000")
        context.auth.authenticate("supervisor", "4321")
    refused(context, "supervisor", "0000")
    assert refused(context, "supervisor", "4321") == INVALID  # locked: the fifth wrong one counted
    guesses = AuditEntry.select().where(AuditEntry.detail.contains("senha incorreta")).count()
    assert guesses == MAX_ATTEMPTS


def test_the_window_ends_and_its_count_starts_again(context, clock):
    for _ in range(MAX_ATTEMPTS - 1):
        refused(context, "operador", "errada")
    clock.advance(minutes=WINDOW_MINUTES, seconds=1)
    for _ in range(MAX_ATTEMPTS - 1):  # a new window: four more do not lock
        refused(context, "operador", "errada")
    assert context.auth.authenticate("operador", "1234").login == "operador"


def test_empty_fields(context):
    with pytest.raises(AuthError, match="Informe usuário e senha"):
        context.auth.authenticate("", "")


def test_supervisor_check_refuses_an_operator(context):
    with pytest.raises(AuthError, match="não pode autorizar: Liberação do supervisor: acesso restrito a supervisores"):
        context.auth.authenticate_supervisor("operador", "1234", purpose="teste", action=Action.SUPERVISOR_RELEASE)
    supervisor = context.auth.authenticate_supervisor("supervisor", "4321", purpose="teste", action=Action.TRUST_UNLOCK)
    assert supervisor.login == "supervisor"


def test_passwords_never_reach_the_audit(context):
    for login in ("operador", "minha-senha-no-campo-usuario"):
        with pytest.raises(AuthError):
            context.auth.authenticate(login, "minha-senha-secreta")
    assert (
        not AuditEntry.select()
        .where(AuditEntry.detail.contains("minha-senha") | AuditEntry.user.contains("minha-senha"))
        .exists()
    )
