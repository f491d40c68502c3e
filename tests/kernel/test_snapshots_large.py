"""The key screens at 120x36 as well as 80x24 (a larger terminal must lay them out too): the sale
screen, the LGPD Notificar and Bloquear dialogs at sale time, an AVISO FINANCEIRO and the Painel
do instrutor. Same setup as their 80x24 snapshots (fixed clock, pinned theme, services
in-process)."""

from __future__ import annotations

from tests.support.lgpd_support import sale_to
from tests.support.login_steps import to_notice
from tests.support.panel_steps import open_panel
from tests.support.sale_support import sale_with_items

SIZE = (120, 36)


def test_snapshot_large_sale_with_items(snap_compare, demo_app):
    assert snap_compare(demo_app(), terminal_size=SIZE, run_before=sale_with_items)


def test_snapshot_large_lgpd_notify_dialog(snap_compare, lgpd_app):
    async def run(pilot):
        await sale_to(pilot, "0005")

    assert snap_compare(lgpd_app(), terminal_size=SIZE, run_before=run)


def test_snapshot_large_lgpd_block_dialog(snap_compare, lgpd_app):
    async def run(pilot):
        await sale_to(pilot, "0004")

    assert snap_compare(lgpd_app(), terminal_size=SIZE, run_before=run)


def test_snapshot_large_aviso_bloqueio_total(snap_compare, demo_app):
    assert snap_compare(demo_app("bloqueio-total"), terminal_size=SIZE, run_before=to_notice)


def test_snapshot_large_panel_license(snap_compare, world_app):
    async def panel(pilot):
        await open_panel(pilot)

    assert snap_compare(world_app("bloqueio-parcial"), terminal_size=SIZE, run_before=panel)
