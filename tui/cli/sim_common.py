"""What every `pdv sim` command shares: one `--url` (the address of `pdv servers`, the root, as
`pdv servers` prints it; the PDV_SIM_URL environment variable when not given), an explicit
timeout, the names of the services, and one Portuguese line on stderr for every failure."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable
from datetime import datetime
from typing import Any, NoReturn, TypeVar

import click

from tui.cli.types import BoundedFloat, OptionError, ServiceUrl

T = TypeVar("T")
DEFAULT_ROOT = "http://127.0.0.1:8700"
URL_ENV = "PDV_SIM_URL"
SERVICE_PREFIXES = ("license", "lgpdata")

SERVICE_WORDS: dict[str, str] = {
    "licenca": "license",
    "licença": "license",
    "license": "license",
    "lgpdata": "lgpdata",
    "portal": "lgpdata",
    "falhas": "faults",
    "faults": "faults",
    "tudo": "all",
    "all": "all",
}
SERVICE_LABELS = {"license": "License Server", "lgpdata": "Portal LGPData", "faults": "Falhas simuladas"}


def fail(message: str, code: int = 1) -> NoReturn:
    """One line on stderr (no newline inside it, no URL's password), and the exit code."""
    from core.kernel.redact import redact

    click.echo(f"pdv sim: {redact(' '.join(str(message).split()))}", err=True)
    sys.exit(code)


def root_url(url: str) -> str:
    """The root of `pdv servers`. An address ending in a service's prefix (how older notes gave
    `--url` to some commands) is taken as the root it is under."""
    root = url.rstrip("/")
    for prefix in SERVICE_PREFIXES:
        if root.endswith(f"/{prefix}"):
            return root[: -len(prefix) - 1]
    return root


def service_url(url: str, service: str) -> str:
    return f"{root_url(url)}/{service}"


def url_options(func):
    """`--url` (the root of `pdv servers`, or PDV_SIM_URL) and `--timeout` on a command."""
    func = click.option(
        "--timeout",
        type=BoundedFloat(0.1, 60),
        default=3.0,
        show_default=True,
        help="Tempo limite (s) de cada chamada aos serviços simulados.",
    )(func)
    func = click.option(
        "--url",
        type=ServiceUrl(),
        default=DEFAULT_ROOT,
        show_default=True,
        envvar=URL_ENV,
        metavar="URL",
        help=f"Endereço de 'pdv servers', a raiz (ex.: {DEFAULT_ROOT}); sem a opção, a variável {URL_ENV}.",
    )(func)
    return func


def service_choice(text: str | None, allowed: tuple[str, ...], default: str = "all") -> str:
    """A service word of the command line (licenca, lgpdata, falhas, tudo) as its code name."""
    if text is None:
        return default
    service = SERVICE_WORDS.get(text.strip().lower())
    if service is None or service not in allowed:
        words = {"license": "licenca", "lgpdata": "lgpdata", "faults": "falhas", "all": "tudo"}
        fail(f"serviço {text!r} inválido (use: {', '.join(words[a] for a in allowed)})", 2)
    return service


def run_async(call: Awaitable[T]) -> T:
    """Runs a coroutine of an admin client (core.kernel.admin_client); its RemoteFailure, which names the
    address, becomes the one line on stderr."""
    from core.kernel.errors import RemoteFailure

    try:
        return asyncio.run(call)
    except RemoteFailure as failure:
        fail(str(failure))


def when(text: Any) -> str:
    """An ISO date-time of the services as the PDV shows one (22/11/2026 09:30)."""
    try:
        moment = datetime.fromisoformat(str(text))
    except ValueError:
        return str(text)
    return f"{moment:%d/%m/%Y %H:%M}"


class Moment(click.ParamType):
    """A date and time typed by a trainer: 2026-12-22 09:30, 22/12/2026 09:30, or a date alone
    (midnight)."""

    name = "data"
    FORMATS = (
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d",
        "%d/%m/%Y %H:%M",
        "%d/%m/%Y",
    )

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> datetime:
        if isinstance(value, datetime):
            return value
        text = " ".join(str(value).split())
        for pattern in self.FORMATS:
            try:
                return datetime.strptime(text, pattern)
            except ValueError:
                continue
        raise OptionError("use uma data como 2026-12-22 09:30 ou 22/12/2026 09:30", value, ctx, param)
