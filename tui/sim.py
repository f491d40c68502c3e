"""`pdv sim ...`: change a running simulated world from another terminal (trainers, QA)."""
from __future__ import annotations

import click


@click.group()
def sim() -> None:
    """Altera os serviços simulados em execução (outra janela de terminal)."""


from tui.sim_consent import consent  # noqa: E402

sim.add_command(consent)
