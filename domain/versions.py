"""The PDV's version, as the documents write it: "215.000" (major, dot, three-digit minor).
"212.1" reads as 212.100 and "215" as 215.000. The one parser: the billing route by version
(core.billing.service), the --app-version option and the scenario files all ask here."""

from __future__ import annotations

FORMAT = "215.000"


def parse_version(text: str) -> tuple[int, int]:
    """'215.010' -> (215, 10); '212.1' -> (212, 100). ValueError when `text` is not a version."""
    major, dot, minor = str(text).strip().partition(".")
    if not major.isdigit() or (dot and not minor.isdigit()) or len(minor) > 3:
        raise ValueError(text)
    return int(major), int(minor.ljust(3, "0")) if minor else 0


def is_version(text: str) -> bool:
    try:
        parse_version(text)
    except ValueError:
        return False
    return True
