"""What the class sees first in each scenario, at 80x24: log in as the user the scenario's
paragraph names first (operador / 1234 or supervisor / 4321) and snapshot the first dialog, or
the menu with its status line when nothing is shown. Services in-process, FixedClock."""

from __future__ import annotations

import re

import pytest

from storage.scenarios.loader import available, load_scenario
from tests.conftest import wait_for
from tests.support.login_steps import type_login
from tests.support.world import World
from tui.login.screen import LoginScreen

SIZE = (80, 24)
USERS = {"operador": "1234", "supervisor": "4321"}


def documented_user(name: str) -> tuple[str, str]:
    """The first 'operador / 1234' or 'supervisor / 4321' of the scenario's paragraph."""
    found = re.search(r"(operador|supervisor)\s*/\s*(\d{4})", load_scenario(name).description)
    assert found, f"{name}: o parágrafo não diz com quem entrar"
    return found.group(1), found.group(2)


def test_each_documented_user_is_a_real_user():
    for name in available():
        user, password = documented_user(name)
        assert USERS[user] == password, name


@pytest.mark.parametrize("scenario", available())
def test_snapshot_scenario_first_screen(snap_compare, demo_app, tmp_path, clock, scenario):
    world = World(tmp_path, scenario, clock)
    app = demo_app(scenario, transports=world.transports(), http_timeout=1.0)
    user, password = documented_user(scenario)

    async def first_screen(pilot):
        await type_login(pilot, user, password)
        await wait_for(pilot, lambda: not isinstance(pilot.app.screen, LoginScreen), timeout=4)
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=first_screen)
