"""What the counter shows fits an 80x24 terminal, read back from a real terminal: a notification
leaves the sale's TOTAL and the status line readable; the longest product names of the
`treinamento` store are whole in the cart (and in the product list); Auditoria opens an entry
whole with Enter; the classroom header keeps the store, the cashier and the student."""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal

import pytest

from core.kernel.money import format_money
from core.trainer.classroom import student_cnpj
from domain.documents import compact_cnpj, format_cnpj
from tests.terminal.conftest import login
from tests.terminal.flows import (
    DIALOG_EDGE,
    enter,
    flat,
    module,
    open_sale,
    ring,
    scenario,
    settled,
    wait_all,
    wait_words,
)

TOAST = "Ctrl+C não sai do PDV: use Ctrl+Q."


def longest_products(count: int) -> list[dict]:
    """The products of the `treinamento` store with the longest names, longest first."""
    return sorted(scenario("treinamento")["products"], key=lambda p: (-len(p["name"]), p["code"]))[:count]


def cart_line(screen: str, name: str) -> str | None:
    """The cart's line showing the product `name` whole (None when no line does)."""
    return next((line for line in screen.splitlines() if re.match(r"^ \d+\s+\d+\s", line) and name in line), None)


def row_of(screen: str, text: str) -> int:
    return next(i for i, line in enumerate(screen.splitlines()) if text in line)


# --- 1. notifications ------------------------------------------------------------------------------


def test_a_notification_leaves_the_total_and_the_status_line_readable(start_pdv):
    term = enter(start_pdv)
    open_sale(term)
    first, second = longest_products(2)
    ring(term, first["ean"], 1)
    ring(term, second["ean"], 2)
    said = f"1 x {second['name']} adicionado."
    wait_words(term, said)
    total = format_money(sum(Decimal(p["price"]) for p in (first, second)))
    term.press("ctrl+c")  # the PDV answers with a notification (a toast)
    screen = wait_all(term, "Sair do PDV", "use Ctrl+Q")
    lines = screen.splitlines()
    # the TOTAL line and the status line, whole, while the notification is on screen
    total_row = next(
        (i for i, line in enumerate(lines) if re.search(rf"TOTAL\s+R\$\s+{re.escape(total)}$", line)), None
    )
    assert total_row is not None, "a notificação cobre o TOTAL:\n" + term.framed(screen)
    status_row = next((i for i, line in enumerate(lines) if line.strip() == said), None)
    assert status_row is not None, "a notificação cobre a linha de status:\n" + term.framed(screen)
    assert row_of(screen, "use Ctrl+Q") < total_row < status_row, term.framed(screen)


# --- 2. product names ------------------------------------------------------------------------------


@pytest.mark.parametrize("columns", [80, 120])
def test_the_longest_product_names_are_whole_in_the_cart(start_pdv, columns):
    term = enter(start_pdv, columns=columns)
    open_sale(term)
    products = longest_products(3)
    assert len(products[0]["name"]) > 40  # the store really has names longer than the old 34 cells
    for count, product in enumerate(products, start=1):
        ring(term, product["ean"], count)

    def whole_line(screen: str, product: dict) -> bool:
        """A cart line with the whole name, then its quantity, unit price and total, within the screen."""
        line = cart_line(screen, product["name"])
        price = re.escape(format_money(Decimal(product["price"])))
        return (
            line is not None
            and len(line) <= columns
            and re.search(rf"{re.escape(product['name'])}\s+1\s+{price}\s+{price}$", line) is not None
        )

    term.wait_until(
        lambda s: all(whole_line(s, p) for p in products),
        "os nomes mais longos inteiros no carrinho, com quantidade, unitário e total",
    )


def test_the_product_list_shows_the_longest_names_whole(start_pdv):
    term = enter(start_pdv)
    open_sale(term)
    name = longest_products(1)[0]["name"]
    term.write(name[:12].lower())
    screen = term.wait_until(
        lambda s: re.search(rf"{re.escape(name)}\s+R\$\s+[\d.,]+$", s, re.M) is not None,
        f"{name!r} inteiro na lista de produtos",
    )
    assert all(len(line) <= 80 for line in screen.splitlines())


# --- 3. Auditoria: an entry whole ----------------------------------------------------------------

ROUTE = "/api/v1/regua/[bold]consulta[/bold]/filial/12345678000195/versao/215.010/retorno"
DETAIL = {
    "rota": ROUTE,
    "resposta": "[red]Liberado[/red] com [link=http://x]mensagem[/link] do servidor de licença",
    "origem": "servidor",
}


def store_with_a_long_entry(new_store) -> tuple[str, str]:
    """A store whose audit holds one entry with a long detail; returns it and the detail stored."""
    from core.kernel.audit import AuditLog
    from core.kernel.clock import FixedClock
    from storage.db import open_database

    target = new_store()
    db = open_database(target)
    try:
        entry = AuditLog(FixedClock(datetime(2026, 11, 22, 9, 30, 15))).record(
            "consulta_longa", DETAIL, user="supervisor"
        )
    finally:
        db.close()
    assert ROUTE in entry.detail and len(entry.detail) > 150
    return target, entry.detail


def inside_dialog(screen: str) -> str:
    """The characters inside the dialog's borders, blanks and line breaks gone (a wrapped or
    folded text reads back whole)."""
    rows = [
        line[line.index(DIALOG_EDGE) + 1 : line.rindex(DIALOG_EDGE)]
        for line in screen.splitlines()
        if line.count(DIALOG_EDGE) >= 2
    ]
    return "".join("".join(rows).split())


def test_enter_in_auditoria_shows_the_whole_entry_and_esc_closes_it(start_pdv, new_store):
    target, detail = store_with_a_long_entry(new_store)
    term = start_pdv("--db", target)
    login(term, "supervisor", "4321")
    term.wait_for(r"Menu principal")
    module(term, "f8", r"Auditoria[\s\S]*consulta_longa")
    footer = re.compile(r"(enter|⏎) Detalhe")
    screen = term.wait_until(
        lambda s: footer.search(s.splitlines()[-1]) is not None, "o rodapé dizendo como ver o detalhe (Enter)"
    )
    # the log's line: the columns fit, the detail cut where the screen ends
    row = next(line for line in screen.splitlines() if "consulta_longa" in line)
    assert row.rstrip().endswith("…") and "rota=/api/v1/regua/[bold]" in row, term.framed(screen)
    # the cursor starts on the newest entry: down to this one, then Enter
    header = row_of(screen, "Data/hora")
    term.press(*["down"] * (row_of(screen, "consulta_longa") - header - 1), "enter")
    whole = "".join(detail.split())
    # the whole detail, wrapped, with its brackets as typed (never markup); Esc said below it
    screen = term.wait_until(
        lambda s: whole in inside_dialog(s) and s.splitlines()[-1].startswith("esc Fechar"),
        "o detalhe inteiro da entrada, e Esc no rodapé",
    )
    shown = flat(screen)
    for field in ("Data/hora: 22/11/2026 09:30:15", "Usuário: supervisor", "Evento: consulta_longa"):
        assert field in shown, term.framed(screen)
    term.press("esc")
    term.wait_until(
        lambda s: "Entrada da auditoria" not in s and row in s.splitlines(), "a Auditoria de volta, sem o detalhe"
    )
    assert "Detalhe:" not in settled(term)


# --- 4. the classroom header -------------------------------------------------------------------


def header_words() -> tuple[str, str, str]:
    store = scenario("treinamento")["branches"][0]
    user = next(u for u in scenario("treinamento")["users"] if u["login"] == "operador")["name"]
    return store["trade_name"], user, format_cnpj(student_cnpj(compact_cnpj(store["cnpj"]), 12))


def test_the_classroom_header_keeps_store_cashier_and_student_at_80_columns(start_pdv):
    term = start_pdv("demo", "treinamento", "--aluno", "12")
    login(term)
    term.wait_for(r"Menu principal")
    store, user, cnpj = header_words()
    screen = settled(term)
    top = screen.splitlines()[0]
    first, last = user.split()[0], user.split()[-1]
    assert store in top, "o topo não mostra a loja:\n" + term.framed(screen)
    assert re.search(rf"\| {first}\b.*\b{last}\b", top), "o topo não mostra o operador:\n" + term.framed(screen)
    assert "Aluno 12" in top and cnpj[cnpj.index("/") :] in top, "o topo não mostra o aluno:\n" + term.framed(screen)
    assert "TREINAMENTO" in top and len(top) <= 80


def test_the_classroom_header_is_whole_on_a_wide_terminal(start_pdv):
    term = start_pdv("demo", "treinamento", "--aluno", "12", columns=120)
    login(term)
    term.wait_for(r"Menu principal")
    store, user, cnpj = header_words()
    top = settled(term).splitlines()[0]
    assert f"{store} | {user}" in top and f"Aluno 12 · {cnpj}" in top and "TREINAMENTO" in top, term.framed()


LONG_EVENTS = ("lgpd_solicitacao_consentimento", "lgpd_venda_liberada_supervisor", "cliente_convenio_desvinculado")


def test_auditoria_shows_the_longest_event_names_whole(start_pdv, new_store):
    """Event names that share a prefix (cliente_convenio_vinculado / _desvinculado) must be read
    whole in the list, at 80 columns, with the detail still beside them."""
    from core.kernel.audit import AuditLog
    from core.kernel.clock import FixedClock
    from storage.db import open_database

    target = new_store()
    db = open_database(target)
    try:
        log = AuditLog(FixedClock(datetime(2026, 11, 22, 9, 30, 15)))
        for event in LONG_EVENTS:
            log.record(event, {"cliente": "0015", "convenio": "SIND01"}, user="supervisor")
    finally:
        db.close()
    term = start_pdv("--db", target)
    login(term, "supervisor", "4321")
    term.wait_for(r"Menu principal")
    module(term, "f8", r"Auditoria[\s\S]*Data/hora")
    screen = term.wait_until(lambda s: all(event in s for event in LONG_EVENTS), "os nomes dos eventos inteiros")
    for event in LONG_EVENTS:
        row = next((line for line in screen.splitlines() if event in line), None)
        assert row is not None and "cliente=" in row, term.framed(screen)
        assert max(len(line) for line in screen.splitlines()) <= 80
