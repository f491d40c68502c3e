"""Everything a running PDV needs, built once at start-up: database, clock, services, settings."""

from __future__ import annotations

from pathlib import Path

import peewee as pw

from core.kernel.audit import AuditLog
from core.kernel.auth import AuthService
from core.kernel.clock import Clock, SystemClock
from core.kernel.config import Config
from storage.db import StorageError, open_database, shown
from storage.models import Branch
from storage.scenarios.scenario import Scenario
from storage.scenarios.seed import is_seeded, seed_once
from storage.settings import get_setting


class AppContext:
    def __init__(self, db: pw.Database, clock: Clock, config: Config) -> None:
        self.db = db
        self.clock = clock
        self.config = config
        self.audit = AuditLog(clock)
        self.auth = AuthService(clock, self.audit)
        self.student_cnpj: str | None = None
        """Classroom mode: the student's own CNPJ for this run (core.trainer.classroom), else None."""

    @property
    def scenario_name(self) -> str:
        return get_setting("scenario", "") or ""

    def scenario_info(self) -> tuple[str, str, str]:
        """(name, title, description) of the scenario this database was seeded from."""
        return (
            get_setting("scenario", "") or "",
            get_setting("scenario_title", "") or "",
            get_setting("scenario_description", "") or "",
        )

    @property
    def app_version(self) -> str:
        return self.config.app_version or get_setting("app_version", "215.000") or "215.000"

    def current_branch(self) -> Branch:
        """The physical branch this PDV runs in (the CNPJ the Régua de Cobrança checks)."""
        code = int(get_setting("current_branch", "1") or 1)
        branch = Branch.get_or_none(Branch.code == code)
        if branch is None:
            raise StorageError(f"Filial atual {code} não cadastrada no banco de dados.")
        return branch

    @property
    def branch_cnpj(self) -> str:
        """The CNPJ this PDV answers for (what the Régua de Cobrança checks, what the audit and
        the session carry): the physical branch's, or in classroom mode the student's own."""
        return self.student_cnpj or self.current_branch().cnpj

    def close(self) -> None:
        if not self.db.is_closed():
            self.db.close()


def build_context(
    db_target: str | Path,
    *,
    config: Config,
    clock: Clock | None = None,
    seed_with: Scenario | None = None,
) -> AppContext:
    """Opens (migrating) the database and seeds it from the scenario if it holds no store yet."""
    clock = clock or SystemClock()
    db = open_database(db_target)
    if seed_with is not None:
        seed_once(db, seed_with, clock.now())
    if not is_seeded(db):
        raise StorageError(f"O banco de dados {shown(db_target)} não tem loja cadastrada.")
    context = AppContext(db, clock, config)
    if config.student is not None:
        from core.trainer.classroom import apply_student

        apply_student(context, config.student)
    return context
