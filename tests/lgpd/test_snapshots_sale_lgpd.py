"""Snapshots at 80x24 of the LGPD dialogs at sale time, against the simulated portal (in-process,
its clock and request ids fixed): Notificar, Bloquear, Bloquear with the portal down and the
supervisor release, the ask-for-document step."""

from __future__ import annotations

from tests.conftest import settle
from tests.support.lgpd_support import sale_to
from tests.support.sale_support import type_text


def test_snapshot_lgpd_notify_dialog(snap_compare, lgpd_app):
    async def run(pilot):
        await sale_to(pilot, "0005")

    assert snap_compare(lgpd_app(), terminal_size=(80, 24), run_before=run)


def test_snapshot_lgpd_block_dialog(snap_compare, lgpd_app):
    async def run(pilot):
        await sale_to(pilot, "0004")

    assert snap_compare(lgpd_app(), terminal_size=(80, 24), run_before=run)


def test_snapshot_lgpd_block_portal_down(snap_compare, lgpd_app):
    async def run(pilot):
        await sale_to(pilot, "0004")

    assert snap_compare(lgpd_app("lgpd-portal-fora-do-ar"), terminal_size=(80, 24), run_before=run)


def test_snapshot_lgpd_supervisor_release(snap_compare, lgpd_app):
    async def run(pilot):
        await sale_to(pilot, "0004")
        await pilot.press("f7")
        await pilot.pause()
        await type_text(pilot, "supervisor")
        await pilot.press("enter")
        await type_text(pilot, "0000")
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(lgpd_app("lgpd-portal-fora-do-ar"), terminal_size=(80, 24), run_before=run)


def test_snapshot_lgpd_ask_document(snap_compare, lgpd_app):
    async def run(pilot):
        await sale_to(pilot, "0010")
        await type_text(pilot, "123")
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(lgpd_app("lgpd-bloquear"), terminal_size=(80, 24), run_before=run)
