"""`pdv sim clock`, `pdv sim reset`, `pdv sim status`: what a trainer does to one simulated service
or to the whole world at once (licenca, lgpdata, falhas, tudo)."""

from __future__ import annotations

from datetime import datetime

import click

from tui.cli.sim_common import SERVICE_LABELS, SERVICE_WORDS, Moment, fail, run_async, service_choice, url_options, when
from tui.cli.types import BoundedFloat, BoundedInt

CLOCK_DAYS = 3660


@click.command("clock")
@click.argument("service", required=False, metavar="[SERVIÇO]")
@click.option("--days", type=BoundedFloat(-CLOCK_DAYS, CLOCK_DAYS), default=None, metavar="N", help="Anda N dias.")
@click.option(
    "--hours", type=BoundedFloat(-24 * CLOCK_DAYS, 24 * CLOCK_DAYS), default=None, metavar="N", help="Anda N horas."
)
@click.option(
    "--minutes",
    type=BoundedFloat(-1440 * CLOCK_DAYS, 1440 * CLOCK_DAYS),
    default=None,
    metavar="N",
    help="Anda N minutos.",
)
@click.option(
    "--set",
    "moment",
    type=Moment(),
    default=None,
    metavar="DATA",
    help="Põe o relógio nesta data e hora (2026-12-22 09:30 ou 22/12/2026 09:30).",
)
@click.option("--machine", is_flag=True, help="Volta ao relógio da máquina.")
@url_options
def clock(
    service: str | None,
    days: float | None,
    hours: float | None,
    minutes: float | None,
    moment: datetime | None,
    machine: bool,
    url: str,
    timeout: float,
) -> None:
    """Mostra ou muda o relógio dos serviços simulados (SERVIÇO: licenca, lgpdata ou tudo, o padrão).

    O License Server conta por ele os desbloqueios em confiança (a data até a qual vale e o limite a
    cada 30 dias); o portal, o prazo das solicitações de consentimento. O do portal só anda para
    frente com --days/--hours/--minutes (para voltar: --set ou --machine). 'pdv sim reset' volta os
    relógios ao da máquina.

    \b
    Exemplos:
      pdv sim clock                          # mostra os dois relógios
      pdv sim clock licenca --days 31        # passa o limite de 30 dias do desbloqueio
      pdv sim clock lgpdata --days 16        # solicitações pendentes passam do prazo
      pdv sim clock tudo --set "2027-01-05 09:00"
    """
    target = service_choice(service, ("license", "lgpdata", "all"))
    services = ("license", "lgpdata") if target == "all" else (target,)
    advance = any(value is not None for value in (days, hours, minutes))
    if sum((advance, moment is not None, machine)) > 1:
        fail("use --days/--hours/--minutes, --set ou --machine, um de cada vez", 2)
    delta = {"days": days or 0, "hours": hours or 0, "minutes": minutes or 0}
    if advance and "lgpdata" in services and (delta["days"] * 1440 + delta["hours"] * 60 + delta["minutes"]) < 0:
        fail("o relógio do portal LGPData só anda para frente; para voltar use --set ou --machine", 2)
    for name in services:
        now = _move(name, url, timeout, delta if advance else None, moment, machine)
        click.echo(f"{SERVICE_LABELS[name]}: {when(now)}")


def _move(service: str, url: str, timeout: float, delta: dict | None, moment: datetime | None, machine: bool) -> str:
    """Moves (or reads) one service's clock; returns its time now."""
    if service == "license":
        from tui.cli.sim_license import admin

        client = admin(url, timeout)
        read = client.clock
    else:
        from tui.cli.sim_consent import portal

        client = portal(url, timeout)
        read = client.state
    if delta is not None:
        answer = run_async(client.advance_clock(**delta))
    elif moment is not None or machine:
        answer = run_async(client.set_clock(moment))
    else:
        answer = run_async(read())
    return str(answer["now"])


@click.command("reset")
@click.argument("words", nargs=-1, metavar="[SERVIÇO] [CENÁRIO]")
@url_options
def reset(words: tuple[str, ...], url: str, timeout: float) -> None:
    """Volta os serviços simulados ao estado de um cenário (padrão: o cenário em uso).

    SERVIÇO: licenca (situações, regras, desbloqueios, histórico e relógio do License Server),
    lgpdata (termos, consentimentos, solicitações, prazo, credenciais e relógio do portal),
    falhas (as falhas do cenário, [[faults]]) ou tudo, o padrão. Voltar um serviço volta também
    as falhas dele.

    \b
    Exemplos:
      pdv sim reset                          # tudo, no cenário em uso
      pdv sim reset licenca                  # só o License Server
      pdv sim reset tudo desbloqueio-concedido
      pdv sim reset lgpd-solicitacao-expirada   # tudo, nesse cenário
    """
    if len(words) > 2:
        fail("use no máximo SERVIÇO e CENÁRIO (ex.: pdv sim reset licenca treinamento)", 2)
    first = words[0] if words else None
    if first is not None and first.strip().lower() in SERVICE_WORDS:
        target, scenario = (
            service_choice(first, ("license", "lgpdata", "faults", "all")),
            (words[1] if len(words) > 1 else None),
        )
    elif len(words) == 2:
        service_choice(first, ("license", "lgpdata", "faults", "all"))  # names the bad word and exits
        return
    else:
        target, scenario = "all", first
    services = ("license", "lgpdata", "faults") if target == "all" else (target,)
    for name in services:
        if name == "license":
            from tui.cli.sim_license import admin

            answer = run_async(admin(url, timeout).reset(scenario))
            click.echo(f"License Server no estado do cenário {answer.get('scenario')}")
        elif name == "lgpdata":
            from tui.cli.sim_consent import portal

            answer = run_async(portal(url, timeout).reset(scenario))
            click.echo(f"Portal LGPData no estado do cenário {answer.get('scenario')}")
        else:
            from tui.cli.sim_faults import faults_admin

            held = run_async(faults_admin(url, timeout).reset(scenario))
            click.echo(f"Falhas do cenário: {len(held)} em vigor")


@click.command("status")
@click.argument("service", required=False, metavar="[SERVIÇO]")
@click.option(
    "--history",
    "history",
    type=BoundedInt(0, 1000),
    default=10,
    show_default=True,
    metavar="N",
    help="Últimas chamadas (License Server) e solicitações (portal) a mostrar.",
)
@url_options
def status(service: str | None, history: int, url: str, timeout: float) -> None:
    """Mostra o estado dos serviços simulados (SERVIÇO: licenca, lgpdata ou tudo, o padrão):
    relógio, situação e regras por CNPJ, desbloqueios, últimas chamadas; no portal, prazo,
    credenciais, termos em vigor e últimas solicitações (com o ID para 'pdv sim cancel')."""
    from tui.cli import sim_license, sim_portal

    target = service_choice(service, ("license", "lgpdata", "all"))
    lines: list[str] = []
    if target in ("license", "all"):
        lines += run_async(sim_license.status_lines(url, timeout, history))
    if target in ("lgpdata", "all"):
        if lines:
            lines.append("")
        lines += run_async(sim_portal.status_lines(url, timeout, history))
    for line in lines:
        click.echo(line)
