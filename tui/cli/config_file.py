"""The PDV's config file: TOML with the same keys as the command-line options (`license-url`,
`lgpdata-url`, `timeout`, `theme`, `recheck-minutes`, `app-version`, `db`, `aluno`).

Read from `--config FILE`, else from `pdv.toml` in the user's config folder (platformdirs) when
it exists. Every value goes through the option's own click type, so the file is checked exactly
as the command line is; a problem names the file, the key and what is wrong.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

FILE_NAME = "pdv.toml"
ALIASES = {"timeout": "http_timeout", "config": "config_file"}


class ConfigFileError(Exception):
    """A config file that cannot be used; str() is one line for the user."""


def default_config_path() -> Path:
    from platformdirs import user_config_path

    return user_config_path("pdv-sim", appauthor=False) / FILE_NAME


def load_config_file(explicit: str | None, params: list[click.Parameter], ctx: click.Context) -> dict[str, Any]:
    """The options the file sets, converted by each option's type; {} with no file."""
    path = Path(explicit).expanduser() if explicit else default_config_path()
    if not path.exists():
        if explicit:
            raise ConfigFileError(f"arquivo de configuração {path} não existe")
        return {}
    import tomllib  # only when there is a file: most starts have none

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigFileError(f"{path}: não foi possível ler ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigFileError(f"{path}: TOML inválido ({exc})") from None
    by_name = {param.name: param for param in params if isinstance(param, click.Option)}
    values: dict[str, Any] = {}
    for key, raw in data.items():
        name = key.replace("-", "_")
        name = ALIASES.get(name, name)
        param = by_name.get(name)
        if param is None or name == "config_file":
            known = ", ".join(sorted(p.opts[0].lstrip("-") for p in by_name.values() if p.name != "config_file"))
            raise ConfigFileError(f"{path}: chave '{key}' desconhecida (use: {known})")
        try:
            values[name] = param.type.convert(raw, param, ctx)
        except click.BadParameter as exc:
            raise ConfigFileError(f"{path}: {key}: {exc.message}") from None
    return values
