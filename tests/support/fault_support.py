"""Helpers of the fault tests: a world with the small test service, in process or served by a
real uvicorn on a free loopback port (in a thread), and the admin calls."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import httpx

from servers.faults.layer import capture_transport
from servers.runner import WorldSource, build_app
from tests.support.fault_service import SERVICES
from tests.support.trainer import HEADERS, TOKEN

MINI = '[scenario]\ntitle = "mundo de teste"\n'


def world(tmp_path: Path, extra: str = "", name: str = "mini") -> WorldSource:
    folder = tmp_path / "world"
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.toml").write_text(MINI + extra, encoding="utf-8")
    return WorldSource(folder, name, token=TOKEN)


def demo_app(tmp_path: Path, extra: str = ""):
    return build_app(tmp_path, world(tmp_path, extra), SERVICES)


def in_process_client(app) -> httpx.AsyncClient:
    return httpx.AsyncClient(headers=HEADERS, transport=httpx.ASGITransport(app=app), base_url="http://mundo.test")


class LoopbackServer:
    """A real uvicorn serving `app` (behind capture_transport, as `python -m servers` does) on a
    free port of 127.0.0.1, in a thread of this process."""

    def __init__(self, app) -> None:
        import uvicorn

        config = uvicorn.Config(
            capture_transport(app),
            host="127.0.0.1",
            port=0,
            lifespan="off",
            log_config=None,
            access_log=False,
            timeout_graceful_shutdown=1,
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LoopbackServer:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn não iniciou")
            time.sleep(0.01)
        port = self.server.servers[0].sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(5)


def set_fault(client: httpx.Client, service: str = "demo", **fault) -> dict:
    response = client.post(f"/{service}/admin/faults", json=fault)
    assert response.status_code == 200, response.text
    return response.json()["fault"]


async def aset_fault(client: httpx.AsyncClient, service: str = "demo", **fault) -> dict:
    response = await client.post(f"/{service}/admin/faults", json=fault)
    assert response.status_code == 200, response.text
    return response.json()["fault"]


# Each kind set so that the call cannot succeed within TIMEOUT_S, and what core reports.
KINDS: dict[str, tuple[dict, str]] = {
    "delay": ({"ms": 6000}, "sem resposta dentro do tempo limite"),
    "random-delay": ({"min_ms": 5000, "max_ms": 6000}, "sem resposta dentro do tempo limite"),
    "hang": ({}, "sem resposta dentro do tempo limite"),
    "status": ({"code": 503}, "503"),
    "malformed-json": ({}, "resposta inválida (não é JSON esperado)"),
    "missing-fields": ({"keep": "nada"}, "resposta incompleta (faltam:"),
    "empty": ({}, "resposta inválida (não é JSON esperado)"),
    "reset": ({}, "conexão interrompida"),
    "dribble": ({"chunks": 5, "total_ms": 8000}, "sem resposta dentro do tempo limite"),
}
