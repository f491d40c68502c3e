"""`pdv auditoria ...`: the audit of a store checked from the command line, without opening the
PDV (the hash chain of storage/audit_chain.py)."""

from __future__ import annotations

import sys

import click


@click.group("auditoria")
def auditoria() -> None:
    """Confere a auditoria de um banco de dados do PDV."""


@auditoria.command("verificar")
@click.option(
    "--db",
    "db",
    metavar="CAMINHO|URL",
    help="Banco de dados a conferir: arquivo SQLite ou postgresql://usuario@servidor/banco "
    "(padrão: o do pdv.toml, senão o banco persistente do usuário).",
)
@click.pass_context
def verificar(ctx: click.Context, db: str | None) -> None:
    """Confere a cadeia de selos da auditoria, da primeira entrada à última, sem alterar o banco.

    Sai com 0 e uma linha com a contagem quando íntegra; com 1, nomeando a primeira entrada
    que não confere (alterada, removida antes dela ou gravada fora do PDV).
    """
    from storage.audit_chain import report_sentence, verify_store
    from storage.db import StorageError
    from tui.cli.main import default_db_path, fail

    target = db or (ctx.obj or {}).get("explicit", {}).get("db") or _configured_db(ctx) or str(default_db_path())
    try:
        report = verify_store(target)
    except StorageError as exc:
        fail(str(exc))
    click.echo(report_sentence(report))
    if not report.intact:
        sys.exit(1)


def _configured_db(ctx: click.Context) -> str | None:
    """The `db` of the config file (pdv.toml), read with the main command's options."""
    from tui.cli.config_file import ConfigFileError, load_config_file
    from tui.cli.main import fail

    root = ctx.find_root()
    given = (ctx.obj or {}).get("explicit", {}).get("config_file")
    try:
        return load_config_file(given, root.command.params, root).get("db")
    except ConfigFileError as exc:
        fail(str(exc))
