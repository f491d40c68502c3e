"""The simulated remote world started embedded: one `python -m servers` child on a free port.

Starting costs a fork (the child imports FastAPI on the other core); the URLs are read from the
child's ready file only when the first remote call needs them.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

from core.errors import REFUSED, RemoteFailure


class EmbeddedWorld:
    def __init__(self, scenario_dir: Path, scenario: str) -> None:
        import secrets

        self.scenario_dir = scenario_dir
        self.scenario = scenario
        self._folder = None
        self.process = None
        self._base: str | None = None
        self.token = secrets.token_urlsafe(32)
        """The trainer token of this run's services: only this PDV and its child know it (it goes
        to the child in its environment, never on its command line)."""

    def start(self) -> None:
        import os
        import subprocess
        import tempfile

        from core.trainer_token import TOKEN_ENV

        self._folder = tempfile.TemporaryDirectory(prefix="pdv-world-")
        self.state_dir = Path(self._folder.name) / "state"
        self.ready_file = Path(self._folder.name) / "ready"
        self.process = subprocess.Popen(
            [
                sys.executable, "-m", "servers",
                "--host", "127.0.0.1", "--port", "0",
                "--scenario-dir", str(self.scenario_dir), "--scenario", self.scenario,
                "--state-dir", str(self.state_dir), "--ready-file", str(self.ready_file),
                "--parent-pid", str(os.getpid()),
            ],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True, env={**os.environ, TOKEN_ENV: self.token},
        )

    async def base_url(self, wait: float = 15.0) -> str:
        """http://127.0.0.1:PORT once the child listens; RemoteFailure if it never does."""
        import asyncio

        if self._base:
            return self._base
        deadline = time.monotonic() + wait
        if self.process is None:
            raise RemoteFailure(REFUSED, "Serviços simulados ainda não iniciados.")
        while not self.ready_file.exists():
            if self.process is None or self.process.poll() is not None:
                raise RemoteFailure(REFUSED, "Serviços simulados não iniciaram.")
            if time.monotonic() > deadline:
                raise RemoteFailure(REFUSED, "Serviços simulados não responderam ao iniciar.")
            await asyncio.sleep(0.02)
        self._base = "http://" + self.ready_file.read_text(encoding="utf-8").strip()
        return self._base

    def stop(self) -> None:
        import subprocess

        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(3)
            except subprocess.TimeoutExpired:
                self.process.kill()
        if self._folder is not None:
            self._folder.cleanup()


async def service_url(config, prefix: str) -> str:
    """The base URL of a remote service: the one given on the command line, or the embedded
    world's (`prefix` is the service's mount: 'license' or 'lgpdata')."""
    explicit = getattr(config, f"{prefix}_url", None)
    if explicit:
        return explicit.rstrip("/")
    if config.world is None:
        if prefix in config.transports:
            return f"http://{prefix}.test/{prefix}"
        raise RemoteFailure(REFUSED, f"Serviço {prefix} não configurado.")
    return f"{await config.world.base_url()}/{prefix}"
