"""Runs a full-screen program in a pseudo-terminal (80x24) and times it to its first screen."""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import termios
import threading
import time
from pathlib import Path


def peak_memory_kib(pid: int) -> int:
    """VmHWM (peak resident set) of a live process, in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError("VmHWM not found")


def time_to_first_screen(
    command: list[str],
    workdir: Path,
    timeout: float = 30.0,
    settle: float = 0.02,
    extra_env: dict[str, str] | None = None,
) -> tuple[float, int]:
    """(seconds from spawn to first painted screen, peak RSS in KiB after `settle` seconds)."""
    marker = workdir / f"ready-{time.monotonic_ns()}"
    env = dict(os.environ, PDV_READY_FILE=str(marker), TERM="xterm-256color", COLUMNS="80", LINES="24")
    env.update(extra_env or {})
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    stop = threading.Event()

    def drain() -> None:
        while not stop.is_set():
            try:
                if not os.read(master, 65536):
                    return
            except OSError:
                return

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    start = time.time()
    process = subprocess.Popen(command, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True)
    try:
        deadline = start + timeout
        while not marker.exists():
            if process.poll() is not None:
                raise RuntimeError(f"{command} saiu com {process.returncode} antes da primeira tela")
            if time.time() > deadline:
                raise TimeoutError(f"{command}: sem primeira tela em {timeout}s")
            time.sleep(0.005)
        time.sleep(settle)
        ready_at = float(marker.read_text())
        return ready_at - start, peak_memory_kib(process.pid)
    finally:
        process.terminate()
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        stop.set()
        os.close(slave)
        os.close(master)
