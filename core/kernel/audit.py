"""The audit log: append-only records of what happened, never a secret; each entry sealed in a
hash chain (storage/audit_chain.py) that Auditoria and `pdv auditoria verificar` check."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime

from core.kernel.clock import Clock
from core.kernel.permissions import Action, requires
from core.kernel.session import Session
from domain.enums import Module
from storage.audit_chain import ChainReport, check_chain, report_warning
from storage.models import AuditEntry

_SECRET_KEYS = re.compile(r"(senha|password|api[_-]?key|secret|token)", re.IGNORECASE)


def _render(detail: str | Mapping[str, object]) -> str:
    if isinstance(detail, str):
        return detail
    parts = []
    for key, value in detail.items():
        if _SECRET_KEYS.search(key):
            value = "***"
        parts.append(f"{key}={value}")
    return "; ".join(parts)


class AuditLog:
    def __init__(self, clock: Clock) -> None:
        self.clock = clock

    def record(
        self,
        event: str,
        detail: str | Mapping[str, object] = "",
        *,
        user: str | None = None,
        branch_cnpj: str | None = None,
        sale_id: int | None = None,
    ) -> AuditEntry:
        return AuditEntry.create(
            at=self.clock.now(),
            user=user,
            event=event,
            detail=_render(detail),
            branch_cnpj=branch_cnpj,
            sale_id=sale_id,
        )

    @requires(Action.AUDIT)
    def entries(self, session: Session, limit: int = 500, offset: int = 0) -> list[AuditEntry]:
        """The log, newest first; only for a session allowed into Auditoria."""
        session.require(Module.AUDIT)
        query = AuditEntry.select().order_by(AuditEntry.id.desc()).limit(limit).offset(offset)
        return list(query)

    @requires(Action.AUDIT)
    def chain(self, session: Session) -> ChainReport:
        """The hash chain walked from the first entry: intact, or the first entry that does not
        match (changed, removed before it, written around the PDV)."""
        session.require(Module.AUDIT)
        return check_chain()

    @requires(Action.AUDIT)
    def chain_warning(self, session: Session, width: int = 78) -> str | None:
        """The one line Auditoria shows when the chain is broken (None when it is intact)."""
        return report_warning(self.chain(session), width)

    def since(self, moment: datetime) -> list[AuditEntry]:
        return list(AuditEntry.select().where(AuditEntry.at >= moment).order_by(AuditEntry.id))
