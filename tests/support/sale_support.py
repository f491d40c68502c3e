"""Shared steps of the sale-flow Pilot tests: typed as a cashier would, waiting for workers; and
títulos made as the counter makes them."""

from __future__ import annotations

from textual.widgets import Input, Static

from core.kernel.login import start_session
from core.sales.draft import ConsentOutcome
from core.sales.sale import SaleService
from domain.enums import PaymentMethod
from storage.models import Customer, Receivable, User
from tests.conftest import login, settle


async def type_text(pilot, text: str) -> None:
    for ch in text:
        await pilot.press(ch)


async def open_module(pilot, key: str, user: str = "operador", password: str = "1234") -> None:
    await login(pilot, user, password)
    await pilot.press(key)
    await settle(pilot)


async def ring_up(pilot, text: str) -> None:
    """Types in Produto (from wherever the focus is) and presses Enter."""
    product = pilot.app.screen.query_one("#entry-product", Input)
    product.focus()
    await pilot.pause()
    await type_text(pilot, text)
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()


async def choose_customer(pilot, query: str, agreement_moves: int | None = None) -> None:
    """F2, types the search, Enter on the first match (then the agreement, if asked)."""
    await pilot.press("f2")
    await pilot.pause()
    await type_text(pilot, query)
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    if agreement_moves is not None:
        for _ in range(agreement_moves):
            await pilot.press("down")
        await pilot.press("enter")
    await settle(pilot)


def status_text(screen) -> str:
    return str(screen.query_one("#status-line", Static).content)


# --- screens ----------------------------------------------------------------------------------


async def sale_with_items(pilot) -> None:
    """Venda with a customer, four lines (quantities too) and a search typed: the sale screen full."""
    await open_module(pilot, "f2")
    await choose_customer(pilot, "0900")
    for typed in ("2*1", "7", "13", "3*55"):
        await ring_up(pilot, typed)
    await type_text(pilot, "amox")
    await settle(pilot)


def credit_sales(context, customer_code: str, *codes: str) -> list[Receivable]:
    """Títulos made the way the counter makes them: credit sales finalized by the sale service."""
    session = start_session(context, User.get(User.login == "operador"))
    sales = SaleService(context)
    customer = Customer.get(Customer.code == customer_code)
    agreement = next(a for a in sales.agreements_of(session, customer.id) if a.allows_credit)
    made = []
    for code in codes:
        draft = sales.new_draft(session)
        sales.set_customer(session, draft, customer.id, agreement.id)
        sales.add_item(session, draft, code)
        receipt = sales.finalize(session, draft, sales.prepare_payment(session, draft, PaymentMethod.CREDIT))
        made.append(Receivable.get(Receivable.sale == receipt.sale_id))
    return made


async def pick(pilot, query: str) -> None:
    await pilot.press("f2")
    await pilot.pause()
    await type_text(pilot, query)
    await pilot.press("enter")
    await settle(pilot)


# --- core --------------------------------------------------------------------------------------


def credit_sale(context, session, code: str, *products: str) -> Receivable:
    sales = SaleService(context)
    customer = Customer.get(Customer.code == code)
    agreement = next(a for a in sales.agreements_of(session, customer.id) if a.allows_credit)
    draft = sales.new_draft(session)
    sales.set_customer(session, draft, customer.id, agreement.id)
    draft.gate.outcome = ConsentOutcome.CONTINUED_WITHOUT_TERM
    for code_ in products:
        sales.add_item(session, draft, code_)
    receipt = sales.finalize(session, draft, sales.prepare_payment(session, draft, PaymentMethod.CREDIT))
    return Receivable.get(Receivable.sale == receipt.sale_id)
