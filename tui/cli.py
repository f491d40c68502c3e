"""The `pdv` command line. Bad input ends in one clear line and a non-zero exit, never a traceback."""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import click

from core.config import Config

SQLITE_MAGIC = b"SQLite format 3\x00"


def fail(message: str, code: int = 2) -> None:
    click.echo(f"pdv: {message}", err=True)
    sys.exit(code)


def default_db_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path("pdv-sim", appauthor=False) / "pdv.sqlite3"


def preflight_db(target: str) -> None:
    """Cheap checks before the screen opens: a writable folder, a file that is SQLite."""
    if "://" in target:
        return
    path = Path(target).expanduser()
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        fail(f"não foi possível criar a pasta de dados {folder}: {exc.strerror}")
    if not os.access(folder, os.W_OK):
        fail(f"a pasta de dados {folder} não permite gravação (use --db para outro caminho)")
    if path.exists():
        if path.is_dir():
            fail(f"{path} é uma pasta, não um banco de dados")
        if not os.access(path, os.R_OK | os.W_OK):
            fail(f"sem permissão de leitura e gravação em {path}")
        with path.open("rb") as handle:
            head = handle.read(16)
        if head and head != SQLITE_MAGIC:
            fail(f"{path} não é um banco de dados SQLite (arquivo corrompido?); use --db para outro arquivo")


def load_scenario_or_fail(name: str):
    from storage.scenarios import ScenarioError, load_scenario_cached

    try:
        return load_scenario_cached(name)
    except ScenarioError as exc:
        fail(f"cenário inválido: {exc}")


def run_app(config: Config, db_target: str, scenario) -> None:
    from tui.app import PdvApp

    def boot():
        from core.context import build_context

        return build_context(db_target, config=config, seed_with=scenario)

    app = PdvApp(config=config, boot=boot)
    app.run()
    if app.boot_error:
        fail(app.boot_error)
    if app.return_code:
        sys.exit(app.return_code)


def common_options(func):
    func = click.option("--db", "db", metavar="CAMINHO|URL", help="Banco de dados (arquivo SQLite ou URL).")(func)
    func = click.option("--app-version", metavar="VERSAO", help="Versão do PDV (ex.: 214.500); padrão: a do cenário.")(func)
    func = click.option(
        "--theme", default="textual-dark", show_default=True, help="Tema de cores da interface."
    )(func)
    return func


def make_config(demo: bool, app_version: str | None, theme: str) -> Config:
    return Config(demo=demo, app_version=app_version, theme=theme)


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(None, "--version", package_name="pdv-sim", prog_name="pdv-sim", message="%(prog)s %(version)s")
@common_options
@click.pass_context
def cli(ctx: click.Context, db: str | None, app_version: str | None, theme: str) -> None:
    """PDV de farmácia simulado: Régua de Cobrança e LGPData.

    Sem subcomando, abre o PDV no banco persistente (a primeira execução carrega o cenário
    'treinamento').
    """
    if ctx.invoked_subcommand is not None:
        return
    target = db or str(default_db_path())
    preflight_db(target)
    scenario = None
    if "://" in target or not Path(target).expanduser().exists():
        from storage.scenarios import DEFAULT_SCENARIO

        scenario = load_scenario_or_fail(DEFAULT_SCENARIO)
    run_app(make_config(False, app_version, theme), target, scenario)


@cli.command()
@click.argument("scenario")
@common_options
def demo(scenario: str, db: str | None, app_version: str | None, theme: str) -> None:
    """Abre o PDV num banco temporário novo, carregado do CENÁRIO, com a marca TREINAMENTO."""
    loaded = load_scenario_or_fail(scenario)
    with tempfile.TemporaryDirectory(prefix="pdv-demo-") as folder:
        target = db or str(Path(folder) / "pdv.sqlite3")
        if db:
            preflight_db(target)
        run_app(make_config(True, app_version, theme), target, loaded)


@cli.command()
def scenarios() -> None:
    """Lista os cenários disponíveis, um por linha."""
    from storage.scenarios import describe_all

    for info in describe_all():
        if info.error:
            click.echo(f"{info.name:<28} ERRO: {info.error}")
        else:
            click.echo(f"{info.name:<28} {info.title}")


def main() -> None:
    try:
        cli(standalone_mode=True)
    except KeyboardInterrupt:
        sys.exit(130)
