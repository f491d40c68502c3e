"""The fault matrix: every fault kind of the simulated services × every remote call of the PDV
(access check, trust unlock, consent query, consent request, connection test).

Each fault is set through the real admin API of the simulated world, served by a real uvicorn on
loopback (so `reset` and `hang` behave as over a network), and met by the PDV's core services on
a seeded database. Each case asserts the PDV's defined behaviour for that call, that the decision
arrives within the configured timeout (plus a small margin), that no exception escapes, and that
nothing is lost (the sale's cart, the settings form, the billing situation kept).
"""

from __future__ import annotations

import time
from dataclasses import asdict

import pytest

from core.billing.service import SOURCE_LAST_KNOWN, BillingService
from core.kernel.errors import RemoteFailure
from core.kernel.login import start_session
from core.lgpd.consent import ConsentService
from core.lgpd.decision import Step
from core.lgpd.sale_check import ConsentFlow
from core.lgpd.settings import LgpdSettingsService
from core.sales.sale import SaleService
from domain.enums import BillingStatus, ConsentStatus, PaymentMethod
from storage.models import Agreement, AuditEntry, BillingState, Customer, Sale, User
from tests.support.fault_support import KINDS, set_fault

TIMEOUT_S = 0.5
# Not a speed target: the margins only prove the timeout cut the call short, far before the
# slow faults below would have answered (5 s and more), even on a loaded machine.
LICENSE_MARGIN = 2.5  # the License Server calls have a deadline of the timeout itself
PORTAL_MARGIN = 3.0  # the portal's calls: timeout + 0.5 s deadline, plus scheduling slack


@pytest.fixture
def ctx(make_context, world):
    return make_context(
        "treinamento",
        license_url=f"{world.url}/license",
        lgpdata_url=f"{world.url}/lgpdata",
        http_timeout=TIMEOUT_S,
    )


@pytest.fixture
def session(ctx):
    return start_session(ctx, User.get(User.login == "operador"))


def fault(admin, service: str, route: str, kind: str) -> None:
    set_fault(admin, service, route=route, kind=kind, options=KINDS[kind][0])


def timed(coro_result_start: float, margin: float) -> float:
    elapsed = time.monotonic() - coro_result_start
    assert elapsed < TIMEOUT_S + margin, f"decisão em {elapsed:.2f} s"
    return elapsed


def license_route(ctx) -> str:
    return "access-check" if BillingService(ctx).route().value == "license-server" else "regua-check"


# --- access check ----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(KINDS))
async def test_access_check_falls_back_to_the_last_known_situation(ctx, admin, kind):
    billing = BillingService(ctx)
    healthy = await billing.check("operador")
    assert healthy.source == "servidor"
    cnpj = ctx.current_branch().cnpj
    kept = BillingState.get(BillingState.cnpj == cnpj)
    fault(admin, "license", license_route(ctx), kind)
    start = time.monotonic()
    decision = await billing.check("operador")
    timed(start, LICENSE_MARGIN)
    assert decision.source == SOURCE_LAST_KNOWN
    assert decision.status is healthy.status
    assert KINDS[kind][1] in decision.failure
    assert decision.notice.startswith("Régua ") and "vale a situação de" in decision.notice
    after = BillingState.get(BillingState.cnpj == cnpj)
    assert (after.status, after.checked_at) == (kept.status, kept.checked_at)  # nothing overwritten
    entry = AuditEntry.select().where(AuditEntry.event == "regua_consulta").order_by(AuditEntry.id.desc()).get()
    assert KINDS[kind][1].split(" (")[0] in entry.detail


@pytest.mark.parametrize("kind", ["hang", "status", "reset"])
async def test_access_check_with_nothing_known_releases_with_a_warning(ctx, admin, kind):
    fault(admin, "license", license_route(ctx), kind)
    start = time.monotonic()
    decision = await BillingService(ctx).check("operador")
    timed(start, LICENSE_MARGIN)
    assert decision.status is BillingStatus.RELEASED and decision.source == "nenhuma-conhecida"
    assert "nenhuma situação conhecida" in decision.notice


# --- trust unlock ----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(KINDS))
async def test_trust_unlock_is_sem_sucesso_saying_why(ctx, admin, kind):
    fault(admin, "license", "trust-unlock", kind)
    start = time.monotonic()
    result = await BillingService(ctx).trust_unlock("operador", "supervisor", "4321")
    timed(start, LICENSE_MARGIN)
    assert not result.granted and result.until is None
    assert result.reason.startswith("Não foi possível pedir o desbloqueio: License Server:")
    assert KINDS[kind][1] in result.reason
    assert BillingState.get_or_none(BillingState.cnpj == ctx.current_branch().cnpj) is None


# --- consent query, within a sale -------------------------------------------------------------


def draft_for(ctx, session, customer_code: str):
    sales = SaleService(ctx)
    customer = Customer.get(Customer.code == customer_code)
    agreement = sales.agreements_of(session, customer.id)[0]
    draft = sales.new_draft(session)
    sales.add_item(session, draft, "1")
    sales.add_item(session, draft, "2")
    sales.set_customer(session, draft, customer.id, agreement.id)
    return sales, draft


@pytest.mark.parametrize("kind", list(KINDS))
async def test_consent_query_under_block_offers_the_supervisor_release(ctx, session, admin, kind):
    fault(admin, "lgpdata", "consent-status", kind)
    sales, draft = draft_for(ctx, session, "0004")  # Bloquear
    lines = [asdict(line) for line in draft.cart.lines]
    flow = ConsentFlow(ctx)
    start = time.monotonic()
    decision = await flow.check(session, draft)
    timed(start, PORTAL_MARGIN)
    assert decision.step is Step.BLOCK_WITH_RELEASE
    assert decision.reason.startswith("Sem status: Portal LGPData")
    assert KINDS[kind][1] in decision.reason
    assert draft.gate.status is ConsentStatus.UNKNOWN
    assert [asdict(line) for line in draft.cart.lines] == lines  # the cart is intact
    flow.release(session, draft, "supervisor", "4321")
    receipt = sales.finalize(session, draft, sales.prepare_payment(session, draft, PaymentMethod.CARD))
    assert Sale.get_by_id(receipt.sale_id).total == draft.cart.total


@pytest.mark.parametrize("kind", list(KINDS))
async def test_consent_query_under_notify_shows_the_notify_dialog(ctx, session, admin, kind):
    fault(admin, "lgpdata", "consent-status", kind)
    sales, draft = draft_for(ctx, session, "0003")  # Notificar
    flow = ConsentFlow(ctx)
    start = time.monotonic()
    decision = await flow.check(session, draft)
    timed(start, PORTAL_MARGIN)
    assert decision.step is Step.NOTIFY and not decision.goes_on
    assert KINDS[kind][1] in decision.reason
    flow.continue_without_term(session, draft)  # Continuar sem termo: no supervisor needed
    assert draft.consent_cleared
    receipt = sales.finalize(session, draft, sales.prepare_payment(session, draft, PaymentMethod.CARD))
    assert len(receipt.lines) == 2


# --- consent request ----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(KINDS))
async def test_consent_request_fails_with_the_reason_and_keeps_the_status(ctx, session, admin, kind):
    fault(admin, "lgpdata", "consent-request", kind)
    customer = Customer.get(Customer.code == "0004")
    agreement = Agreement.get_by_id(SaleService(ctx).agreements_of(session, customer.id)[0].id)
    service = ConsentService(ctx)
    before = service.stored(customer, agreement)
    start = time.monotonic()
    with pytest.raises(RemoteFailure) as failure:
        await service.request_consent(session, customer, agreement)
    timed(start, PORTAL_MARGIN)
    assert str(failure.value).startswith("Portal LGPData")
    assert KINDS[kind][1] in str(failure.value)
    assert service.stored(customer, agreement) == before  # not turned into Pendente


# --- connection test -----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(KINDS))
async def test_connection_test_says_exactly_what_failed(ctx, session, admin, kind, world):
    settings = LgpdSettingsService(ctx)
    supervisor = start_session(ctx, User.get(User.login == "supervisor"))
    form = settings.load(supervisor, ctx.current_branch().id, f"{world.url}/lgpdata")
    kept = asdict(form)
    fault(admin, "lgpdata", "connection-test", kind)
    start = time.monotonic()
    result = await settings.test_connection(supervisor, form, f"{world.url}/lgpdata")
    timed(start, PORTAL_MARGIN)
    assert not result.ok
    expected = {
        "status": "Falha: Portal LGPData: serviço indisponível (HTTP 503)",
        "hang": "Falha: Portal LGPData: sem resposta dentro do tempo limite",
        "delay": "Falha: Portal LGPData: sem resposta dentro do tempo limite",
        "random-delay": "Falha: Portal LGPData: sem resposta dentro do tempo limite",
        "dribble": "Falha: Portal LGPData: sem resposta dentro do tempo limite",
        "malformed-json": "Falha: Portal LGPData: resposta inválida (não é JSON esperado)",
        "empty": "Falha: Portal LGPData: resposta inválida (não é JSON esperado)",
        "missing-fields": "Falha: Portal LGPData: resposta incompleta (faltam: ok, termos)",
    }
    if kind == "reset":
        assert result.lines[0].startswith("Falha: Portal LGPData: conexão interrompida (")
    else:
        assert result.lines == [expected[kind]]
    assert asdict(form) == kept  # the typed form is intact
