"""`pdv sim ...`: change a running simulated world from another terminal (trainers, QA), with
the trainer token `pdv servers` kept in the config folder (or PDV_TRAINER_TOKEN).

The subcommands (and the HTTP clients they use) are imported only when one is invoked, so the
PDV's own start-up does not pay for httpx.
"""
from __future__ import annotations

from importlib import import_module

import click

SUBCOMMANDS: dict[str, str] = {
    "license": "tui.sim_license:license_command",
    "trust-unlock": "tui.sim_license:trust_unlock_command",
    "reset": "tui.sim_license:reset_command",
    "status": "tui.sim_license:status_command",
    "consent": "tui.sim_consent:consent",
    "fault": "tui.sim_faults:fault",
    "clear": "tui.sim_faults:clear",
    "faults": "tui.sim_faults:faults",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(SUBCOMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        target = SUBCOMMANDS.get(name)
        if target is None:
            return None
        from tui.cli_text import localize

        module_name, _, attribute = target.partition(":")
        command = getattr(import_module(module_name), attribute)
        localize(command)
        return command


@click.group(cls=LazyGroup)
def sim() -> None:
    """Altera os serviços simulados em execução (outra janela de terminal)."""
