"""`pdv sim license`, `pdv sim trust-unlock`, `pdv sim revoke`: a trainer changes the running
License Server from another terminal; and the License Server's part of `pdv sim status`. The
HTTP client is core.billing.admin."""

from __future__ import annotations

from typing import Any

import click

from core.trainer.token import stored_token
from tui.cli.sim_common import fail, run_async, service_url, url_options, when

SITUATIONS = ["liberado", "mensagem", "bloqueio-parcial", "bloqueio-total"]


def admin(url: str, timeout: float):
    """The License Server's admin client for the `--url` root of `pdv servers`."""
    from core.billing.admin import LicenseAdmin

    return LicenseAdmin(service_url(url, "license"), timeout, token=stored_token())


def _cnpj(text: str) -> str:
    from core.billing.admin import parse_cnpj
    from domain.documents import DocumentError

    try:
        return parse_cnpj(text)
    except DocumentError as exc:
        fail(str(exc), 2)


def _label(situation: str) -> str:
    from domain.enums import BillingStatus

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
@url_options
def license_command(cnpj: str, situation: str, message: str | None, url: str, timeout: float) -> None:
    """Muda a situação de um CNPJ na Régua de Cobrança simulada (vale no próximo login).

    SITUAÇÃO: liberado, mensagem, bloqueio-parcial ou bloqueio-total. O CNPJ pode vir
    formatado ou não (alfanumérico aceito).
    """
    from core.billing.admin import parse_situation
    from domain.documents import format_cnpj

    number = _cnpj(cnpj)
    status = parse_situation(situation)
    answer = run_async(admin(url, timeout).set_situation(number, status, message))
    click.echo(f"CNPJ {format_cnpj(number)}: {_label(answer.get('situation', ''))} (vale na próxima consulta)")


@click.command("trust-unlock")
@click.argument("cnpj", required=False, metavar="[CNPJ]")
@click.option("--days", type=click.IntRange(1, 365), default=None, help="Dias liberados por desbloqueio.")
@click.option(
    "--max-per-30-days", type=click.IntRange(0, 1000), default=None, help="Desbloqueios permitidos a cada 30 dias."
)
@click.option("--refuse/--allow", default=None, help="Recusar todo pedido (com --reason) ou voltar a permitir.")
@click.option("--reason", default=None, metavar="TEXTO", help="Motivo informado quando recusado.")
@url_options
def trust_unlock_command(cnpj: str | None, days, max_per_30_days, refuse, reason, url: str, timeout: float) -> None:
    """Muda as regras de Desbloqueio em Confiança de um CNPJ (sem CNPJ: de todos).

    Sem nenhuma opção, só mostra as regras em vigor. Para encerrar um desbloqueio já concedido:
    'pdv sim revoke'; para passar os 30 dias do limite: 'pdv sim clock licenca --days 30'.
    """
    number = _cnpj(cnpj) if cnpj else None
    rules = {"days": days, "max_per_30_days": max_per_30_days, "refuse": refuse, "reason": reason}
    answer = run_async(admin(url, timeout).set_trust_rules(number, **rules))
    branches = answer.get("branches", [answer])
    for branch in branches:
        click.echo(f"CNPJ {branch.get('cnpj')}: desbloqueio em confiança {_rules(branch.get('trust_unlock', {}))}")


@click.command("revoke")
@click.argument("cnpj", metavar="CNPJ")
@click.option(
    "--forget",
    is_flag=True,
    help="Apaga os desbloqueios concedidos ao CNPJ: o limite a cada 30 dias recomeça (para repetir a aula).",
)
@url_options
def revoke_command(cnpj: str, forget: bool, url: str, timeout: float) -> None:
    """Encerra o Desbloqueio em Confiança em vigor de um CNPJ (vale no próximo login).

    O desbloqueio encerrado continua contando para o limite a cada 30 dias: um novo pedido
    dentro de 30 dias volta Sem Sucesso ('pdv sim clock licenca --days 31' passa os 30 dias).
    """
    from domain.documents import format_cnpj

    number = _cnpj(cnpj)
    if forget:
        removed = run_async(admin(url, timeout).forget_grants(number))
        click.echo(
            f"CNPJ {format_cnpj(number)}: {removed} desbloqueio(s) em confiança apagado(s); o limite a cada 30 dias recomeça"
        )
        return
    answer = run_async(admin(url, timeout).revoke_grants(number))
    branch = answer.get("branch") if isinstance(answer.get("branch"), dict) else {}
    click.echo(
        f"CNPJ {format_cnpj(number)}: {answer['revoked']} desbloqueio(s) em confiança encerrado(s), que continuam "
        f"contando para o limite a cada 30 dias; no próximo login: {_label(str(branch.get('situation', '')))}"
    )


async def status_lines(url: str, timeout: float, history: int) -> list[str]:
    """The License Server's part of `pdv sim status`: the server's clock, situation and rules per
    CNPJ, the grants, the last calls of the PDV."""
    from core.kernel.errors import MALFORMED, RemoteFailure
    from domain.documents import format_cnpj, is_valid_cnpj

    client = admin(url, timeout)
    state = await client.state()
    calls = await client.history(limit=history) if history else []
    where = client.where
    if not isinstance(state.get("branches"), list) or not isinstance(state.get("default"), dict):
        raise RemoteFailure(MALFORMED, f"License Server: resposta inválida de {where}")

    def show(number: str) -> str:
        return format_cnpj(number) if is_valid_cnpj(number) else number

    default = state["default"]
    lines = [
        f"License Server {where} | cenário {state.get('scenario')} | relógio {when(state.get('now', ''))}",
        f"Padrão: {_label(default.get('situation', ''))}; desbloqueio em confiança {_rules(default.get('trust_unlock', {}))}",
        f"{'CNPJ':<20} {'SITUAÇÃO':<17} DESBLOQUEIO EM CONFIANÇA",
    ]
    for branch in state["branches"]:
        grant = f"; liberado até {branch['grant_until']}" if branch.get("grant_until") else ""
        lines.append(
            f"{show(branch['cnpj']):<20} {_label(branch['situation']):<17} {_rules(branch.get('trust_unlock', {}))}{grant}"
        )
    for grant in (state.get("grants") or [])[:10]:
        lines.append(
            f"Desbloqueio concedido a {show(grant['cnpj'])} em {when(grant['granted_at'])}, até {grant['until']}"
        )
    if history:
        lines.append("Últimas chamadas:" if calls else "Nenhuma chamada do PDV ainda.")
        for call in calls:
            answer = call.get("answer", {})
            result = (
                answer.get("situation") or answer.get("situacao") or answer.get("result") or answer.get("detail", "")
            )
            lines.append(
                f"  {call['at'][:19].replace('T', ' ')}  {call['route']:<13} {show(call['cnpj']):<20} "
                f"{call['version'] or '-':<8} {call['status_code']}  {result}"
            )
    return lines
