"""What the command line (or a test) decides about a run. Cheap to import: no database here."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Config:
    demo: bool = False
    app_version: str | None = None
    """Overrides the scenario's version (the Régua de Cobrança route depends on it)."""
    license_url: str | None = None
    lgpdata_url: str | None = None
    http_timeout: float = 3.0
    recheck_minutes: float = 10.0
    theme: str = "textual-dark"
    student: int | None = None
    """Classroom mode (--aluno N): this run answers for student N's own CNPJ (core.classroom)."""
    world: Any = None
    """core.world.EmbeddedWorld when the simulated services run embedded, else None."""
    trainer_token: str | None = None
    """The simulated services' trainer token when it is neither the embedded world's nor the
    stored one (core.trainer_token); tests give the one of their in-process world."""
    transports: dict[str, Any] = field(default_factory=dict)
    """Tests: an httpx transport per service prefix (e.g. ASGITransport of the simulated app)."""
    extra: dict[str, str] = field(default_factory=dict)
