"""The License Server's own state: one SQLite file (license.sqlite3), its own peewee Database.

Per CNPJ: the situation the Régua de Cobrança answers, the text to show, the trust-unlock rules
and the grants made. Plus the history of every call the PDV made (time, route, CNPJ, version,
answer). A CNPJ the scenario does not list is answered with the scenario's defaults.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import peewee as pw

from servers.license import texts

PRAGMAS = {"journal_mode": "wal", "busy_timeout": 10_000, "synchronous": "normal"}


@dataclass
class TrustRules:
    """Desbloqueio em Confiança: `days` granted each time, at most `max_per_30_days` grants in
    any 30 days, or `refuse` every request with `reason`."""

    days: int = texts.DEFAULT_TRUST_DAYS
    max_per_30_days: int = texts.DEFAULT_TRUST_MAX_PER_30_DAYS
    refuse: bool = False
    reason: str = texts.DEFAULT_REFUSAL

    def updated(self, **changes: Any) -> TrustRules:
        values = asdict(self)
        values.update({k: v for k, v in changes.items() if v is not None})
        return TrustRules(**values)


@dataclass
class BranchState:
    cnpj: str
    situation: str
    message: str
    rules: TrustRules
    updated_at: datetime | None = None


def _models(db: pw.Database):
    class Base(pw.Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Meta_(Base):
        """Key/value: scenario, default situation, message and trust rules (JSON)."""

        key = pw.CharField(primary_key=True)
        value = pw.TextField()

        class Meta:
            table_name = "meta"

    class BranchRow(Base):
        cnpj = pw.CharField(primary_key=True)
        situation = pw.CharField()
        message = pw.TextField()
        trust_days = pw.IntegerField()
        trust_max_per_30_days = pw.IntegerField()
        trust_refuse = pw.BooleanField()
        trust_reason = pw.TextField()
        updated_at = pw.DateTimeField()

        class Meta:
            table_name = "branch"

    class GrantRow(Base):
        cnpj = pw.CharField(index=True)
        granted_at = pw.DateTimeField()
        until = pw.DateField()
        supervisor = pw.CharField(default="")
        user = pw.CharField(default="")

        class Meta:
            table_name = "trust_grant"

    class CallRow(Base):
        at = pw.DateTimeField(index=True)
        route = pw.CharField()
        cnpj = pw.CharField(default="", index=True)
        version = pw.CharField(default="")
        status_code = pw.IntegerField()
        answer = pw.TextField()

        class Meta:
            table_name = "call"

    return Meta_, BranchRow, GrantRow, CallRow


def _check_section(section: dict[str, Any]) -> None:
    """The shapes this service relies on (the PDV's loader validates scenario files fully)."""
    entries = [section, *(section.get("branches") or [])]
    for entry in entries:
        situation = entry.get("situation", texts.RELEASED)
        if situation not in texts.SITUATIONS:
            raise ValueError(f"license: situação {situation!r} inválida")
        rules = entry.get("trust_unlock") or {}
        unknown = set(rules) - set(TrustRules.__dataclass_fields__)
        if unknown:
            raise ValueError(f"license.trust_unlock: chaves desconhecidas {sorted(unknown)}")


def compact(cnpj: str) -> str:
    return "".join(ch for ch in str(cnpj).upper() if ch.isalnum())


MAX_CLOCK_OFFSET = timedelta(days=3660)
"""How far the trainer may move the server's clock from the machine's (either way): ten years."""


class ClockError(ValueError):
    """A clock the trainer asked for that is out of range; str() is one Portuguese sentence."""


class LicenseStore:
    def __init__(self, path: Path, now: Callable[[], datetime]) -> None:
        self.machine_now = now
        self.db = pw.SqliteDatabase(str(path), pragmas=PRAGMAS, check_same_thread=False)
        self.Meta, self.Branch, self.Grant, self.Call = _models(self.db)
        self._lock = threading.RLock()
        with self._connection():
            self.db.create_tables([self.Meta, self.Branch, self.Grant, self.Call], safe=True)

    @contextmanager
    def _connection(self) -> Iterator[None]:
        """A connection for this thread, opened (and closed) only by the outermost use."""
        opened = self.db.is_closed()
        if opened:
            self.db.connect()
        try:
            yield
        finally:
            if opened:
                self.db.close()

    # --- seeding ----------------------------------------------------------------------------

    def is_empty(self) -> bool:
        with self._connection():
            return not self.Meta.select().exists()

    def load_world(self, name: str, world: dict[str, Any]) -> None:
        """Replaces the whole state (situations, rules, grants, history) by the scenario's."""
        section = world.get("license", {}) or {}
        _check_section(section)
        default_situation = section.get("situation", texts.RELEASED)
        default_message = section.get("message") or texts.DEFAULT_MESSAGES[default_situation]
        default_rules = TrustRules().updated(**(section.get("trust_unlock") or {}))
        now = self.now()
        with self._lock, self._connection(), self.db.atomic():
            for model in (self.Meta, self.Branch, self.Grant, self.Call):
                model.delete().execute()
            self._set_meta("scenario", name)
            self._set_meta("situation", default_situation)
            self._set_meta("message", default_message)
            self._set_meta("trust_unlock", json.dumps(asdict(default_rules)))
            for branch in world.get("branches", []):
                cnpj = compact(branch.get("cnpj", ""))
                self._write_branch(BranchState(cnpj, default_situation, default_message, default_rules), now)
            for entry in section.get("branches", []) or []:
                cnpj = compact(entry.get("cnpj", ""))
                situation = entry.get("situation", default_situation)
                message = entry.get("message") or texts.DEFAULT_MESSAGES[situation]
                rules = default_rules.updated(**(entry.get("trust_unlock") or {}))
                self._write_branch(BranchState(cnpj, situation, message, rules), now)

    def _set_meta(self, key: str, value: str) -> None:
        self.Meta.replace(key=key, value=value).execute()

    def _meta(self, key: str, default: str = "") -> str:
        row = self.Meta.get_or_none(self.Meta.key == key)
        return row.value if row else default

    def _write_branch(self, state: BranchState, now: datetime) -> None:
        self.Branch.replace(
            cnpj=state.cnpj,
            situation=state.situation,
            message=state.message,
            trust_days=state.rules.days,
            trust_max_per_30_days=state.rules.max_per_30_days,
            trust_refuse=state.rules.refuse,
            trust_reason=state.rules.reason,
            updated_at=now,
        ).execute()

    # --- the server's clock ----------------------------------------------------------------

    def clock_offset(self) -> timedelta:
        """How far the trainer moved this server's clock from the machine's (0 after a reset)."""
        with self._connection():
            try:
                return timedelta(seconds=float(self._meta("clock_offset_seconds", "0") or 0))
            except (ValueError, OverflowError):
                return timedelta(0)

    def now(self) -> datetime:
        """The server's clock: the machine's (or the test's), moved by the trainer's offset."""
        return self.machine_now() + self.clock_offset()

    def set_clock_offset(self, offset: timedelta) -> datetime:
        """Moves the clock to machine time + `offset`; ClockError beyond ten years either way."""
        if abs(offset) > MAX_CLOCK_OFFSET:
            raise ClockError("o relógio do License Server fica a no máximo 3660 dias (10 anos) do relógio da máquina")
        with self._lock, self._connection():
            self._set_meta("clock_offset_seconds", repr(offset.total_seconds()))
        return self.now()

    def advance_clock(self, delta: timedelta) -> datetime:
        return self.set_clock_offset(self.clock_offset() + delta)

    def set_clock(self, moment: datetime | None) -> datetime:
        """The clock at `moment` from now on (None: back to the machine's)."""
        return self.set_clock_offset(timedelta(0) if moment is None else moment - self.machine_now())

    # --- reading ----------------------------------------------------------------------------

    @property
    def scenario(self) -> str:
        with self._connection():
            return self._meta("scenario")

    def defaults(self) -> BranchState:
        with self._connection():
            rules = TrustRules(**json.loads(self._meta("trust_unlock", "{}") or "{}"))
            situation = self._meta("situation", texts.RELEASED)
            return BranchState("*", situation, self._meta("message", ""), rules)

    def branch(self, cnpj: str) -> BranchState:
        with self._connection():
            row = self.Branch.get_or_none(self.Branch.cnpj == cnpj)
        if row is None:
            default = self.defaults()
            return BranchState(cnpj, default.situation, default.message, default.rules)
        return self._state(row)

    @staticmethod
    def _state(row) -> BranchState:
        rules = TrustRules(row.trust_days, row.trust_max_per_30_days, row.trust_refuse, row.trust_reason)
        return BranchState(row.cnpj, row.situation, row.message, rules, row.updated_at)

    def branches(self) -> list[BranchState]:
        with self._connection():
            return [self._state(row) for row in self.Branch.select().order_by(self.Branch.cnpj)]

    def grants(self, cnpj: str | None = None) -> list[dict[str, Any]]:
        with self._connection():
            query = self.Grant.select().order_by(self.Grant.id.desc())
            if cnpj:
                query = query.where(self.Grant.cnpj == cnpj)
            return [
                {
                    "cnpj": g.cnpj,
                    "granted_at": g.granted_at.isoformat(),
                    "until": g.until.isoformat(),
                    "supervisor": g.supervisor,
                    "user": g.user,
                }
                for g in query
            ]

    def grant_in_force(self, cnpj: str) -> date | None:
        """The date until which a trust unlock frees this CNPJ, if one is in force today."""
        today = self.now().date()
        with self._connection():
            row = (
                self.Grant.select()
                .where((self.Grant.cnpj == cnpj) & (self.Grant.until >= today))
                .order_by(self.Grant.until.desc())
                .first()
            )
        return row.until if row else None

    def history(self, cnpj: str | None = None, limit: int = 100) -> list[dict[str, Any]]:
        with self._connection():
            query = self.Call.select().order_by(self.Call.id.desc()).limit(limit)
            if cnpj:
                query = query.where(self.Call.cnpj == cnpj)
            return [
                {
                    "at": c.at.isoformat(),
                    "route": c.route,
                    "cnpj": c.cnpj,
                    "version": c.version,
                    "status_code": c.status_code,
                    "answer": json.loads(c.answer),
                }
                for c in query
            ]

    # --- changing ---------------------------------------------------------------------------

    def set_situation(self, cnpj: str, situation: str, message: str | None) -> BranchState:
        with self._lock, self._connection(), self.db.atomic():
            current = self.branch(cnpj)
            text = message if message is not None else texts.DEFAULT_MESSAGES[situation]
            state = BranchState(cnpj, situation, text, current.rules)
            self._write_branch(state, self.now())
        return self.branch(cnpj)

    def set_rules(self, cnpj: str | None, **changes: Any) -> list[BranchState]:
        """Changes the rules of one CNPJ, or (cnpj None) the default and every CNPJ."""
        now = self.now()
        with self._lock, self._connection(), self.db.atomic():
            if cnpj is None:
                rules = self.defaults().rules.updated(**changes)
                self._set_meta("trust_unlock", json.dumps(asdict(rules)))
                targets = self.branches()
            else:
                targets = [self.branch(cnpj)]
            for state in targets:
                state.rules = state.rules.updated(**changes)
                self._write_branch(state, now)
        return [self.branch(state.cnpj) for state in targets]

    def clear_grants(self, cnpj: str) -> int:
        with self._lock, self._connection():
            return self.Grant.delete().where(self.Grant.cnpj == cnpj).execute()

    def revoke_grants(self, cnpj: str) -> int:
        """Ends the grants in force for this CNPJ today (they end yesterday): the next check
        answers the branch's own situation again, and they still count for the 30-day limit."""
        yesterday = self.now().date() - timedelta(days=1)
        with self._lock, self._connection():
            return (
                self.Grant.update(until=yesterday)
                .where((self.Grant.cnpj == cnpj) & (self.Grant.until > yesterday))
                .execute()
            )

    def request_trust_unlock(self, cnpj: str, supervisor: str, user: str) -> tuple[date | None, str]:
        """(until, "") when granted, (None, reason) when not, by this CNPJ's rules."""
        now = self.now()
        with self._lock, self._connection(), self.db.atomic():
            state = self.branch(cnpj)
            if state.rules.refuse:
                return None, state.rules.reason
            if state.situation not in (texts.PARTIAL_BLOCK, texts.TOTAL_BLOCK):
                return None, "Este CNPJ não está bloqueado: não há o que desbloquear."
            since = now - timedelta(days=30)
            used = self.Grant.select().where((self.Grant.cnpj == cnpj) & (self.Grant.granted_at > since)).count()
            if used >= state.rules.max_per_30_days:
                return None, (
                    f"Limite de {state.rules.max_per_30_days} desbloqueio(s) em confiança a cada 30 "
                    "dias já atingido para este CNPJ."
                )
            until = (now + timedelta(days=state.rules.days)).date()
            self.Grant.create(cnpj=cnpj, granted_at=now, until=until, supervisor=supervisor, user=user)
            return until, ""

    def record_call(self, route: str, cnpj: str, version: str, status_code: int, answer: dict[str, Any]) -> None:
        with self._connection():
            self.Call.create(
                at=self.now(),
                route=route,
                cnpj=cnpj,
                version=version,
                status_code=status_code,
                answer=json.dumps(answer, ensure_ascii=False),
            )
