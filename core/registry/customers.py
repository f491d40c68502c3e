"""Cadastro de clientes: PF and PJ, their identification document, and their agreements.

A PJ needs a valid CNPJ (the alphanumeric one included) and has no LGPD control. A PF may be
saved without an identification document: the document's sale rules expect such customers
(Notificar sells with no query, Bloquear asks for the document at the counter). A PF document
given must be valid (a CPF, or RG / Passaporte / other with its type): `person_document` is that
rule, for the form and for the document asked at the counter. Saving a PF linked to an agreement
that notifies or blocks without an accepted term yields the notice the document describes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import peewee as pw

from core.kernel.context import AppContext
from core.kernel.errors import ValidationError
from core.kernel.permissions import Action, requires
from core.kernel.session import Session
from core.kernel.text import control_problem
from core.registry.agreements import AgreementDetails, agreement_details
from core.registry.search import CustomerView, customer_view, search_customers
from domain.documents import DocumentError, compact, compact_cnpj, compact_cpf, masked_document
from domain.enums import ConsentRule, ConsentStatus, DocumentType, Module, PersonType
from storage.models import Agreement, Branch, Customer, CustomerAgreement

MAX_NAME = 120
MAX_OTHER_DOCUMENT = 20
PF_DOCUMENT_TYPES = (DocumentType.CPF, DocumentType.RG, DocumentType.PASSPORT, DocumentType.OTHER)

NOTIFY_NOTICE = (
    "O cliente não possui o termo de consentimento LGPD aceito no(s) convênio(s) {agreements}, "
    "configurado(s) para Notificar pendência. O ideal é obter o consentimento já no cadastro: "
    "assim os dados coletados do cliente serão armazenados com o seu consentimento. Nas vendas "
    "por esse(s) convênio(s) a pendência será notificada. Use a guia 7 LGPD > Solicitar consentimento."
)
BLOCK_NOTICE = (
    "O cliente não possui o termo de consentimento LGPD aceito no(s) convênio(s) {agreements}, "
    "configurado(s) para Bloquear venda. As vendas para este cliente nesse(s) convênio(s) serão "
    "bloqueadas até que o termo seja aceito. Use a guia 7 LGPD > Solicitar consentimento."
)


@dataclass
class CustomerForm:
    customer_id: int | None
    name: str
    person_type: PersonType
    document_type: DocumentType | None
    document: str


@dataclass
class ConsentNotice:
    rule: ConsentRule
    title: str
    text: str


def normalize_document(kind: DocumentType, value: str) -> str:
    """Compact form kept in the database: CPF/CNPJ digits (letters for the alphanumeric CNPJ),
    other documents upper-case letters and digits."""
    if kind is DocumentType.CPF:
        return compact_cpf(value)
    if kind is DocumentType.CNPJ:
        return compact_cnpj(value)
    return compact(value)


class DocumentProblem(ValidationError):
    """A PF document that is not valid; `field` is the form field to point at."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def person_document(document_type: DocumentType | None, text: str) -> str:
    """A PF's identification document, compact (CPF digits; other documents upper-case letters
    and digits); DocumentProblem says what is wrong, an empty one included."""
    if document_type is None or document_type not in PF_DOCUMENT_TYPES:
        raise DocumentProblem(
            "document_type",
            "Pessoa física: selecione o tipo de documento (CPF, RG, Passaporte ou Outro).",
        )
    raw = text.strip()
    if not raw:
        raise DocumentProblem("document", "Informe o número do documento.")
    if document_type is DocumentType.CPF:
        try:
            return compact_cpf(raw)
        except DocumentError:
            raise DocumentProblem("document", f"CPF inválido: {raw}.") from None
    compact = normalize_document(document_type, raw)
    if not 4 <= len(compact) <= MAX_OTHER_DOCUMENT:
        raise DocumentProblem(
            "document",
            f"{document_type.label}: informe de 4 a {MAX_OTHER_DOCUMENT} letras ou números.",
        )
    return compact


def validate(form: CustomerForm) -> dict[str, str]:
    """Field → message for every problem of the form."""
    errors: dict[str, str] = {}
    name = form.name.strip()
    if not name:
        errors["name"] = "Informe o nome do cliente."
    elif len(name) > MAX_NAME:
        errors["name"] = f"Nome com no máximo {MAX_NAME} caracteres."
    elif problem := control_problem(name, "Nome"):
        errors["name"] = problem
    text = form.document.strip()
    if form.person_type is PersonType.COMPANY:
        if not text:
            errors["document"] = "Pessoa jurídica: informe o CNPJ."
        else:
            try:
                compact_cnpj(text)
            except DocumentError:
                errors["document"] = f"CNPJ inválido: {text}."
        return errors
    if not text:
        return errors  # a PF without a document: allowed (see the module's docstring)
    try:
        person_document(form.document_type, text)
    except DocumentProblem as problem:
        errors[problem.field] = str(problem)
    return errors


def stored_document(form: CustomerForm) -> tuple[str | None, str | None]:
    """(document_type, document) as kept in the database; (None, None) for a PF without one."""
    if form.person_type is PersonType.COMPANY:
        return DocumentType.CNPJ.value, compact_cnpj(form.document.strip())
    if not form.document.strip():
        return None, None
    return form.document_type.value, person_document(form.document_type, form.document)


def refuse_document_clash(document: str | None, customer_id: int | None) -> None:
    """One document, one customer (customers without a document never clash)."""
    if not document:
        return
    clash = Customer.get_or_none((Customer.document == document) & (Customer.id != (customer_id or 0)))
    if clash is not None:
        raise ValidationError(f"Documento já cadastrado para o cliente {clash.code} - {clash.name}.")


@dataclass(frozen=True)
class LinkDetails:
    """One agreement of a customer and the last known status of its LGPD term."""

    agreement: AgreementDetails
    consent_status: ConsentStatus
    consent_checked_at: datetime | None


@dataclass(frozen=True)
class CustomerDetails:
    """A customer as the Cadastro de cliente screen reads it: its data and the agreements it
    is linked to (their ids, in agreement code order)."""

    id: int
    code: str
    name: str
    person_type: PersonType
    document_type: str | None
    document: str | None
    agreement_ids: tuple[int, ...]


def customer_details(row: Customer) -> CustomerDetails:
    linked = (
        CustomerAgreement.select(CustomerAgreement.agreement)
        .join(Agreement)
        .where(CustomerAgreement.customer == row.id)
        .order_by(Agreement.code)
    )
    return CustomerDetails(
        row.id,
        row.code,
        row.name,
        PersonType(row.person_type),
        row.document_type,
        row.document,
        tuple(link.agreement_id for link in linked),
    )


class CustomerService:
    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    @requires(Action.CUSTOMERS)
    def search(self, session: Session, text: str = "", limit: int = 200) -> list[CustomerView]:
        """By any word of the name, the code or the document (with or without punctuation),
        the one search of the sale screen (core/registry/search.py); every customer by name when empty."""
        session.require(Module.CUSTOMERS)
        if text.strip():
            return search_customers(text, limit)
        return [customer_view(row) for row in Customer.select().order_by(Customer.name, Customer.id).limit(limit)]

    @requires(Action.CUSTOMERS)
    def get(self, session: Session, customer_id: int) -> CustomerDetails:
        session.require(Module.CUSTOMERS)
        row = Customer.get_or_none(Customer.id == customer_id)
        if row is None:
            raise ValidationError("Cliente não encontrado.")
        return customer_details(row)

    @requires(Action.CUSTOMERS)
    def agreements(self, session: Session, agreement_ids: list[int] | None = None) -> list[AgreementDetails]:
        """The agreements a customer may be linked to, by code (only `agreement_ids`, when given)."""
        session.require(Module.CUSTOMERS)
        query = Agreement.select().order_by(Agreement.code)
        if agreement_ids is not None:
            query = query.where(Agreement.id.in_(agreement_ids))
        return [agreement_details(row) for row in query]

    def _next_code(self) -> str:
        codes = [row.code for row in Customer.select(Customer.code) if row.code.isdigit()]
        return f"{max((int(c) for c in codes), default=0) + 1:04d}"

    @requires(Action.CUSTOMERS)
    def save(self, session: Session, form: CustomerForm, agreement_ids: list[int] | None = None) -> CustomerDetails:
        """Creates or updates, and (when given) sets the linked agreements, in one transaction;
        ValidationError with the first problem. Links kept keep their consent status."""
        session.require(Module.CUSTOMERS)
        errors = validate(form)
        if errors:
            raise ValidationError(next(iter(errors.values())))
        kind, document = stored_document(form)
        refuse_document_clash(document, form.customer_id)
        with self.ctx.db.atomic():
            if form.customer_id is None:
                customer = Customer.create(
                    code=self._next_code(),
                    name=form.name.strip(),
                    person_type=form.person_type.value,
                    document_type=kind,
                    document=document,
                )
                event = "cliente_criado"
            else:
                customer = Customer.get_by_id(form.customer_id)
                customer.name = form.name.strip()
                customer.person_type = form.person_type.value
                customer.document_type = kind
                customer.document = document
                customer.save()
                event = "cliente_alterado"
            shown = masked_document(document) if document else "sem documento"
            self.ctx.audit.record(
                event,
                {"cliente": customer.code, "tipo": customer.person_type, "documento": shown},
                user=session.login,
                branch_cnpj=session.branch_cnpj,
            )
            if agreement_ids is not None:
                current = {link.agreement_id for link in customer.agreement_links}
                for agreement_id in [a for a in agreement_ids if a not in current]:
                    self._link(session, customer, agreement_id)
                for agreement_id in current - set(agreement_ids):
                    self._unlink(session, customer, agreement_id)
        return customer_details(customer)

    # --- agreements --------------------------------------------------------------------------

    @requires(Action.CUSTOMERS)
    def links(self, session: Session, customer_id: int) -> list[LinkDetails]:
        """The customer's agreements, by code, each with the last known status of its term."""
        session.require(Module.CUSTOMERS)
        rows = (
            CustomerAgreement.select(CustomerAgreement, Agreement)
            .join(Agreement)
            .where(CustomerAgreement.customer == customer_id)
            .order_by(Agreement.code)
        )
        return [
            LinkDetails(agreement_details(row.agreement), ConsentStatus(row.consent_status), row.consent_checked_at)
            for row in rows
        ]

    def _link(self, session: Session, customer: Customer, agreement_id: int) -> None:
        agreement = Agreement.get_by_id(agreement_id)
        try:
            CustomerAgreement.create(customer=customer, agreement=agreement)
        except pw.IntegrityError:
            raise ValidationError(f"O cliente já está no convênio {agreement.code}.") from None
        self.ctx.audit.record(
            "cliente_convenio_vinculado",
            {"cliente": customer.code, "convenio": agreement.code},
            user=session.login,
            branch_cnpj=session.branch_cnpj,
        )

    def _unlink(self, session: Session, customer: Customer, agreement_id: int) -> None:
        agreement = Agreement.get_by_id(agreement_id)
        CustomerAgreement.delete().where(
            (CustomerAgreement.customer == customer) & (CustomerAgreement.agreement == agreement)
        ).execute()
        self.ctx.audit.record(
            "cliente_convenio_desvinculado",
            {"cliente": customer.code, "convenio": agreement.code},
            user=session.login,
            branch_cnpj=session.branch_cnpj,
        )

    @requires(Action.CUSTOMERS)
    def consent_notice(self, session: Session, customer_id: int) -> ConsentNotice | None:
        """After saving a PF: the document's notice when an agreement notifies or blocks and the
        last known status of its term is not Aceito (only where the LGPData product is enabled)."""
        session.require(Module.CUSTOMERS)
        branch = Branch.get_by_id(session.branch_id)
        customer = Customer.get_by_id(customer_id)
        if customer.person_type != PersonType.PERSON.value or not branch.lgpd_enabled:
            return None
        pending: dict[ConsentRule, list[str]] = {ConsentRule.NOTIFY: [], ConsentRule.BLOCK: []}
        for link in self.links(session, customer_id):
            rule = link.agreement.consent_rule
            if rule is not ConsentRule.NONE and link.consent_status is not ConsentStatus.ACCEPTED:
                pending[rule].append(link.agreement.code)
        blocked, notified = pending[ConsentRule.BLOCK], pending[ConsentRule.NOTIFY]
        if not blocked and not notified:
            return None
        parts = []
        if blocked:
            parts.append(BLOCK_NOTICE.format(agreements=", ".join(blocked)))
        if notified:
            parts.append(NOTIFY_NOTICE.format(agreements=", ".join(notified)))
        rule = ConsentRule.BLOCK if blocked else ConsentRule.NOTIFY
        title = "LGPD - Bloquear venda" if blocked else "LGPD - Notificar pendência"
        return ConsentNotice(rule, title, "\n\n".join(parts))
