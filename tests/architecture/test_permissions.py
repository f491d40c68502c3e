"""Who may do what: every public core service method × every role, against the permission table.

The methods are found by introspection (tests/support/service_walk.py): each one must declare its action
with @requires; a role the table refuses gets PermissionDenied and the database is left exactly
as it was; a role the table allows is never refused for its role (other outcomes, such as a
validation message, are the method's own business). The table itself is checked against what
the store requires: an operador sells, pre-sells, receives, registers and edits customers and
requests consent; a supervisor is needed for the rest listed in SUPERVISOR_ONLY.
"""

from __future__ import annotations

import asyncio

import pytest

from core.billing.service import BillingService
from core.kernel.errors import AuthError
from core.kernel.permissions import (
    CLASSROOM_REFUSAL,
    MODULE_ACTIONS,
    PERMISSIONS,
    Action,
    PermissionDenied,
    declared_action,
)
from core.lgpd.sale_check import ConsentFlow
from core.sales.sale import SaleService
from domain.enums import ConsentStatus, Module, Role
from storage.models import AuditEntry, Customer
from tests.support.service_walk import arguments, call, database_state, make_service, public_calls, service_classes

SUPERVISOR_ONLY = {
    "LgpdSettingsService": {"all_branches", "disabled_branches", "enabled_branches", "load", "save", "test_connection"},
    "AgreementService": {"set_consent_parameters", "bulk_update", "type_counts", "count_of_types"},
    "AuditLog": {"entries", "chain", "chain_warning"},
    "InstructorService": {
        "read",
        "set_situation",
        "set_trust_rules",
        "set_consent",
        "set_fault",
        "clear_faults",
        "reset",
    },
}
"""Integração Portal LGPD, agreement rules and Alteração especial, Auditoria, and the Painel do
instrutor outside demo mode: what an operador may not do, method by method."""

OPERATOR_ACTIONS = {
    Action.SESSION,
    Action.SELL,
    Action.PRESELL,
    Action.RECEIVE,
    Action.CUSTOMERS,
    Action.REQUEST_CONSENT,
    Action.VIEW_AGREEMENTS,
}

SERVICES = service_classes()
WALK = [(cls, name) for cls in SERVICES for name, _ in public_calls(cls)]


def session_of(world, role: Role):
    return world["operator" if role is Role.OPERATOR else "supervisor"]


def resolved_action(world, cls: type, name: str, session) -> Action:
    declared = declared_action(getattr(cls, name))
    if isinstance(declared, Action):
        return declared
    import inspect

    signature = inspect.signature(getattr(cls, name))
    kwargs = arguments(world, cls.__name__, signature, session)
    service = make_service(cls, world["context"])
    bound = signature.bind(service, **kwargs) if "self" in signature.parameters else signature.bind(**kwargs)
    return declared(bound.arguments)


def try_call(world, cls: type, name: str, session) -> PermissionDenied | None:
    """Calls the method; the PermissionDenied it raised, or None when it was not refused."""
    import inspect

    service = make_service(cls, world["context"])
    kwargs = arguments(world, cls.__name__, inspect.signature(getattr(cls, name)), session)
    try:
        call(getattr(service, name), kwargs)
    except PermissionDenied as refused:
        return refused
    except Exception:  # noqa: BLE001 - allowed: what the method does with these arguments is its own
        return None
    return None


def test_the_walk_finds_the_services_of_every_feature():
    names = {cls.__name__ for cls in SERVICES}
    assert {
        "SaleService",
        "PreSaleService",
        "ReceivablesService",
        "CustomerService",
        "ConsentService",
        "ConsentFlow",
        "AgreementService",
        "LgpdSettingsService",
        "AuditLog",
        "InstructorService",
        "BillingService",
    } <= names
    assert len(WALK) >= 60


@pytest.mark.parametrize("cls", SERVICES, ids=[c.__name__ for c in SERVICES])
def test_every_service_method_declares_its_action(cls):
    undeclared = [name for name, _ in public_calls(cls) if declared_action(getattr(cls, name)) is None]
    assert undeclared == [], f"{cls.__name__}: sem @requires"


def test_the_table_has_every_action_and_says_what_the_store_requires():
    assert set(PERMISSIONS) == set(Action)
    assert {a for a, roles in PERMISSIONS.items() if Role.OPERATOR in roles} == OPERATOR_ACTIONS
    assert all(Role.SUPERVISOR in roles for roles in PERMISSIONS.values())
    assert set(MODULE_ACTIONS) == set(Module)


@pytest.mark.parametrize("role", list(Role), ids=[r.value for r in Role])
@pytest.mark.parametrize("cls", SERVICES, ids=[c.__name__ for c in SERVICES])
def test_every_method_by_every_role_follows_the_table(world, cls, role):
    session = session_of(world, role)
    refused_here = set()
    for name, _ in public_calls(cls):
        expected = role in PERMISSIONS[resolved_action(world, cls, name, session)]
        before = database_state()
        refused = try_call(world, cls, name, session)
        if expected:
            assert refused is None, f"{cls.__name__}.{name} recusado a {role.label}: {refused}"
            continue
        assert refused is not None, f"{cls.__name__}.{name} permitido a {role.label}"
        assert "restrito a supervisores" in str(refused) or "Painel do instrutor" in str(refused)
        assert database_state() == before, f"{cls.__name__}.{name} recusado, mas gravou no banco"
        refused_here.add(name)
    assert refused_here == (SUPERVISOR_ONLY.get(cls.__name__, set()) if role is Role.OPERATOR else set())


@pytest.mark.parametrize("role", [None, *Role], ids=["ninguém", *[r.value for r in Role]])
def test_demo_mode_opens_the_instructor_panel_to_anyone_and_classroom_mode_to_no_one(world, role):
    from core.trainer.panel import InstructorService

    session = None if role is None else session_of(world, role)
    config = world["context"].config
    names = sorted(SUPERVISOR_ONLY["InstructorService"])
    config.demo = True
    assert [try_call(world, InstructorService, name, session) for name in names] == [None] * len(names)
    config.student = 2  # a student's PDV, even in demo mode
    before = database_state()
    refusals = [try_call(world, InstructorService, name, session) for name in names]
    assert all(refused is not None and str(refused) == CLASSROOM_REFUSAL for refused in refusals)
    assert database_state() == before


# --- what a supervisor authorizes with their own login and password -------------------------


def blocked_sale(context, session):
    sales = SaleService(context)
    customer = Customer.get(Customer.code == "0004")  # Bloquear venda
    draft = sales.new_draft(session)
    sales.add_item(session, draft, "1")
    sales.set_customer(session, draft, customer.id, sales.agreements_of(session, customer.id)[0].id)
    ConsentFlow(context).apply_answer(session, draft, ConsentStatus.UNKNOWN, None, "portal fora do ar")
    return draft


def test_an_operators_credentials_release_no_sale_a_supervisors_do(context, world):
    session, flow = world["operator"], ConsentFlow(context)
    draft = blocked_sale(context, session)
    with pytest.raises(AuthError, match="não pode autorizar: Liberação do supervisor: acesso restrito a supervisores"):
        flow.release(session, draft, "operador", "1234")
    assert draft.gate.outcome is None and not draft.consent_cleared
    assert AuditEntry.select().where(AuditEntry.event == "supervisor_negado").count() == 1
    assert flow.release(session, draft, "supervisor", "4321") == "supervisor"
    assert draft.consent_cleared


def test_an_operators_credentials_unlock_nothing(context):
    with pytest.raises(AuthError, match="não pode autorizar: Desbloqueio em Confiança: acesso restrito a supervisores"):
        asyncio.run(BillingService(context).trust_unlock("operador", "operador", "1234"))
    [entry] = AuditEntry.select().where(AuditEntry.event == "desbloqueio_confianca")
    assert "supervisor=operador" in entry.detail and "supervisor recusado" in entry.detail


def test_a_trust_unlock_refused_for_an_unknown_supervisor_does_not_write_what_was_typed(context):
    with pytest.raises(AuthError):
        asyncio.run(BillingService(context).trust_unlock("operador", "4321", "x"))
    assert not AuditEntry.select().where(AuditEntry.detail.contains("4321") | AuditEntry.user.contains("4321")).exists()
    [entry] = AuditEntry.select().where(AuditEntry.event == "desbloqueio_confianca")
    assert "supervisor=usuário desconhecido" in entry.detail
