"""Where the trainer's tools find the token of the simulated services' /admin and /faults routes.

- The services embedded in a `pdv demo` run: the token made for that run (EmbeddedWorld.token),
  which only this PDV and its child process hold.
- `pdv servers` on this machine: the file it wrote in the trainer's config folder (0600).
- Another machine: the PDV_TRAINER_TOKEN environment variable (the token `pdv servers` showed).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

TOKEN_ENV = "PDV_TRAINER_TOKEN"
"""The same name the services read (servers.trainer_auth.TOKEN_ENV)."""
TOKEN_FILE = "trainer-token"


def token_path() -> Path:
    """The token file `pdv servers` keeps in the user's config folder."""
    from platformdirs import user_config_path

    return user_config_path("pdv-sim", appauthor=False) / TOKEN_FILE


def stored_token() -> str | None:
    """The token of the environment, else of the token file; None when there is neither."""
    given = os.environ.get(TOKEN_ENV, "").strip()
    if given:
        return given
    try:
        text = token_path().read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return text or None


def trainer_token(config: Any) -> str | None:
    """The token for the services this PDV talks to: its embedded world's, else the stored one."""
    world = getattr(config, "world", None)
    if world is not None and getattr(world, "token", None):
        return world.token
    return getattr(config, "trainer_token", None) or stored_token()


def auth_headers(token: str | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"} if token else {}


def unauthorized_text(where: str) -> str:
    """What a trainer reads when the services refused the token (or got none)."""
    from core.kernel.redact import shown_url

    where = shown_url(where)
    return (
        f"os serviços simulados em {where} recusaram o token do instrutor (ausente ou de outra "
        f"execução de 'pdv servers'): use o deste computador ou defina {TOKEN_ENV}"
    )
