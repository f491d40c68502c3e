"""Steps a person takes at the counter, on a real terminal: enter a scenario, open a module,
ring up, identify the customer, pay. Each step waits on what the screen shows next, so a step
that does not happen fails with the screen in the message."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from functools import cache
from importlib.resources import files
from pathlib import Path

from tests.terminal.conftest import Start, login
from tests.terminal.harness import Terminal, pdv_executable

CART = r"Produto[\s\S]*TOTAL"
CUPOM = r"CUPOM NÃO FISCAL"
DIALOG_EDGE = "█"


@cache
def scenario(name: str) -> dict:
    text = files("storage").joinpath(f"scenarios/files/{name}.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def product(code: str) -> dict:
    return next(p for p in scenario("treinamento")["products"] if p["code"] == code)


def enter(
    start_pdv: Start, name: str = "treinamento", user: str = "operador", password: str = "1234", **kwargs
) -> Terminal:
    """`pdv demo NAME`, logged in, on the Menu principal (a scenario without a dialog)."""
    term = start_pdv("demo", name, **kwargs)
    login(term, user, password)
    term.wait_for(r"Menu principal")
    return term


def module(term: Terminal, key: str, drawn: str) -> str:
    """Opens a menu module and waits until its own screen replaced the menu."""
    term.press(key)
    regex = re.compile(drawn)
    return term.wait_until(
        lambda s: "Menu principal" not in s and regex.search(s) is not None,
        f"o módulo de {key} desenhado no lugar do menu",
    )


def open_sale(term: Terminal) -> str:
    return module(term, "f2", r"Venda[\s\S]*" + CART)


def items(term: Terminal, count: int, units: int | None = None) -> str:
    """Waits for the cart's total line to say `count` items (and `units` units)."""
    units_text = str(units) if units is not None else r"\d+"
    pattern = rf"\b{count} item\(ns\), {units_text} unidade\(s\)"
    return term.wait_for(pattern).string


def ring(term: Terminal, text: str, count: int) -> str:
    """Types a code/EAN (or 3*code) and Enter; waits for the cart to hold `count` items."""
    term.write(f"{text}\r")
    return items(term, count)


def cart_rows(screen: str) -> list[list[str]]:
    """The cart's lines as shown: '#', code, then the rest split on blanks."""
    return [line.split() for line in screen.splitlines() if re.match(r"^ \d+\s+\d+\s", line)]


def choose_customer(term: Terminal, query: str, name: str, agreement: str | None = None) -> None:
    """F2 in a sale: types `query`, Enter on the customer `name` (first in the list), and when
    the customer has several agreements moves with the arrows to `agreement` and Enter."""
    term.press("f2")
    term.wait_for(r"Identificar cliente")
    term.write(query)
    term.wait_for(rf"\d+ {re.escape(name)}")
    term.press("enter")
    if agreement is None:
        return
    rule = re.compile(rf"{re.escape(agreement)}\s+(Nenhuma ação|Notificar pendência|Bloquear venda)")
    screen = term.wait_until(
        lambda s: "Setas escolhem o convênio" in s and rule.search(s) is not None,
        f"a lista de convênios com {agreement}",
    )
    offered = [
        line
        for line in screen.splitlines()
        if re.search(r"(Nenhuma ação|Notificar pendência|Bloquear venda)\s*█", line)
    ]
    position = next(i for i, line in enumerate(offered) if agreement in line)
    term.press(*["down"] * position, "enter")


def pay_cash(term: Terminal, received: str, change: str) -> str:
    """F9, Dinheiro: the amount received shows the change as it is typed; Enter finalizes."""
    term.press("f9")
    term.wait_for(r"Pagamento[\s\S]*Total da venda")
    term.write(received)
    term.wait_for(rf"Troco: R\$ {re.escape(change)}")
    term.press("enter")
    return cupom(term)


def cupom(term: Terminal, *words: str) -> str:
    """Waits for the cupom drawn whole (its footer too) and showing each of `words`."""
    term.wait_for(CUPOM + r"[\s\S]*Nova venda")
    for text in words:
        screen = wait_words(term, text)
    return term.text() if not words else screen


def dialog_text(screen: str) -> str:
    """The text inside dialog borders (█ ... █), one line per row, for reading a modal."""
    out = []
    for line in screen.splitlines():
        if line.count(DIALOG_EDGE) >= 2:
            start, end = line.index(DIALOG_EDGE), line.rindex(DIALOG_EDGE)
            out.append(line[start + 1 : end].strip())
    return "\n".join(out)


def portal_base(link: str) -> str:
    """http://127.0.0.1:PORT/lgpdata from a consent link http://127.0.0.1:PORT/lgpdata/t/ID."""
    return link.split("/t/", 1)[0]


def pdv_sim(*args: str, home: Path) -> subprocess.CompletedProcess:
    """Runs `pdv sim ...` the way a trainer does, in another process, with the trainer token of
    the tests (a demo started with `trainer_env()` gives its embedded services that token)."""
    from tests.support.trainer import TOKEN

    return subprocess.run(
        [pdv_executable(), "sim", *args],
        capture_output=True,
        text=True,
        timeout=30,
        env={
            "HOME": str(home),
            "PATH": str(Path(sys.executable).parent),
            "LANG": "C.UTF-8",
            "PDV_TRAINER_TOKEN": TOKEN,
        },
    )


BOX = str.maketrans({c: " " for c in "│█▊▎▌▐╭╮╰╯─▔▁▀▄"})


def flat(screen: str) -> str:
    """The screen's words in reading order, borders and line breaks gone: for a sentence that
    a dialog wraps over two lines. On a row crossed by a dialog (█ ... █) only the dialog's part
    is read, so the screen underneath does not interleave with the dialog's sentence."""
    rows = []
    for line in screen.splitlines():
        if line.count(DIALOG_EDGE) >= 2:
            line = line[line.index(DIALOG_EDGE) + 1 : line.rindex(DIALOG_EDGE)]
        rows.append(line)
    return " ".join("\n".join(rows).translate(BOX).split())


def wait_words(term: Terminal, words: str, timeout: float | None = None) -> str:
    """Waits until `words` (a plain sentence) can be read on the screen, wrapped or not."""
    wanted = " ".join(words.split())
    return term.wait_until(lambda s: wanted in flat(s), repr(wanted), timeout)


def wait_all(term: Terminal, *texts: str, timeout: float | None = None) -> str:
    """Waits until every one of `texts` is on the screen at once (a frame drawn whole: the
    terminal may show a dialog half drawn for a moment). Returns that screen."""
    return term.wait_until(lambda s: all(text in s for text in texts), " e ".join(map(repr, texts)), timeout)


def settled(term: Terminal, quiet_for: float = 0.2, timeout: float | None = None) -> str:
    """Waits until the pdv has written nothing for `quiet_for` seconds (the frame on screen is
    whole) and returns the screen: for checking that something is *not* shown."""
    import time

    deadline = time.monotonic() + (timeout or 20.0)
    size, since = len(term.raw), time.monotonic()
    while time.monotonic() < deadline:
        with term._changed:
            term._changed.wait(quiet_for / 4)
            now = len(term.raw)
        if now != size:
            size, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet_for:
            return term.text()
    return term.text()


REQUEST_STATUS = r"Status: Pendente \(solicitação[^A-Z2-7]*?([A-Z2-7]{26})\)"
"""The consent request line of the link dialog; its id (26 base32 characters) may wrap."""


def trainer_env() -> dict[str, str]:
    """The environment of a `pdv demo` whose embedded services `pdv_sim` may drive: the trainer
    set PDV_TRAINER_TOKEN, as for a class driven from another terminal."""
    from tests.support.trainer import TOKEN

    return {"PDV_TRAINER_TOKEN": TOKEN}
