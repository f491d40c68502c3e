"""Trainers' screens at 80x24, services in-process, FixedClock: the Painel do instrutor's three
tabs, the F12 refusal, and a student's menu in classroom mode (its CNPJ in the header)."""

from __future__ import annotations

from tests.conftest import login, wait_for
from tests.support.panel_steps import open_panel, settled
from tui.common.message import MessageDialog
from tui.login.menu import MenuScreen

SIZE = (80, 24)


def test_snapshot_panel_license(snap_compare, world_app):
    async def panel(pilot):
        await open_panel(pilot)

    assert snap_compare(world_app("bloqueio-parcial"), terminal_size=SIZE, run_before=panel)


def test_snapshot_panel_lgpd(snap_compare, world_app):
    async def panel(pilot):
        screen = await open_panel(pilot)
        await pilot.press("f6")
        await settled(pilot, screen)

    assert snap_compare(world_app("lgpd-todos-os-status"), terminal_size=SIZE, run_before=panel)


def test_snapshot_panel_faults(snap_compare, world_app):
    async def panel(pilot):
        screen = await open_panel(pilot)
        await pilot.press("f6", "f6")
        await settled(pilot, screen)

    assert snap_compare(world_app("licenca-lenta"), terminal_size=SIZE, run_before=panel)


def test_snapshot_panel_refused(snap_compare, world_app):
    async def refused(pilot):
        await login(pilot)
        await pilot.press("f12")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, MessageDialog))

    assert snap_compare(world_app("treinamento", demo=False), terminal_size=SIZE, run_before=refused)


def test_snapshot_student_menu(snap_compare, world_app):
    async def menu(pilot):
        await login(pilot)
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, MenuScreen))

    assert snap_compare(world_app("treinamento", demo=False, student=2), terminal_size=SIZE, run_before=menu)
