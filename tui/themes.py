"""Choosing the colour theme: thin terminals (TERM=linux, 16 colours) get Textual's ANSI theme,
which uses the terminal's own 16 colours; NO_COLOR is honoured by Textual itself (monochrome)."""

from __future__ import annotations

from collections.abc import Mapping

AUTO = "auto"
DEFAULT_THEME = "textual-dark"
SIXTEEN_COLOUR_THEME = "ansi-dark"
_SIXTEEN_COLOUR_TERMS = ("linux", "vt100", "vt102", "vt220", "ansi", "cons25", "xterm-16color")


def available_themes() -> list[str]:
    from textual.theme import BUILTIN_THEMES

    return sorted([AUTO, *BUILTIN_THEMES])


def resolve_theme(requested: str, environ: Mapping[str, str]) -> str:
    """The theme to pin: the one asked for, or for "auto" the one that suits the terminal."""
    if requested != AUTO:
        return requested
    term = environ.get("TERM", "")
    if term in _SIXTEEN_COLOUR_TERMS or term.endswith("-16color") or environ.get("TEXTUAL_COLOR_SYSTEM") == "standard":
        return SIXTEEN_COLOUR_THEME
    return DEFAULT_THEME
