"""What the README names for trainers exists: every admin or fault route it writes is a route of
`pdv servers` (tui.cli.sim.ADMIN_ROUTES, itself kept equal to the services' routes by
tests/cli/test_sim_world_cli.py), with the method it says, and every `pdv sim` command it shows is one."""

from __future__ import annotations

import re
from pathlib import Path

from tui.cli.sim import ADMIN_ROUTES, SUBCOMMANDS

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
METHODS = r"(?:GET|POST|PUT|DELETE)"


def normalized(path: str) -> list[str]:
    path = path.split("?")[0].split("[")[0].rstrip("/.,")
    path = re.sub(r"/requests/(ID|\{id\})/", "/requests/{token}/", path)
    if "{serviço}" in path:
        return [path.replace("{serviço}", name) for name in ("license", "lgpdata")]
    return [path]


def named_routes() -> set[tuple[str, str]]:
    """(method, path) for each `METHOD /path` (or `GET`/`POST /path`) the README writes."""
    found = set()
    for match in re.finditer(rf"`((?:{METHODS}`?/`?)*{METHODS}) (/[^` ]+)`", README):
        methods = re.findall(METHODS, match.group(1))
        for path in normalized(match.group(2)):
            if "/admin" in path or path.startswith("/faults"):
                found |= {(method, path) for method in methods}
    return found


def test_the_routes_the_readme_names_exist():
    named = named_routes()
    assert len(named) >= 25  # the tables of `pdv sim`, LGPData and the fault routes
    known = set(ADMIN_ROUTES)
    assert sorted(named - known) == []


def test_every_admin_route_is_in_the_readme():
    assert sorted(set(ADMIN_ROUTES) - named_routes()) == []


def test_the_pdv_sim_commands_the_readme_shows_exist():
    shown = set(re.findall(r"pdv sim ([a-z][a-z-]*)", README))
    assert {"clock", "reset", "revoke", "term", "expiry", "credentials", "cancel", "status"} <= shown
    assert sorted(shown - set(SUBCOMMANDS)) == []
