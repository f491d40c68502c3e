"""`pdv sim expiry`, `pdv sim term`, `pdv sim credentials`, `pdv sim cancel`: a trainer changes the
running LGPData portal from another terminal; and the portal's part of `pdv sim status`. The
HTTP client is core.lgpd.admin (`pdv sim consent` is in tui.cli.sim_consent)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from tui.cli.sim_common import fail, run_async, url_options, when
from tui.cli.sim_consent import portal
from tui.cli.types import BoundedInt


def _operation(text: str):
    from core.lgpd.admin import parse_operation

    try:
        return parse_operation(text)
    except ValueError as exc:
        fail(str(exc), 2)


def _cnpj(text: str) -> str:
    from core.billing.admin import parse_cnpj
    from domain.documents import DocumentError

    try:
        return parse_cnpj(text)
    except DocumentError as exc:
        fail(str(exc), 2)


@click.command("expiry")
@click.argument("days", metavar="N", type=BoundedInt(1, 3650))
@url_options
def expiry(days: int, url: str, timeout: float) -> None:
    """Muda o prazo (N dias, de 1 a 3650) em que o portal expira uma solicitação não respondida.

    Vale já na próxima consulta: uma solicitação Pendente mais velha que N dias passa a Expirado
    (F8 Atualizar status no PDV). Ver também 'pdv sim clock lgpdata --days N'.
    """
    held = run_async(portal(url, timeout).set_expiry(days))
    click.echo(f"Portal LGPData: solicitações não respondidas expiram em {held} dia(s)")


@click.command("term")
@click.argument("cnpj", metavar="CNPJ")
@click.argument("operation", metavar="OP")
@click.option("--version", "version", metavar="TEXTO", help="Versão do termo (ex.: 2); a nova passa a valer.")
@click.option("--text", "text", metavar="TEXTO", help="Texto do termo.")
@click.option(
    "--file",
    "text_file",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="ARQUIVO",
    help="Lê o texto do termo de um arquivo (em utf-8).",
)
@click.option(
    "--banner",
    "banner_id",
    type=BoundedInt(0, 2**31 - 1),
    default=0,
    show_default=True,
    metavar="N",
    help="Identificador de Bandeira.",
)
@click.option("--withdraw", is_flag=True, help="Retira o termo em vigor (nenhum termo para o CNPJ e a operação).")
@url_options
def term(
    cnpj: str,
    operation: str,
    version: str | None,
    text: str | None,
    text_file: Path | None,
    banner_id: int,
    withdraw: bool,
    url: str,
    timeout: float,
) -> None:
    """Publica uma versão do termo de consentimento de um CNPJ e operação (OP: convenio,
    fidelidade, fidelidade_febrafar), ou a retira com --withdraw.

    \b
    Exemplos:
      pdv sim term 12.345.678/0001-95 convenio --version 2 --text "Novo texto do termo."
      pdv sim term 12345678000195 convenio --withdraw
    """
    number = _cnpj(cnpj)
    op = _operation(operation)
    admin = portal(url, timeout)
    if withdraw:
        if version or text or text_file:
            fail("--withdraw não leva --version, --text nem --file", 2)
        count = run_async(admin.withdraw_term(number, op, banner_id))
        click.echo(f"Termo de {op.label} do CNPJ {cnpj} (bandeira {banner_id}): {count} versão(ões) retirada(s)")
        return
    if text_file is not None:
        if text:
            fail("use --text ou --file, não os dois", 2)
        try:
            text = text_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            fail(f"--file: não foi possível ler {text_file} ({getattr(exc, 'strerror', None) or 'não é UTF-8'})", 2)
    if not version or not (text or "").strip():
        fail("informe --version e o texto (--text ou --file), ou --withdraw", 2)
    answer = run_async(admin.register_term(number, op, version, text, banner_id))
    click.echo(
        f"Termo de {op.label} do CNPJ {cnpj} (bandeira {banner_id}): versão {answer['version']} em vigor "
        f"(sha256 {str(answer['sha256'])[:12]}...)"
    )


@click.command("credentials")
@click.option("--api-key", required=True, metavar="TEXTO", help="API-KEY que o portal passa a aceitar.")
@click.option("--access", required=True, metavar="TEXTO", help="Acesso que o portal passa a aceitar.")
@click.option("--password", required=True, metavar="TEXTO", help="Senha que o portal passa a aceitar.")
@url_options
def credentials(api_key: str, access: str, password: str, url: str, timeout: float) -> None:
    """Troca as credenciais que o portal aceita (API-KEY, Acesso, Senha).

    O PDV com as antigas passa a receber 401 (credenciais inválidas): para mostrar a Integração
    Portal LGPD recusando, e depois 'pdv sim reset lgpdata' volta às do cenário.
    """
    for name, value in (("--api-key", api_key), ("--access", access), ("--password", password)):
        if not value.strip() or not value.isascii() or not value.isprintable() or len(value) > 200:
            fail(f"{name}: use de 1 a 200 letras, números e símbolos ASCII", 2)
    run_async(portal(url, timeout).set_credentials(api_key, access, password))
    click.echo(f"Portal LGPData: credenciais trocadas (Acesso {access}); o PDV com as antigas recebe 401")


@click.command("cancel")
@click.argument("request_id", metavar="ID")
@url_options
def cancel(request_id: str, url: str, timeout: float) -> None:
    """Cancela uma solicitação de consentimento Pendente (ID: o da solicitação, mostrado no PDV
    e em 'pdv sim status lgpdata'); o cliente passa a Cancelado."""
    wanted = request_id.strip()
    if not wanted or len(wanted) > 64 or not wanted.isalnum():
        fail(f"ID {request_id[:40]!r} inválido (letras e números, como mostrado no PDV)", 2)
    answer = run_async(portal(url, timeout).cancel_request(wanted))
    click.echo(f"Solicitação {answer['id']}: {answer['status']}")


async def status_lines(url: str, timeout: float, history: int) -> list[str]:
    """The portal's part of `pdv sim status`: clock, expiry, credentials (masked), terms in force,
    the last consent requests."""
    client = portal(url, timeout)
    state = await client.state()
    creds: dict[str, Any] = state.get("credentials") if isinstance(state.get("credentials"), dict) else {}
    lines = [
        f"Portal LGPData {client.where} | cenário {state.get('scenario')} | relógio {when(state['now'])}",
        f"Solicitações expiram em {state['expiry_days']} dia(s); credenciais: API-KEY {creds.get('api_key', '?')}, "
        f"Acesso {creds.get('access', '?')}, Senha {creds.get('password', '?')}",
    ]
    terms = [t for t in state["terms"] if isinstance(t, dict) and t.get("in_force")]
    for item in terms:
        lines.append(
            f"Termo {item.get('operation')} CNPJ {item.get('cnpj')} bandeira {item.get('banner_id')}: versão {item.get('version')}"
        )
    if not terms:
        lines.append("Nenhum termo em vigor.")
    requests = [r for r in state["requests"] if isinstance(r, dict)][: history or 10]
    if requests:
        lines.append("Últimas solicitações:")
    for item in requests:
        lines.append(
            f"  {item.get('id')}  {item.get('document')} {item.get('operation')} {item.get('status')}"
            f"  criada {when(item.get('criada_em'))}, expira {when(item.get('expira_em'))}"
        )
    return lines
