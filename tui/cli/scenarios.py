"""`pdv scenarios`: the group that lists and shows scenarios (`pdv scenarios [NOME]`) and writes a
trainer's own (`pdv scenarios novo NOME --de CENÁRIO`)."""

from __future__ import annotations

import shlex
from pathlib import Path

import click


class ScenariosGroup(click.Group):
    """A group whose first word, when it is not a subcommand, is the scenario to show."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        words = [arg for arg in args if not arg.startswith("-")]
        if words and words[0] not in self.commands:
            args = list(args)
            args.remove(words[0])
            ctx.meta["scenario_name"] = words[0]
        return super().parse_args(ctx, args)


@click.command("novo")
@click.argument("name", metavar="NOME")
@click.option(
    "--de",
    "base",
    default="treinamento",
    show_default=True,
    metavar="CENÁRIO",
    help="O cenário de fábrica de que o novo herda (extends).",
)
@click.option(
    "--pasta",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    metavar="PASTA",
    help="Onde gravar (padrão: a pasta de cenários do usuário, na pasta de configuração).",
)
def new_scenario(name: str, base: str, folder: Path | None) -> None:
    """Cria NOME.toml, um cenário seu que herda de um de fábrica, comentado e pronto para editar.

    Nunca sobrescreve um arquivo. A primeira linha aponta o esquema JSON dos cenários, que o
    editor (taplo / Even Better TOML) usa para conferir chaves e valores.
    """
    from storage.scenarios.scenario import ScenarioError
    from storage.scenarios.template import write_new

    try:
        path = write_new(name, base, folder.expanduser() if folder is not None else None)
    except ScenarioError as exc:
        click.echo(f"pdv: {exc}", err=True)
        raise SystemExit(2) from None
    named = name if folder is None else f"{name} --scenarios {shlex.quote(str(path.parent))}"
    click.echo(f"Cenário criado: {path}")
    click.echo(f"Edite-o e use: pdv demo {named}")
    click.echo(f"Na sala de aula: pdv servers --scenario {named}")
