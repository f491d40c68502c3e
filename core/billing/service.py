"""Régua de Cobrança (billing): the check at every login, the decision it leads to, Desbloqueio
em Confiança (trust_unlock) and the background re-check. The UI shows; this module decides.

At login (tui/app.py drives it, for every user):

    service = BillingService(ctx)
    decision = await service.check(user.login)       # never raises for a remote failure
    # decision.show_dialog: the UI shows the AVISO FINANCEIRO dialog of decision.status
    # Desbloqueio em Confiança (both blocks):
    result = await service.trust_unlock(user.login, supervisor, password)   # AuthError if refused
    if result.granted: decision = service.after_trust_unlock(decision, result)
    session = service.enter(user, decision)   # only if decision.allows_entry, else deny_entry()

The route depends on the PDV's version (ctx.app_version): 215.000 and later ask the License
Server, 212.100 to 214.999 the Régua de Cobrança directly, older versions do not check at all.

When the server fails (refused, timeout, HTTP error, interrupted, malformed or incomplete
answer) the policy of the store applies (Setting `billing_failure_policy`, from the scenario's `[pdv]`):
`last-known` (default) uses the situation last known for the CNPJ (BillingState, with its time)
or, with none known, lets the user in with a warning; `release` lets in; `block` blocks. The
status line (Session.notice) always says what happened.

Background re-check, while a session is open, every Config.recheck_minutes:

    decision = await service.recheck(session)     # None: nothing to change
    if decision and service.offer(session, decision): show it now and service.apply(...)
    # else it waits in session.pending_billing until the sale in progress ends.

Sales: a change is never applied in the middle of a sale. Whoever runs a sale (sale service or
screen) calls `BillingService.sale_started(session)` at its first item and
`BillingService.sale_finished(session)` when it is finalized or cancelled; the latter returns
the decision that waited, for the UI to show (in the TUI: `app.sale_started()` and
`app.sale_finished()` do both). A re-check failure keeps the session as it is and says so: a
network glitch neither blocks a working cashier nor lifts a block.

Every check (time, user, CNPJ, route, answer or failure) and every trust-unlock request (who,
which supervisor, result) is written to the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from core.billing.client import BillingRoute, LicenseClient
from core.kernel.context import AppContext
from core.kernel.errors import AuthError, RemoteFailure, ValidationError
from core.kernel.http import failure_words
from core.kernel.login import start_session
from core.kernel.permissions import Action, requires
from core.kernel.session import Session
from core.trainer.world import service_url
from domain.documents import format_cnpj
from domain.enums import SALES_MODULES, BillingStatus, Module
from domain.versions import FORMAT as VERSION_FORMAT
from domain.versions import parse_version
from storage.models import BillingState, User
from storage.settings import get_setting

POLICY_LAST_KNOWN = "last-known"
POLICY_RELEASE = "release"
POLICY_BLOCK = "block"
FAILURE_POLICIES = (POLICY_LAST_KNOWN, POLICY_RELEASE, POLICY_BLOCK)

SOURCE_SERVER = "servidor"
SOURCE_LAST_KNOWN = "ultima-conhecida"
SOURCE_NONE_KNOWN = "nenhuma-conhecida"
SOURCE_POLICY = "politica"
SOURCE_NO_CHECK = "sem-consulta"
SOURCE_TRUST = "desbloqueio-confianca"
SOURCE_KEPT = "mantida"
FAILURE_SOURCES = frozenset({SOURCE_LAST_KNOWN, SOURCE_NONE_KNOWN, SOURCE_POLICY})

FIRST_REGUA_VERSION = (212, 100)
FIRST_LICENSE_SERVER_VERSION = (215, 0)

PARTIAL_NOTICE = "Bloqueio Parcial: só Venda, Pré-venda e Recebimento de títulos"

_FALLBACK_TEXT = {
    BillingStatus.MESSAGE: "Existem pendências financeiras com a Linx (última situação conhecida).",
    BillingStatus.PARTIAL_BLOCK: (
        "Sistema em Bloqueio Parcial (última situação conhecida): o uso está restrito a Venda, "
        "Pré-venda e Recebimento de títulos."
    ),
    BillingStatus.TOTAL_BLOCK: "Sistema bloqueado por inadimplência (última situação conhecida).",
}


def route_for_version(version: str) -> BillingRoute:
    try:
        parsed = parse_version(version)
    except ValueError:
        raise ValidationError(f"Versão do PDV inválida: {version!r} (formato {VERSION_FORMAT}).") from None
    if parsed >= FIRST_LICENSE_SERVER_VERSION:
        return BillingRoute.LICENSE_SERVER
    if parsed >= FIRST_REGUA_VERSION:
        return BillingRoute.REGUA
    return BillingRoute.NONE


def partial_block_reason(module: Module) -> str:
    return (
        f"{module.label}: bloqueado pela Régua de Cobrança (Bloqueio Parcial). Só Venda, "
        "Pré-venda e Recebimento de títulos estão liberados."
    )


def total_block_reason(module: Module) -> str:
    return f"{module.label}: bloqueado pela Régua de Cobrança (Bloqueio Total)."


@dataclass(frozen=True)
class BillingDecision:
    """What the check decided: the situation in force and everything the UI must show."""

    status: BillingStatus
    message: str
    """The AVISO FINANCEIRO text (the server's, or the last known)."""
    route: BillingRoute
    source: str
    notice: str = ""
    """The session's status line ("" when there is nothing to say)."""
    failure: str = ""
    failure_words: str = ""
    """The failure in a few words ("fora do ar", "sem resposta"...), "" when none."""
    trust_until: date | None = None
    checked_at: datetime | None = None

    @property
    def show_dialog(self) -> bool:
        return self.status is not BillingStatus.RELEASED

    @property
    def allows_entry(self) -> bool:
        return self.status is not BillingStatus.TOTAL_BLOCK

    @property
    def allows_trust_unlock(self) -> bool:
        return self.status in (BillingStatus.PARTIAL_BLOCK, BillingStatus.TOTAL_BLOCK)

    def locks(self) -> dict[Module, str]:
        """The modules this situation refuses, each with its reason."""
        if self.status is BillingStatus.PARTIAL_BLOCK:
            return {m: partial_block_reason(m) for m in Module if m not in SALES_MODULES}
        if self.status is BillingStatus.TOTAL_BLOCK:
            return {m: total_block_reason(m) for m in Module}
        return {}


@dataclass(frozen=True)
class TrustUnlockResult:
    granted: bool
    until: date | None
    reason: str
    """Sem Sucesso: the server's reason, or why the server could not be asked."""


class BillingService:
    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    # --- where and how ----------------------------------------------------------------------

    def route(self) -> BillingRoute:
        return route_for_version(self.ctx.app_version)

    def failure_policy(self) -> str:
        policy = get_setting("billing_failure_policy", POLICY_LAST_KNOWN) or POLICY_LAST_KNOWN
        return policy if policy in FAILURE_POLICIES else POLICY_LAST_KNOWN

    async def _client(self) -> LicenseClient:
        """The License Server: --license-url, else the scenario's `[pdv] license_url`, else the
        embedded simulated world (or a test's transport)."""
        config = self.ctx.config
        url = config.license_url or get_setting("license_url")
        transport = None
        if not url:
            url = await service_url(config, "license")
            if config.world is None:
                transport = config.transports.get("license")
        return LicenseClient(url.rstrip("/"), config.http_timeout, transport)

    # --- the check --------------------------------------------------------------------------

    async def check(self, login: str, *, purpose: str = "login") -> BillingDecision:
        """Asks the Régua de Cobrança about the physical branch's CNPJ and decides."""
        cnpj = self.ctx.branch_cnpj
        version = self.ctx.app_version
        route = self.route()
        now = self.ctx.clock.now()
        failure: RemoteFailure | None = None
        if route is BillingRoute.NONE:
            decision = BillingDecision(BillingStatus.RELEASED, "", route, SOURCE_NO_CHECK, checked_at=now)
        else:
            try:
                client = await self._client()
                answer = await client.check(route, cnpj, version)
            except RemoteFailure as exc:
                failure = exc
                decision = self._on_failure(route, cnpj, exc, now)
            else:
                self._remember(cnpj, answer.status, answer.message, route.value, now)
                # Liberado enters with no visual information, a trust unlock in force included
                # (it is in the audit and on F1, not on the cashier's screen)
                notice = PARTIAL_NOTICE if answer.status is BillingStatus.PARTIAL_BLOCK else ""
                decision = BillingDecision(
                    answer.status,
                    answer.message,
                    route,
                    SOURCE_SERVER,
                    notice,
                    trust_until=answer.trust_until,
                    checked_at=now,
                )
        if route is BillingRoute.NONE:
            # no query happened: the audit says so instead of a result of a query
            self.ctx.audit.record(
                "regua_sem_consulta" if purpose == "login" else "regua_sem_reconsulta",
                {
                    "cnpj": format_cnpj(cnpj),
                    "versao": version,
                    "motivo": "versão anterior a 212.100 não consulta a Régua de Cobrança",
                },
                user=login,
                branch_cnpj=cnpj,
            )
            return decision
        detail: dict[str, object] = {
            "cnpj": format_cnpj(cnpj),
            "versao": version,
            "rota": route.value,
            "resultado": decision.status.label,
            "origem": decision.source,
        }
        if failure is not None:
            detail["falha"] = str(failure)
        if decision.trust_until:
            detail["confianca_ate"] = f"{decision.trust_until:%d/%m/%Y}"
        event = "regua_consulta" if purpose == "login" else "regua_reconsulta"
        self.ctx.audit.record(event, detail, user=login, branch_cnpj=cnpj)
        return decision

    def _remember(self, cnpj: str, status: BillingStatus, message: str, route: str, now: datetime) -> None:
        BillingState.upsert(cnpj=cnpj, status=status.value, message=message, route=route, checked_at=now)

    def last_known(self, cnpj: str) -> BillingState | None:
        return BillingState.get_or_none(BillingState.cnpj == cnpj)

    def _on_failure(self, route: BillingRoute, cnpj: str, failure: RemoteFailure, now: datetime) -> BillingDecision:
        words = failure_words(failure)
        policy = self.failure_policy()
        common = {"route": route, "failure": str(failure), "failure_words": words, "checked_at": now}
        if policy == POLICY_RELEASE:
            return BillingDecision(
                BillingStatus.RELEASED,
                "",
                source=SOURCE_POLICY,
                notice=f"Régua {words}: acesso liberado pela política da loja",
                **common,
            )
        if policy == POLICY_BLOCK:
            text = (
                f"Não foi possível consultar a Régua de Cobrança ({failure}). Pela política desta "
                "loja, sem a consulta o uso fica bloqueado. Tente novamente em instantes."
            )
            return BillingDecision(
                BillingStatus.TOTAL_BLOCK,
                text,
                source=SOURCE_POLICY,
                notice=f"Régua {words}: acesso bloqueado pela política da loja",
                **common,
            )
        known = self.last_known(cnpj)
        if known is None:
            return BillingDecision(
                BillingStatus.RELEASED,
                "",
                source=SOURCE_NONE_KNOWN,
                notice=f"Régua {words}: nenhuma situação conhecida; acesso liberado",
                **common,
            )
        status = BillingStatus(known.status)
        return BillingDecision(
            status,
            known.message or _FALLBACK_TEXT.get(status, ""),
            source=SOURCE_LAST_KNOWN,
            notice=f"Régua {words}: vale a situação de {known.checked_at:%d/%m %H:%M}, {status.label}",
            **common,
        )

    # --- Desbloqueio em Confiança ------------------------------------------------------------

    async def trust_unlock(self, login: str, supervisor_login: str, password: str) -> TrustUnlockResult:
        """Checks the supervisor locally (AuthError, counting toward the lockout), then asks the
        License Server. A server that fails is a Sem Sucesso saying why."""
        cnpj = self.ctx.branch_cnpj
        purpose = "desbloqueio_confianca"
        try:
            supervisor = self.ctx.auth.authenticate_supervisor(
                supervisor_login,
                password,
                purpose=purpose,
                action=Action.TRUST_UNLOCK,
            )
        except AuthError as exc:
            self.ctx.audit.record(
                purpose,
                {
                    "supervisor": self.ctx.auth.known_login(supervisor_login),
                    "resultado": "supervisor recusado",
                    "motivo": str(exc),
                },
                user=login,
                branch_cnpj=cnpj,
            )
            raise
        try:
            client = await self._client()
            answer = await client.trust_unlock(cnpj, self.ctx.app_version, supervisor.login, login)
        except RemoteFailure as failure:
            result = TrustUnlockResult(False, None, f"Não foi possível pedir o desbloqueio: {failure}.")
        else:
            result = TrustUnlockResult(answer.granted, answer.until, answer.reason)
        detail: dict[str, object] = {
            "supervisor": supervisor.login,
            "resultado": "Liberado" if result.granted else "Sem Sucesso",
        }
        if result.granted and result.until:
            detail["ate"] = f"{result.until:%d/%m/%Y}"
            self._remember(cnpj, BillingStatus.RELEASED, "", "desbloqueio", self.ctx.clock.now())
        else:
            detail["motivo"] = result.reason
        self.ctx.audit.record(purpose, detail, user=login, branch_cnpj=cnpj)
        return result

    def after_trust_unlock(self, decision: BillingDecision, result: TrustUnlockResult) -> BillingDecision:
        """The decision once a trust unlock was granted: full access (the result dialog said
        until when; the status line stays clear, as under any Liberado)."""
        if not result.granted:
            return decision
        return BillingDecision(
            BillingStatus.RELEASED,
            "",
            decision.route,
            SOURCE_TRUST,
            trust_until=result.until,
            checked_at=self.ctx.clock.now(),
        )

    # --- entering and applying --------------------------------------------------------------

    def enter(self, user: User, decision: BillingDecision) -> Session:
        """The session this decision allows; ValidationError under Bloqueio Total."""
        if not decision.allows_entry:
            raise ValidationError("Bloqueio Total: acesso ao sistema não permitido.")
        session = start_session(self.ctx, user)
        self.apply(session, decision)
        return session

    def deny_entry(self, login: str, decision: BillingDecision) -> None:
        self.ctx.audit.record(
            "acesso_negado",
            {"motivo": decision.status.label, "origem": decision.source},
            user=login,
            branch_cnpj=self.ctx.branch_cnpj,
        )

    @requires(Action.SESSION)
    def apply(self, session: Session, decision: BillingDecision) -> None:
        """Sets the session's locks and status line to the decision's (replacing any earlier
        billing locks; other locks, such as supervisor-only modules, stay)."""
        for module, reason in list(session.locked.items()):
            if reason in (partial_block_reason(module), total_block_reason(module)):
                del session.locked[module]
        for module, reason in decision.locks().items():
            session.locked.setdefault(module, reason)
        session.billing_status = decision.status
        session.notice = decision.notice
        session.trust_until = decision.trust_until

    # --- background re-check ----------------------------------------------------------------

    @requires(Action.SESSION)
    async def recheck(self, session: Session) -> BillingDecision | None:
        """A new check for an open session; None when nothing changes. A failure keeps the
        session's situation and only updates the status line."""
        decision = await self.check(session.login, purpose="reconsulta")
        at = f"{self.ctx.clock.now():%H:%M}"
        current = session.billing_status or BillingStatus.RELEASED
        if decision.source in FAILURE_SOURCES:
            kept = replace(
                decision,
                status=current,
                message="",
                source=SOURCE_KEPT,
                notice=f"Régua {decision.failure_words} às {at}: mantida a situação ({current.label})",
            )
            return None if kept.notice == session.notice else kept
        if decision.status is current:
            return None if decision.notice == session.notice else decision
        if decision.status is BillingStatus.RELEASED:
            # Liberado shows nothing (the document): the menu simply opens; the audit keeps it
            return replace(decision, notice="")
        return replace(decision, notice=f"Régua às {at}: situação alterada para {decision.status.label}")

    @requires(Action.SESSION)
    def offer(self, session: Session, decision: BillingDecision) -> bool:
        """True when the decision can be applied now; during a sale it waits (pending)."""
        if session.sale_in_progress:
            session.pending_billing = decision
            self.ctx.audit.record(
                "regua_mudanca_adiada",
                {"para": decision.status.label, "motivo": "venda em andamento"},
                user=session.login,
                branch_cnpj=session.branch_cnpj,
            )
            return False
        session.pending_billing = None
        return True

    @requires(Action.SESSION)
    def record_change(self, session: Session, before: BillingStatus | None, decision: BillingDecision) -> None:
        if before is decision.status:
            return
        self.ctx.audit.record(
            "regua_situacao_aplicada",
            {"de": before.label if before else "-", "para": decision.status.label, "origem": decision.source},
            user=session.login,
            branch_cnpj=session.branch_cnpj,
        )

    @staticmethod
    @requires(Action.SESSION)
    def sale_started(session: Session) -> None:
        session.sale_in_progress = True

    @staticmethod
    @requires(Action.SESSION)
    def sale_finished(session: Session) -> BillingDecision | None:
        """Ends the sale; returns the re-check result that waited for it, if any."""
        session.sale_in_progress = False
        pending, session.pending_billing = session.pending_billing, None
        return pending
