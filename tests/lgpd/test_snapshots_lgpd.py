"""LGPD screens at 80x24 against the simulated portal in-process (its clock and request ids
fixed): the integration settings in both modes of CNPJ do termo, an agreement's LGPD
parameters, Alteração especial, a customer's 7 LGPD tab, and the consent-link dialog."""

from __future__ import annotations

from textual.widgets import Select, SelectionList

from tests.conftest import login, settle
from tui.lgpd.settings import SPECIFY


async def settings(pilot):
    await login(pilot, "supervisor", "4321")
    await pilot.press("f7", "enter")
    await settle(pilot)


def test_snapshot_lgpd_settings_branch_term(snap_compare, lgpd_app):
    assert snap_compare(lgpd_app(), terminal_size=(80, 24), run_before=settings)


def test_snapshot_lgpd_settings_specified_cnpj(snap_compare, lgpd_app):
    async def specify(pilot):
        await settings(pilot)
        pilot.app.screen.query_one("#settings-term-branch", Select).value = SPECIFY
        await settle(pilot)
        pilot.app.screen.query_one("#settings-term-cnpj").focus()
        await pilot.press(*"12.ABC.345/01DE-35")
        await settle(pilot)

    assert snap_compare(lgpd_app(), terminal_size=(80, 24), run_before=specify)


def test_snapshot_agreement_lgpd_parameters(snap_compare, lgpd_app):
    async def agreement(pilot):
        await login(pilot, "supervisor", "4321")
        await pilot.press("f6", "down", "down", "enter")  # EMPR02
        await settle(pilot)

    assert snap_compare(lgpd_app(), terminal_size=(80, 24), run_before=agreement)


def test_snapshot_bulk_update(snap_compare, lgpd_app):
    async def bulk(pilot):
        await login(pilot, "supervisor", "4321")
        await pilot.press("f6", "f4")
        await settle(pilot)
        pilot.app.screen.query_one("#bulk-types", SelectionList).select("Empresa")
        pilot.app.screen.query_one("#bulk-types", SelectionList).select("Sindicato")
        pilot.app.screen.query_one("#bulk-rule", Select).value = "bloquear"
        await settle(pilot)
        pilot.app.screen.query_one("#bulk-operation", Select).value = "convenio"
        await settle(pilot)

    assert snap_compare(lgpd_app(), terminal_size=(80, 24), run_before=bulk)


def test_snapshot_customer_lgpd_tab(snap_compare, lgpd_app):
    async def tab(pilot):
        await login(pilot, "supervisor", "4321")
        await pilot.press("f5", *"0009", "enter", "enter", "f7", "f8")  # EMPR01 + FID01
        await settle(pilot)

    assert snap_compare(lgpd_app(), terminal_size=(80, 24), run_before=tab)


def test_snapshot_consent_link_dialog(snap_compare, lgpd_app):
    async def dialog(pilot):
        await login(pilot, "supervisor", "4321")
        await pilot.press("f5", *"0004", "enter", "enter", "f7", "f9")
        await settle(pilot)

    assert snap_compare(lgpd_app(), terminal_size=(80, 24), run_before=dialog)
