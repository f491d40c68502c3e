"""Thin terminals: the AVISO FINANCEIRO dialogs and the consent-link dialog again under the
16-colour theme ("ansi-dark", what --theme auto picks on TERM=linux), 80x24; and the sale-time
LGPD Notificar and Bloquear dialogs."""

from __future__ import annotations

from tests.conftest import login, settle
from tests.support.lgpd_support import sale_to
from tests.support.login_steps import to_notice

SIZE = (80, 24)
THEME = "ansi-dark"


def test_snapshot_ansi_aviso_mensagem(snap_compare, demo_app):
    assert snap_compare(demo_app("mensagem", theme=THEME), terminal_size=SIZE, run_before=to_notice)


def test_snapshot_ansi_aviso_bloqueio_parcial(snap_compare, demo_app):
    assert snap_compare(demo_app("bloqueio-parcial", theme=THEME), terminal_size=SIZE, run_before=to_notice)


def test_snapshot_ansi_aviso_bloqueio_total(snap_compare, demo_app):
    assert snap_compare(demo_app("bloqueio-total", theme=THEME), terminal_size=SIZE, run_before=to_notice)


def test_snapshot_ansi_consent_link_dialog(snap_compare, lgpd_app):
    async def dialog(pilot):
        await login(pilot, "supervisor", "4321")
        await pilot.press("f5", *"0004", "enter", "enter", "f7", "f9")
        await settle(pilot)

    assert snap_compare(lgpd_app(theme=THEME), terminal_size=SIZE, run_before=dialog)


def test_snapshot_ansi_sale_lgpd_notify(snap_compare, lgpd_app):
    async def run(pilot):
        await sale_to(pilot, "0005")

    assert snap_compare(lgpd_app(theme=THEME), terminal_size=SIZE, run_before=run)


def test_snapshot_ansi_sale_lgpd_block(snap_compare, lgpd_app):
    async def run(pilot):
        await sale_to(pilot, "0004")

    assert snap_compare(lgpd_app(theme=THEME), terminal_size=SIZE, run_before=run)
