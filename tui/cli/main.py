"""The `pdv` command line. Bad input ends in one clear line and a non-zero exit, never a traceback."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from core.kernel.config import Config
from core.kernel.redact import redact
from tui.cli.scenarios import ScenariosGroup, new_scenario
from tui.cli.text import install as speak_portuguese
from tui.cli.text import localize
from tui.cli.types import BoundedFloat, BoundedInt, ServiceUrl

speak_portuguese()  # click's usage, help and errors in Portuguese from the first line

SQLITE_MAGIC = b"SQLite format 3\x00"


def fail(message: str, code: int = 2) -> None:
    """One line on stderr (secrets masked) and the exit code."""
    click.echo(f"pdv: {redact(message)}", err=True)
    sys.exit(code)


def default_db_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path("pdv-sim", appauthor=False) / "pdv.sqlite3"


DB_SCHEMES = ("sqlite", "postgresql", "postgres")


def preflight_db_url(target: str) -> None:
    """A database URL's cheap checks: a scheme the PDV opens, and for PostgreSQL the driver
    present (found, not imported: the first screen must not wait for it). Never shows the
    password; reaching the server is the boot's, after the first screen."""
    from importlib.util import find_spec
    from urllib.parse import urlsplit

    from storage.urls import INSTALL_HINT, is_postgres_url, shown_url

    scheme = target.split("://", 1)[0].lower()
    if scheme not in DB_SCHEMES:
        fail(
            f"banco de dados {shown_url(target)}: use um arquivo SQLite ou uma URL postgresql://usuario@servidor/banco"
        )
    if is_postgres_url(target):
        try:
            _ = urlsplit(target).port  # reading it raises for a port that is not a number
        except ValueError:
            fail(f"URL de banco de dados inválida: {shown_url(target)}")
        if find_spec("psycopg") is None:
            fail(f"o driver do PostgreSQL não está instalado: {INSTALL_HINT}")


def preflight_db(target: str) -> None:
    """Cheap checks before the screen opens: a writable folder, a file that is SQLite; for a
    URL, the checks of preflight_db_url."""
    if "://" in target:
        preflight_db_url(target)
        return
    path = Path(target).expanduser()
    folder = path.parent
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)  # the data folder: the user only
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


def load_scenario_or_fail(name: str, folders: tuple[Path, ...] = ()):
    """The scenario a person names: a .toml file, or a name found in `folders` (--scenarios),
    the user's scenarios folder or the built-ins (storage.scenarios.loader.find_scenario), loaded and
    checked; else one line saying where it looked, or the file, key and problem. Its `[[faults]]`
    are checked by the simulated services' own code (the route names, once they start)."""
    from servers.faults.specs import FaultSpecError, parse_faults
    from storage.scenarios.loader import ScenarioError, ScenarioNotFound, find_scenario, load_scenario_cached
    from tui.cli.sim_common import SERVICE_PREFIXES

    try:
        scenario = load_scenario_cached(str(find_scenario(name, folders)))
    except ScenarioNotFound as exc:
        fail(exc.problem if exc.problem.startswith("cenário") else str(exc))
    except ScenarioError as exc:
        fail(f"cenário inválido: {exc}")
    try:
        parse_faults(scenario.data.get("faults"), dict.fromkeys(SERVICE_PREFIXES))
    except FaultSpecError as exc:
        fail(f"cenário inválido: {scenario.path.name}: {exc}")
    return scenario


def scenarios_option(func):
    """`--scenarios DIR`: one more folder where a scenario NAME is looked for (NAME.toml)."""
    return click.option(
        "--scenarios",
        "scenario_folders",
        multiple=True,
        metavar="PASTA",
        type=click.Path(file_okay=False, path_type=Path),
        help="Pasta com cenários seus (NOME.toml), procurada antes da pasta de cenários do "
        "usuário e dos de fábrica; pode repetir.",
    )(func)


def run_app(config: Config, db_target: str | None, scenario, world_scenario: str) -> None:
    """Runs the PDV to its end. `db_target` None: a new database in a temporary folder (`pdv
    demo`). However the run ends (Ctrl+Q, SIGTERM, SIGHUP), the embedded services are stopped
    and the temporary folders removed (tui.shutdown)."""
    from tui.shutdown import Shutdown

    with Shutdown() as shutdown:
        if db_target is None:
            db_target = str(shutdown.temporary_folder("pdv-demo-") / "pdv.sqlite3")
        from tui.app import PdvApp

        if not (config.license_url and config.lgpdata_url):
            from core.kernel.error_log import level_name
            from core.trainer.world import EmbeddedWorld
            from storage.scenarios.loader import SCENARIO_DIR

            # started after the first paint; its warnings (and with --log-level debug all it
            # says, each request included) go to the log
            services_level = "debug" if level_name() == "debug" else "warning"
            config.world = EmbeddedWorld(SCENARIO_DIR, world_scenario, log_level=services_level)
            shutdown.add_cleanup(config.world.stop)

        def boot():
            from core.kernel.context import build_context

            return build_context(db_target, config=config, seed_with=scenario)

        app = PdvApp(config=config, boot=boot)
        with shutdown.running(app):
            app.run()
    if app.boot_error:
        fail(app.boot_error)
    code = app.return_code or shutdown.exit_code
    if code:
        sys.exit(code)


def common_options(func):
    func = click.option(
        "--db",
        "db",
        metavar="CAMINHO|URL",
        help="Banco de dados: arquivo SQLite, ou a loja num PostgreSQL compartilhado por vários PDVs "
        "(postgresql://usuario@servidor/banco; a senha em PGPASSWORD ou ~/.pgpass).",
    )(func)
    func = click.option("--app-version", metavar="VERSAO", help="Versão do PDV (ex.: 214.500); padrão: a do cenário.")(
        func
    )
    func = click.option(
        "--theme",
        default="auto",
        show_default=True,
        help="Tema de cores: auto (ANSI de 16 cores em TERM=linux), textual-dark, ansi-dark, ...",
    )(func)
    func = click.option(
        "--license-url",
        type=ServiceUrl(),
        metavar="URL",
        help="License Server externo (ex.: http://host:8700/license).",
    )(func)
    func = click.option(
        "--lgpdata-url",
        type=ServiceUrl(),
        metavar="URL",
        help="Portal LGPData externo (ex.: http://host:8700/lgpdata).",
    )(func)
    func = click.option(
        "--timeout",
        "http_timeout",
        type=BoundedFloat(0.1, 60),
        default=3.0,
        show_default=True,
        help="Tempo limite (s) de cada chamada aos serviços remotos.",
    )(func)
    func = click.option(
        "--recheck-minutes",
        type=BoundedFloat(0, 24 * 60),
        default=10.0,
        show_default=True,
        help="Reconsulta da Régua de Cobrança durante a sessão, a cada N minutos (0: nunca).",
    )(func)
    func = click.option(
        "--aluno",
        "aluno",
        type=BoundedInt(1, 999),
        default=None,
        metavar="N",
        help="Sala de aula: a filial deste PDV recebe o CNPJ próprio do aluno N (mostrado no topo).",
    )(func)
    func = click.option(
        "--log-level",
        "log_level",
        type=click.Choice(["debug", "info", "warning", "error"], case_sensitive=False),
        default="info",
        show_default=True,
        help="O que vai para o registro pdv.log (pasta de logs do usuário): debug inclui a "
        "saída dos serviços simulados embutidos.",
    )(func)
    func = click.option(
        "--config",
        "config_file",
        type=click.Path(dir_okay=False),
        default=None,
        metavar="ARQUIVO",
        help="Arquivo TOML com as mesmas chaves destas opções (padrão: pdv.toml na pasta de "
        "configuração do usuário); a linha de comando prevalece.",
    )(func)
    return func


def _check_version(value: str | None) -> None:
    from domain.versions import FORMAT, is_version

    if value is not None and not is_version(value):
        fail(f"versão '{value}' inválida (formato {FORMAT})")


def make_config(demo: bool, options: dict) -> Config:
    from tui.themes import available_themes, resolve_theme

    options.pop("config_file", None)
    from core.kernel.error_log import set_level

    set_level(options.pop("log_level", "info") or "info")
    if options["theme"] not in available_themes():
        fail(f"tema '{options['theme']}' não existe (disponíveis: {', '.join(available_themes())})")
    _check_version(options["app_version"])
    return Config(
        demo=demo,
        recheck_minutes=options["recheck_minutes"],
        app_version=options["app_version"],
        theme=resolve_theme(options["theme"], os.environ),
        license_url=options["license_url"],
        lgpdata_url=options["lgpdata_url"],
        http_timeout=options["http_timeout"],
        student=options.get("aluno"),
    )


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(None, "--version", package_name="pdv-sim", prog_name="pdv-sim", message="%(prog)s %(version)s")
@common_options
@click.pass_context
def cli(ctx: click.Context, db: str | None, **options) -> None:
    """PDV de farmácia simulado: Régua de Cobrança e LGPData.

    Sem subcomando, abre o PDV no banco persistente (a primeira execução carrega o cenário
    'treinamento').
    """
    if ctx.invoked_subcommand is not None:
        # `pdv --license-url URL demo S`: the subcommand inherits what was given here
        ctx.obj = {"explicit": explicit_options(ctx, {"db": db, **options})}
        return
    options = resolve_options(ctx, {"db": db, **options})
    db = options.pop("db")
    target = db or str(default_db_path())
    preflight_db(target)
    scenario = None
    if "://" in target or not Path(target).expanduser().exists():
        from storage.scenarios.loader import DEFAULT_SCENARIO, SCENARIO_DIR

        scenario = load_scenario_or_fail(str(SCENARIO_DIR / f"{DEFAULT_SCENARIO}.toml"))  # the built-in
    from storage.scenarios.loader import DEFAULT_SCENARIO

    run_app(make_config(False, options), target, scenario, DEFAULT_SCENARIO)


def explicit_options(ctx: click.Context, options: dict) -> dict:
    """The options this command line gave (not their defaults)."""
    from click.core import ParameterSource

    return {
        key: value
        for key, value in options.items()
        if ctx.get_parameter_source(key) not in (ParameterSource.DEFAULT, None)
    }


def resolve_options(ctx: click.Context, options: dict) -> dict:
    """Defaults < the config file < options given before the subcommand (`pdv --license-url URL
    demo S`) < options given to the subcommand itself."""
    from tui.cli.config_file import ConfigFileError, load_config_file

    parent = (ctx.obj or {}).get("explicit", {})
    given = {**parent, **explicit_options(ctx, options)}
    try:
        from_file = load_config_file(given.get("config_file"), ctx.command.params, ctx)
    except ConfigFileError as exc:
        fail(str(exc))
    return {**options, **from_file, **given}


@cli.command()
@click.argument("scenario", metavar="CENÁRIO")
@scenarios_option
@common_options
@click.pass_context
def demo(ctx: click.Context, scenario: str, scenario_folders: tuple[Path, ...], db: str | None, **options) -> None:
    """Abre o PDV num banco temporário novo, carregado do CENÁRIO, com a marca TREINAMENTO.

    CENÁRIO: um arquivo .toml, ou um nome procurado (NOME.toml) nas pastas de --scenarios, na
    pasta de cenários do usuário (onde `pdv scenarios novo` grava) e nos de fábrica.
    """
    options = resolve_options(ctx, {"db": db, **options})
    db = options.pop("db")
    loaded = load_scenario_or_fail(scenario, scenario_folders)
    if db:
        preflight_db(db)
    # the embedded services read the same file (a trainer's own, anywhere, with its remote world)
    run_app(make_config(True, options), db, loaded, str(loaded.path.resolve()))  # no --db: a temporary database


@cli.group(cls=ScenariosGroup, invoke_without_command=True, subcommand_metavar="[NOME | novo NOME --de CENÁRIO]")
@click.option(
    "-d", "--detalhes", is_flag=True, help="Mostra o parágrafo de cada cenário: o que mostra e o que apertar."
)
@click.pass_context
def scenarios(ctx: click.Context, detalhes: bool) -> None:
    """Lista os cenários disponíveis, um por linha (NOME: só esse cenário, com o seu parágrafo;
    novo NOME --de CENÁRIO: cria um cenário seu a partir de um de fábrica)."""
    from storage.scenarios.loader import describe_all

    if ctx.invoked_subcommand is not None:
        return
    name = ctx.meta.get("scenario_name")

    if name is not None:
        scenario = load_scenario_or_fail(name)
        click.echo(f"{scenario.name}: {scenario.title}\n")
        click.echo(scenario.description or "(sem descrição)")
        return
    for info in describe_all():
        if detalhes and not info.error:
            click.echo(f"{info.name}: {info.title}")
            click.echo("    " + (info.description or "(sem descrição)").replace("\n", "\n    ") + "\n")
            continue
        if info.error:
            click.echo(f"{info.name:<28} ERRO: {info.error}")
        else:
            click.echo(f"{info.name:<28} {info.title}")


@cli.command()
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Endereço de escuta (0.0.0.0 para a sala de aula)."
)
@click.option("--port", default=8700, show_default=True, type=BoundedInt(0, 65535), help="Porta (0 = livre).")
@click.option(
    "--scenario",
    default="treinamento",
    show_default=True,
    metavar="NOME|ARQUIVO",
    help="Cenário do mundo remoto: um arquivo .toml seu, ou um nome (procurado nas pastas de "
    "--scenarios, na pasta de cenários do usuário e nos de fábrica).",
)
@scenarios_option
@click.option("--state-dir", type=click.Path(file_okay=False), default=None, help="Pasta do estado dos serviços.")
@click.option(
    "--log-level",
    type=click.Choice(["debug", "info", "warning", "error"], case_sensitive=False),
    default="warning",
    show_default=True,
    help="O que os serviços escrevem no terminal (debug: cada chamada).",
)
def servers(
    host: str, port: int, scenario: str, scenario_folders: tuple[Path, ...], state_dir: str | None, log_level: str
) -> None:
    """Roda os serviços simulados (License Server e portal LGPData) em primeiro plano.

    As rotas de administração (/admin, /faults) pedem o token do instrutor: feito a cada
    início, mostrado uma vez aqui e guardado na pasta de configuração, onde o `pdv sim` deste
    usuário o encontra (em outro computador: variável PDV_TRAINER_TOKEN).
    """
    from core.trainer.token import token_path
    from storage.scenarios.loader import SCENARIO_DIR

    loaded = load_scenario_or_fail(scenario, scenario_folders)  # the whole file checked here, each problem named
    args = [
        sys.executable,
        "-m",
        "servers",
        "--host",
        host,
        "--port",
        str(port),
        "--scenario-dir",
        str(SCENARIO_DIR),
        "--scenario",
        str(loaded.path.resolve()),
        "--log-level",
        log_level.lower(),
        "--token-file",
        str(token_path()),
    ]
    if state_dir:
        args += ["--state-dir", state_dir]
    os.execv(sys.executable, args)


from tui.cli.sim import sim  # noqa: E402  (the `pdv sim` group lives in its own module)

scenarios.add_command(new_scenario)
from tui.cli.audit import auditoria  # noqa: E402  (`pdv auditoria verificar`, likewise)
from tui.cli.web import web  # noqa: E402  (`pdv web`; textual-serve imported only when it runs)

cli.add_command(sim)
cli.add_command(auditoria)
cli.add_command(web)
localize(cli)


def main() -> None:
    try:
        cli(standalone_mode=True)
    except KeyboardInterrupt:
        sys.exit(130)
