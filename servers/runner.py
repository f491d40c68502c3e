"""Runs the simulated remote world in one uvicorn process: each service mounted under its prefix
(/license, /lgpdata), each with its own state file in the state folder.

`python -m servers --help` for the options. With --ready-file, writes "host:port" there once
listening (port 0 picks a free port); with --parent-pid, exits when that process is gone.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from collections.abc import Callable
from datetime import datetime
from importlib import import_module
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import JSONResponse

SERVICES: dict[str, str] = {
    # prefix: "module:factory" — factory(state_dir: Path, world: WorldSource) -> FastAPI
    "license": "servers.license.app:create_app",
    "lgpdata": "servers.lgpdata.app:create_app",
}


class WorldSource:
    """Where the services find scenarios: the folder of the one in force and its name, then
    more folders searched by name (the built-ins, for a trainer's file elsewhere that extends
    them); the services' clock (the machine's, unless a test fixes it for deterministic dates);
    and the trainer token their /admin and /faults routes ask for (servers.trainer_auth; made
    here when none is given)."""

    def __init__(
        self,
        directory: Path,
        name: str,
        clock: Callable[[], datetime] | None = None,
        search: tuple[Path, ...] = (),
        token: str | None = None,
    ) -> None:
        from servers.trainer_auth import make_token

        self.directory = directory
        self.name = name
        self.search = tuple(search)
        self._clock = clock
        self.token = token or make_token()

    def now(self) -> datetime:
        return self._clock() if self._clock is not None else datetime.now().replace(microsecond=0)

    def read(self, name: str | None = None) -> dict:
        """The world of the scenario `name` (default: the one in force), found by name among the
        folder's files only (ScenarioFileError for anything else, a path included)."""
        from servers.scenario_files import find_scenario, read_world

        return read_world(find_scenario(self.directory, name or self.name, self.search), self.search)

    def names(self) -> list[str]:
        from servers.scenario_files import scenario_names

        return sorted({name for folder in (self.directory, *self.search) for name in scenario_names(folder)})


def _factory(target: str | Callable[[Path, WorldSource], FastAPI]) -> Callable[[Path, WorldSource], FastAPI]:
    if callable(target):
        return target
    module_name, _, factory = target.partition(":")
    return getattr(import_module(module_name), factory)


def build_app(
    state_dir: Path,
    world: WorldSource,
    services: dict[str, str | Callable[[Path, WorldSource], FastAPI]] | None = None,
) -> FastAPI:
    """The root app: each service (default SERVICES) mounted under its prefix inside the fault
    layer, the root fault routes, and the faults of the scenario in force.

    Raises ScenarioFileError when the scenario's `[[faults]]` names what does not exist."""
    from servers.faults.admin import install, root_router
    from servers.faults.registry import FaultRegistry
    from servers.faults.specs import FaultSpecError
    from servers.scenario_files import ScenarioFileError

    root = FastAPI(title="pdv-sim: mundo remoto simulado", docs_url=None, redoc_url=None)
    registry = FaultRegistry()

    def read_faults(name: str | None) -> tuple[str, list]:
        return name or world.name, world.read(name).get("faults", [])

    def service_reset(service: str, scenario: str | None) -> None:
        """A service reset itself to a scenario: its faults go back to that scenario's."""
        try:
            registry.load(read_faults(scenario)[1], only=service)
        except (FaultSpecError, ScenarioFileError) as exc:
            print(f"pdv servers: falhas de {service} mantidas: {exc}", file=sys.stderr)

    mounted = []
    for prefix, target in (SERVICES if services is None else services).items():
        service = _factory(target)(state_dir, world)
        install(root, prefix, service, registry, world.token, service_reset)
        mounted.append(prefix)

    try:
        registry.load(world.read().get("faults", []))
    except FaultSpecError as exc:
        raise ScenarioFileError(f"{world.name}.toml: {exc}") from None
    root.state.faults = registry
    root.include_router(root_router(registry, read_faults, world.token, world.names()))
    from servers import docs, http_contract

    http_contract.install(root)
    docs.install(root)

    @root.get("/health")
    async def health() -> JSONResponse:
        return JSONResponse({"ok": True, "services": mounted, "scenario": world.name})

    return root


async def _watch_parent(parent_pid: int, server) -> None:
    while True:
        await asyncio.sleep(1.0)
        try:
            os.kill(parent_pid, 0)
        except OSError:
            server.should_exit = True
            return
        if os.getppid() != parent_pid:
            server.should_exit = True
            return


async def serve(
    host: str,
    port: int,
    state_dir: Path,
    world: WorldSource,
    ready_file: Path | None,
    parent_pid: int | None,
    token_note: str | None = None,
    log_level: str = "warning",
) -> None:
    """Serves until stopped. `token_note`: how the trainer token was given, printed once with the
    addresses (None: the parent process holds the token and says nothing of it)."""
    import uvicorn

    from servers.faults.layer import capture_transport

    app = capture_transport(build_app(state_dir, world))  # the fault layer drops connections through it
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level=log_level,
        access_log=log_level == "debug",
        lifespan="off",
        timeout_graceful_shutdown=1,  # a call held by a `hang` fault must not hold the shutdown
    )
    server = uvicorn.Server(config)
    watcher = None
    if parent_pid:
        watcher = asyncio.create_task(_watch_parent(parent_pid, server))

    async def announce() -> None:
        while not server.started:
            await asyncio.sleep(0.01)
        sock = server.servers[0].sockets[0]
        bound_host, bound_port = sock.getsockname()[:2]
        if ready_file is not None:
            temp = ready_file.with_suffix(".tmp")
            temp.write_text(f"{bound_host}:{bound_port}", encoding="utf-8")
            temp.replace(ready_file)
        else:
            print(f"pdv-sim servidores em http://{bound_host}:{bound_port} (cenário {world.name})", flush=True)
            for prefix in SERVICES:
                print(f"  {prefix}: http://{bound_host}:{bound_port}/{prefix}", flush=True)
        if token_note:
            print(token_note, flush=True)

    announcer = asyncio.create_task(announce())
    await server.serve()
    announcer.cancel()
    if watcher:
        watcher.cancel()


def trainer_token(token_file: Path | None) -> tuple[str, str | None]:
    """(token, what to print once). A token the parent gave (PDV_TRAINER_TOKEN) is used as is and
    never printed; otherwise one is made now, kept in `token_file` (0600) and shown once."""
    from servers.trainer_auth import make_token, token_from_environment, write_token_file

    given = token_from_environment()
    if given:
        return given, None
    token = make_token()
    note = f"Token do instrutor (para /admin e /faults; mostrado só agora): {token}"
    if token_file is not None:
        write_token_file(token_file, token)
        note += f"\n  guardado em {token_file}: o `pdv sim` deste usuário o encontra sozinho."
    return token, note


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m servers", description="Serviços remotos simulados do pdv-sim.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8700)
    parser.add_argument(
        "--scenario-dir",
        type=Path,
        action="append",
        required=True,
        help="Pasta de cenários (repetível: a primeira que tiver o nome vale).",
    )
    parser.add_argument("--scenario", default="treinamento", help="Nome do cenário, ou o caminho de um arquivo .toml.")
    parser.add_argument("--state-dir", type=Path, default=None)
    parser.add_argument("--ready-file", type=Path, default=None)
    parser.add_argument("--parent-pid", type=int, default=None)
    parser.add_argument(
        "--token-file",
        type=Path,
        default=None,
        help="Onde guardar (0600) o token do instrutor feito ao iniciar, para o `pdv sim` encontrar.",
    )
    parser.add_argument("--log-level", default="warning", choices=["debug", "info", "warning", "error"])
    args = parser.parse_args(argv)
    from servers.scenario_files import ScenarioFileError, locate

    try:
        folder, name, search = locate(args.scenario, args.scenario_dir)
    except ScenarioFileError as exc:
        print(f"pdv servers: {exc}", file=sys.stderr)
        return 2
    state_dir = args.state_dir or Path(tempfile.mkdtemp(prefix="pdv-servers-"))
    state_dir.mkdir(parents=True, exist_ok=True)
    try:
        token, note = trainer_token(args.token_file)
    except OSError as exc:
        print(
            f"pdv servers: não foi possível gravar o token do instrutor em {args.token_file}: {exc.strerror}",
            file=sys.stderr,
        )
        return 2
    world = WorldSource(folder, name, search=search, token=token)
    try:
        asyncio.run(
            serve(args.host, args.port, state_dir, world, args.ready_file, args.parent_pid, note, args.log_level)
        )
    except KeyboardInterrupt:
        pass
    except ScenarioFileError as exc:
        print(f"pdv servers: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"pdv servers: não foi possível escutar em {args.host}:{args.port}: {exc.strerror}", file=sys.stderr)
        return 2
    return 0
