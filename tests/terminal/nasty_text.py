"""Strings that a screen must show as the characters they hold: markup look-alikes and control
characters, and a store seeded with them (customers, products, agreements, the branch, the users,
the scenario's title, audit entries) through the project's own storage API."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

NASTY = [
    "[/x] Teste",
    "[bold]x[/bold]",
    "[link=http://a]z",
    "\x1b[31mR",
    "a\x07b",
    "[",
    "]",
    "\\[",
    "[@click=app.quit]q[/]",
    "\x9b31mC1",
    "\x00nul\x7f",
    "[$accent]v",
]
"""Each one either broke Rich/Textual markup (MarkupError, an action, a variable) or, written raw,
makes the terminal act (colour, bell, CSI)."""

RAW_FORBIDDEN = [b"\x1b[31mR", b"a\x07b", b"\xc2\x9b31m", b"\x00nul", b"nul\x7f"]
"""What the pdv must never write to the terminal: the control characters of NASTY, raw."""

BRANCH = "Farm\x1b[31mR [/b] Centro"
OPERATOR = "Ana [/u] a\x07b"
SUPERVISOR = "Carlos [bold]M[/bold]"
PRODUCT_BASE = 900
CUSTOMER_BASE = 900
AGREEMENT_SINGLE = "[/x] EMPRESA \x9bZ"
AGREEMENT_CREDIT = "[link=http://a]CONV"
AGREEMENT_NOTIFY = "[/n] NOTIFICA \x07"
AGREEMENT_TYPE = "[/t]ipo \x1bX"
TITLE = "[/t] Cenário \x1b[31mR"
DESCRIPTION = "Linha [bold]um[/bold]\n\nLinha \x07dois [/z]"


def shown(text: str) -> str:
    """How `text` reads on screen: each control character a '�' (tui/text.py)."""
    from core.kernel.text import printable

    return printable(text, newlines=False)


def customer_name(index: int) -> str:
    return f"Teste{index:02d} {NASTY[index]}"


def product_name(index: int) -> str:
    return f"{NASTY[index]} PRODUTO{index:02d}"


def cpf(index: int) -> str:
    """A valid CPF that no treinamento customer has."""
    base = [5, 1, 7, 3, 0, 2] + [int(d) for d in f"{index:03d}"]
    for size in (9, 10):
        total = sum(d * w for d, w in zip(base, range(size + 1, 1, -1)))
        base.append((total * 10 % 11) % 10)
    return "".join(map(str, base))


def ean(code: int) -> str:
    from stdnum import ean as _ean

    body = f"789{code:09d}"
    return body + _ean.calc_check_digit(body)


def seed_store(path: Path, now: datetime) -> None:
    """The treinamento store with NASTY everywhere a screen shows stored text."""
    from core.kernel.config import Config
    from core.kernel.context import build_context
    from storage.models import AuditEntry
    from storage.scenarios.loader import load_scenario

    scenario = load_scenario("treinamento")
    data = scenario.data
    scenario.title, scenario.description = TITLE, DESCRIPTION
    data["branches"][0]["trade_name"] = BRANCH
    names = {"operador": OPERATOR, "supervisor": SUPERVISOR}
    for user in data["users"]:
        user["name"] = names[user["login"]]
    data["agreements"].append(
        {
            "code": "NASTY1",
            "name": AGREEMENT_SINGLE,
            "type": AGREEMENT_TYPE,
            "consent_rule": "nenhuma",
            "allows_credit": False,
        }
    )
    data["agreements"].append(
        {
            "code": "NASTY2",
            "name": AGREEMENT_CREDIT,
            "type": "Empresa",
            "consent_rule": "nenhuma",
            "allows_credit": True,
        }
    )
    data["agreements"].append(
        {
            "code": "NASTY3",
            "name": AGREEMENT_NOTIFY,
            "type": "Empresa",
            "consent_rule": "notificar",
            "consent_operation": "convenio",
            "allows_credit": False,
        }
    )
    for index in range(len(NASTY)):
        data["products"].append(
            {
                "code": str(PRODUCT_BASE + index),
                "ean": ean(PRODUCT_BASE + index),
                "name": product_name(index),
                "price": f"{index + 1}.50",
            }
        )
        data["customers"].append(
            {
                "code": str(CUSTOMER_BASE + index),
                "name": customer_name(index),
                "person_type": "PF",
                "document_type": "CPF",
                "document": cpf(index),
                # the first one is in two agreements (the sale asks which); the second in one that
                # notifies a missing LGPD term (the portal has none for these documents)
                "agreements": {0: ["NASTY1", "NASTY2"], 1: ["NASTY3"]}.get(index, ["NASTY1"]),
            }
        )
    ctx = build_context(path, config=Config(), seed_with=scenario)
    for index, text in enumerate(NASTY):
        AuditEntry.create(at=now, user=f"u{index}", event="importado", detail=f"{index}: {text}")
    ctx.db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    ctx.close()
