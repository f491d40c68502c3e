"""`pdv sim fault`, `pdv sim clear`, `pdv sim faults`: the simulated services' faults, changed
from another terminal while `pdv servers` runs (the next call of the PDV meets them)."""

from __future__ import annotations

import json
from typing import Any

import click

from core.trainer.faults import FaultsAdmin, describe
from core.trainer.token import stored_token
from servers.faults.specs import KIND_LABELS
from tui.cli.sim_common import fail, root_url, run_async, url_options
from tui.cli.types import BoundedFloat

KINDS_HELP = "\n".join(f"  {kind:<15} {label}" for kind, label in KIND_LABELS.items())
"""The kinds of the services shipped with this PDV (servers.faults.specs); 'pdv sim faults' asks
the running ones."""


def faults_admin(url: str, timeout: float) -> FaultsAdmin:
    """The fault client for the `--url` root of `pdv servers`."""
    return FaultsAdmin(root_url(url), timeout, token=stored_token())


@click.command(
    "fault", epilog="\b\nTipos de falha (TIPO; 'pdv sim faults' lista os dos serviços em execução):\n" + KINDS_HELP
)
@click.argument("service", metavar="SERVIÇO")
@click.argument("route", metavar="ROTA")
@click.argument("kind", metavar="TIPO")
@click.option("--ms", type=int, help="delay: atraso; hang: segura e fecha após ms (0 = nunca responde).")
@click.option("--min-ms", type=int, help="random-delay: atraso mínimo (ms).")
@click.option("--max-ms", type=int, help="random-delay: atraso máximo (ms).")
@click.option("--code", type=int, help="status: o status HTTP (401, 429, 500, 503...).")
@click.option("--body", metavar="JSON", help="status: corpo JSON da resposta.")
@click.option("--retry-after", type=int, help="status: cabeçalho Retry-After (s).")
@click.option("--field", "fields", multiple=True, help="missing-fields: campo a retirar (repita para vários).")
@click.option("--keep", help="missing-fields: o único campo a manter.")
@click.option("--mode", type=click.Choice(["rst", "fin"]), help="reset: rst (reset TCP, padrão) ou fin.")
@click.option("--chunks", type=int, help="dribble: em quantos pedaços (padrão 5).")
@click.option("--total-ms", type=int, help="dribble: duração total do envio (ms, padrão 2000).")
@click.option("--count", type=click.IntRange(min=1), help="Falha só nas próximas N chamadas, depois volta ao normal.")
@click.option("--probability", type=BoundedFloat(0, 1), help="Chance (0 a 1) de cada chamada falhar.")
@click.option("--seed", type=int, help="Semente do sorteio (mesma semente, mesma sequência).")
@url_options
def fault(
    service: str,
    route: str,
    kind: str,
    count: int | None,
    probability: float | None,
    seed: int | None,
    url: str,
    timeout: float,
    **given: Any,
) -> None:
    """Põe a falha TIPO na rota ROTA do serviço SERVIÇO (license, lgpdata).

    ROTA é o nome da rota (ex.: access-check) ou * para todas; 'pdv sim faults' lista as rotas.
    A falha substitui a que houver na rota e vale a partir da próxima chamada.

    \b
    Exemplos:
      pdv sim fault license access-check delay --ms 5000 --count 2
      pdv sim fault lgpdata '*' status --code 503 --probability 0.3 --seed 7
    """
    options = {name: value for name, value in given.items() if value not in (None, ())}
    if "body" in options:
        try:
            options["body"] = json.loads(options["body"])
        except ValueError:
            fail('--body: JSON inválido (ex.: \'{"detail": "fora do ar"}\')', 2)
    if "fields" in options:
        options["fields"] = list(options["fields"])
    admin = faults_admin(url, timeout)
    held = run_async(admin.set(service, route, kind, options, count=count, probability=probability, seed=seed))
    click.echo(f"Falha em vigor: {describe(held)}")


@click.command("clear")
@click.argument("service", required=False, metavar="[SERVIÇO]")
@click.argument("route", required=False, metavar="[ROTA]")
@url_options
def clear(service: str | None, route: str | None, url: str, timeout: float) -> None:
    """Tira as falhas: todas, as do SERVIÇO, ou só a da ROTA do SERVIÇO."""
    removed = run_async(faults_admin(url, timeout).clear(service, route))
    click.echo("Nenhuma falha a remover." if removed == 0 else f"Falhas removidas: {removed}.")


@click.command("faults")
@click.argument("service", required=False, metavar="[SERVIÇO]")
@url_options
def faults(service: str | None, url: str, timeout: float) -> None:
    """Lista as falhas em vigor, as rotas de cada serviço (ou só as do SERVIÇO) e os tipos de
    falha que os serviços em execução conhecem."""
    admin = faults_admin(url, timeout)
    listing = run_async(admin.listing() if service is None else admin.service_listing(service))
    if listing["faults"]:
        click.echo("Falhas em vigor:")
        for item in listing["faults"]:
            click.echo(f"  {describe(item)}")
    else:
        click.echo("Nenhuma falha em vigor.")
    for service, routes in listing["services"].items():
        click.echo(f"Rotas de {service}: {', '.join(routes) or '(nenhuma)'}")
    click.echo(f"Tipos de falha: {', '.join(f'{kind} ({label})' for kind, label in listing['kinds'].items())}")
