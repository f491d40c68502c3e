"""From a checked user to a session: the place where the login-time rules are applied."""

from __future__ import annotations

from core.kernel.context import AppContext
from core.kernel.session import Session
from domain.enums import Role
from storage.models import User


def start_session(ctx: AppContext, user: User) -> Session:
    branch = ctx.current_branch()
    ctx.audit.record("login", {"papel": user.role}, user=user.login, branch_cnpj=ctx.branch_cnpj)
    return Session(
        user_id=user.id,
        login=user.login,
        user_name=user.name,
        role=Role(user.role),
        branch_id=branch.id,
        branch_cnpj=ctx.branch_cnpj,
        branch_name=branch.trade_name or branch.name,
    )
