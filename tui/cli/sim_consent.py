"""`pdv sim consent DOCUMENT STATUS`: set a customer's consent status on a running portal."""

from __future__ import annotations

import click

from tui.cli.sim_common import run_async, service_url, url_options


def portal(url: str, timeout: float):
    """The portal's admin client for the `--url` root of `pdv servers`."""
    from core.lgpd.admin import LgpdataAdmin
    from core.trainer.token import stored_token

    return LgpdataAdmin(service_url(url, "lgpdata"), timeout, token=stored_token())


@click.command("consent")
@click.argument("document", metavar="DOCUMENTO")
@click.argument("status", metavar="STATUS")
@click.option(
    "--operation",
    "operation",
    metavar="OP",
    default=None,
    help="convenio, fidelidade ou fidelidade_febrafar (padrão: todas as operações).",
)
@click.option(
    "--type",
    "document_type",
    default="CPF",
    show_default=True,
    type=click.Choice(["CPF", "RG", "PASSAPORTE", "OUTRO"], case_sensitive=False),
    help="Tipo do documento.",
)
@url_options
def consent(document: str, status: str, operation: str | None, document_type: str, url: str, timeout: float) -> None:
    """Define o STATUS do consentimento do cliente de DOCUMENTO no portal LGPData.

    STATUS: aceito, recusado, pendente, cancelado, expirado, nao_emitido, solicitado_exclusao,
    solicitado_remocao (ou o nome como aparece na tela, ex.: "Não emitido").
    """
    from core.lgpd.admin import parse_operation, parse_status

    try:
        wanted = parse_status(status)
        op = parse_operation(operation) if operation else None
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None
    body = run_async(portal(url, timeout).set_consent(document, wanted, op, document_type.upper()))
    terms = ", ".join(f"{t['operation']} (CNPJ {t['cnpj']}, bandeira {t['banner_id']})" for t in body.get("terms", []))
    click.echo(f"{body.get('document', document)}: {wanted.label} em {terms}")
