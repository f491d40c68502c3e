"""`pdv sim ...`: change a running simulated world from another terminal (trainers, QA)."""
from __future__ import annotations

import click


@click.group()
def sim() -> None:
    """Altera os serviços simulados em execução (outra janela de terminal)."""


from tui.sim_consent import consent  # noqa: E402
from tui.sim_faults import register as _register_faults  # noqa: E402  (commands in their own module)
from tui.sim_license import license_command, reset_command, status_command, trust_unlock_command  # noqa: E402

sim.add_command(consent)
for _command in (license_command, trust_unlock_command, reset_command, status_command):
    sim.add_command(_command)
_register_faults(sim)
