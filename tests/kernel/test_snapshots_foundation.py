"""Snapshots at 80x24 with a fixed clock, pinned theme and no blinking cursor."""

from __future__ import annotations

from tests.conftest import login


def test_snapshot_login(snap_compare, demo_app):
    assert snap_compare(demo_app(), terminal_size=(80, 24))


def test_snapshot_login_error(snap_compare, demo_app):
    async def wrong(pilot):
        await login(pilot, "operador", "0000")

    assert snap_compare(demo_app(), terminal_size=(80, 24), run_before=wrong)


def test_snapshot_menu_operator_demo(snap_compare, demo_app):
    assert snap_compare(demo_app(), terminal_size=(80, 24), run_before=login)


def test_snapshot_menu_supervisor_not_demo(snap_compare, demo_app):
    async def supervisor(pilot):
        await login(pilot, "supervisor", "4321")

    assert snap_compare(demo_app(demo=False), terminal_size=(80, 24), run_before=supervisor)


def test_snapshot_audit(snap_compare, demo_app):
    async def audit(pilot):
        await login(pilot, "supervisor", "4321")
        await pilot.press("f8")
        await pilot.pause()

    assert snap_compare(demo_app(), terminal_size=(80, 24), run_before=audit)


def test_snapshot_module_not_built(snap_compare, demo_app):
    from tests.support.login_steps import first_unbuilt_key

    key = first_unbuilt_key()

    async def unbuilt(pilot):
        await login(pilot)
        await pilot.press(key)
        await pilot.pause()

    assert snap_compare(demo_app(), terminal_size=(80, 24), run_before=unbuilt)


def test_snapshot_menu_sixteen_colours(snap_compare, demo_app):
    """The thin-terminal theme (TERM=linux): the terminal's own 16 colours."""
    assert snap_compare(demo_app(theme="ansi-dark"), terminal_size=(80, 24), run_before=login)
