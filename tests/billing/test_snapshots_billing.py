"""Snapshots at 80x24 of the Régua de Cobrança screens, against the simulated License Server
(in-process) on a fixed clock: the three AVISO FINANCEIRO dialogs, the supervisor prompt, both
trust-unlock answers, the menu under Bloqueio Parcial and the offline status line."""

from __future__ import annotations

from tests.conftest import wait_for
from tests.support.login_steps import supervisor, to_notice
from tui.billing.supervisor_prompt import SupervisorPrompt
from tui.billing.trust_result import TrustUnlockResultDialog
from tui.login.menu import MenuScreen

SIZE = (80, 24)


async def to_prompt(pilot):
    await to_notice(pilot)
    await pilot.press("d")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, SupervisorPrompt))


async def to_result(pilot):
    await to_prompt(pilot)
    await supervisor(pilot)
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, TrustUnlockResultDialog))


async def to_menu_after_notice(pilot):
    await to_notice(pilot)
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, MenuScreen))


def test_snapshot_aviso_mensagem(snap_compare, demo_app):
    assert snap_compare(demo_app("mensagem"), terminal_size=SIZE, run_before=to_notice)


def test_snapshot_aviso_bloqueio_parcial(snap_compare, demo_app):
    assert snap_compare(demo_app("bloqueio-parcial"), terminal_size=SIZE, run_before=to_notice)


def test_snapshot_aviso_bloqueio_total(snap_compare, demo_app):
    assert snap_compare(demo_app("bloqueio-total"), terminal_size=SIZE, run_before=to_notice)


def test_snapshot_supervisor_prompt(snap_compare, demo_app):
    assert snap_compare(demo_app("bloqueio-total"), terminal_size=SIZE, run_before=to_prompt)


def test_snapshot_trust_unlock_liberado(snap_compare, demo_app):
    assert snap_compare(demo_app("bloqueio-total"), terminal_size=SIZE, run_before=to_result)


def test_snapshot_trust_unlock_sem_sucesso(snap_compare, demo_app):
    assert snap_compare(demo_app("desbloqueio-sem-sucesso"), terminal_size=SIZE, run_before=to_result)


def test_snapshot_menu_bloqueio_parcial(snap_compare, demo_app):
    assert snap_compare(demo_app("bloqueio-parcial"), terminal_size=SIZE, run_before=to_menu_after_notice)


def test_snapshot_offline_status_line(snap_compare, demo_app):
    assert snap_compare(demo_app("licenca-fora-do-ar"), terminal_size=SIZE, run_before=to_menu_after_notice)
