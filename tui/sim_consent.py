"""`pdv sim consent DOCUMENT STATUS`: set a customer's consent status on a running portal."""
from __future__ import annotations

import click

from core.lgpdata_admin import DEFAULT_ADMIN_URL
from tui.cli_types import BoundedFloat, ServiceUrl


@click.command("consent")
@click.argument("document", metavar="DOCUMENTO")
@click.argument("status", metavar="STATUS")
@click.option("--operation", "operation", metavar="OP", default=None,
              help="convenio, fidelidade ou fidelidade_febrafar (padrão: todas as operações).")
@click.option("--type", "document_type", default="CPF", show_default=True,
              type=click.Choice(["CPF", "RG", "PASSAPORTE", "OUTRO"], case_sensitive=False),
              help="Tipo do documento.")
@click.option("--url", type=ServiceUrl(), default=DEFAULT_ADMIN_URL, show_default=True, help="Portal LGPData (pdv servers).")
@click.option("--timeout", type=BoundedFloat(0.1, 60), default=5.0, show_default=True)
def consent(document: str, status: str, operation: str | None, document_type: str, url: str, timeout: float) -> None:
    """Define o STATUS do consentimento do cliente de DOCUMENTO no portal LGPData.

    STATUS: aceito, recusado, pendente, cancelado, expirado, nao_emitido, solicitado_exclusao,
    solicitado_remocao (ou o nome como aparece na tela, ex.: "Não emitido").
    """
    from core.errors import RemoteFailure
    from core.lgpdata_admin import LgpdataAdmin, parse_operation, parse_status
    from core.trainer_token import stored_token

    try:
        wanted = parse_status(status)
        op = parse_operation(operation) if operation else None
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None
    try:
        body = LgpdataAdmin(url, timeout, token=stored_token()).set_consent(document, wanted, op, document_type.upper())
    except RemoteFailure as exc:
        click.echo(f"pdv sim consent: {exc}", err=True)
        raise SystemExit(1) from None
    terms = ", ".join(f"{t['operation']} (CNPJ {t['cnpj']}, bandeira {t['banner_id']})" for t in body.get("terms", []))
    click.echo(f"{body.get('document', document)}: {wanted.label} em {terms}")
