"""`pdv web`: the PDV in a browser, to project a class (textual-serve).

Every browser tab that opens the address gets a PDV of its own: `pdv demo CENÁRIO` in a child
process (a temporary database and its own simulated services), ended when the tab closes.
textual-serve (aiohttp) is imported only when the command runs: `pdv` itself never pays for it.
"""

from __future__ import annotations

import errno
import shlex
import socket
import sys

import click

from tui.cli.types import BoundedInt

DEFAULT_PORT = 8710
SHUTDOWN_TIMEOUT = 15.0
"""Seconds the server waits, once asked to end, for the tabs' PDVs to end."""


def http_address(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}"


def lan_address() -> str | None:
    """This computer's address on the local network (no packet is sent), for `--host 0.0.0.0`."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: only picks the outgoing interface
            address = probe.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") else address


def bind_listener(host: str, port: int) -> socket.socket:
    """The listening socket, bound here so that a busy port or a bad address is told in one
    Portuguese line before anything starts (and nothing can take the port in between)."""
    from tui.cli.main import fail

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError):
        fail(f"--host '{host}': endereço desconhecido (ex.: 127.0.0.1, ou 0.0.0.0 para a sala toda)")
    family, kind, proto, _, address = infos[0]
    listener = socket.socket(family, kind, proto)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind(address)
        listener.listen(128)
    except OSError as exc:
        listener.close()
        if exc.errno == errno.EADDRINUSE:
            fail(f"a porta {port} já está em uso em {host} (escolha outra com --port)")
        if exc.errno == errno.EACCES:
            fail(f"sem permissão para usar a porta {port} (abaixo de 1024 só o administrador; use --port)")
        if exc.errno == errno.EADDRNOTAVAIL:
            fail(f"--host '{host}': este endereço não é deste computador")
        fail(f"não foi possível abrir {http_address(host, port)}: {exc.strerror or exc}")
    listener.setblocking(False)
    return listener


def demo_command(scenario_path: str) -> str:
    """The shell command textual-serve runs for each tab: this Python, `pdv demo FILE`."""
    return "exec " + shlex.join([sys.executable, "-m", "tui", "demo", scenario_path])


@click.command()
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Endereço de escuta (0.0.0.0: os outros computadores da sala também abrem).",
)
@click.option("--port", default=DEFAULT_PORT, show_default=True, type=BoundedInt(1, 65535), help="Porta.")
@click.option(
    "--cenario",
    "--scenario",
    "scenario",
    default="treinamento",
    show_default=True,
    metavar="NOME|ARQUIVO",
    help="Cenário de cada PDV aberto: um nome (pdv scenarios) ou um arquivo .toml seu.",
)
def web(host: str, port: int, scenario: str) -> None:
    """Serve o PDV no navegador, para projetar a aula: cada aba abre um PDV de demonstração
    próprio (como `pdv demo CENÁRIO`). Ctrl+C encerra."""
    from tui.cli.main import load_scenario_or_fail

    loaded = load_scenario_or_fail(scenario)  # the whole file checked before serving
    listener = bind_listener(host, port)
    port = listener.getsockname()[1]
    from tui.cli.web_server import PdvWebServer

    server = PdvWebServer(
        demo_command(str(loaded.path.resolve())),
        host=host,
        port=port,
        title=f"PDV · {loaded.name}",
        banner=banner(host, port, loaded.name),
    )
    server.serve_on(listener, shutdown_timeout=SHUTDOWN_TIMEOUT)


def banner(host: str, port: int, scenario: str) -> list[str]:
    """Where to open it, printed once the server listens."""
    if host in ("0.0.0.0", "::"):
        lines = [f"PDV no navegador (cenário {scenario}):", f"  neste computador: {http_address('127.0.0.1', port)}"]
        lan = lan_address()
        if lan:
            lines.append(f"  na sala (mesma rede): {http_address(lan, port)}")
    else:
        lines = [f"PDV no navegador (cenário {scenario}): abra {http_address(host, port)}"]
    tab = "Cada aba abre um PDV de demonstração próprio"
    lines.append(f"{tab} (usuário operador, senha 1234)." if scenario == "treinamento" else f"{tab}.")
    return [*lines, "Letras maiores no projetor: acrescente ?fontsize=24 ao endereço.", "Ctrl+C encerra o servidor."]
