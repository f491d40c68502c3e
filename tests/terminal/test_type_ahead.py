"""Keys that arrive together (ssh batches, type-ahead, a barcode scanner) land where a person
meant them, in order, none lost or merged."""

from __future__ import annotations

import re
import tomllib
from decimal import Decimal
from importlib.resources import files

from core.kernel.money import format_money


def products() -> list[dict]:
    text = files("storage").joinpath("scenarios/files/treinamento.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)["products"]


def test_login_typed_ahead_in_one_write(start_pdv):
    term = start_pdv()
    term.wait_for(r"Usuário")
    term.write("operador\r1234\r")
    term.wait_for(r"Menu principal")


def test_keys_typed_during_the_login_go_to_the_menu(start_pdv):
    term = start_pdv()
    term.wait_for(r"Usuário")
    term.write("operador\r1234\r\x1bOQ")  # ... and F2 before the menu is even drawn
    term.wait_until(lambda s: "Menu principal" not in s and re.search(r"Venda[\s\S]*TOTAL", s), "a Venda aberta")


def test_twenty_scans_in_one_burst_give_twenty_items(start_pdv):
    catalogue = [p for p in products() if p.get("ean")][:20]
    assert len(catalogue) == 20
    term = start_pdv()
    term.wait_for(r"Usuário")
    term.write("operador\r1234\r")
    term.wait_for(r"Menu principal")
    term.press("f2")
    term.wait_for(r"Produto[\s\S]*TOTAL")
    term.write("".join(f"{p['ean']}\r" for p in catalogue))
    total = sum(Decimal(p["price"]) for p in catalogue)
    screen = term.wait_for(rf"20 item\(ns\), 20 unidade\(s\)\s+TOTAL\s+R\$\s+{re.escape(format_money(total))}").string
    assert "não encontrado" not in screen
    # the cart scrolls to the item just rung up: the last row in view is the 20th, the last scanned
    last = catalogue[-1]
    term.wait_for(rf"(?m)^\s*20\s+{last['code']}\s+{re.escape(last['name'][:20])}")


def test_scans_after_a_scan_of_an_unknown_code_still_work(start_pdv):
    catalogue = [p for p in products() if p.get("ean")][:3]
    term = start_pdv()
    term.wait_for(r"Usuário")
    term.write("operador\r1234\r")
    term.wait_for(r"Menu principal")
    term.press("f2")
    term.wait_for(r"Produto[\s\S]*TOTAL")
    term.write("0000000000000\r" + "".join(f"{p['ean']}\r" for p in catalogue))
    term.wait_for(r"3 item\(ns\), 3 unidade\(s\)")
