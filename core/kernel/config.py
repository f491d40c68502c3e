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
    """Classroom mode (--aluno N): this run answers for student N's own CNPJ (core.trainer.classroom)."""
    world: Any = None
    """core.trainer.world.EmbeddedWorld when the simulated services run embedded, else None."""
    trainer_token: str | None = None
    """The simulated services' trainer token when it is neither the embedded world's nor the
    stored one (core.trainer.token); tests give the one of their in-process world."""
    transports: dict[str, Any] = field(default_factory=dict)
    """Tests: an httpx transport per service prefix (e.g. ASGITransport of the simulated app)."""


MAX_URL_LENGTH = 2000
URL_SCHEMES = ("http", "https")


def url_problem(url: str) -> str | None:
    """Why `url` cannot be a remote service's address (a Portuguese phrase), or None when it
    can. The one check of a service URL: the command line, the config file, the Integração
    Portal LGPD form and the HTTP client all use it."""
    from urllib.parse import urlsplit

    text = url.strip()
    if not text:
        return "URL vazia"
    if len(text) > MAX_URL_LENGTH:
        return f"URL longa demais (mais de {MAX_URL_LENGTH} caracteres)"
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in text):
        return "a URL não pode ter espaços nem caracteres de controle"
    scheme, sep, rest = text.partition("://")
    if not sep or scheme.lower() not in URL_SCHEMES:
        return "use http:// ou https:// seguido do endereço do serviço"
    try:
        parts = urlsplit(text)
    except ValueError:
        return "endereço IPv6 inválido (use colchetes completos, ex.: http://[::1]:8700)"
    host_port = parts.netloc.rpartition("@")[2]
    port_text = host_port.rpartition("]")[2] if host_port.startswith("[") else host_port
    port_text = port_text.partition(":")[2] if ":" in port_text else ""
    try:
        port = parts.port
    except ValueError:
        port = -1
    if port_text and (port is None or not 1 <= port <= 65535):
        shown = port_text if len(port_text) <= 12 else port_text[:12] + "..."
        return f"porta {shown} fora de 1 a 65535"
    if not parts.hostname:
        return "falta o endereço (host) do serviço"
    return None
