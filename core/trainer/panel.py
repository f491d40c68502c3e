"""Painel do instrutor, core side: who may open it, what the remote world looks like now, and
every change a trainer makes to it live (through the admin clients of each service).

Each read is per service: one service down does not hide the others; its failure is one
sentence in Portuguese. The UI only shows what this returns and calls these in workers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from core.kernel.errors import PdvError
from core.kernel.permissions import Action, refusal, requires
from domain.documents import format_cnpj, format_document
from domain.enums import BillingStatus, ConsentOperation, ConsentStatus


def panel_refusal(config: Any, session: Any) -> str | None:
    """Why the panel may not open now (core.kernel.permissions decides), or None when it may."""
    return refusal(session, Action.INSTRUCTOR_PANEL, config)


def root_url(service_url: str) -> str:
    """The simulated world's root (where /faults lives): the service URL without its prefix."""
    parts = urlsplit(service_url)
    return urlunsplit((parts.scheme, parts.netloc, "", "", ""))


@dataclass
class BranchRow:
    cnpj: str
    situation: BillingStatus
    message: str
    days: int
    max_per_30_days: int
    refuse: bool
    reason: str
    grant_until: str | None
    mine: bool = False
    """The CNPJ of this PDV's branch (what its next login checks)."""

    @property
    def cnpj_text(self) -> str:
        return format_cnpj(self.cnpj) if self.cnpj != "*" else "demais CNPJs"

    @property
    def rules_text(self) -> str:
        if self.refuse:
            return "recusa"
        return f"{self.days} dias, {self.max_per_30_days}x/30d"


@dataclass
class ConsentRow:
    document: str
    document_type: str
    operation: ConsentOperation | None
    status: ConsentStatus
    customer: str = ""

    @property
    def document_text(self) -> str:
        return format_document(self.document_type, self.document)


@dataclass
class WorldView:
    """The remote world as the panel shows it; `*_error` says in words what could not be read."""

    scenario: str = ""
    branches: list[BranchRow] = field(default_factory=list)
    grants: list[dict[str, Any]] = field(default_factory=list)
    license_error: str = ""
    consents: list[ConsentRow] = field(default_factory=list)
    lgpdata_error: str = ""
    faults: list[dict[str, Any]] = field(default_factory=list)
    fault_routes: dict[str, list[str]] = field(default_factory=dict)
    fault_kinds: dict[str, str] = field(default_factory=dict)
    """The kinds of fault the services know, with their words (from the services' listing)."""
    faults_error: str = ""


def _enum(kind, value, default=None):
    try:
        return kind(value)
    except ValueError:
        return default


class InstructorService:
    """Reads and changes the simulated services behind this PDV (its configured URLs)."""

    def __init__(self, context) -> None:
        self.context = context
        self.config = context.config
        self.timeout = self.config.http_timeout

    # --- where ------------------------------------------------------------------------------

    async def _url(self, prefix: str) -> str:
        from core.trainer.world import service_url

        return await service_url(self.config, prefix)

    def _transport(self, prefix: str):
        """Tests' in-process transport, unless a URL was given for the service."""
        if getattr(self.config, f"{prefix}_url", None):
            return None
        return self.config.transports.get(prefix)

    def _token(self) -> str | None:
        """The trainer token of the services behind this PDV (core.trainer.token)."""
        from core.trainer.token import trainer_token

        return trainer_token(self.config)

    async def _license_admin(self):
        from core.billing.admin import LicenseAdmin

        return LicenseAdmin(await self._url("license"), self.timeout, self._transport("license"), self._token())

    async def _lgpdata_admin(self):
        from core.lgpd.admin import LgpdataAdmin

        return LgpdataAdmin(await self._url("lgpdata"), self.timeout, self._transport("lgpdata"), self._token())

    async def _faults_admin(self):
        from core.trainer.faults import FaultsAdmin

        return FaultsAdmin(
            root_url(await self._url("license")), self.timeout, self._transport("license"), self._token()
        )

    # --- read -------------------------------------------------------------------------------

    @requires(Action.INSTRUCTOR_PANEL)
    async def read(self, session: Any) -> WorldView:
        view = WorldView()
        steps = [
            (self._read_license, "license_error", "License Server"),
            (self._read_lgpdata, "lgpdata_error", "Portal LGPData"),
            (self._read_faults, "faults_error", "Falhas simuladas"),
        ]
        for step, error, label in steps:
            try:
                await step(view)
            except PdvError as exc:
                setattr(view, error, str(exc))
            except (ValueError, TypeError, KeyError, AttributeError):
                setattr(view, error, f"{label}: resposta inesperada do serviço.")
        return view

    async def _read_license(self, view: WorldView) -> None:
        from core.kernel.http import require_fields

        state = await (await self._license_admin()).state()
        require_fields(state, "License Server", "branches", "default")
        view.scenario = str(state.get("scenario", ""))
        mine = self.context.branch_cnpj
        rows = [state["default"], *state["branches"]]
        listed = {row.get("cnpj") for row in rows}
        if mine not in listed:  # the class's CNPJ answered with the default: list it too
            rows.insert(1, {**state["default"], "cnpj": mine})
        for row in rows:
            rules = row.get("trust_unlock") or {}
            view.branches.append(
                BranchRow(
                    cnpj=str(row.get("cnpj", "")),
                    situation=_enum(BillingStatus, row.get("situation"), BillingStatus.RELEASED),
                    message=str(row.get("message") or ""),
                    days=int(rules.get("days", 0)),
                    max_per_30_days=int(rules.get("max_per_30_days", 0)),
                    refuse=bool(rules.get("refuse")),
                    reason=str(rules.get("reason") or ""),
                    grant_until=row.get("grant_until"),
                    mine=row.get("cnpj") == mine,
                )
            )
        view.grants = list(state.get("grants") or [])

    async def _read_lgpdata(self, view: WorldView) -> None:
        from storage.models import Customer

        state = await (await self._lgpdata_admin()).state()
        names = {c.document: c.name for c in Customer.select(Customer.document, Customer.name) if c.document}
        for row in state.get("consents") or []:
            document = str(row.get("document", ""))
            view.consents.append(
                ConsentRow(
                    document=document,
                    document_type=str(row.get("document_type") or "CPF"),
                    operation=_enum(ConsentOperation, row.get("operation")),
                    status=_enum(ConsentStatus, row.get("status"), ConsentStatus.UNKNOWN),
                    customer=names.get(document, ""),
                )
            )
        known = {(c.document, c.operation) for c in view.consents}
        view.consents.sort(key=lambda c: (c.customer or "~", c.document))
        view.consents += self._customers_without_consent(known)

    def _customers_without_consent(self, known) -> list[ConsentRow]:
        """Customers of this store with an agreement that asks for a term and no consent on the
        portal yet: Não emitido, so the trainer can change them too."""
        from storage.models import Agreement, Customer, CustomerAgreement

        rows = []
        query = (
            CustomerAgreement.select(CustomerAgreement, Customer, Agreement)
            .join(Customer)
            .switch(CustomerAgreement)
            .join(Agreement)
            .where(Agreement.consent_operation.is_null(False) & (Customer.person_type == "PF"))
        )
        for link in query:
            customer, agreement = link.customer, link.agreement
            operation = _enum(ConsentOperation, agreement.consent_operation)
            if not customer.document or operation is None or (customer.document, operation) in known:
                continue
            known.add((customer.document, operation))
            rows.append(
                ConsentRow(
                    customer.document,
                    customer.document_type or "CPF",
                    operation,
                    ConsentStatus.NOT_ISSUED,
                    customer.name,
                )
            )
        return rows

    async def _read_faults(self, view: WorldView) -> None:
        listing = await (await self._faults_admin()).listing()
        view.faults = list(listing["faults"])
        view.fault_routes = {k: list(v) for k, v in listing["services"].items()}
        view.fault_kinds = dict(sorted(listing["kinds"].items()))

    # --- change -----------------------------------------------------------------------------

    @requires(Action.INSTRUCTOR_PANEL)
    async def set_situation(self, session: Any, cnpj: str, situation: BillingStatus, message: str | None) -> str:
        await (await self._license_admin()).set_situation(cnpj, situation, message or None)
        self._audit(session, "painel_situacao", cnpj=format_cnpj(cnpj), situacao=situation.value)
        return f"CNPJ {format_cnpj(cnpj)}: {situation.label} (vale no próximo login)."

    @requires(Action.INSTRUCTOR_PANEL)
    async def set_trust_rules(
        self, session: Any, cnpj: str | None, days: int, max_per_30_days: int, refuse: bool, reason: str | None
    ) -> str:
        await (await self._license_admin()).set_trust_rules(
            cnpj, days=days, max_per_30_days=max_per_30_days, refuse=refuse, reason=reason or None
        )
        where = f"CNPJ {format_cnpj(cnpj)}" if cnpj else "todos os CNPJs"
        self._audit(session, "painel_desbloqueio", cnpj=format_cnpj(cnpj) if cnpj else "*", recusa=refuse, dias=days)
        return f"Desbloqueio em Confiança de {where}: " + (
            "recusado." if refuse else f"{days} dias, até {max_per_30_days} vez(es) a cada 30 dias."
        )

    @requires(Action.INSTRUCTOR_PANEL)
    async def set_consent(self, session: Any, row: ConsentRow, status: ConsentStatus) -> str:
        await (await self._lgpdata_admin()).set_consent(row.document, status, row.operation, row.document_type)
        self._audit(session, "painel_consentimento", documento=row.document[-4:], status=status.value)
        who = row.customer or row.document_text
        return f"{who}: {status.label} no portal (vale na próxima consulta)."

    @requires(Action.INSTRUCTOR_PANEL)
    async def set_fault(
        self, session: Any, service: str, route: str, kind: str, options: dict[str, Any], count: int | None
    ) -> str:
        from core.trainer.faults import describe

        fault = await (await self._faults_admin()).set(service, route, kind, options, count=count)
        self._audit(session, "painel_falha", servico=service, rota=route, tipo=kind)
        return "Falha em vigor: " + describe(fault)

    @requires(Action.INSTRUCTOR_PANEL)
    async def clear_faults(self, session: Any, service: str | None = None, route: str | None = None) -> str:
        removed = await (await self._faults_admin()).clear(service, route)
        self._audit(session, "painel_falha_removida", servico=service or "*", rota=route or "*")
        return f"{removed} falha(s) removida(s)."

    @requires(Action.INSTRUCTOR_PANEL)
    async def reset(self, session: Any, scenario: str | None) -> str:
        """Every service back to the scenario (the one the world runs, or the one named)."""
        done, failed = [], []
        steps = [
            ("License Server", self._license_admin),
            ("Portal LGPData", self._lgpdata_admin),
            ("Falhas", self._faults_admin),
        ]
        for label, make in steps:
            try:
                await (await make()).reset(scenario)
                done.append(label)
            except PdvError as exc:
                failed.append(str(exc))
        self._audit(session, "painel_reset", cenario=scenario or "(o do mundo)")
        text = f"Voltou ao cenário {scenario or 'em uso'}: {', '.join(done) or 'nada'}."
        return text + (" Falhou: " + "; ".join(failed) if failed else "")

    def _audit(self, session: Any, event: str, **detail: Any) -> None:
        self.context.audit.record(
            event,
            detail,
            user=session.login if session is not None else None,
            branch_cnpj=self.context.branch_cnpj,
        )


def parse_options(text: str) -> dict[str, Any]:
    """'ms=5000 status=503' -> {'ms': 5000, 'status': 503}; lists with commas; ValueError when a
    piece is not key=value."""
    options: dict[str, Any] = {}
    for piece in text.split():
        key, sep, value = piece.partition("=")
        if not sep or not key:
            raise ValueError(f"opção '{piece}' inválida (use chave=valor, ex.: ms=5000)")
        options[key] = _value(value)
    return options


def _value(text: str) -> Any:
    if "," in text:
        return [_value(part) for part in text.split(",") if part]
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text
