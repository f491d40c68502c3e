"""Text typed at the counter is kept as text: a field with a control character is refused with a
message that says which one, instead of storing what no screen can show (storage/plain_text.py
says which characters those are; every screen shows stored text through `printable`)."""

from __future__ import annotations

from storage.plain_text import REPLACEMENT, control_characters, describe, printable, without_controls

__all__ = ["REPLACEMENT", "control_problem", "printable", "without_controls"]


def control_problem(value: str, field: str, *, newlines: bool = False) -> str | None:
    """The message for `field` (as the form labels it, e.g. "Nome") when `value` holds a control
    character (newline and tab allowed when `newlines`); None when it holds none."""
    found = control_characters(value, newlines=newlines)
    if not found:
        return None
    return (
        f"{field} com caractere de controle {describe(found[0])}, que não aparece na tela: apague-o e digite de novo."
    )
