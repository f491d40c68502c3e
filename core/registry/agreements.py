"""Convênios: their LGPD parameters (Cliente Sem Aceite de Termo, Código operação) and the
Alteração especial that sets them for every agreement of chosen types in one transaction."""

from __future__ import annotations

from dataclasses import dataclass

import peewee as pw

from core.kernel.context import AppContext
from core.kernel.errors import ValidationError
from core.kernel.permissions import Action, requires
from core.kernel.session import Session
from domain.enums import ConsentOperation, ConsentRule, Module
from storage.models import Agreement

OPERATION_REQUIRED = "Informe o Código operação: obrigatório quando a regra não é Nenhuma ação."


def check_parameters(rule: ConsentRule | None, operation: ConsentOperation | None) -> dict[str, str]:
    """Field → message: the rule is required; the operation once the rule is not Nenhuma ação."""
    errors: dict[str, str] = {}
    if rule is None:
        errors["rule"] = "Selecione a regra de Cliente Sem Aceite de Termo."
    elif rule is not ConsentRule.NONE and operation is None:
        errors["operation"] = OPERATION_REQUIRED
    return errors


@dataclass(frozen=True)
class AgreementDetails:
    """An agreement as the screens read it (never the row itself)."""

    id: int
    code: str
    name: str
    agreement_type: str
    consent_rule: ConsentRule
    consent_operation: ConsentOperation | None
    allows_credit: bool


def agreement_details(row: Agreement) -> AgreementDetails:
    return AgreementDetails(
        row.id,
        row.code,
        row.name,
        row.agreement_type,
        ConsentRule(row.consent_rule),
        ConsentOperation(row.consent_operation) if row.consent_operation else None,
        bool(row.allows_credit),
    )


class AgreementService:
    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    @requires(Action.VIEW_AGREEMENTS)
    def list(self, session: Session) -> list[AgreementDetails]:
        session.require(Module.AGREEMENTS)
        return [agreement_details(row) for row in Agreement.select().order_by(Agreement.code)]

    @requires(Action.VIEW_AGREEMENTS)
    def get(self, session: Session, agreement_id: int) -> AgreementDetails:
        session.require(Module.AGREEMENTS)
        row = Agreement.get_or_none(Agreement.id == agreement_id)
        if row is None:
            raise ValidationError("Convênio não encontrado.")
        return agreement_details(row)

    @requires(Action.BULK_UPDATE)
    def type_counts(self, session: Session) -> dict[str, int]:
        """How many agreements of each type, by type name (one grouped query)."""
        session.require(Module.AGREEMENTS)
        count = pw.fn.COUNT(Agreement.id).alias("n")
        rows = (
            Agreement.select(Agreement.agreement_type, count)
            .group_by(Agreement.agreement_type)
            .order_by(Agreement.agreement_type)
        )
        return {row.agreement_type: row.n for row in rows}

    @requires(Action.BULK_UPDATE)
    def count_of_types(self, session: Session, types: list[str]) -> int:
        session.require(Module.AGREEMENTS)
        return Agreement.select().where(Agreement.agreement_type.in_(types)).count() if types else 0

    @requires(Action.AGREEMENT_RULES)
    def set_consent_parameters(
        self,
        session: Session,
        agreement_id: int,
        rule: ConsentRule | None,
        operation: ConsentOperation | None,
    ) -> AgreementDetails:
        """Saves one agreement's LGPD parameters; with Nenhuma ação the operation is cleared."""
        session.require(Module.AGREEMENTS)
        errors = check_parameters(rule, operation)
        if errors:
            raise ValidationError(next(iter(errors.values())))
        agreement = Agreement.get_by_id(agreement_id)
        new_operation = None if rule is ConsentRule.NONE else operation.value
        before = (agreement.consent_rule, agreement.consent_operation)
        agreement.consent_rule = rule.value
        agreement.consent_operation = new_operation
        agreement.save()
        if before != (rule.value, new_operation):
            self.ctx.audit.record(
                "convenio_lgpd_alterado",
                {
                    "convenio": agreement.code,
                    "regra": rule.label,
                    "operacao": operation.label if new_operation else "-",
                },
                user=session.login,
                branch_cnpj=session.branch_cnpj,
            )
        return agreement_details(agreement)

    @requires(Action.BULK_UPDATE)
    def bulk_update(
        self,
        session: Session,
        types: list[str],
        rule: ConsentRule | None,
        operation: ConsentOperation | None,
    ) -> int:
        """Alteração especial: every agreement of these types gets the rule and operation, in one
        transaction. Returns how many agreements changed (those already so are not counted)."""
        session.require(Module.AGREEMENTS)
        if not types:
            raise ValidationError("Selecione ao menos um tipo de convênio.")
        errors = check_parameters(rule, operation)
        if errors:
            raise ValidationError(next(iter(errors.values())))
        new_operation = None if rule is ConsentRule.NONE else operation.value
        with self.ctx.db.atomic():
            if new_operation is None:
                differs = (Agreement.consent_rule != rule.value) | Agreement.consent_operation.is_null(False)
            else:
                differs = (
                    (Agreement.consent_rule != rule.value)
                    | Agreement.consent_operation.is_null()
                    | (Agreement.consent_operation != new_operation)
                )
            changed = (
                Agreement.update(consent_rule=rule.value, consent_operation=new_operation)
                .where(Agreement.agreement_type.in_(types) & differs)
                .execute()
            )
            self.ctx.audit.record(
                "convenio_alteracao_especial",
                {
                    "tipos": ", ".join(types),
                    "regra": rule.label,
                    "operacao": operation.label if new_operation else "-",
                    "alterados": changed,
                },
                user=session.login,
                branch_cnpj=session.branch_cnpj,
            )
        return changed
