"""`pdv sim license`, `pdv sim trust-unlock`, `pdv sim reset`, `pdv sim status`: a trainer changes
the running License Server from another terminal. The HTTP client is core.license_admin."""
from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable
from typing import Any, TypeVar

import click

from core.license_admin import DEFAULT_URL
from tui.cli_types import BoundedFloat, ServiceUrl
from core.trainer_token import stored_token

T = TypeVar("T")
SITUATIONS = ["liberado", "mensagem", "bloqueio-parcial", "bloqueio-total"]

url_option = click.option(
    "--url", type=ServiceUrl(), default=DEFAULT_URL, show_default=True, metavar="URL",
    help="License Server simulado (o de `pdv servers`).",
)
timeout_option = click.option(
    "--timeout", type=BoundedFloat(0.1, 60), default=3.0, show_default=True, help="Tempo limite (s)."
)


def _fail(message: str, code: int = 1) -> None:
    click.echo(f"pdv sim: {message}", err=True)
    sys.exit(code)


def _run(call: Awaitable[T], url: str) -> T:
    from core.errors import RemoteFailure

    try:
        return asyncio.run(call)
    except RemoteFailure as failure:
        _fail(f"{failure} ({url})")
        raise  # unreachable: _fail exits


def _cnpj(text: str) -> str:
    from core.documents import DocumentError
    from core.license_admin import parse_cnpj

    try:
        return parse_cnpj(text)
    except DocumentError as exc:
        _fail(str(exc), 2)
        raise


def _label(situation: str) -> str:
    from core.domain import BillingStatus

    try:
        return BillingStatus(situation).label
    except ValueError:
        return situation


def _rules(rules: dict[str, Any]) -> str:
    if rules.get("refuse"):
        return f"recusado: {rules.get('reason', '')}"
    return f"{rules.get('days')} dia(s), até {rules.get('max_per_30_days')} a cada 30 dias"


@click.command("license")
@click.argument("cnpj", metavar="CNPJ")
@click.argument("situation", metavar="SITUAÇÃO", type=click.Choice(SITUATIONS, case_sensitive=False))
@click.option("--message", default=None, metavar="TEXTO", help="Texto do AVISO FINANCEIRO (padrão: o do documento).")
@url_option
@timeout_option
def license_command(cnpj: str, situation: str, message: str | None, url: str, timeout: float) -> None:
    """Muda a situação de um CNPJ na Régua de Cobrança simulada (vale no próximo login).

    SITUAÇÃO: liberado, mensagem, bloqueio-parcial ou bloqueio-total. O CNPJ pode vir
    formatado ou não (alfanumérico aceito).
    """
    from core.documents import format_cnpj
    from core.license_admin import LicenseAdmin, parse_situation

    number = _cnpj(cnpj)
    status = parse_situation(situation)
    answer = _run(LicenseAdmin(url, timeout, token=stored_token()).set_situation(number, status, message), url)
    click.echo(f"CNPJ {format_cnpj(number)}: {_label(answer.get('situation', ''))} (vale na próxima consulta)")


@click.command("trust-unlock")
@click.argument("cnpj", required=False, metavar="[CNPJ]")
@click.option("--days", type=click.IntRange(1, 365), default=None, help="Dias liberados por desbloqueio.")
@click.option("--max-per-30-days", type=click.IntRange(0, 1000), default=None, help="Desbloqueios permitidos a cada 30 dias.")
@click.option("--refuse/--allow", default=None, help="Recusar todo pedido (com --reason) ou voltar a permitir.")
@click.option("--reason", default=None, metavar="TEXTO", help="Motivo informado quando recusado.")
@url_option
@timeout_option
def trust_unlock_command(cnpj: str | None, days, max_per_30_days, refuse, reason, url: str, timeout: float) -> None:
    """Muda as regras de Desbloqueio em Confiança de um CNPJ (sem CNPJ: de todos)."""
    from core.license_admin import LicenseAdmin

    number = _cnpj(cnpj) if cnpj else None
    rules = {"days": days, "max_per_30_days": max_per_30_days, "refuse": refuse, "reason": reason}
    answer = _run(LicenseAdmin(url, timeout, token=stored_token()).set_trust_rules(number, **rules), url)
    branches = answer.get("branches", [answer])
    for branch in branches:
        click.echo(f"CNPJ {branch.get('cnpj')}: desbloqueio em confiança {_rules(branch.get('trust_unlock', {}))}")


@click.command("reset")
@click.argument("scenario", required=False, metavar="[CENÁRIO]")
@url_option
@timeout_option
def reset_command(scenario: str | None, url: str, timeout: float) -> None:
    """Volta o License Server ao estado de um cenário (padrão: o cenário em uso)."""
    from core.license_admin import LicenseAdmin

    answer = _run(LicenseAdmin(url, timeout, token=stored_token()).reset(scenario), url)
    click.echo(f"License Server no estado do cenário {answer.get('scenario')}")


@click.command("status")
@click.option("--history", "history", type=click.IntRange(0, 1000), default=10, show_default=True, help="Últimas chamadas a mostrar.")
@url_option
@timeout_option
def status_command(history: int, url: str, timeout: float) -> None:
    """Mostra o estado do License Server simulado: situação e regras por CNPJ, últimas chamadas."""
    from core.documents import format_cnpj, is_valid_cnpj
    from core.license_admin import LicenseAdmin

    admin = LicenseAdmin(url, timeout, token=stored_token())

    async def read() -> tuple[dict[str, Any], list[dict[str, Any]]]:
        state = await admin.state()
        calls = await admin.history(limit=history) if history else []
        return state, calls

    state, calls = _run(read(), url)

    def show(number: str) -> str:
        return format_cnpj(number) if is_valid_cnpj(number) else number

    default = state.get("default", {})
    click.echo(f"License Server {url} | cenário {state.get('scenario')} | {state.get('now', '')[:16].replace('T', ' ')}")
    click.echo(f"Padrão: {_label(default.get('situation', ''))}; desbloqueio em confiança {_rules(default.get('trust_unlock', {}))}")
    click.echo(f"{'CNPJ':<20} {'SITUAÇÃO':<17} DESBLOQUEIO EM CONFIANÇA")
    for branch in state.get("branches", []):
        grant = f"; liberado até {branch['grant_until']}" if branch.get("grant_until") else ""
        click.echo(f"{show(branch['cnpj']):<20} {_label(branch['situation']):<17} {_rules(branch.get('trust_unlock', {}))}{grant}")
    if history:
        click.echo("Últimas chamadas:" if calls else "Nenhuma chamada do PDV ainda.")
        for call in calls:
            answer = call.get("answer", {})
            result = answer.get("situation") or answer.get("situacao") or answer.get("result") or answer.get("detail", "")
            click.echo(
                f"  {call['at'][:19].replace('T', ' ')}  {call['route']:<13} {show(call['cnpj']):<20} "
                f"{call['version'] or '-':<8} {call['status_code']}  {result}"
            )
