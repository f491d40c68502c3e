"""`pdv sim ...`: change a running simulated world from another terminal (trainers, QA)."""
from __future__ import annotations

import click


@click.group()
def sim() -> None:
    """Altera os serviços simulados em execução (outra janela de terminal)."""


from tui.sim_consent import consent  # noqa: E402
from tui.sim_faults import register as _register_faults  # noqa: E402  (commands in their own module)

sim.add_command(consent)
_register_faults(sim)
