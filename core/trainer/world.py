"""The simulated remote world started embedded: one `python -m servers` child on a free port.

Starting costs a fork (the child imports FastAPI on the other core); the URLs are read from the
child's ready file only when the first remote call needs them. The child's output (uvicorn's
warnings, a traceback, why it could not start) goes line by line to the PDV's log
(core.kernel.error_log); when it does not start, its last line is the reason shown.
"""

from __future__ import annotations

import sys
import time
from collections import deque
from pathlib import Path

from core.kernel.errors import REFUSED, RemoteFailure

LOG_PREFIX = "serviços simulados: "
KEPT_LINES = 20


def _level_of(line: str) -> int:
    """The log level of one line of the services' output (uvicorn's `INFO:     ...`)."""
    import logging

    head = line.split(":", 1)[0].strip().upper()
    return {"DEBUG": logging.DEBUG, "INFO": logging.INFO}.get(head, logging.WARNING)


class EmbeddedWorld:
    def __init__(self, scenario_dir: Path, scenario: str, log_level: str = "warning") -> None:
        """`scenario`: a name in `scenario_dir`, or the path of a .toml file anywhere (its
        bases by name are looked for beside it, then in `scenario_dir`). `log_level`: what
        the services themselves write (uvicorn's level)."""
        import secrets

        self.scenario_dir = scenario_dir
        self.log_level = log_level
        self.scenario = scenario
        self._folder = None
        self.process = None
        self._base: str | None = None
        self.token = _given_token() or secrets.token_urlsafe(32)
        """The trainer token of this run's services: only this PDV and its child know it (it goes
        to the child in its environment, never on its command line). A trainer who set
        PDV_TRAINER_TOKEN (to drive the demo with `pdv sim` from another terminal) gets that one."""
        self._reader = None
        self.output: deque[str] = deque(maxlen=KEPT_LINES)
        """The child's last lines of output, newest last."""

    def start(self) -> None:
        import os
        import subprocess
        import tempfile

        from core.trainer.token import TOKEN_ENV

        self._folder = tempfile.TemporaryDirectory(prefix="pdv-world-")
        self.state_dir = Path(self._folder.name) / "state"
        self.ready_file = Path(self._folder.name) / "ready"
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "servers",
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--scenario-dir",
                str(self.scenario_dir),
                "--scenario",
                self.scenario,
                "--state-dir",
                str(self.state_dir),
                "--ready-file",
                str(self.ready_file),
                "--parent-pid",
                str(os.getpid()),
                "--log-level",
                self.log_level,
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            env={**os.environ, TOKEN_ENV: self.token},
        )
        import threading

        self._reader = threading.Thread(target=self._read_output, name="pdv-world-output", daemon=True)
        self._reader.start()

    def _read_output(self) -> None:
        """Every line the child writes, kept (the last few) and logged, until it closes."""
        from core.kernel.error_log import log_line

        stream = self.process.stdout
        for raw in iter(stream.readline, b""):
            line = raw.decode("utf-8", "replace").rstrip()
            if line:
                self.output.append(line)
                log_line(LOG_PREFIX + line, _level_of(line))
        stream.close()

    def failure_reason(self) -> str:
        """Why the child stopped: its last line of output that says something, else its exit
        code."""
        if self._reader is not None:
            self._reader.join(1.0)  # the pipe closes when the child exits
        for line in reversed(self.output):
            if not line.startswith(("Traceback", "  ")):
                return line.removeprefix("pdv servers: ")
        code = self.process.poll() if self.process is not None else None
        return f"saíram com o código {code}" if code is not None else "sem resposta"

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
                raise RemoteFailure(REFUSED, f"Serviços simulados não iniciaram: {self.failure_reason()}")
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


def _given_token() -> str | None:
    import os

    from core.trainer.token import TOKEN_ENV

    return os.environ.get(TOKEN_ENV, "").strip() or None
