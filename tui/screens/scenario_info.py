"""F1 in demo mode: the scenario in force, its title and what it shows and what to press."""
from __future__ import annotations

from tui.screens.message import MessageDialog


def scenario_dialog(app) -> MessageDialog:
    name, title, description = app.context.scenario_info()
    return MessageDialog(f"Cenário: {name}", f"{title}\n\n{description or '(cenário sem descrição)'}")
