"""The scenario catalog: every shipped scenario loads, has a title and a paragraph that says what
to press; the situations of both documents each have a scenario; the LGPD catalog scenarios put
the portal in the state their paragraph promises."""

from __future__ import annotations

import asyncio

import httpx
from click.testing import CliRunner

from storage.scenarios.loader import available, load_scenario
from tests.support.trainer import HEADERS
from tests.support.world import World
from tui.cli.main import cli

CATALOG = {
    "liberado",
    "mensagem",
    "bloqueio-parcial",
    "bloqueio-total",
    "desbloqueio-concedido",
    "desbloqueio-sem-sucesso",
    "licenca-fora-do-ar",
    "versao-antiga",
    "versao-regua-direta",
    "lgpd-notificar",
    "lgpd-bloquear",
    "lgpd-todos-os-status",
    "lgpd-cliente-sem-documento",
    "lgpd-pessoa-juridica",
    "lgpd-solicitacao-expirada",
    "lgpd-portal-fora-do-ar",
    "lgpd-credenciais-erradas",
    "treinamento",
}


def test_every_scenario_has_a_title_and_a_paragraph_with_a_user_to_log_in():
    names = available()
    assert CATALOG <= set(names)
    for name in names:
        scenario = load_scenario(name)
        assert scenario.title.strip(), name
        text = scenario.description
        assert len(text.split()) >= 25, f"{name}: descrição curta demais"
        assert "1234" in text or "4321" in text, f"{name}: não diz com quem entrar"


def test_pdv_scenarios_lists_one_per_line_and_details_each():
    result = CliRunner().invoke(cli, ["scenarios"])
    assert result.exit_code == 0
    lines = result.output.strip().splitlines()
    assert len(lines) == len(available())
    assert any(line.startswith("lgpd-solicitacao-expirada ") for line in lines)
    detailed = CliRunner().invoke(cli, ["scenarios", "--detalhes"]).output
    for name in available():
        assert load_scenario(name).description.split()[0] in detailed


def _portal_status(world: World, document: str) -> str:
    async def read() -> dict:
        async with httpx.AsyncClient(headers=HEADERS, transport=world.transport, base_url="http://t") as client:
            return (await client.get("/lgpdata/admin/state")).json()

    state = asyncio.run(read())
    digits = "".join(ch for ch in document if ch.isalnum())
    return next(c["status"] for c in state["consents"] if c["document"] == digits)


def test_expired_request_scenario_pdv_knows_pendente_portal_says_expirado(tmp_path, make_context):
    world = World(tmp_path, "lgpd-solicitacao-expirada")
    assert _portal_status(world, "233.208.729-07") == "expirado"
    data = load_scenario("lgpd-solicitacao-expirada").data
    carla = next(c for c in data["customers"] if c["code"] == "0003")
    assert carla["consent"] == {"EMPR02": "pendente"}
    assert data["lgpdata"]["expiry_days"] == 15
    # the other customers keep the parent's portal statuses (the list was copied whole)
    assert _portal_status(world, "631.455.253-28") == "cancelado"
