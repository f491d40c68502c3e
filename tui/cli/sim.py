"""`pdv sim ...`: change a running simulated world from another terminal (trainers, QA), with
the trainer token `pdv servers` kept in the config folder (or PDV_TRAINER_TOKEN). Every command
takes the same `--url`: the root of `pdv servers` (or PDV_SIM_URL); ADMIN_ROUTES says which
command calls each trainer route.

The subcommands (and the HTTP clients they use) are imported only when one is invoked, so the
PDV's own start-up does not pay for httpx.
"""

from __future__ import annotations

from importlib import import_module

import click

SUBCOMMANDS: dict[str, str] = {
    # License Server
    "license": "tui.cli.sim_license:license_command",
    "trust-unlock": "tui.cli.sim_license:trust_unlock_command",
    "revoke": "tui.cli.sim_license:revoke_command",
    # LGPData portal
    "consent": "tui.cli.sim_consent:consent",
    "expiry": "tui.cli.sim_portal:expiry",
    "term": "tui.cli.sim_portal:term",
    "credentials": "tui.cli.sim_portal:credentials",
    "cancel": "tui.cli.sim_portal:cancel",
    # both services, or the whole world
    "clock": "tui.cli.sim_world:clock",
    "reset": "tui.cli.sim_world:reset",
    "status": "tui.cli.sim_world:status",
    # simulated faults
    "fault": "tui.cli.sim_faults:fault",
    "clear": "tui.cli.sim_faults:clear",
    "faults": "tui.cli.sim_faults:faults",
}

ADMIN_ROUTES: dict[tuple[str, str], str] = {
    # Every trainer route of `pdv servers` (method, path from its root) and the `pdv sim` command
    # that calls it; tests/cli/test_sim_world_cli.py keeps this equal to the services' own routes.
    ("GET", "/license/admin/state"): "status",
    ("GET", "/license/admin/history"): "status",
    ("PUT", "/license/admin/branches/{cnpj}"): "license",
    ("PUT", "/license/admin/branches/{cnpj}/trust-unlock"): "trust-unlock",
    ("PUT", "/license/admin/trust-unlock"): "trust-unlock",
    ("POST", "/license/admin/branches/{cnpj}/grants/revoke"): "revoke",
    ("DELETE", "/license/admin/branches/{cnpj}/grants"): "revoke",
    ("GET", "/license/admin/clock"): "clock",
    ("POST", "/license/admin/clock"): "clock",
    ("PUT", "/license/admin/clock"): "clock",
    ("POST", "/license/admin/reset"): "reset",
    ("GET", "/lgpdata/admin/state"): "status",
    ("PUT", "/lgpdata/admin/consents"): "consent",
    ("PUT", "/lgpdata/admin/expiry"): "expiry",
    ("PUT", "/lgpdata/admin/terms"): "term",
    ("POST", "/lgpdata/admin/terms/withdraw"): "term",
    ("PUT", "/lgpdata/admin/credentials"): "credentials",
    ("POST", "/lgpdata/admin/requests/{token}/cancel"): "cancel",
    ("POST", "/lgpdata/admin/clock"): "clock",
    ("PUT", "/lgpdata/admin/clock"): "clock",
    ("POST", "/lgpdata/admin/reset"): "reset",
    ("GET", "/license/admin/faults"): "faults",
    ("POST", "/license/admin/faults"): "fault",
    ("DELETE", "/license/admin/faults"): "clear",
    ("GET", "/lgpdata/admin/faults"): "faults",
    ("POST", "/lgpdata/admin/faults"): "fault",
    ("DELETE", "/lgpdata/admin/faults"): "clear",
    ("GET", "/faults"): "faults",
    ("DELETE", "/faults"): "clear",
    ("POST", "/faults/reset"): "reset",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(SUBCOMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        target = SUBCOMMANDS.get(name)
        if target is None:
            return None
        from tui.cli.text import localize

        module_name, _, attribute = target.partition(":")
        command = getattr(import_module(module_name), attribute)
        localize(command)
        return command


@click.group(cls=LazyGroup)
def sim() -> None:
    """Altera os serviços simulados em execução (outra janela de terminal).

    --url de todo comando: o endereço de 'pdv servers', a raiz (padrão http://127.0.0.1:8700);
    sem a opção, a variável PDV_SIM_URL. O token do instrutor vem da pasta de configuração (ou de
    PDV_TRAINER_TOKEN).
    """
