"""The trainer token: what every /admin and /faults route of the simulated services asks for.

Made when the services start (or given by the parent process through the PDV_TRAINER_TOKEN
environment variable, never on a command line that `ps` shows) and sent by the trainer's tools as
`Authorization: Bearer TOKEN`. A request without it, or with another, is answered 401 before the
route runs, so it changes nothing. The OpenAPI documents the scheme and the 401 of each route.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from fastapi import Depends, HTTPException
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel

TOKEN_ENV = "PDV_TRAINER_TOKEN"
SCHEME = "TokenDoInstrutor"
MISSING = "Token do instrutor ausente: envie Authorization: Bearer TOKEN (pdv sim o envia sozinho)."
WRONG = "Token do instrutor inválido."


class Unauthorized(BaseModel):
    detail: str


UNAUTHORIZED: dict[int | str, dict[str, Any]] = {
    401: {"model": Unauthorized, "description": "sem o token do instrutor, ou com outro: nada foi alterado"},
}


def make_token() -> str:
    """256 bits, URL-safe: typed by no one, copied from the trainer's terminal or config file."""
    return secrets.token_urlsafe(32)


def token_from_environment() -> str | None:
    """The token a parent process gave (and removed from this process's environment, so that
    nothing started from here inherits it)."""
    token = os.environ.pop(TOKEN_ENV, "").strip()
    return token or None


def write_token_file(path: Path, token: str) -> None:
    """Keeps the token where the trainer's `pdv sim` finds it: a file only its owner can read
    (0600), in a folder only its owner can enter (0700 when this creates it)."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    temp = path.with_name(path.name + ".tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(fd, 0o600)
        os.write(fd, (token + "\n").encode("ascii"))
    finally:
        os.close(fd)
    os.replace(temp, path)


def trainer_guard(token: str):
    """A FastAPI dependency that lets through only a request carrying `token`."""
    if not token:
        raise ValueError("token do instrutor vazio")
    bearer = HTTPBearer(
        auto_error=False,
        scheme_name=SCHEME,
        description="Token do instrutor, mostrado ao iniciar `pdv servers` e guardado na pasta de configuração.",
    )
    expected = token.encode("utf-8")

    async def require_trainer(credentials: HTTPAuthorizationCredentials | None = Depends(bearer)) -> None:
        if credentials is None or not credentials.credentials:
            raise HTTPException(401, MISSING, headers={"WWW-Authenticate": "Bearer"})
        if not secrets.compare_digest(credentials.credentials.encode("utf-8", "replace"), expected):
            raise HTTPException(401, WRONG, headers={"WWW-Authenticate": "Bearer"})

    return require_trainer


class TrainerRoutes:
    """`app.get`, `app.put`, `app.post`, `app.delete` for the trainer's routes of a service: each
    route asks for the token and documents its 401. (The routes stay the app's own, so the fault
    layer and url_for find them by name as they find the others.)"""

    def __init__(self, app, token: str) -> None:
        self.app = app
        self.dependencies = [Depends(trainer_guard(token))]

    def _options(self, options: dict[str, Any]) -> dict[str, Any]:
        return {
            **options,
            "dependencies": [*self.dependencies, *options.get("dependencies", [])],
            "responses": {**UNAUTHORIZED, **options.get("responses", {})},
        }

    def get(self, path: str, **options: Any):
        return self.app.get(path, **self._options(options))

    def put(self, path: str, **options: Any):
        return self.app.put(path, **self._options(options))

    def post(self, path: str, **options: Any):
        return self.app.post(path, **self._options(options))

    def delete(self, path: str, **options: Any):
        return self.app.delete(path, **self._options(options))
