"""Painel do instrutor (F12) driven with the keyboard against the real simulated services
(in-process ASGI): who may open it, live changes that the next call sees, reset to the scenario,
and services that are down told in words."""

from __future__ import annotations

import httpx
import pytest
from textual.widgets import DataTable, Static

from core.kernel.permissions import PANEL_REFUSAL
from core.trainer.panel import parse_options, root_url
from tests.conftest import wait_for
from tests.support.login_steps import login_to
from tests.support.netutil import closed_port
from tests.support.panel_steps import open_panel, settled
from tests.support.trainer import HEADERS
from tests.support.world import World
from tui.billing.notice import BillingNoticeDialog
from tui.common.message import MessageDialog
from tui.login.menu import MenuScreen
from tui.trainer.forms import BranchForm, ConsentForm
from tui.trainer.panel import InstructorPanel

SIZE = (80, 24)


def admin_state(world: World, prefix: str) -> dict:
    async def read() -> dict:
        async with httpx.AsyncClient(headers=HEADERS, transport=world.transport, base_url="http://t") as client:
            return (await client.get(f"/{prefix}/admin/state")).json()

    return read()


def message(panel) -> str:
    return str(panel.query_one("#panel-message", Static).render())


def test_rules_and_helpers():
    assert root_url("http://10.0.0.5:8700/license") == "http://10.0.0.5:8700"
    assert parse_options("ms=5000 fields=a,b mode=rst p=0.5") == {
        "ms": 5000,
        "fields": ["a", "b"],
        "mode": "rst",
        "p": 0.5,
    }
    with pytest.raises(ValueError):
        parse_options("ms")


async def test_refused_for_an_operator_outside_demo_mode_allowed_for_a_supervisor(setup):
    app, _ = setup("treinamento", demo=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f12")
        await wait_for(pilot, lambda: isinstance(app.screen, MessageDialog))
        assert app.screen.body_text == PANEL_REFUSAL
        await pilot.press("escape")
        await login_to(pilot, MenuScreen)
        await pilot.press("f12")
        await wait_for(pilot, lambda: isinstance(app.screen, MessageDialog))
        assert "supervisor" in app.screen.body_text
        await pilot.press("escape")
        await pilot.press("f10")
        await login_to(pilot, MenuScreen, "supervisor", "4321")
        panel = await open_panel(pilot)
        assert "12.345.678/0001-95 (este PDV)" in [
            str(c) for c in panel.query_one("#panel-branches", DataTable).get_column_at(0)
        ]


async def test_a_situation_changed_in_the_panel_is_the_next_login_answer(setup):
    app, world = setup("liberado")
    async with app.run_test(size=SIZE) as pilot:
        panel = await open_panel(pilot)
        await pilot.press("down", "enter")  # the row of this PDV's CNPJ
        await wait_for(pilot, lambda: isinstance(app.screen, BranchForm))
        await pilot.press("enter", "down", "down", "down", "enter")  # Situação: Bloqueio Total
        await pilot.press("tab", *"Regularize hoje.")
        await pilot.press("f2")
        await wait_for(pilot, lambda: app.screen is panel)
        await settled(pilot, panel)
        assert "Bloqueio Total (vale no próximo login)" in message(panel)
        state = await admin_state(world, "license")
        mine = next(b for b in state["branches"] if b["cnpj"] == "12345678000195")
        assert (mine["situation"], mine["message"]) == ("bloqueio-total", "Regularize hoje.")
        await pilot.press("escape")
        await login_to(pilot, BillingNoticeDialog)
        assert (app.screen.status.value, app.screen.text) == ("bloqueio-total", "Regularize hoje.")


async def test_a_consent_status_changed_in_the_panel_and_reset_to_the_scenario(setup):
    app, world = setup("lgpd-todos-os-status")
    async with app.run_test(size=SIZE) as pilot:
        panel = await open_panel(pilot)
        await pilot.press("f6")
        table = panel.query_one("#panel-consents", DataTable)
        carla = next(i for i, row in enumerate(panel.view.consents) if row.customer.startswith("Carla"))
        table.move_cursor(row=carla)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConsentForm))
        await pilot.press("up", "up", "enter")  # from Pendente to Aceito
        await wait_for(pilot, lambda: app.screen is panel)
        await settled(pilot, panel)
        assert "Carla Pendente Dias: Aceito no portal" in message(panel)
        status = {c["document"]: c["status"] for c in (await admin_state(world, "lgpdata"))["consents"]}
        assert status["23320872907"] == "aceito"
        assert table.get_row_at(carla)[3] == "Aceito"
        await pilot.press("f9")
        await pilot.pause()
        await pilot.press("enter")  # Voltar ao cenário
        await wait_for(pilot, lambda: app.screen is panel)
        await settled(pilot, panel)
        assert "Voltou ao cenário lgpd-todos-os-status" in message(panel)
        status = {c["document"]: c["status"] for c in (await admin_state(world, "lgpdata"))["consents"]}
        assert status["23320872907"] == "pendente"


async def test_services_down_are_told_in_words(setup):
    port = closed_port()
    app, _ = setup(
        "treinamento",
        license_url=f"http://127.0.0.1:{port}/license",
        lgpdata_url=f"http://127.0.0.1:{port}/lgpdata",
        http_timeout=1.0,
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f12")
        await wait_for(pilot, lambda: isinstance(app.screen, InstructorPanel))
        panel = app.screen
        await settled(pilot, panel)
        text = message(panel)
        assert "License Server: não foi possível conectar" in text
        assert "Traceback" not in text
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is panel  # nothing to change: it says so, no form on nothing


async def test_a_fault_set_and_removed_in_the_panel(setup):
    from textual.widgets import Input, Select

    from tui.trainer.forms import FaultForm

    app, world = setup("treinamento")
    async with app.run_test(size=SIZE) as pilot:
        panel = await open_panel(pilot)
        await pilot.press("f6", "f6")
        assert panel.query_one("#panel-fault-table", DataTable).get_row_at(0)[2] == "nenhuma falha em vigor"
        await pilot.press("f3")
        await wait_for(pilot, lambda: isinstance(app.screen, FaultForm))
        form = app.screen
        form.query_one("#form-route", Select).value = "access-check"
        form.query_one("#form-kind", Select).value = "status"
        form.query_one("#form-options", Input).value = "code=503"
        form.query_one("#form-count", Input).value = "2"
        await pilot.press("f2")
        await wait_for(pilot, lambda: app.screen is panel)
        await settled(pilot, panel)
        assert "Falha em vigor: license access-check: status" in message(panel)
        listing = (await _get(world, "/faults"))["faults"]
        assert [(f["service"], f["route"], f["kind"], f["options"]["code"], f["count"]) for f in listing] == [
            ("license", "access-check", "status", 503, 2)
        ]
        assert "restam 2 de 2" in panel.query_one("#panel-fault-table", DataTable).get_row_at(0)[2]
        await pilot.press("f4")
        await settled(pilot, panel)
        assert "1 falha(s) removida(s)." in message(panel)
        assert (await _get(world, "/faults"))["faults"] == []


async def test_fault_form_says_what_is_missing(setup):
    from tui.trainer.forms import FaultForm

    app, _ = setup("treinamento")
    async with app.run_test(size=SIZE) as pilot:
        await open_panel(pilot)
        await pilot.press("f6", "f6", "f3")
        await wait_for(pilot, lambda: isinstance(app.screen, FaultForm))
        await pilot.press("f2")
        assert "Escolha o tipo da falha" in str(app.screen.query_one(".form-message", Static).render())


async def _get(world: World, path: str) -> dict:
    async with httpx.AsyncClient(headers=HEADERS, transport=world.transport, base_url="http://t") as client:
        return (await client.get(path)).json()


async def test_a_students_cnpj_added_in_the_panel(setup):
    from textual.widgets import Input, Select

    from core.trainer.classroom import student_cnpj
    from domain.enums import BillingStatus

    app, world = setup("treinamento")
    cnpj = student_cnpj("12345678000195", 2)
    async with app.run_test(size=SIZE) as pilot:
        panel = await open_panel(pilot)
        await pilot.press("f3")
        await wait_for(pilot, lambda: isinstance(app.screen, BranchForm))
        form = app.screen
        form.query_one("#form-cnpj", Input).value = "12.345.678/9002-00"
        await pilot.press("f2")
        assert "CNPJ inválido" in str(form.query_one(".form-message", Static).render())
        form.query_one("#form-cnpj", Input).value = cnpj
        form.query_one("#form-situation", Select).value = BillingStatus.PARTIAL_BLOCK
        await pilot.press("f2")
        await wait_for(pilot, lambda: app.screen is panel)
        await settled(pilot, panel)
        state = await admin_state(world, "license")
        assert {b["cnpj"]: b["situation"] for b in state["branches"]}[cnpj] == "bloqueio-parcial"
        assert "12.345.678/9002-69" in [str(c) for c in panel.query_one("#panel-branches", DataTable).get_column_at(0)]
