"""A real `python -m servers` process on a free loopback port, for tests that need sockets."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from storage.scenarios.loader import SCENARIO_DIR
from tests.support.trainer import TOKEN


@contextmanager
def running_world(folder: Path, scenario: str = "treinamento", wait: float = 20.0) -> Iterator[str]:
    """Yields the world's base URL (http://127.0.0.1:PORT) and stops the process afterwards; its
    admin routes take tests.support.trainer.TOKEN."""
    ready = folder / "ready"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "servers",
            "--port",
            "0",
            "--scenario-dir",
            str(SCENARIO_DIR),
            "--scenario",
            scenario,
            "--state-dir",
            str(folder / "state"),
            "--ready-file",
            str(ready),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PDV_TRAINER_TOKEN": TOKEN},  # the token its admin routes ask for
    )
    try:
        deadline = time.monotonic() + wait
        while not ready.exists():
            assert process.poll() is None and time.monotonic() < deadline, "servers did not start"
            time.sleep(0.05)
        yield f"http://{ready.read_text().strip()}"
    finally:
        process.terminate()
        process.wait(5)
