"""How a failure of a remote service is told: one table (core.kernel.http) for every client and
status line. A TCP reset is a connection cut short ("conexão interrompida"), not an invalid
answer; HTTP 503 is "serviço indisponível", not an internal error; an audited connection test
that connected but found terms missing says so, not "falhou; detalhe=Conexão OK"."""

from __future__ import annotations

from dataclasses import replace

import httpx
import pytest

from core.billing.service import BillingService
from core.kernel.errors import HTTP, INTERRUPTED, MALFORMED, RemoteFailure
from core.kernel.http import failure_words, http_status_words
from core.kernel.session import Session
from core.lgpd.client import LgpdataClient, PortalAccess
from core.lgpd.settings import LgpdSettingsService
from domain.enums import Role
from servers.runner import WorldSource, build_app
from storage.models import AuditEntry, BillingState
from storage.scenarios.loader import SCENARIO_DIR
from tests.support.trainer import TOKEN

CNPJ = "12345678000195"


def reset(request: httpx.Request) -> httpx.Response:
    raise httpx.RemoteProtocolError("Server disconnected without sending a response.", request=request)


def test_the_words_of_each_kind():
    assert failure_words(RemoteFailure(INTERRUPTED, "x")) == "com conexão interrompida"
    assert failure_words(RemoteFailure(MALFORMED, "x")) == "com resposta inválida"
    assert failure_words(RemoteFailure(HTTP, "x", 503)) == "com erro HTTP 503"
    assert http_status_words(503) == "serviço indisponível"
    assert http_status_words(500) == "erro interno do servidor"


async def test_a_reset_of_the_license_server_is_a_connection_cut_short(make_context):
    ctx = make_context(transports={"license": httpx.MockTransport(reset)})
    BillingState.create(cnpj=CNPJ, status="mensagem", message="", route="x", checked_at=ctx.clock.now())
    decision = await BillingService(ctx).check("operador")
    assert decision.notice.startswith("Régua com conexão interrompida: vale a situação de")
    assert "resposta inválida" not in decision.notice


@pytest.mark.parametrize(
    "handler, kind, text",
    [
        (reset, INTERRUPTED, "Portal LGPData: conexão interrompida (RemoteProtocolError)"),
        (
            lambda request: httpx.Response(503, json={"detail": "Serviço indisponível"}),
            HTTP,
            "Portal LGPData: serviço indisponível (HTTP 503)",
        ),
        (
            lambda request: httpx.Response(503, text="<html>down</html>"),
            HTTP,
            "Portal LGPData: serviço indisponível (HTTP 503)",
        ),
        (lambda request: httpx.Response(500, text="boom"), HTTP, "Portal LGPData: erro interno do servidor (HTTP 500)"),
    ],
)
async def test_the_portal_client_names_the_failure(handler, kind, text):
    access = PortalAccess("http://portal.test/lgpdata", "k", "a", "s", 1.0, httpx.MockTransport(handler))
    with pytest.raises(RemoteFailure) as raised:
        await LgpdataClient(access).test_connection(CNPJ, 0)
    assert (raised.value.kind, str(raised.value)) == (kind, text)


async def test_a_connection_test_with_terms_missing_is_audited_as_such(make_context, tmp_path):
    portal = httpx.ASGITransport(
        app=build_app(tmp_path / "world", WorldSource(SCENARIO_DIR, "treinamento", token=TOKEN))
    )
    ctx = make_context(transports={"lgpdata": portal}, http_timeout=2.0)
    branch = ctx.current_branch()
    session = Session(1, "supervisor", "Carlos", Role.SUPERVISOR, branch.id, branch.cnpj, branch.name)
    service = LgpdSettingsService(ctx)
    form = service.load(session, branch.id, "http://portal.test/lgpdata")

    result = await service.test_connection(session, form, "http://portal.test/lgpdata")
    assert result.ok
    result = await service.test_connection(session, replace(form, banner_id="7"), "http://portal.test/lgpdata")
    assert not result.ok and result.lines[0].startswith("Conexão OK")
    entries = list(AuditEntry.select().where(AuditEntry.event == "lgpd_teste_conexao").order_by(AuditEntry.id))
    assert "resultado=ok" in entries[0].detail
    detail = entries[1].detail
    assert "resultado=conectado com pendências" in detail, detail
    assert "Conexão OK" not in detail and "falhou" not in detail
    assert "Nenhum termo vigente no portal para CNPJ 12.345.678/0001-95, bandeira 7." in detail
