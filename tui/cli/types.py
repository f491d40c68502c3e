"""Option types of the `pdv` command line that refuse bad input in one Portuguese line.

click's own FloatRange lets NaN through (every comparison with NaN is false) and answers in
English with a usage block. These types refuse NaN, infinities, numbers out of range and URLs
that are not a service's address, and an error they raise prints as `pdv: <option>: <why>` on
stderr, with any secret in the echoed value masked. The config file converts its values with
the same types, so it is checked exactly as the command line is.
"""

from __future__ import annotations

import math
from typing import Any

import click

from core.kernel.config import url_problem
from core.kernel.redact import redact

SHOWN = 40
"""At most this many characters of a refused value are echoed."""


def _shown(value: Any) -> str:
    text = redact(str(value))  # masked before it is cut: a cut URL no longer shows where its password ends
    if len(text) > SHOWN:
        text = text[:SHOWN] + "..."
    return repr(text)


def _number(value: float) -> str:
    return f"{value:g}".replace(".", ",")


class OptionError(click.BadParameter):
    """A refused option value: shown as one `pdv: --option 'value': why` line, exit code 2.
    `message` (what the config file quotes) is `'value': why`."""

    def __init__(self, why: str, value: Any, ctx: click.Context | None, param: click.Parameter | None) -> None:
        super().__init__(f"{_shown(value)}: {why}", ctx, param)

    def format_message(self) -> str:
        if self.param is not None and getattr(self.param, "opts", None):
            return f"{self.param.opts[0]} {self.message}"
        return self.message

    def show(self, file: Any = None) -> None:
        click.echo(f"pdv: {self.format_message()}", err=True)


class BoundedFloat(click.ParamType):
    """A finite number from `low` to `high` (NaN and infinities refused)."""

    name = "número"

    def __init__(self, low: float, high: float) -> None:
        self.low, self.high = low, high

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> float:
        wanted = f"use um número de {_number(self.low)} a {_number(self.high)}"
        if isinstance(value, bool):
            raise OptionError(wanted, value, ctx, param)
        try:
            number = float(value)
        except (TypeError, ValueError, OverflowError):
            raise OptionError(wanted, value, ctx, param) from None
        if not math.isfinite(number) or not self.low <= number <= self.high:
            raise OptionError(wanted, value, ctx, param)
        return number


class BoundedInt(click.ParamType):
    """A whole number from `low` to `high`."""

    name = "inteiro"

    def __init__(self, low: int, high: int) -> None:
        self.low, self.high = low, high

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        wanted = f"use um número inteiro de {self.low} a {self.high}"
        if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
            raise OptionError(wanted, value, ctx, param)
        try:
            number = int(value) if isinstance(value, (int, float)) else int(str(value).strip(), 10)
        except (TypeError, ValueError, OverflowError):
            raise OptionError(wanted, value, ctx, param) from None
        if not self.low <= number <= self.high:
            raise OptionError(wanted, value, ctx, param)
        return number


class ServiceUrl(click.ParamType):
    """The http(s) address of a remote service (core.kernel.config.url_problem decides)."""

    name = "url"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        text = str(value).strip()
        problem = url_problem(text)
        if problem is not None:
            raise OptionError(f"URL inválida: {problem}", value, ctx, param)
        return text
