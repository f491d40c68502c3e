"""The LGPD check at sale time, as one pure function: what the PDV does next.

The rules (spec/lgpdata.txt, "Venda / Pré-Venda" and "Problema de comunicação"):

- Finalizing a sale that came from a pre-sale never queries again (the pre-sale did).
- No LGPData product on the branch, rule Nenhuma ação, or a PJ customer: no query.
- PF without an identification document: Notificar lets the sale go on with no query;
  Bloquear asks for a document first, then requires the term as below.
- PF with a document: a stored status other than Aceito, or Aceito older than Validade (dias)
  (0 = always), is queried on the portal. Still not Aceito: the rule's dialog (Notificar /
  Bloquear). No answer (Sem status) is a status other than Aceito too: Notificar shows its
  dialog (Continuar sem termo is still the way on, no supervisor needed); Bloquear shows its
  dialog with the supervisor release.

The function knows nothing of the database, the portal or the screen: the caller gathers a
`ConsentSituation`, asks `decide`, does what the answer says (e.g. query the portal) and asks
again with the answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from enum import Enum

from domain.enums import ConsentRule, ConsentStatus, PersonType


class SaleOrigin(str, Enum):
    DIRECT = "venda"
    """A sale rung up at the cashier."""
    PRESALE = "pre-venda"
    """A pre-sale being built at the counter."""
    PRESALE_FINALIZE = "finalizacao-pre-venda"
    """A pre-sale loaded by the cashier to be finalized."""


class Step(str, Enum):
    PROCEED = "seguir"
    """The sale goes on, nothing to show."""
    QUERY = "consultar"
    """Ask the portal for the current status, then decide again with the answer."""
    NOTIFY = "notificar"
    """The Notificar dialog: Solicitar consentimento, Continuar sem termo, Consulta status, Fechar
    (also when the portal gave no answer: Sem status is not Aceito)."""
    BLOCK = "bloquear"
    """The Bloquear dialog: Solicitar consentimento, Abortar venda, Consulta status, Fechar."""
    BLOCK_WITH_RELEASE = "bloquear-liberacao"
    """Bloquear and the portal gave no answer: the dialog also offers a supervisor's release."""
    ASK_DOCUMENT = "pedir-documento"
    """Bloquear and a PF without a document: ask for one, save it, then decide again."""


@dataclass(frozen=True)
class ConsentAnswer:
    """What a query of the portal gave: a status, or UNKNOWN (Sem status) with the reason."""

    status: ConsentStatus
    failure: str | None = None

    @property
    def failed(self) -> bool:
        return self.status == ConsentStatus.UNKNOWN


@dataclass(frozen=True)
class ConsentSituation:
    rule: ConsentRule
    person_type: PersonType
    has_document: bool
    stored_status: ConsentStatus
    stored_age: timedelta | None
    """How long ago the stored status was last queried; None if never."""
    validity_days: int
    """Validade (dias) of the branch's LGPD settings; 0 = query at every sale."""
    origin: SaleOrigin
    answer: ConsentAnswer | None = None
    """None until the portal was queried for this decision."""
    portal_enabled: bool = True
    """False when the branch does not have the LGPData product: no control at all."""


@dataclass(frozen=True)
class ConsentDecision:
    step: Step
    reason: str
    """Why, in Portuguese, for the audit and the status line."""

    @property
    def goes_on(self) -> bool:
        """The sale may continue without the cashier deciding anything."""
        return self.step == Step.PROCEED

    @property
    def dialog(self) -> bool:
        return self.step in (Step.NOTIFY, Step.BLOCK, Step.BLOCK_WITH_RELEASE)


def stored_is_fresh(status: ConsentStatus, age: timedelta | None, validity_days: int) -> bool:
    """An Aceito kept without asking again: queried less than Validade (dias) ago (0 = never)."""
    if status != ConsentStatus.ACCEPTED or validity_days <= 0 or age is None:
        return False
    return age <= timedelta(days=validity_days)


def decide(situation: ConsentSituation) -> ConsentDecision:
    """The next step of the LGPD check for one customer, agreement and sale."""
    s = situation
    if s.origin == SaleOrigin.PRESALE_FINALIZE:
        return ConsentDecision(Step.PROCEED, "finalização de pré-venda: termo não consultado novamente")
    if not s.portal_enabled:
        return ConsentDecision(Step.PROCEED, "filial sem o produto LGPData")
    if s.rule == ConsentRule.NONE:
        return ConsentDecision(Step.PROCEED, "convênio sem controle de termo (Nenhuma ação)")
    if s.person_type == PersonType.COMPANY:
        return ConsentDecision(Step.PROCEED, "pessoa jurídica: sem controle de termo")
    if not s.has_document:
        if s.rule == ConsentRule.NOTIFY:
            return ConsentDecision(Step.PROCEED, "cliente sem documento de identificação (Notificar)")
        return ConsentDecision(Step.ASK_DOCUMENT, "cliente sem documento de identificação (Bloquear)")
    if s.answer is None:
        if stored_is_fresh(s.stored_status, s.stored_age, s.validity_days):
            return ConsentDecision(Step.PROCEED, "termo aceito, consultado dentro da validade")
        return ConsentDecision(Step.QUERY, f"status guardado: {s.stored_status.label}")
    if s.answer.status == ConsentStatus.ACCEPTED:
        return ConsentDecision(Step.PROCEED, "termo aceito (consultado agora)")
    if s.answer.failed:
        why = f"Sem status: {s.answer.failure or 'sem resposta do portal'}"
        if s.rule == ConsentRule.NOTIFY:
            return ConsentDecision(Step.NOTIFY, why)
        return ConsentDecision(Step.BLOCK_WITH_RELEASE, why)
    why = f"termo {s.answer.status.label}"
    if s.rule == ConsentRule.NOTIFY:
        return ConsentDecision(Step.NOTIFY, why)
    return ConsentDecision(Step.BLOCK, why)
