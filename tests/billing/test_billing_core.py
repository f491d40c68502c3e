"""The billing service against the real simulated License Server (in-process), and its rules:
route by version, failure policy, locks, trust unlock, re-check between sales, audit."""

from __future__ import annotations

import httpx
import pytest

from core.billing.client import BillingRoute
from core.billing.service import (
    SOURCE_LAST_KNOWN,
    SOURCE_NO_CHECK,
    SOURCE_NONE_KNOWN,
    SOURCE_POLICY,
    SOURCE_SERVER,
    BillingService,
    route_for_version,
)
from core.kernel.errors import AuthError, ModuleLocked, ValidationError
from domain.enums import SALES_MODULES, BillingStatus, Module
from storage.models import AuditEntry, BillingState, User
from storage.settings import set_setting
from tests.support.netutil import closed_port
from tests.support.world import World

pytestmark = pytest.mark.both_engines

CNPJ = "12345678000195"


@pytest.fixture
def setup(make_context, tmp_path, clock):
    def make(scenario: str = "treinamento", **config):
        world = World(tmp_path, scenario, clock)
        config.setdefault("transports", world.transports())
        ctx = make_context(scenario, **config)
        return ctx, world, BillingService(ctx)

    return make


@pytest.mark.parametrize(
    "version, route",
    [
        ("216.000", BillingRoute.LICENSE_SERVER),
        ("215.000", BillingRoute.LICENSE_SERVER),
        ("215.010", BillingRoute.LICENSE_SERVER),
        ("214.999", BillingRoute.REGUA),
        ("212.100", BillingRoute.REGUA),
        ("212.1", BillingRoute.REGUA),
        ("212.099", BillingRoute.NONE),
        ("211.900", BillingRoute.NONE),
        ("100", BillingRoute.NONE),
    ],
)
def test_route_by_version(version, route):
    assert route_for_version(version) is route


def test_invalid_version_is_told():
    with pytest.raises(ValidationError, match="inválida"):
        route_for_version("215.x")


def audit(event: str) -> list[AuditEntry]:
    return list(AuditEntry.select().where(AuditEntry.event == event).order_by(AuditEntry.id))


async def test_check_remembers_and_audits(setup):
    ctx, world, service = setup("bloqueio-parcial")
    decision = await service.check("operador")
    assert (decision.status, decision.source, decision.route) == (
        BillingStatus.PARTIAL_BLOCK,
        SOURCE_SERVER,
        BillingRoute.LICENSE_SERVER,
    )
    assert "restrita somente ao módulo de Vendas" in decision.message
    known = BillingState.get(BillingState.cnpj == CNPJ)
    assert (known.status, known.route, known.checked_at) == ("bloqueio-parcial", "license-server", ctx.clock.now())
    [entry] = audit("regua_consulta")
    assert (entry.user, entry.branch_cnpj, entry.at) == ("operador", CNPJ, ctx.clock.now())
    assert "rota=license-server" in entry.detail and "resultado=Bloqueio Parcial" in entry.detail
    assert "versao=215.010" in entry.detail and "cnpj=12.345.678/0001-95" in entry.detail


async def test_each_route_reaches_its_server_route(setup):
    _, world, service = setup("versao-regua-direta")
    decision = await service.check("operador")
    assert (decision.status, decision.route) == (BillingStatus.MESSAGE, BillingRoute.REGUA)
    ctx, world2, service2 = setup("versao-antiga")
    decision = await service2.check("operador")
    assert (decision.status, decision.source, decision.route) == (
        BillingStatus.RELEASED,
        SOURCE_NO_CHECK,
        BillingRoute.NONE,
    )
    assert await world2.admin().history() == []
    assert [call["route"] for call in await world.admin().history()] == ["regua-check"]
    # no query happened below 212.100: the audit says so, with no result of a query
    [entry] = audit("regua_sem_consulta")
    assert "versao=" in entry.detail and "212.100" in entry.detail and "resultado" not in entry.detail
    assert all("sem-consulta" not in e.detail for e in audit("regua_consulta"))


async def test_app_version_option_overrides_the_scenario(setup):
    ctx, world, service = setup("versao-antiga", app_version="215.000")
    decision = await service.check("operador")
    assert decision.status is BillingStatus.TOTAL_BLOCK
    [call] = await world.admin().history()
    assert (call["route"], call["version"]) == ("access-check", "215.000")


async def test_partial_block_locks_every_module_but_sales_and_core_refuses(setup):
    ctx, _, service = setup("bloqueio-parcial")
    decision = await service.check("supervisor")
    session = service.enter(User.get(User.login == "supervisor"), decision)
    assert set(session.locked) == set(Module) - SALES_MODULES
    for module in SALES_MODULES:
        session.require(module)
    with pytest.raises(ModuleLocked, match="Bloqueio Parcial"):
        session.require(Module.CUSTOMERS)
    with pytest.raises(ModuleLocked, match="Auditoria: bloqueado pela Régua de Cobrança"):
        ctx.audit.entries(session)  # a real core service of a locked module does nothing
    assert session.notice.startswith("Bloqueio Parcial")


async def test_release_removes_billing_locks_but_keeps_supervisor_only(setup):
    ctx, world, service = setup("bloqueio-parcial")
    session = service.enter(User.get(User.login == "operador"), await service.check("operador"))
    assert "restrito a supervisores" in session.locked[Module.AUDIT]  # an earlier lock keeps its reason
    assert "Bloqueio Parcial" in session.locked[Module.CUSTOMERS]
    await world.admin().set_situation(CNPJ, BillingStatus.RELEASED)
    change = await service.recheck(session)
    service.apply(session, change)
    assert set(session.locked) == {Module.AUDIT, Module.SETTINGS}  # the permission table's, for an operador
    assert "restrito a supervisores" in session.locked[Module.AUDIT]


async def test_total_block_does_not_enter(setup):
    ctx, _, service = setup("bloqueio-total")
    decision = await service.check("operador")
    assert not decision.allows_entry and decision.allows_trust_unlock
    with pytest.raises(ValidationError):
        service.enter(User.get(User.login == "operador"), decision)
    service.deny_entry("operador", decision)
    assert "Bloqueio Total" in audit("acesso_negado")[0].detail


async def test_trust_unlock_granted_audited_and_remembered(setup):
    ctx, world, service = setup("bloqueio-total")
    decision = await service.check("operador")
    result = await service.trust_unlock("operador", "supervisor", "4321")
    assert result.granted and f"{result.until:%d/%m/%Y}" == "25/11/2026"
    final = service.after_trust_unlock(decision, result)
    assert (
        final.status is BillingStatus.RELEASED
        and final.notice == ""
        and f"{final.trust_until:%d/%m/%Y}" == "25/11/2026"
    )
    assert BillingState.get(BillingState.cnpj == CNPJ).status == "liberado"
    [entry] = audit("desbloqueio_confianca")
    assert entry.user == "operador" and "supervisor=supervisor" in entry.detail and "ate=25/11/2026" in entry.detail
    assert "4321" not in entry.detail
    assert (await service.check("operador")).trust_until is not None


async def test_trust_unlock_refused_and_wrong_supervisor(setup):
    ctx, _, service = setup("desbloqueio-sem-sucesso")
    result = await service.trust_unlock("operador", "supervisor", "4321")
    assert not result.granted and "Limite de desbloqueios" in result.reason
    with pytest.raises(AuthError, match="inválidos"):
        await service.trust_unlock("operador", "supervisor", "9999")
    assert User.get(User.login == "supervisor").failed_attempts == 1
    with pytest.raises(AuthError, match="não pode autorizar"):
        await service.trust_unlock("operador", "operador", "1234")
    details = [e.detail for e in audit("desbloqueio_confianca")]
    assert "resultado=Sem Sucesso" in details[0] and "Limite" in details[0]
    assert "supervisor recusado" in details[1] and "9999" not in details[1]


async def test_trust_unlock_with_the_server_down_is_sem_sucesso(setup):
    ctx, _, service = setup("bloqueio-total", license_url=f"http://127.0.0.1:{closed_port()}/license")
    result = await service.trust_unlock("operador", "supervisor", "4321")
    assert not result.granted and "Não foi possível pedir o desbloqueio" in result.reason


def down(ctx_setup, scenario="treinamento", **config):
    return ctx_setup(scenario, license_url=f"http://127.0.0.1:{closed_port()}/license", **config)


async def test_failure_with_last_known_situation(setup):
    ctx, _, service = down(setup)
    BillingState.create(
        cnpj=CNPJ,
        status="bloqueio-parcial",
        message="Texto guardado.",
        route="license-server",
        checked_at=ctx.clock.now().replace(hour=8, minute=5),
    )
    decision = await service.check("operador")
    assert (decision.status, decision.source, decision.message) == (
        BillingStatus.PARTIAL_BLOCK,
        SOURCE_LAST_KNOWN,
        "Texto guardado.",
    )
    assert decision.notice == "Régua fora do ar: vale a situação de 22/11 08:05, Bloqueio Parcial"
    assert "falha=License Server: não foi possível conectar" in audit("regua_consulta")[0].detail


async def test_failure_with_none_known_lets_in_with_a_warning(setup):
    ctx, _, service = down(setup)
    decision = await service.check("operador")
    assert (decision.status, decision.source) == (BillingStatus.RELEASED, SOURCE_NONE_KNOWN)
    assert decision.notice == "Régua fora do ar: nenhuma situação conhecida; acesso liberado"


@pytest.mark.parametrize(
    "policy, status, notice",
    [
        ("release", BillingStatus.RELEASED, "liberado pela política"),
        ("block", BillingStatus.TOTAL_BLOCK, "bloqueado pela política"),
    ],
)
async def test_failure_policy_from_the_store(setup, policy, status, notice):
    ctx, _, service = down(setup)
    BillingState.create(cnpj=CNPJ, status="mensagem", message="", route="x", checked_at=ctx.clock.now())
    set_setting("billing_failure_policy", policy)
    decision = await service.check("operador")
    assert (decision.status, decision.source) == (status, SOURCE_POLICY)
    assert notice in decision.notice


async def test_malformed_answer_uses_last_known(setup):
    def handler(request):
        return httpx.Response(200, json={"cnpj": CNPJ})

    ctx, _, service = setup(transports={"license": httpx.MockTransport(handler)})
    BillingState.create(cnpj=CNPJ, status="mensagem", message="", route="x", checked_at=ctx.clock.now())
    decision = await service.check("operador")
    assert decision.source == SOURCE_LAST_KNOWN and decision.status is BillingStatus.MESSAGE
    assert "última situação conhecida" in decision.message  # the stored text was empty
    assert decision.notice.startswith("Régua com resposta inválida:")


async def test_scenario_seeds_the_failure_setup(setup):
    ctx, _, service = setup("licenca-fora-do-ar")
    known = BillingState.get(BillingState.cnpj == CNPJ)
    assert (known.status, known.checked_at.hour, known.checked_at.day) == ("mensagem", 18, 21)
    decision = await service.check("operador")
    assert decision.source == SOURCE_LAST_KNOWN and "faturas em aberto" in decision.message


async def test_recheck_between_sales(setup):
    ctx, world, service = setup("treinamento")
    session = service.enter(User.get(User.login == "operador"), await service.check("operador"))
    assert await service.recheck(session) is None  # nothing changed
    await world.admin().set_situation(CNPJ, BillingStatus.PARTIAL_BLOCK)
    service.sale_started(session)
    change = await service.recheck(session)
    assert change.status is BillingStatus.PARTIAL_BLOCK
    assert change.notice == "Régua às 09:30: situação alterada para Bloqueio Parcial"
    assert not service.offer(session, change)
    assert session.pending_billing is change and session.locked.keys() == {Module.AUDIT, Module.SETTINGS}
    waited = service.sale_finished(session)
    assert waited is change and session.pending_billing is None
    assert service.offer(session, waited)
    service.apply(session, waited)
    service.record_change(session, BillingStatus.RELEASED, waited)
    assert Module.CUSTOMERS in session.locked
    assert [e.event for e in AuditEntry.select().where(AuditEntry.event.startswith("regua"))] == [
        "regua_consulta",
        "regua_reconsulta",
        "regua_reconsulta",
        "regua_mudanca_adiada",
        "regua_situacao_aplicada",
    ]


async def test_recheck_change_to_message_says_so(setup):
    ctx, world, service = setup("treinamento")
    session = service.enter(User.get(User.login == "operador"), await service.check("operador"))
    await world.admin().set_situation(CNPJ, BillingStatus.MESSAGE)
    change = await service.recheck(session)
    assert change.notice == "Régua às 09:30: situação alterada para Mensagem"


async def test_recheck_failure_keeps_the_session(setup, tmp_path):
    ctx, world, service = setup("bloqueio-parcial")
    session = service.enter(User.get(User.login == "operador"), await service.check("operador"))
    ctx.config.license_url = f"http://127.0.0.1:{closed_port()}/license"
    set_setting("billing_failure_policy", "release")  # even so: a failure never lifts a block mid-session
    kept = await service.recheck(session)
    assert kept.status is BillingStatus.PARTIAL_BLOCK
    assert kept.notice == "Régua fora do ar às 09:30: mantida a situação (Bloqueio Parcial)"
    service.apply(session, kept)
    assert Module.CUSTOMERS in session.locked
    assert await service.recheck(session) is None  # same failure, same line: nothing new
