"""core: the consent service against the simulated portal (in-process ASGI), and every failure
kind of the portal client produced with httpx.MockTransport."""

from __future__ import annotations

import asyncio
import json
import time

import httpx
import pytest

from core.kernel.errors import RemoteFailure
from core.kernel.session import Session
from core.lgpd.consent import ConsentService, settings_for
from domain.enums import ConsentStatus, Module, Role
from servers.runner import WorldSource, build_app
from storage.models import Agreement, AuditEntry, Branch, Customer, CustomerAgreement
from storage.scenarios.loader import SCENARIO_DIR
from tests.support.trainer import TOKEN

ACCEPTED_CPF = "70940985888"


def session_for(ctx, role: Role = Role.SUPERVISOR) -> Session:
    branch = ctx.current_branch()
    return Session(1, "supervisor", "Carlos", role, branch.id, branch.cnpj, branch.name)


@pytest.fixture
def portal_transport(tmp_path):
    return httpx.ASGITransport(app=build_app(tmp_path / "world", WorldSource(SCENARIO_DIR, "treinamento", token=TOKEN)))


@pytest.fixture
def portal_ctx(make_context, portal_transport):
    return make_context(transports={"lgpdata": portal_transport}, http_timeout=2.0)


def customer_with(document: str) -> tuple[Customer, Agreement]:
    customer = Customer.get(Customer.document == document)
    link = CustomerAgreement.select().where(CustomerAgreement.customer == customer).first()
    return customer, link.agreement


def link_of(customer, agreement) -> CustomerAgreement:
    return CustomerAgreement.get((CustomerAgreement.customer == customer) & (CustomerAgreement.agreement == agreement))


async def test_query_status_stores_status_time_and_receipt(portal_ctx, clock):
    customer, agreement = customer_with(ACCEPTED_CPF)
    link = link_of(customer, agreement)
    link.consent_status = "pendente"
    link.save()
    check = await ConsentService(portal_ctx).query_status(session_for(portal_ctx), customer, agreement)
    assert check.status is ConsentStatus.ACCEPTED
    assert check.failure is None
    assert check.checked_at == clock.now()
    assert check.receipt["termo_versao"] == "1"
    stored = link_of(customer, agreement)
    assert stored.consent_status == "aceito"
    assert stored.consent_checked_at == clock.now()
    assert json.loads(stored.consent_receipt)["termo_sha256"] == check.receipt["termo_sha256"]
    entry = AuditEntry.select().where(AuditEntry.event == "lgpd_consulta_status").order_by(AuditEntry.id.desc()).first()
    assert "*******5888" in entry.detail
    assert ACCEPTED_CPF not in entry.detail


async def set_portal_status(transport, document: str, status: str) -> None:
    """The trainer's hand on the portal (PUT /admin/consents), through the world's transport."""
    async with httpx.AsyncClient(
        transport=transport, base_url="http://lgpdata.test", headers={"Authorization": f"Bearer {TOKEN}"}
    ) as trainer:
        answer = await trainer.put("/lgpdata/admin/consents", json={"document": document, "status": status})
        assert answer.status_code == 200, answer.text


async def test_request_consent_returns_link_and_audits(portal_ctx, portal_transport):
    customer, agreement = customer_with(ACCEPTED_CPF)
    await set_portal_status(portal_transport, ACCEPTED_CPF, "recusado")  # asked again after a refusal
    request = await ConsentService(portal_ctx).request_consent(session_for(portal_ctx), customer, agreement)
    assert request.link.startswith("http://lgpdata.test/lgpdata/t/")
    assert request.request_id in request.link
    assert request.status is ConsentStatus.PENDING
    assert link_of(customer, agreement).consent_status == "pendente"
    entry = AuditEntry.select().where(AuditEntry.event == "lgpd_solicitacao_consentimento").first()
    assert request.request_id in entry.detail and ACCEPTED_CPF not in entry.detail


async def test_request_never_demotes_an_acceptance(portal_ctx, portal_transport):
    """A customer who accepted: the cashier's new request is refused by the portal with a sentence
    the PDV shows; the portal and the PDV keep Aceito (and the receipt)."""
    customer, agreement = customer_with(ACCEPTED_CPF)
    service = ConsentService(portal_ctx)
    session = session_for(portal_ctx)
    checked = await service.query_status(session, customer, agreement)
    assert checked.status is ConsentStatus.ACCEPTED
    receipt = link_of(customer, agreement).consent_receipt
    with pytest.raises(RemoteFailure) as refused:
        await service.request_consent(session, customer, agreement)
    assert "já aceitou este termo" in str(refused.value)
    assert "HTTP 409" in str(refused.value)
    stored = link_of(customer, agreement)
    assert stored.consent_status == "aceito" and stored.consent_receipt == receipt
    assert (await service.query_status(session, customer, agreement)).status is ConsentStatus.ACCEPTED
    entry = (
        AuditEntry.select()
        .where(AuditEntry.event == "lgpd_solicitacao_consentimento")
        .order_by(AuditEntry.id.desc())
        .first()
    )
    assert "falhou" in entry.detail and ACCEPTED_CPF not in entry.detail


async def test_settings_for_only_enabled_branches(portal_ctx):
    assert settings_for(Branch.get(Branch.code == 1)).term_cnpj == "12345678000195"
    assert settings_for(Branch.get(Branch.code == 2)) is None


async def test_company_and_no_document_are_not_queried(portal_ctx):
    service = ConsentService(portal_ctx)
    company = Customer.get(Customer.person_type == "PJ")
    agreement = Agreement.get(Agreement.code == "EMPR01")
    check = await service.query_status(session_for(portal_ctx), company, agreement)
    assert check.status is ConsentStatus.UNKNOWN and "jurídica" in check.failure
    nodoc = Customer.get(Customer.document.is_null())
    check = await service.query_status(session_for(portal_ctx), nodoc, agreement)
    assert "sem documento" in check.failure


async def test_partial_block_keeps_consent_for_the_sale(portal_ctx):
    session = session_for(portal_ctx)
    session.locked = {Module.CUSTOMERS: "bloqueado", Module.AGREEMENTS: "b", Module.SETTINGS: "b"}
    customer, agreement = customer_with(ACCEPTED_CPF)
    check = await ConsentService(portal_ctx).query_status(session, customer, agreement)
    assert check.status is ConsentStatus.ACCEPTED
    from core.kernel.errors import ModuleLocked

    with pytest.raises(ModuleLocked):
        await ConsentService(portal_ctx).query_status(session, customer, agreement, via=Module.CUSTOMERS)


# --- every failure kind of the client -------------------------------------------------------------


def _json(status: int, body) -> httpx.Response:
    return httpx.Response(status, json=body)


FAILURES = {
    "refused": (
        lambda request: (_ for _ in ()).throw(httpx.ConnectError("refused", request=request)),
        "não foi possível conectar",
    ),
    "timeout": (lambda request: (_ for _ in ()).throw(httpx.ReadTimeout("slow", request=request)), "tempo limite"),
    "401": (
        lambda request: _json(
            401, {"detail": "Senha inválido(a).", "codigo": "credencial_invalida:Senha", "credencial": "Senha"}
        ),
        "Senha inválido(a)",
    ),
    "500": (lambda request: httpx.Response(500, text="boom"), "erro interno do servidor (HTTP 500)"),
    "503": (lambda request: _json(503, {"detail": "manutenção"}), "HTTP 503"),
    "not-json": (lambda request: httpx.Response(200, text="<html>oops</html>"), "resposta inválida"),
    "missing-field": (lambda request: _json(200, {"documento": "x"}), "faltam: status, termo"),
    "unknown-status": (lambda request: _json(200, {"status": "talvez", "termo": {}}), "status desconhecido"),
    "no-term": (
        lambda request: _json(
            404,
            {
                "detail": "Nenhum termo vigente para CNPJ 1, bandeira 0, operação Convênio.",
                "codigo": "termo_inexistente",
            },
        ),
        "Nenhum termo vigente",
    ),
    "reset": (
        lambda request: (_ for _ in ()).throw(httpx.RemoteProtocolError("reset", request=request)),
        "conexão interrompida",
    ),
}


@pytest.mark.parametrize("kind", list(FAILURES))
async def test_each_failure_becomes_sem_status_with_reason(make_context, kind):
    handler, expected = FAILURES[kind]
    ctx = make_context(transports={"lgpdata": httpx.MockTransport(handler)}, http_timeout=0.5)
    customer, agreement = customer_with(ACCEPTED_CPF)
    before = link_of(customer, agreement)
    check = await ConsentService(ctx).query_status(session_for(ctx), customer, agreement)
    assert check.status is ConsentStatus.UNKNOWN
    assert expected in check.failure
    after = link_of(customer, agreement)
    assert (after.consent_status, after.consent_checked_at) == (before.consent_status, before.consent_checked_at)
    with pytest.raises(RemoteFailure) as raised:
        await ConsentService(ctx).request_consent(session_for(ctx), customer, agreement)
    if kind not in ("missing-field", "unknown-status"):
        assert expected in str(raised.value)


async def test_a_portal_that_never_answers_is_cut_at_the_deadline(make_context):
    async def never(request):
        await asyncio.sleep(30)

    ctx = make_context(transports={"lgpdata": httpx.MockTransport(never)}, http_timeout=0.3)
    customer, agreement = customer_with(ACCEPTED_CPF)
    started = time.monotonic()
    check = await ConsentService(ctx).query_status(session_for(ctx), customer, agreement)
    assert time.monotonic() - started < 1.5
    assert check.status is ConsentStatus.UNKNOWN and "tempo limite" in check.failure


async def test_headers_carry_the_three_credentials(make_context):
    seen = {}

    def handler(request):
        seen.update(request.headers)
        return _json(200, {"status": "pendente", "termo": {"versao": "1"}})

    ctx = make_context(transports={"lgpdata": httpx.MockTransport(handler)})
    customer, agreement = customer_with(ACCEPTED_CPF)
    await ConsentService(ctx).query_status(session_for(ctx), customer, agreement)
    assert (seen["api-key"], seen["acesso"], seen["senha"]) == ("BEMESTAR-7F3A-2026", "pdv.bemestar", "Termo@2026")


async def test_typed_url_is_used_instead_of_the_simulated_portal(make_context):
    """A URL typed in the settings wins over this run's portal: nothing listens on port 9."""
    from storage.models import LgpdSettings

    ctx = make_context(transports={"lgpdata": httpx.MockTransport(lambda r: _json(200, {}))}, http_timeout=1.0)
    LgpdSettings.update(url="http://127.0.0.1:9/lgpdata").execute()
    customer, agreement = customer_with(ACCEPTED_CPF)
    check = await ConsentService(ctx).query_status(session_for(ctx), customer, agreement)
    assert "não foi possível conectar" in check.failure
