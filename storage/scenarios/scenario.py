"""What a scenario is once loaded, and the error that refuses one.

Scenario (the merged data of a file and the ones it extends, with its name, path and chain),
ScenarioInfo (a line of `pdv scenarios`) and ScenarioError (one line naming the file, the key and
what is wrong, in Portuguese). The loader, the checks and the seed all speak of these.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class ScenarioError(Exception):
    """A scenario that cannot be used; str() is one line for the user."""

    def __init__(self, file: str, key: str, problem: str) -> None:
        self.file, self.key, self.problem = file, key, problem
        where = f"{file}: {key}: " if key else f"{file}: "
        super().__init__(where + problem)


@dataclass
class Scenario:
    name: str
    path: Path
    data: dict[str, Any]
    title: str = ""
    description: str = ""
    extends: str | None = None
    chain: list[str] = field(default_factory=list)
    """This scenario's name, then the ones it extends, nearest first."""

    @property
    def app_version(self) -> str:
        return str(self.data["scenario"]["app_version"])

    @property
    def current_branch(self) -> int:
        return int(self.data["scenario"]["current_branch"])

    def section(self, name: str) -> dict[str, Any]:
        return self.data.get(name, {})


@dataclass
class ScenarioInfo:
    name: str
    title: str
    description: str = ""
    error: str | None = None
    keys: list[str] = field(default_factory=list)
