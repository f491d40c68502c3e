"""A customer's LGPD consent for an agreement: query the portal, request a new consent.

The portal is reached with the Integração Portal LGPD of the branch the PDV runs in
(`settings_for`). Remote failures never raise from `query_status`: they come back as
ConsentCheck(status=UNKNOWN, failure=reason) — "Sem status" on screen — and the last status
known for the link stays stored (with its date) for the next decision.

Where the portal is: the settings' URL when one is typed; empty means the simulated portal of
this run (`core.trainer.world.service_url(config, "lgpdata")`: --lgpdata-url, else the embedded world).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from core.kernel.context import AppContext
from core.kernel.errors import REFUSED, ModuleLocked, RemoteFailure
from core.kernel.permissions import Action, requires
from core.kernel.session import Session
from core.lgpd.client import LgpdataClient, PortalAccess
from domain.documents import masked_document
from domain.enums import ConsentStatus, DocumentType, Module, PersonType
from storage.models import Agreement, Branch, Customer, CustomerAgreement, LgpdSettings

CONSENT_MODULES = (Module.CUSTOMERS, Module.SALE, Module.PRESALE)
"""Where consent is queried or requested from: the customer's LGPD tab and the sale flow."""

NO_DOCUMENT = "Cliente sem documento de identificação (CPF, RG, Passaporte...)."

NOT_ENABLED = (
    "Esta funcionalidade somente estará disponível para as lojas que possuírem o Produto LGPData "
    "liberado. Caso tenha interesse em adquirir este produto, entre em contato com o setor Comercial "
    "e solicite a contratação."
)


@dataclass
class ConsentCheck:
    status: ConsentStatus
    checked_at: datetime | None
    receipt: dict | None
    failure: str | None = None


@dataclass
class ConsentRequest:
    link: str
    request_id: str
    status: ConsentStatus
    expires_at: str | None = None


def settings_for(branch: Branch) -> LgpdSettings | None:
    """The branch's Integração Portal LGPD; None when it has no LGPData product or no settings."""
    if branch is None or not branch.lgpd_enabled:
        return None
    return LgpdSettings.get_or_none(LgpdSettings.branch == branch)


def has_consent_control(person_type: PersonType | str) -> bool:
    """Only a Pessoa Física has a consent term: a Pessoa Jurídica has no LGPD control (no query,
    no request, no action offered on its LGPD tab)."""
    return PersonType(person_type) is not PersonType.COMPANY


def unavailable_reason(branch: Branch) -> str | None:
    """Why this branch cannot use the portal (product not enabled, not configured), or None."""
    if not branch.lgpd_enabled:
        return f"Produto LGPData não liberado para a filial {branch.code}. {NOT_ENABLED}"
    if settings_for(branch) is None:
        return (
            f"Integração Portal LGPD não configurada para a filial {branch.code}: "
            "configure em Parâmetros (F7) > Configuração de integração."
        )
    return None


async def portal_access(ctx: AppContext, url: str, api_key: str, access: str, password: str) -> PortalAccess:
    """The portal's address for these settings: the typed URL, or this run's simulated portal."""
    from core.trainer.world import service_url

    url = (url or "").strip()
    transport = None
    if not url:
        url = await service_url(ctx.config, "lgpdata")
        transport = ctx.config.transports.get("lgpdata")
    return PortalAccess(url.rstrip("/"), api_key, access, password, ctx.config.http_timeout, transport)


def require_any(session: Session, via: Module | None) -> None:
    """`via` given: that module must be open. None: any module that works with consent."""
    if via is not None:
        session.require(via)
        return
    for module in CONSENT_MODULES:
        if session.is_allowed(module):
            return
    session.require(CONSENT_MODULES[0])


def load_receipt(link: CustomerAgreement) -> dict | None:
    if not link.consent_receipt:
        return None
    try:
        value = json.loads(link.consent_receipt)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def consent_precondition(branch: Branch, customer: Customer, agreement: Agreement) -> str | None:
    """Why the portal cannot be asked about this customer's term in this agreement, or None: the
    one rule, checked before every portal call and by the LGPD tab to offer F8/F9."""
    reason = unavailable_reason(branch)
    if reason:
        return reason
    if not has_consent_control(customer.person_type):
        return "Pessoa jurídica não possui controle de termo LGPD."
    if not customer.document:
        return NO_DOCUMENT
    if not agreement.consent_operation:
        return f"Convênio {agreement.code} sem Código operação: configure em Convênios (F6)."
    return None


class ConsentService:
    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    def _link(self, customer: Customer, agreement: Agreement) -> CustomerAgreement | None:
        return CustomerAgreement.get_or_none(
            (CustomerAgreement.customer == customer) & (CustomerAgreement.agreement == agreement)
        )

    def stored(self, customer: Customer, agreement: Agreement) -> ConsentCheck:
        """What the PDV knows without asking: the last status queried and when."""
        link = self._link(customer, agreement)
        if link is None:
            return ConsentCheck(ConsentStatus.NOT_ISSUED, None, None)
        return ConsentCheck(ConsentStatus(link.consent_status), link.consent_checked_at, load_receipt(link))

    def _precondition(self, session: Session, customer: Customer, agreement: Agreement) -> tuple[str | None, Any]:
        """The reason the portal cannot be asked for this customer/agreement, or the settings."""
        branch = Branch.get_by_id(session.branch_id)
        reason = consent_precondition(branch, customer, agreement)
        return (reason, None) if reason else (None, settings_for(branch))

    def _audit(self, session: Session, event: str, customer: Customer, agreement: Agreement, **detail: object) -> None:
        self.ctx.audit.record(
            event,
            {
                "cliente": customer.code,
                "documento": masked_document(customer.document),
                "convenio": agreement.code,
                **detail,
            },
            user=session.login,
            branch_cnpj=session.branch_cnpj,
        )

    async def _client(self, settings: LgpdSettings) -> LgpdataClient:
        from storage.secret_box import UnreadableSecret

        if any(isinstance(value, UnreadableSecret) for value in (settings.api_key, settings.password)):
            raise RemoteFailure(
                REFUSED,
                "Portal LGPData: as credenciais gravadas não puderam ser lidas com a chave deste PDV; "
                "digite-as de novo em Parâmetros (F7) > Integração Portal LGPD.",
            )
        access = await portal_access(self.ctx, settings.url, settings.api_key, settings.access, settings.password)
        return LgpdataClient(access)

    @requires(Action.REQUEST_CONSENT)
    async def query_status_of(
        self, session: Session, customer_id: int, agreement_id: int, *, via: Module | None = None
    ) -> ConsentCheck:
        """`query_status` for the screens, which hold ids."""
        require_any(session, via)
        return await self.query_status(
            session, Customer.get_by_id(customer_id), Agreement.get_by_id(agreement_id), via=via
        )

    @requires(Action.REQUEST_CONSENT)
    async def request_consent_of(
        self, session: Session, customer_id: int, agreement_id: int, *, via: Module | None = None
    ) -> ConsentRequest:
        """`request_consent` for the screens, which hold ids."""
        require_any(session, via)
        return await self.request_consent(
            session, Customer.get_by_id(customer_id), Agreement.get_by_id(agreement_id), via=via
        )

    @requires(Action.REQUEST_CONSENT)
    async def query_status(
        self,
        session: Session,
        customer: Customer,
        agreement: Agreement,
        *,
        via: Module | None = None,
    ) -> ConsentCheck:
        """Asks the portal; stores status, time and receipt on the link; never raises for the portal."""
        require_any(session, via)
        reason, settings = self._precondition(session, customer, agreement)
        if reason:
            self._audit(session, "lgpd_consulta_status", customer, agreement, resultado="sem status", motivo=reason)
            return ConsentCheck(ConsentStatus.UNKNOWN, None, None, reason)
        document_type = customer.document_type or DocumentType.OTHER.value
        try:
            client = await self._client(settings)
            body = await client.status(
                customer.document,
                document_type,
                settings.term_cnpj,
                settings.banner_id,
                agreement.consent_operation,
            )
        except RemoteFailure as failure:
            self._audit(
                session, "lgpd_consulta_status", customer, agreement, resultado="sem status", motivo=str(failure)
            )
            return ConsentCheck(ConsentStatus.UNKNOWN, None, None, str(failure))
        status = ConsentStatus(body["status"])
        receipt = body.get("comprovante") if status is ConsentStatus.ACCEPTED else None
        now = self.ctx.clock.now()
        link = self._link(customer, agreement)
        if link is not None:
            link.consent_status = status.value
            link.consent_checked_at = now
            link.consent_receipt = json.dumps(receipt, ensure_ascii=False) if receipt else None
            link.save()
        self._audit(session, "lgpd_consulta_status", customer, agreement, resultado=status.label)
        return ConsentCheck(status, now, receipt)

    @requires(Action.REQUEST_CONSENT)
    async def request_consent(
        self,
        session: Session,
        customer: Customer,
        agreement: Agreement,
        *,
        via: Module | None = None,
    ) -> ConsentRequest:
        """A new consent request on the portal (in any current status); RemoteFailure on failure."""
        require_any(session, via)
        reason, settings = self._precondition(session, customer, agreement)
        if reason:
            self._audit(
                session, "lgpd_solicitacao_consentimento", customer, agreement, resultado="falhou", motivo=reason
            )
            raise RemoteFailure(REFUSED, reason)
        document_type = customer.document_type or DocumentType.OTHER.value
        try:
            client = await self._client(settings)
            body = await client.request(
                customer.document,
                document_type,
                customer.name,
                settings.term_cnpj,
                settings.banner_id,
                agreement.consent_operation,
            )
        except RemoteFailure as failure:
            self._audit(
                session, "lgpd_solicitacao_consentimento", customer, agreement, resultado="falhou", motivo=str(failure)
            )
            raise
        link = self._link(customer, agreement)
        if link is not None:
            link.consent_status = ConsentStatus.PENDING.value
            link.consent_checked_at = self.ctx.clock.now()
            link.consent_receipt = None
            link.save()
        self._audit(
            session, "lgpd_solicitacao_consentimento", customer, agreement, solicitacao=body["id"], resultado="pendente"
        )
        return ConsentRequest(
            link=body["link"],
            request_id=str(body["id"]),
            status=ConsentStatus.PENDING,
            expires_at=body.get("expira_em"),
        )


__all__ = [
    "ConsentCheck",
    "ConsentRequest",
    "ConsentService",
    "ModuleLocked",
    "NOT_ENABLED",
    "NO_DOCUMENT",
    "consent_precondition",
    "has_consent_control",
    "settings_for",
    "unavailable_reason",
]


async def default_portal_url(ctx: AppContext) -> str:
    """The URL field's default: this run's simulated portal (--lgpdata-url or the embedded one)."""
    from core.trainer.world import service_url

    try:
        return await service_url(ctx.config, "lgpdata")
    except RemoteFailure:
        return ""
