"""Login and supervisor checks: argon2 passwords; five wrong tries per user in a window lock it.

The lockout holds across terminals. A try is admitted *before* its password is checked, by one
UPDATE of the user's row that counts it only while fewer than MAX_ATTEMPTS are counted in the
current window (peewee UPDATE ... WHERE ... RETURNING: SQLite 3.35+ and PostgreSQL alike). The
database serializes those statements, so however many terminals try at once, at most
MAX_ATTEMPTS passwords of a user are checked per window. A right password gives its own try
back; it does not erase the wrong ones before it (an attacker who interleaves with the real
user still gets no more than MAX_ATTEMPTS guesses).

`User.failed_attempts` is the count of the window and `User.locked_until` its end: the window
opens at the first try counted after the previous one ended, and the try that reaches
MAX_ATTEMPTS pushes the end LOCK_MINUTES ahead of it (the lock).

Every refusal says the same words, whether or not the user exists or is locked, and what was
typed is never shown nor stored unless it names an existing user (it may be a password typed in
the wrong field).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import cache

import peewee as pw

from core.kernel.audit import AuditLog
from core.kernel.clock import Clock
from core.kernel.errors import AuthError
from core.kernel.permissions import Action, PermissionDenied, require_role
from storage.models import User
from storage.passwords import hash_password, verify_password

MAX_ATTEMPTS = 5
LOCK_MINUTES = 5
WINDOW_MINUTES = 5
UNKNOWN_USER = "usuário desconhecido"
"""What the audit records in place of a typed login that names no user."""
INVALID = (
    f"Usuário ou senha inválidos. {MAX_ATTEMPTS} tentativas erradas bloqueiam o usuário por {LOCK_MINUTES} minutos."
)
"""The one answer to every refused try: unknown user, wrong password, or a locked user."""
EMPTY = "Informe usuário e senha."


@cache
def _dummy_hash() -> str:
    """A hash to check a password against when no real one is checked (unknown user, locked
    user), so that the time of an answer does not tell which case it was."""
    return hash_password("pdv-sim: nenhum usuário")


class AuthService:
    def __init__(self, clock: Clock, audit: AuditLog) -> None:
        self.clock = clock
        self.audit = audit

    @staticmethod
    def known_login(typed: str) -> str:
        """The typed login if it names a user, else UNKNOWN_USER: what may be written down."""
        login = typed.strip()
        if login and User.select().where(User.login == login).exists():
            return login
        return UNKNOWN_USER

    def authenticate(self, login: str, password: str, *, purpose: str = "login") -> User:
        """Returns the user or raises AuthError (always the INVALID words); counts the try."""
        login = login.strip()
        if not login or not password:
            raise AuthError(EMPTY)
        user = User.get_or_none(User.login == login)
        if user is None:
            verify_password(_dummy_hash(), password)
            self.audit.record("login_falhou", {"motivo": UNKNOWN_USER, "uso": purpose})
            raise AuthError(INVALID)
        now = self.clock.now()
        window = self._admit(user, now)
        if window is None:
            verify_password(_dummy_hash(), password)
            self.audit.record("login_falhou", {"motivo": "usuário bloqueado", "uso": purpose}, user=user.login)
            raise AuthError(INVALID)
        count, window_end = window
        if verify_password(user.password_hash, password):
            self._give_back(user, window_end)
            return User.get_by_id(user.id)
        self.audit.record(
            "login_falhou",
            {"motivo": "senha incorreta", "tentativa": count, "uso": purpose},
            user=user.login,
        )
        if count >= MAX_ATTEMPTS:
            until = now + timedelta(minutes=LOCK_MINUTES)
            User.update(locked_until=until).where(
                (User.id == user.id) & (User.failed_attempts >= MAX_ATTEMPTS) & (User.locked_until == window_end)
            ).execute()
            self.audit.record(
                "usuario_bloqueado",
                {"tentativas": MAX_ATTEMPTS, "ate": f"{until:%d/%m/%Y %H:%M}", "uso": purpose},
                user=user.login,
            )
        raise AuthError(INVALID)

    def _admit(self, user: User, now: datetime) -> tuple[int, datetime] | None:
        """Counts one try of `user` in one statement; (count, window end), or None when the
        window already holds MAX_ATTEMPTS (the user is locked until it ends)."""
        ended = User.locked_until.is_null() | (User.locked_until <= now)
        new_end = now + timedelta(minutes=WINDOW_MINUTES)
        query = (
            User.update(
                failed_attempts=pw.Case(None, [(ended, 1)], User.failed_attempts + 1),
                locked_until=pw.Case(None, [(ended, new_end)], User.locked_until),
            )
            .where((User.id == user.id) & (ended | (User.failed_attempts < MAX_ATTEMPTS)))
            .returning(User.failed_attempts, User.locked_until)
        )
        rows = list(query.execute())
        if not rows:
            return None
        return rows[0].failed_attempts, rows[0].locked_until

    @staticmethod
    def _give_back(user: User, window_end: datetime) -> None:
        """A right password was not a failure: its try leaves the count of its own window (a
        window that ended meanwhile is another one, left as it is)."""
        User.update(failed_attempts=User.failed_attempts - 1).where(
            (User.id == user.id) & (User.failed_attempts > 0) & (User.locked_until == window_end)
        ).execute()

    def authenticate_supervisor(self, login: str, password: str, *, purpose: str, action: Action) -> User:
        """A user whose role the permission table allows `action` (a supervisor's release, a
        trust unlock): their login and password, checked and counted like a login."""
        user = self.authenticate(login, password, purpose=purpose)
        try:
            require_role(user.role, action)
        except PermissionDenied as refused:
            self.audit.record("supervisor_negado", {"uso": purpose, "acao": action.label}, user=user.login)
            raise AuthError(f"O usuário {user.login} não pode autorizar: {refused}") from None
        return user
