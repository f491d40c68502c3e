"""Scan to screen on the real-terminal harness, with 100,000 products in the store.

One scan is what a USB barcode scanner sends: 13 digits and Enter in ONE write. It is timed from
that write to the moment the new line of the cart (its number, code and name) is on the emulated
screen of the real `pdv` on a pseudo-terminal (tests/terminal/harness.py, read through pyte).
The baseline, measured in the same run and interleaved with the scans so machine noise hits both
alike: one key typed into a bare Textual app with a single Input (bare_input.py), timed from the
write to the character on the emulated screen.

Wall-clock times grow with the machine's load (on a shared machine, read the ratios); the CPU
time the PDV spends per scan, read from /proc around each scan, is printed beside the bare app's
per key and barely depends on that load.

Also measured, to see where a scan's time goes:
- the same scan in two steps: the 13 digits (one write) to the digits in the Produto field, then
  Enter to the line on screen;
- search as you type by name: one key to the suggestions for what has been typed;
- in the process (headless), what the KeyRouter costs: the scan to the line in the cart with the
  router, the same with the keys handed straight to Textual, and the router's own checks.
"""

from __future__ import annotations

import asyncio
import os
import random
import re
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from unittest import mock

import pytest

from tests.terminal import harness
from tests.terminal.harness import Terminal

PRODUCTS = 100_000
CUSTOMERS = 1_000  # the bulk seeder links customers to an agreement; a few are enough here
WARM_UP = 3  # first scans and keys of each process, not counted (lazy imports, cold caches)
SCANS = 50
SPLIT_SCANS = 20
IN_PROCESS_SCANS = 30
NAME_WORDS = ["dipirona", "losartana", "omeprazol"]
BARE_INPUT = Path(__file__).with_name("bare_input.py")


@dataclass(frozen=True)
class Item:
    code: str
    ean: str
    name: str
    price: Decimal


@dataclass(frozen=True)
class Store:
    path: Path
    items: list[Item]
    seeded_in: float


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Store:
    """The treinamento store plus 100,000 products, and the products the scans will read."""
    from core.kernel.config import Config
    from core.kernel.context import build_context
    from storage.bulk import seed_bulk
    from storage.models import Product
    from storage.scenarios.loader import load_scenario

    path = tmp_path_factory.mktemp("bench-scan") / "pdv.sqlite3"
    ctx = build_context(path, config=Config(), seed_with=load_scenario("treinamento"))
    started = time.perf_counter()
    seed_bulk(ctx.db, PRODUCTS, CUSTOMERS)
    seeded_in = time.perf_counter() - started
    ctx.db.execute_sql("ANALYZE")
    wanted = WARM_UP + SCANS + SPLIT_SCANS
    codes = [f"B{n:06d}" for n in random.Random(13).sample(range(1, PRODUCTS + 1), wanted)]
    rows = {row.code: row for row in Product.select().where(Product.code.in_(codes))}
    items = [Item(rows[c].code, rows[c].ean, rows[c].name, rows[c].price) for c in codes]
    ctx.db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")  # one file to copy
    ctx.close()
    return Store(path, items, seeded_in)


# --- the two programs on the harness --------------------------------------------------------


def start_bare_input(home: Path) -> Terminal:
    """bare_input.py on the same harness as the PDV (the harness starts `pdv`; here, python)."""
    with mock.patch.object(harness, "pdv_executable", lambda: sys.executable):
        term = Terminal([str(BARE_INPUT)], home=home)
    term.wait_until(lambda s: "▔" in s or "▁" in s, "o Input do app vazio")  # its tall border
    return term


def start_sale(store: Store, home: Path) -> Terminal:
    """`pdv --db COPY` of the big store, logged in as operador, on Venda."""
    home.mkdir(parents=True, exist_ok=True)
    db = home / "pdv.sqlite3"
    shutil.copy(store.path, db)
    term = Terminal(["--db", str(db)], home=home)
    term.wait_for(r"Usuário")
    term.write("operador\r1234\r")
    term.wait_for(r"Menu principal")
    term.press("f2")
    term.wait_for(r"Produto[\s\S]*TOTAL")
    return term


def cpu_seconds(term: Terminal) -> float:
    """CPU time (user + system) the program on the terminal has used so far: what one scan costs
    the PDV whatever else the machine is doing (wall-clock times grow with the machine's load)."""
    fields = Path(f"/proc/{term.pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def timed(term: Terminal, data: str, condition: Callable[[str], bool], what: str) -> float:
    """Seconds from one write of `data` to `condition` holding on the emulated screen."""
    start = time.perf_counter()
    term.write(data)
    term.wait_until(condition, what)
    return time.perf_counter() - start


def line_shown(n: int, item: Item) -> Callable[[str], bool]:
    """Line `n` of the cart, with the item's code (the column may cut it) and name, and the
    count of lines under the table."""
    row = re.compile(rf"(?m)^\s*{n}\s+{re.escape(item.code[:6])}\S*\s+{re.escape(item.name[:20])}")
    count = re.compile(rf"(?m)^\s*{n} item\(ns\)")
    return lambda screen: row.search(screen) is not None and count.search(screen) is not None


def scan(term: Terminal, n: int, item: Item) -> float:
    return timed(term, item.ean + "\r", line_shown(n, item), f"a linha {n} ({item.code}) na tela")


def keystroke(term: Terminal, typed: str, key: str) -> float:
    shown = typed + key
    return timed(term, key, lambda screen: shown in screen, f"'{shown}' no Input")


# --- figures ------------------------------------------------------------------------------


def p50(samples: list[float]) -> float:
    return statistics.median(samples)


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20, method="inclusive")[-1]


def ms(value: float) -> str:
    return f"{value * 1000:.1f} ms"


def spread(samples: list[float]) -> str:
    return f"p50 {ms(p50(samples))}, p95 {ms(p95(samples))}, máx {ms(max(samples))}"


# --- on the real terminal -----------------------------------------------------------------


def test_scan_to_screen_against_a_bare_keystroke(store, tmp_path, bench_row):
    bench_row(f"semear {PRODUCTS:,} produtos".replace(",", "."), f"{store.seeded_in:.1f} s")
    bare = start_bare_input(tmp_path / "bare")
    sale = start_sale(store, tmp_path / "pdv")
    try:
        keys, scans = [], []
        typed = ""
        letters = "abcdefghijklmnopqrstuvwxyz"
        expected_total = Decimal(0)
        bare_cpu = sale_cpu = 0.0
        for n, item in enumerate(store.items[: WARM_UP + SCANS], start=1):
            key = letters[n % len(letters)]
            before = cpu_seconds(bare)
            keys.append(keystroke(bare, typed, key))  # interleaved: the same noise for both
            typed += key
            after_key = cpu_seconds(bare)
            before_scan = cpu_seconds(sale)
            scans.append(scan(sale, n, item))
            if n > WARM_UP:
                bare_cpu += after_key - before
                sale_cpu += cpu_seconds(sale) - before_scan
            expected_total += item.price
        keys, scans = keys[WARM_UP:], scans[WARM_UP:]

        # nothing lost or merged: every scan is one line, and the total is theirs
        from core.kernel.money import format_money

        lines = WARM_UP + SCANS
        total_line = (
            rf"{lines} item\(ns\), {lines} unidade\(s\)\s+TOTAL\s+R\$\s+{re.escape(format_money(expected_total))}"
        )
        sale.wait_for(total_line)

        # where a scan's time goes: the digits, then the Enter
        digits, enters = [], []
        for n, item in enumerate(store.items[WARM_UP + SCANS :], start=WARM_UP + SCANS + 1):
            digits.append(timed(sale, item.ean, lambda s, e=item.ean: e in s, f"{item.ean} no campo Produto"))
            enters.append(timed(sale, "\r", line_shown(n, item), f"a linha {n} na tela"))

        # search as you type by name: each key (from the second) to the suggestions for what
        # has been typed; Esc empties the field between words
        names = []
        for word in NAME_WORDS:
            sale.write(word[0])
            sale.wait_until(lambda s, w=word: f"Produto {w[0]}" in s, "a primeira letra no campo")
            for length in range(2, len(word) + 1):
                shown = word[:length]
                suggestion = re.compile(rf"(?m)^\s*\S+\s+{re.escape(shown.upper())}")
                names.append(
                    timed(
                        sale,
                        shown[-1],
                        lambda s, t=shown, r=suggestion: f"Produto {t}" in s and r.search(s) is not None,
                        f"as sugestões de '{shown}'",
                    )
                )
            sale.press("esc")
            sale.wait_for(r"Produto código, EAN")
    finally:
        bare.close()
        sale.close()

    base50, base95 = p50(keys), p95(keys)
    bench_row("base: tecla → eco num Input (Textual vazio), p50", ms(base50))
    bench_row("base: tecla → eco num Input (Textual vazio), p95", ms(base95))
    bench_row(
        f"leitura EAN+Enter → item na tela, p50 ({SCANS} leituras)",
        ms(p50(scans)),
        ms(base50) + " (tecla, p50)",
        f"{p50(scans) / base50:.1f}",
    )
    bench_row(
        f"leitura EAN+Enter → item na tela, p95 ({SCANS} leituras)",
        ms(p95(scans)),
        ms(base95) + " (tecla, p95)",
        f"{p95(scans) / base95:.1f}",
        "≤ 50 ms",
    )
    bench_row(
        f"CPU do pdv por leitura (média de {SCANS})",
        ms(sale_cpu / SCANS),
        ms(bare_cpu / SCANS) + " (tecla, Textual vazio)",
        f"{sale_cpu / max(bare_cpu, 1e-9):.1f}",
    )
    bench_row(
        f"  13 dígitos numa escrita → no campo, p50/p95 ({SPLIT_SCANS})", f"{ms(p50(digits))} / {ms(p95(digits))}"
    )
    bench_row(f"  Enter → item na tela, p50/p95 ({SPLIT_SCANS})", f"{ms(p50(enters))} / {ms(p95(enters))}")
    bench_row(
        f"tecla de nome → sugestões na tela, p50/p95 ({len(names)})",
        f"{ms(p50(names))} / {ms(p95(names))}",
        ms(base50) + " (tecla, p50)",
        f"{p50(names) / base50:.1f}",
    )
    print(
        f"\nscan → tela: {spread(scans)}\ntecla (Textual vazio): {spread(keys)}"
        f"\ndígitos: {spread(digits)}\nEnter: {spread(enters)}\nnome: {spread(names)}"
        f"\nleituras (ms): {sorted(round(s * 1000) for s in scans)}"
    )


# --- in the process: what the KeyRouter costs -------------------------------------------------


def test_key_router_cost_per_scan(store, tmp_path, bench_row, monkeypatch):
    """Headless, in this process: the 14 keys of a scan handed to the app at once (as the driver
    does after one read) and timed to the line in the cart; with the KeyRouter, then with the
    keys handed straight to Textual (right for one scan: the focus stays in Produto). The router's
    checks (is the app still busy?) are counted and timed."""
    from textual import events

    from core.kernel.config import Config
    from core.kernel.context import build_context
    from tui.app import PdvApp
    from tui.keys import KeyRouter

    checks = {"calls": 0, "seconds": 0.0}
    busy = KeyRouter._busy

    def counted_busy(self, inside_app: bool = False) -> bool:
        started = time.perf_counter()
        try:
            return busy(self, inside_app)
        finally:
            checks["calls"] += 1
            checks["seconds"] += time.perf_counter() - started

    monkeypatch.setattr(KeyRouter, "_busy", counted_busy)

    async def run(routed: bool) -> tuple[list[float], int, float]:
        db = tmp_path / f"pdv-{'routed' if routed else 'direct'}.sqlite3"
        shutil.copy(store.path, db)
        ctx = build_context(db, config=Config())
        app = PdvApp(context=ctx)
        times: list[float] = []
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press(*"operador", "enter", *"1234", "enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
            await pilot.press("f2")
            await pilot.pause()
            screen = app.screen
            assert screen.query_one("#entry-product").has_focus, "Venda não abriu"
            if not routed:
                monkeypatch.setattr(app.keys, "take", app.keys._deliver)
            checks.update(calls=0, seconds=0.0)
            for n, item in enumerate(store.items[: WARM_UP + IN_PROCESS_SCANS], start=1):
                if n == WARM_UP + 1:
                    checks.update(calls=0, seconds=0.0)
                started = time.perf_counter()
                for key in [*item.ean, "enter"]:
                    event = events.Key(key, key if key.isdigit() else "\r")
                    event.set_sender(app)
                    app._driver.send_message(event)
                while len(screen.draft.cart.lines) < n:
                    await asyncio.sleep(0.0005)
                times.append(time.perf_counter() - started)
                await pilot.pause()
            assert [line.code for line in screen.draft.cart.lines] == [
                i.code for i in store.items[: WARM_UP + IN_PROCESS_SCANS]
            ]
        ctx.close()
        return times[WARM_UP:], checks["calls"], checks["seconds"]

    routed, calls, seconds = asyncio.run(run(routed=True))
    direct, _, _ = asyncio.run(run(routed=False))
    bench_row(
        f"na memória: leitura → item no carrinho, com KeyRouter, p50/p95 ({IN_PROCESS_SCANS})",
        f"{ms(p50(routed))} / {ms(p95(routed))}",
        f"{ms(p50(direct))} / {ms(p95(direct))} (sem KeyRouter: entrega direta, busca a cada dígito)",
        f"{p50(routed) / p50(direct):.2f}",
    )
    bench_row(
        "  KeyRouter: verificações de 'app ocupado' por leitura",
        f"{calls / IN_PROCESS_SCANS:.0f} ({ms(seconds / IN_PROCESS_SCANS)})",
    )
