"""Cadastro de clientes in core: a PF may be saved without an identification document (the
document's sale rules expect such customers: Notificar sells, Bloquear asks for it at the
counter); a document given is checked by the one rule, in the form and at the counter."""

from __future__ import annotations

import pytest

from core.kernel.errors import ValidationError
from core.kernel.login import start_session
from core.lgpd.decision import Step
from core.lgpd.sale_check import ConsentFlow
from core.registry.customers import CustomerForm, CustomerService, person_document, validate
from core.sales.sale import SaleService
from domain.enums import DocumentType, PersonType
from storage.models import Agreement, AuditEntry, Customer, User


@pytest.fixture
def session(context):
    return start_session(context, User.get(User.login == "supervisor"))


def agreement_id(code: str) -> int:
    return Agreement.get(Agreement.code == code).id


def new_person(name: str, document_type: DocumentType | None = DocumentType.CPF, document: str = "") -> CustomerForm:
    return CustomerForm(None, name, PersonType.PERSON, document_type, document)


def test_a_person_without_document_is_saved_in_notify_and_block_agreements(context, session):
    service = CustomerService(context)
    assert validate(new_person("Maria Sem Documento")) == {}
    maria = service.save(session, new_person("Maria Sem Documento"), [agreement_id("EMPR01"), agreement_id("EMPR02")])
    jose = service.save(session, new_person("Jose Sem Documento", None), [agreement_id("SIND01")])
    for customer in (maria, jose):  # two customers without a document never clash
        stored = Customer.get_by_id(customer.id)
        assert (stored.person_type, stored.document_type, stored.document) == ("PF", None, None)
    assert {link.agreement.code for link in service.links(session, maria.id)} == {"EMPR01", "EMPR02"}
    assert service.get(session, maria.id).agreement_ids == maria.agreement_ids and len(maria.agreement_ids) == 2
    assert "sem documento" in AuditEntry.select().where(AuditEntry.event == "cliente_criado").first().detail


@pytest.mark.parametrize(
    "document_type,document,field,message",
    [
        (DocumentType.CPF, "111.111.111-12", "document", "CPF inválido"),
        (None, "123456", "document_type", "selecione o tipo de documento"),
        (DocumentType.RG, "12", "document", "RG: informe de 4 a 20 letras ou números"),
    ],
)
def test_a_document_given_must_be_valid(context, session, document_type, document, field, message):
    form = new_person("Maria Teste", document_type, document)
    assert message in validate(form)[field]
    with pytest.raises(ValidationError, match=message):
        CustomerService(context).save(session, form)
    assert Customer.get_or_none(Customer.name == "Maria Teste") is None


def test_a_company_still_needs_its_cnpj(context, session):
    form = CustomerForm(None, "Empresa Teste", PersonType.COMPANY, DocumentType.CNPJ, "")
    assert validate(form) == {"document": "Pessoa jurídica: informe o CNPJ."}


def test_the_counter_asks_for_the_document_of_a_person_saved_without_one(context, session):
    """Bloquear asks for it (an empty or a taken document is refused); Notificar sells."""
    customers, sales, flow = CustomerService(context), SaleService(context), ConsentFlow(context)
    saved = customers.save(session, new_person("Maria Sem Documento"), [agreement_id("EMPR01"), agreement_id("EMPR02")])
    with pytest.raises(ValidationError, match="Informe o número do documento"):
        person_document(DocumentType.CPF, "")

    notify = sales.new_draft(session)
    sales.set_customer(session, notify, saved.id, agreement_id("EMPR01"))
    assert notify.gate.decision.step == Step.PROCEED and notify.consent_cleared

    block = sales.new_draft(session)
    sales.set_customer(session, block, saved.id, agreement_id("EMPR02"))
    assert block.gate.decision.step == Step.ASK_DOCUMENT and not block.consent_cleared
    with pytest.raises(ValidationError, match="Informe o número do documento"):
        flow.save_document(session, block, DocumentType.CPF, "  ")
    taken = Customer.get(Customer.code == "0004")
    with pytest.raises(ValidationError, match="Documento já cadastrado para o cliente 0004"):
        flow.save_document(session, block, DocumentType(taken.document_type), taken.document)
    flow.save_document(session, block, DocumentType.CPF, "111.444.777-35")
    assert Customer.get_by_id(saved.id).document == "11144477735"
