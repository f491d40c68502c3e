"""Stored and remote text is data: which characters in it must never reach the terminal raw.

A name, a product, a server's message is shown to the cashier as the characters it holds. Control
characters are not characters to show: an ESC (``\\x1b``) starts a terminal escape sequence (move
the cursor, change colours), BEL rings, a C1 code such as ``\\x9b`` is an escape on some terminals,
a lone surrogate cannot even be encoded for the terminal, and the Unicode bidirectional overrides
reorder what is drawn after them. This module is the one definition of those characters, used by
the scenario loader (storage), the customer form (core) and every screen (tui, which shows them as
the replacement character; see tui/text.py).
"""

from __future__ import annotations

import re

REPLACEMENT = "\ufffd"
"""What a control character looks like on screen: '�', one cell wide, clearly not a letter."""

CONTROL = re.compile(
    "[\x00-\x1f\x7f-\x9f"  # C0, DEL and C1 (Unicode category Cc)
    "\u2028\u2029"  # line and paragraph separators
    "\u200e\u200f\u202a-\u202e\u2066-\u2069"  # bidirectional marks, embeddings, overrides, isolates
    "\ud800-\udfff]"  # lone surrogates (text decoded with errors="surrogateescape")
)
"""Every character that is not shown as itself. Newline and tab are in it too: a one-line field
(a name) holds neither; text that may have lines says so (`printable(newlines=True)`)."""

_NEWLINES = re.compile(r"\r\n?")


def control_characters(text: str, *, newlines: bool = False) -> list[str]:
    """The distinct control characters in `text`, in order of appearance (newline and tab
    allowed when `newlines`: a message of several lines)."""
    found: list[str] = []
    for match in CONTROL.finditer(text):
        char = match.group()
        if newlines and char in "\n\r\t":
            continue
        if char not in found:
            found.append(char)
    return found


def describe(char: str) -> str:
    """A control character in words for a message: 'U+001B (ESC)'."""
    names = {
        "\x00": "NUL",
        "\x07": "BEL",
        "\x08": "BS",
        "\t": "TAB",
        "\n": "quebra de linha",
        "\r": "CR",
        "\x1b": "ESC",
        "\x7f": "DEL",
    }
    code = f"U+{ord(char):04X}"
    return f"{code} ({names[char]})" if char in names else code


def printable(text: str, *, newlines: bool = True) -> str:
    """`text` with nothing a terminal would act on: CR LF and CR become LF (kept when `newlines`,
    otherwise a space, like a tab always), every other control character becomes '�'. The
    length in characters is kept but for CR LF; the common case (nothing to replace) is a
    single regular-expression search."""
    if CONTROL.search(text) is None:
        return text
    text = _NEWLINES.sub("\n", text)

    def replace(match: re.Match[str]) -> str:
        char = match.group()
        if char == "\t" or (char == "\n" and not newlines):
            return " "
        if char == "\n":
            return "\n"
        return REPLACEMENT

    return CONTROL.sub(replace, text)


def without_controls(text: str) -> str:
    """`text` for a one-line field that is being typed into (a paste): tabs and line breaks
    become spaces, every other control character is dropped."""
    if CONTROL.search(text) is None:
        return text

    def replace(match: re.Match[str]) -> str:
        return " " if match.group() in "\t\n\r" else ""

    return CONTROL.sub(replace, text)
