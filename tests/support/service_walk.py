"""Walking the core services: every public method that takes a `session`, found by
introspection (a service added later is covered without touching the tests), the arguments to
call each with, and the whole database to see that a refused call changed nothing."""

from __future__ import annotations

import asyncio
import importlib
import inspect
import pkgutil
from decimal import Decimal
from typing import Any

import core
from core.billing.service import SOURCE_SERVER, BillingDecision, BillingRoute
from core.kernel.login import start_session
from core.registry.customers import CustomerForm
from core.sales.presale import PreSaleService
from core.sales.sale import SaleService
from core.trainer.panel import ConsentRow
from domain.enums import (
    BillingStatus,
    ConsentOperation,
    ConsentRule,
    ConsentStatus,
    DocumentType,
    PaymentMethod,
    PersonType,
)
from storage import models
from storage.models import Agreement, Customer, Product, Receivable, User


def public_calls(cls: type) -> list[tuple[str, inspect.Signature]]:
    calls = []
    for name, function in inspect.getmembers(cls, inspect.isfunction):
        signature = inspect.signature(function)
        if not name.startswith("_") and "session" in signature.parameters:
            calls.append((name, signature))
    return calls


def service_classes() -> list[type]:
    """Every class of core with a public method taking a session (base classes left out:
    their methods are walked through the classes built on them)."""
    found: list[type] = []
    for info in pkgutil.walk_packages(core.__path__, prefix="core."):
        if info.ispkg:
            continue
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__ and public_calls(cls):
                found.append(cls)
    return [cls for cls in found if not any(other is not cls and issubclass(other, cls) for other in found)]


def make_service(cls: type, context) -> Any:
    return context.audit if cls.__name__ == "AuditLog" else cls(context)


def database_state() -> dict[str, list]:
    """Every row of every table of the PDV (the whole database, to see that nothing changed)."""
    state = {}
    for model in models.database.get_tables():
        state[model] = list(models.database.execute_sql(f'SELECT * FROM "{model}" ORDER BY 1').fetchall())
    return state


def make_world(context) -> dict[str, Any]:
    """Sessions, drafts and arguments made while everything is open."""
    operator = start_session(context, User.get(User.login == "operador"))
    supervisor = start_session(context, User.get(User.login == "supervisor"))
    sales = SaleService(context)
    customer = Customer.get(Customer.code == "0004")
    agreement = Agreement.get_by_id(sales.agreements_of(operator, customer.id)[0].id)
    sale_draft = sales.new_draft(operator)
    sales.add_item(operator, sale_draft, "1")
    sales.set_customer(operator, sale_draft, customer.id, agreement.id)
    presales = PreSaleService(context)
    presale_draft = presales.new_draft(operator)
    presales.add_item(operator, presale_draft, "1")
    from core.lgpd.settings import LgpdSettingsService

    settings_form = LgpdSettingsService(context).load(supervisor, context.current_branch().id, "")
    cnpj = context.current_branch().cnpj
    args = {
        "customer": customer,
        "customer_id": customer.id,
        "agreement": agreement,
        "agreement_id": agreement.id,
        "agreement_ids": [agreement.id],
        "text": "DIPIRONA",
        "limit": 5,
        "offset": 0,
        "document_type": DocumentType.CPF,
        "document": "52998224725",
        "types": [agreement.agreement_type],
        "rule": ConsentRule.BLOCK,
        "operation": ConsentOperation.AGREEMENT,
        "branch_id": context.current_branch().id,
        "default_url": "",
        "product_id": Product.get().id,
        "quantity_text": "1",
        "index": 0,
        "reason": "teste",
        "number_text": "1",
        "method": PaymentMethod.CASH,
        "amount": Decimal("1.00"),
        "receivable_id": (Receivable.select().first() or Receivable(id=1)).id,
        "status": ConsentStatus.ACCEPTED,
        "checked_at": context.clock.now(),
        "failure": None,
        "login": "supervisor",
        "password": "4321",
        "amount_text": "100",
        # the billing of an open session
        "decision": BillingDecision(BillingStatus.RELEASED, "", BillingRoute.LICENSE_SERVER, SOURCE_SERVER),
        "before": None,
        # the Painel do instrutor
        "cnpj": cnpj,
        "situation": BillingStatus.MESSAGE,
        "message": "teste",
        "days": 3,
        "max_per_30_days": 1,
        "refuse": False,
        "row": ConsentRow("52998224725", "CPF", ConsentOperation.AGREEMENT, ConsentStatus.PENDING),
        "service": "license",
        "route": "access-check",
        "kind": "delay",
        "options": {"ms": 1},
        "count": 1,
        "scenario": None,
    }
    payment = sales.prepare_payment(operator, sale_draft, PaymentMethod.CARD)
    forms = {
        "CustomerService": CustomerForm(None, "Tentativa", PersonType.PERSON, DocumentType.CPF, "52998224725"),
        "LgpdSettingsService": settings_form,
    }
    return {
        "context": context,
        "operator": operator,
        "supervisor": supervisor,
        "args": args,
        "drafts": {"PreSaleService": presale_draft},
        "sale_draft": sale_draft,
        "payment": payment,
        "forms": forms,
    }


def arguments(world, class_name: str, signature: inspect.Signature, session) -> dict:
    given = {"session": session}
    for name, parameter in signature.parameters.items():
        if name in ("self", "session"):
            continue
        if name == "draft":
            given[name] = world["drafts"].get(class_name, world["sale_draft"])
        elif name == "payment":
            given[name] = world["payment"]
        elif name == "form":
            given[name] = world["forms"][class_name]
        elif name == "via":
            given[name] = None
        elif name in world["args"]:
            given[name] = world["args"][name]
        elif parameter.default is inspect.Parameter.empty:
            raise AssertionError(f"{class_name}: argumento sem valor de teste: {name}")
    return given


def call(method, kwargs: dict) -> Any:
    """Calls a service method (awaiting it if async) and returns what it returned."""
    result = method(**kwargs)
    if inspect.iscoroutine(result):
        result = asyncio.run(result)
    return result
