"""Login and supervisor checks: argon2 passwords, five failures in a row lock for five minutes."""
from __future__ import annotations

from datetime import timedelta

from core.audit import AuditLog
from core.clock import Clock
from core.domain import Role
from core.errors import AuthError
from storage.models import User
from storage.passwords import verify_password

MAX_ATTEMPTS = 5
LOCK_MINUTES = 5
INVALID = "Usuário ou senha inválidos."


class AuthService:
    def __init__(self, clock: Clock, audit: AuditLog) -> None:
        self.clock = clock
        self.audit = audit

    def authenticate(self, login: str, password: str, *, purpose: str = "login") -> User:
        """Returns the user or raises AuthError; counts failures toward the lockout."""
        login = login.strip()
        if not login or not password:
            raise AuthError("Informe usuário e senha.")
        user = User.get_or_none(User.login == login)
        if user is None:
            self.audit.record("login_falhou", {"motivo": "usuário inexistente", "uso": purpose}, user=login)
            raise AuthError(INVALID)
        now = self.clock.now()
        if user.locked_until and user.locked_until > now:
            raise AuthError(
                f"Usuário {login} bloqueado por excesso de tentativas até "
                f"{user.locked_until:%H:%M}."
            )
        if not verify_password(user.password_hash, password):
            user.failed_attempts += 1
            if user.failed_attempts >= MAX_ATTEMPTS:
                user.locked_until = now + timedelta(minutes=LOCK_MINUTES)
                user.failed_attempts = 0
                user.save()
                self.audit.record(
                    "usuario_bloqueado",
                    {"tentativas": MAX_ATTEMPTS, "ate": f"{user.locked_until:%d/%m/%Y %H:%M}", "uso": purpose},
                    user=login,
                )
                raise AuthError(
                    f"Senha incorreta {MAX_ATTEMPTS} vezes: usuário {login} bloqueado por "
                    f"{LOCK_MINUTES} minutos."
                )
            user.save()
            self.audit.record("login_falhou", {"motivo": "senha incorreta", "uso": purpose}, user=login)
            left = MAX_ATTEMPTS - user.failed_attempts
            raise AuthError(f"{INVALID} Restam {left} tentativa(s) antes do bloqueio.")
        if user.failed_attempts or user.locked_until:
            user.failed_attempts = 0
            user.locked_until = None
            user.save()
        return user

    def authenticate_supervisor(self, login: str, password: str, *, purpose: str) -> User:
        user = self.authenticate(login, password, purpose=purpose)
        if user.role != Role.SUPERVISOR.value:
            self.audit.record("supervisor_negado", {"uso": purpose}, user=user.login)
            raise AuthError(f"O usuário {user.login} não é supervisor.")
        return user
