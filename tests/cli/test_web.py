"""`pdv web`: the PDV served to a browser (textual-serve), each tab a `pdv demo` of its own.

The real thing: `pdv web` started on a free loopback port, a headless Chromium (tests/support/browser.py,
over the DevTools protocol) opens it, reads the login from the page's terminal, logs in as
operador/1234 with the browser's own key events, reads the menu and opens Venda with F2. Below
that, the page and its websocket at the HTTP level (a terminal emulator reading the stream), and
the command's options refused in Portuguese.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import pyte
import pytest
from click.testing import CliRunner

from tests.support.browser import Browser, find_chromium
from tests.terminal.screens import running
from tui.cli.main import cli

PDV = [sys.executable, "-m", "tui"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(p) for p in (task / "children").read_text().split()]
        except OSError:
            pass
    return found


@dataclass
class Served:
    process: subprocess.Popen
    url: str
    banner: str


@pytest.fixture
def served(tmp_path) -> Iterator[Served]:
    """`pdv web` on a free loopback port, in a HOME of its own; SIGTERM at the end, and then no
    tab's PDV (nor its simulated services) is left running."""
    port = free_port()
    env = {
        **os.environ,
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "TMPDIR": str(tmp_path),
    }
    process = subprocess.Popen(
        [*PDV, "web", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,
    )
    banner = []
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            banner.append(line)
            if line.startswith("Ctrl+C encerra"):
                break
        text = "".join(banner)
        assert f"abra http://127.0.0.1:{port}" in text, f"pdv web não começou:\n{text}{process.stderr.read()}"
        yield Served(process, f"http://127.0.0.1:{port}", text)
    finally:
        spawned = [pid for child in children(process.pid) for pid in [child, *children(child)]]
        process.send_signal(signal.SIGTERM)
        try:
            assert process.wait(30) == 0
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # our own process group (start_new_session)
            process.wait(5)
            raise
        deadline = time.monotonic() + 15
        while any(running(pid) for pid in spawned) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(running(pid) for pid in spawned), "um PDV de aba ficou rodando"
        assert not list(tmp_path.glob("pdv-demo-*")), "a pasta temporária de um PDV de aba ficou"


# --- in a real browser ------------------------------------------------------------------------


@pytest.fixture
def chromium() -> str:
    """The browser, or a skip saying why there is none (a failure under `make test`, which
    installs it: PDV_REQUIRE_CHROMIUM=1)."""
    found = find_chromium()
    if found is None:
        if os.environ.get("PDV_REQUIRE_CHROMIUM"):
            pytest.fail("Chromium não encontrado, e PDV_REQUIRE_CHROMIUM=1 (tools/ensure_chromium.sh o instala)")
        pytest.skip(
            "Chromium não encontrado (apt-get install chromium, ou o programa em PDV_CHROMIUM); "
            "`make test` o instala (tools/ensure_chromium.sh)"
        )
    return found


async def test_a_browser_logs_in_and_opens_venda(chromium, served, tmp_path):
    async with Browser(chromium) as browser:
        await browser.open(served.url + "/")
        login = await browser.wait_for(r"Acesso ao PDV[\s\S]*Usuário[\s\S]*Senha", timeout=60)
        assert "TREINAMENTO" in login
        assert await browser.evaluate("document.title") == "PDV · treinamento"
        await browser.focus_terminal()
        await browser.type("operador")
        await browser.press("enter")
        await browser.type("1234")
        await browser.press("enter")
        menu = await browser.wait_for(r"Menu principal[\s\S]*F10\s+Sair")
        for line in ("F2   Venda", "F5   Clientes", "Auditoria - BLOQUEADO"):
            assert line in menu, menu
        await browser.press("f2")
        # Venda drawn whole: the menu under it gone (the page may show a frame half repainted)
        sale = await browser.wait_for(r"\A(?![\s\S]*Menu principal)[\s\S]*Produto[\s\S]*TOTAL")
        assert "Menu principal" not in sale and "Venda" in sale
        shot = await browser.screenshot(tmp_path / "venda.png")
        assert shot.stat().st_size > 5000  # a drawn page, not a blank one


async def test_the_palette_and_the_f_keys_work_in_the_browser(chromium, served):
    async with Browser(chromium) as browser:
        await browser.open(served.url + "/")
        await browser.wait_for(r"Usuário", timeout=60)
        await browser.focus_terminal()
        await browser.type("operador")
        await browser.press("enter")
        await browser.type("1234")
        await browser.press("enter")
        await browser.wait_for(r"Menu principal")
        await browser.press("f5")  # the browser's own F5 would reload the page
        await browser.wait_for(r"Novo cliente")
        await browser.press("escape")
        await browser.wait_for(r"Menu principal")
        await browser.press("ctrl+p")  # the browser's own Ctrl+P would print
        await browser.wait_for(r"Digite um comando ou módulo[\s\S]*Captura de tela")
        await browser.type("venda")
        await browser.wait_for(r"Venda")
        await browser.press("enter")
        sale = await browser.wait_for(r"Produto[\s\S]*TOTAL")
        assert "Menu principal" not in sale


async def test_each_tab_is_a_pdv_of_its_own(chromium, served):
    async with Browser(chromium) as first, Browser(chromium) as second:
        await first.open(served.url + "/")
        await second.open(served.url + "/")
        await first.wait_for(r"Usuário", timeout=60)
        await second.wait_for(r"Usuário", timeout=60)
        assert len(children(served.process.pid)) >= 2


# --- HTTP: the page and its websocket -----------------------------------------------------------


async def test_the_page_and_its_websocket_answer(served):
    async with aiohttp.ClientSession() as http:
        async with http.get(served.url + "/") as response:
            assert response.status == 200
            page = await response.text()
        assert f'data-session-websocket-url="ws://127.0.0.1:{served.url.rsplit(":", 1)[1]}/ws"' in page
        assert "Iniciar" in page and "Sessão encerrada." in page and "fonts.googleapis" not in page
        async with http.get(served.url + "/static/js/textual.js") as response:
            assert response.status == 200
        screen = pyte.Screen(100, 30)
        stream = pyte.ByteStream(screen)
        async with http.ws_connect(served.url + "/ws?width=100&height=30") as ws:
            deadline = time.monotonic() + 60
            while "Usuário" not in "\n".join(screen.display):
                assert time.monotonic() < deadline, "\n".join(screen.display)
                message = await asyncio.wait_for(ws.receive(), 30)
                assert message.type is aiohttp.WSMsgType.BINARY, message
                stream.feed(message.data)
            await ws.send_json(["ping", "x"])
            while True:
                message = await asyncio.wait_for(ws.receive(), 10)
                if message.type is aiohttp.WSMsgType.TEXT:
                    assert message.json() == ["pong", "x"]
                    break
        assert "Acesso ao PDV" in "\n".join(screen.display)


def test_the_address_is_told_in_portuguese(served):
    assert "PDV no navegador (cenário treinamento)" in served.banner
    assert "operador, senha 1234" in served.banner
    assert "Serving" not in served.banner and "Press" not in served.banner


# --- the command line -------------------------------------------------------------------------


@pytest.mark.parametrize("port", ["0", "65536", "99999999999999999999", "oito"])
def test_a_bad_port_is_one_portuguese_line(port):
    result = CliRunner().invoke(cli, ["web", "--port", port])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"pdv: --port '{port}': use um número inteiro de 1 a 65535"


def test_a_busy_port_is_told(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = subprocess.run([*PDV, "web", "--port", str(port)], capture_output=True, text=True, timeout=30)
    assert result.returncode == 2
    assert result.stderr.strip() == f"pdv: a porta {port} já está em uso em 127.0.0.1 (escolha outra com --port)"


def test_an_unknown_host_and_scenario_are_told():
    result = CliRunner().invoke(cli, ["web", "--host", "nao-existe.invalid"])
    assert result.exit_code == 2 and "pdv: --host 'nao-existe.invalid': endereço desconhecido" in result.stderr
    result = CliRunner().invoke(cli, ["web", "--cenario", "nao-existe"])
    assert result.exit_code == 2 and "pdv: cenário 'nao-existe' não existe" in result.stderr


def test_textual_serve_is_imported_only_by_the_command():
    code = "import sys, tui.cli.main; print(sorted(m for m in ('textual_serve', 'aiohttp') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_the_tab_command_runs_this_python_on_the_scenario_file():
    from tui.cli.web import demo_command

    command = demo_command("/tmp/meu cenário.toml")
    assert command.startswith("exec ") and sys.executable in command
    assert re.search(r"-m tui demo '/tmp/meu cenário.toml'$", command)
