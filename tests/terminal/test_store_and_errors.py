"""On a real terminal: a sale paid while another process holds the store's write lock, an
unexpected error while storing a sale, and bad command-line input.

The store is a `pdv --db FILE` on a new file (seeded with the treinamento scenario); the other
process is this test holding a sqlite3 connection inside BEGIN IMMEDIATE on the same file."""

from __future__ import annotations

import re
import sqlite3
import tomllib
from importlib.resources import files

from tests.support.busy_store import HeldLock
from tests.terminal.conftest import login

BUSY = "Banco de dados ocupado, tentando de novo"


def first_product() -> dict:
    text = files("storage").joinpath("scenarios/files/treinamento.toml").read_text(encoding="utf-8")
    return next(p for p in tomllib.loads(text)["products"] if p.get("ean"))


def count(db, table: str) -> int:
    with sqlite3.connect(db) as connection:
        return connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def to_payment(term) -> None:
    login(term)
    term.wait_for(r"Menu principal")
    term.press("f2")
    term.wait_for(r"Produto[\s\S]*TOTAL")
    term.write(f"{first_product()['ean']}\r")
    term.wait_for(r"1 item\(ns\), 1 unidade\(s\)")
    term.press("f9")
    term.wait_for(r"Pagamento[\s\S]*Valor recebido")


def test_paying_while_another_process_holds_the_store(start_pdv, tmp_path):
    db = tmp_path / "loja.sqlite3"
    term = start_pdv("--db", str(db))
    to_payment(term)
    lock = HeldLock(db)
    try:
        term.press("enter")  # dinheiro, valor exato
        busy = term.wait_for(rf"{BUSY}\.\.\. \((\d+) s\)")
        seconds = int(busy.group(1))
        # the screen keeps drawing: the seconds go on while the lock is held
        term.wait_until(
            lambda s: (m := re.search(rf"{BUSY}\.\.\. \((\d+) s\)", s)) is not None and int(m.group(1)) >= seconds + 2,
            "o aviso de banco ocupado contando os segundos",
        )
        assert "Pagamento" in term.text() and count(db, "sale") == 0
    finally:
        lock.release()
    term.wait_for(r"CUPOM NÃO FISCAL[\s\S]*Venda nº 1")
    assert count(db, "sale") == 1 and count(db, "sale_item") == 1
    term.press("enter")
    term.wait_for(r"Venda 1 finalizada")
    assert term.alive and count(db, "sale") == 1
    log = term.home / ".local/state/pdv-sim/log/pdv.log"
    assert "Banco de dados ocupado ao gravar" in log.read_text(encoding="utf-8")


def test_an_unexpected_error_while_storing_keeps_the_pdv_and_goes_to_the_log(start_pdv, tmp_path):
    db = tmp_path / "loja.sqlite3"
    term = start_pdv("--db", str(db))
    to_payment(term)
    with sqlite3.connect(db) as connection:  # a fault nobody planned for: a table gone
        connection.execute("ALTER TABLE sale_item RENAME TO sale_item_gone")
    term.press("enter")
    term.wait_for(r"Falha inesperada \(OperationalError\)")
    screen = term.text()
    assert "Traceback" not in screen and "sale_item" not in screen
    assert count(db, "sale") == 0  # all or nothing: no sale without its items
    term.press("esc")  # back to the sale, still there
    term.wait_for(r"1 item\(ns\), 1 unidade\(s\)")
    assert term.alive
    log = (term.home / ".local/state/pdv-sim/log/pdv.log").read_text(encoding="utf-8")
    assert "Falha inesperada em worker" in log and "Traceback" in log and "no such table: sale_item" in log
    assert "'1234'" not in log  # the password typed at the login is nowhere


def test_a_bad_url_on_the_command_line_is_one_line_on_the_terminal(start_pdv):
    term = start_pdv("--license-url", "http://caixa:segredo-7@127.0.0.1:99999/license", "demo", "treinamento")
    assert term.wait_exit() == 2
    # one line, wrapped at 80 columns: a full row continues on the next one (even mid-word)
    rows = term.text().splitlines()
    text = "".join(row if len(row) == term.columns else row + "\n" for row in rows)
    text = " ".join(line.strip() for line in text.splitlines() if line.strip())
    assert text.startswith("pdv: --license-url") and "porta 99999 fora de 1 a 65535" in text
    assert "segredo-7" not in text and "Traceback" not in text
