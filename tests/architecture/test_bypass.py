"""Bypass attempts: whatever path calls a core service of a locked module, it does nothing; a
supervisor release is good for one sale only; wrong supervisor passwords lock out; the audit
log cannot be edited or deleted.

The services are found by introspection (every public method taking a `session`), so a service
added later is covered without touching this file.
"""

from __future__ import annotations

import asyncio
import importlib
import inspect

import peewee
import pytest

from core.billing.service import SOURCE_SERVER, BillingDecision, BillingRoute, BillingService
from core.kernel.errors import AuthError, ModuleLocked, ValidationError
from core.kernel.permissions import PermissionDenied
from core.lgpd.decision import Step
from core.lgpd.sale_check import ConsentFlow
from core.sales.sale import SaleService
from domain.enums import BillingStatus, ConsentStatus, Module, PaymentMethod
from storage import models
from storage.models import AuditEntry, Customer
from tests.support import service_walk
from tests.support.service_walk import arguments, call, database_state, make_service

pytestmark = pytest.mark.both_engines

# (module, class) of every service and the modules it belongs to.
LOCKED_BY_PARTIAL = [
    ("core.registry.customers", "CustomerService"),
    ("core.registry.agreements", "AgreementService"),
    ("core.lgpd.settings", "LgpdSettingsService"),
    ("core.kernel.audit", "AuditLog"),
]
SALES_SERVICES = [
    ("core.sales.sale", "SaleService"),
    ("core.sales.presale", "PreSaleService"),
    ("core.sales.receivables", "ReceivablesService"),
    ("core.lgpd.sale_check", "ConsentFlow"),
    ("core.lgpd.consent", "ConsentService"),
]


def public_calls(module_name: str, class_name: str) -> list[tuple[str, inspect.Signature]]:
    calls = service_walk.public_calls(getattr(importlib.import_module(module_name), class_name))
    assert calls, f"{class_name} sem serviços?"
    return calls


def lock(context, session, status: BillingStatus) -> None:
    decision = BillingDecision(status, "", BillingRoute.LICENSE_SERVER, SOURCE_SERVER)
    BillingService(context).apply(session, decision)


def attempt(world, module_name: str, class_name: str, session) -> list[str]:
    """Calls every public service of the class with `session`; returns those that did not raise
    ModuleLocked (or PermissionDenied), and fails if any wrote to the database."""
    cls = getattr(importlib.import_module(module_name), class_name)
    service = make_service(cls, world["context"])
    escaped = []
    for name, signature in public_calls(module_name, class_name):
        before = database_state()
        kwargs = arguments(world, class_name, signature, session)
        try:
            call(getattr(service, name), kwargs)
        except (ModuleLocked, PermissionDenied):  # the billing lock, or the role's (either refuses)
            pass
        else:
            escaped.append(name)
        assert database_state() == before, f"{class_name}.{name} escreveu no banco com o módulo bloqueado"
    return escaped


@pytest.mark.parametrize("module_name, class_name", LOCKED_BY_PARTIAL)
@pytest.mark.parametrize("user", ["operator", "supervisor"])
def test_partial_block_locks_every_service_of_the_other_modules(world, module_name, class_name, user):
    session = world[user]
    lock(world["context"], session, BillingStatus.PARTIAL_BLOCK)
    assert attempt(world, module_name, class_name, session) == []


@pytest.mark.parametrize("module_name, class_name", LOCKED_BY_PARTIAL + SALES_SERVICES)
def test_total_block_locks_every_service(world, module_name, class_name):
    session = world["supervisor"]
    lock(world["context"], session, BillingStatus.TOTAL_BLOCK)
    assert attempt(world, module_name, class_name, session) == []


def test_consent_through_a_locked_module_is_refused_under_partial_block(world, context):
    from core.lgpd.consent import ConsentService

    session = world["operator"]
    lock(context, session, BillingStatus.PARTIAL_BLOCK)
    args = world["args"]
    before = database_state()
    for consent_call in (ConsentService(context).query_status, ConsentService(context).request_consent):
        with pytest.raises(ModuleLocked):
            asyncio.run(consent_call(session, args["customer"], args["agreement"], via=Module.CUSTOMERS))
    assert database_state() == before


# --- the supervisor release -----------------------------------------------------------------


def released_sale(context, session):
    sales, flow = SaleService(context), ConsentFlow(context)
    customer = Customer.get(Customer.code == "0004")  # Bloquear
    agreement = sales.agreements_of(session, customer.id)[0]
    draft = sales.new_draft(session)
    sales.add_item(session, draft, "1")
    sales.set_customer(session, draft, customer.id, agreement.id)
    flow.apply_answer(session, draft, ConsentStatus.UNKNOWN, None, "portal fora do ar")
    assert draft.gate.decision.step is Step.BLOCK_WITH_RELEASE
    flow.release(session, draft, "supervisor", "4321")
    return sales, draft, customer, agreement


def test_a_release_is_not_carried_to_the_next_sale(context, world):
    session = world["operator"]
    sales, released, customer, agreement = released_sale(context, session)
    sales.finalize(session, released, sales.prepare_payment(session, released, PaymentMethod.CARD))
    following = sales.new_draft(session)
    sales.add_item(session, following, "2")
    sales.set_customer(session, following, customer.id, agreement.id)
    assert not following.consent_cleared and following.gate.released_by is None
    with pytest.raises(ValidationError, match="Termo LGPD pendente"):
        sales.finalize(session, following, sales.prepare_payment(session, following, PaymentMethod.CARD))


@pytest.mark.parametrize("how", ["gate moved", "gate dropped"])
def test_a_release_moved_to_another_sale_is_refused(context, world, how):
    """Whatever path builds the draft: a released gate taken to another sale, or a customer and
    agreement with no gate at all, never finalizes without the check."""
    session = world["operator"]
    sales, released, customer, agreement = released_sale(context, session)
    other = sales.new_draft(session)
    sales.add_item(session, other, "3")
    other.customer, other.agreement = released.customer, released.agreement
    other.gate = released.gate if how == "gate moved" else None
    before = models.Sale.select().count()
    with pytest.raises(ValidationError, match="Termo LGPD pendente"):
        sales.finalize(session, other, sales.prepare_payment(session, other, PaymentMethod.CARD))
    assert models.Sale.select().count() == before
    sales.finalize(session, released, sales.prepare_payment(session, released, PaymentMethod.CARD))


def test_wrong_supervisor_passwords_lock_the_supervisor_out(context, world):
    session = world["operator"]
    sales, flow = SaleService(context), ConsentFlow(context)
    customer = Customer.get(Customer.code == "0004")
    draft = sales.new_draft(session)
    sales.add_item(session, draft, "1")
    sales.set_customer(session, draft, customer.id, sales.agreements_of(session, customer.id)[0].id)
    flow.apply_answer(session, draft, ConsentStatus.UNKNOWN, None, "portal fora do ar")
    for _ in range(5):
        with pytest.raises(AuthError, match="inválidos"):
            flow.release(session, draft, "supervisor", "0000")
    assert AuditEntry.select().where(AuditEntry.event == "usuario_bloqueado").count() == 1
    with pytest.raises(AuthError, match="inválidos"):  # even the right password, while locked
        flow.release(session, draft, "supervisor", "4321")
    assert draft.gate.outcome is None and not draft.consent_cleared
    with pytest.raises(AuthError, match="inválidos"):  # the same lockout guards the trust unlock
        asyncio.run(BillingService(context).trust_unlock("operador", "supervisor", "4321"))
    refused = AuditEntry.select().where(AuditEntry.event == "login_falhou")
    assert [e.detail.split(";")[0] for e in refused][-2:] == ["motivo=usuário bloqueado"] * 2


# --- the audit log --------------------------------------------------------------------------


def test_no_service_offers_to_edit_or_delete_the_audit():
    from core.kernel.audit import AuditLog

    offered = {name for name, _ in inspect.getmembers(AuditLog, inspect.isfunction) if not name.startswith("_")}
    assert offered == {"record", "entries", "since", "chain", "chain_warning"}  # chain*: the seals checked, read only


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_entry SET detail = 'apagado'",
        "DELETE FROM audit_entry",
        "UPDATE audit_entry SET event = 'x' WHERE id = (SELECT MIN(id) FROM audit_entry)",
    ],
)
def test_the_database_refuses_to_change_the_audit(context, statement):
    context.audit.record("teste", {"a": 1})
    table = AuditEntry._meta.table_name
    before = list(AuditEntry.select().tuples())
    with pytest.raises(peewee.DatabaseError):
        context.db.execute_sql(statement.replace("audit_entry", table))
    with pytest.raises(peewee.DatabaseError):
        AuditEntry.delete().execute()
    with pytest.raises(peewee.DatabaseError):
        AuditEntry.update(detail="x").execute()
    assert list(AuditEntry.select().tuples()) == before
