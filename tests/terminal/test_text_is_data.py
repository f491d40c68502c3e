"""Stored and remote text is data on a real terminal: names, products, agreements, the branch, the
users, the audit, the scenario's texts, the License Server's Mensagem and the portal's fields, all
made of markup look-alikes and control characters, are drawn as the characters they hold.

For every screen that shows such text: the pdv is still running, the text is on the emulated
screen literally (each control character as '�'), it has one style throughout (an ESC that
reached the terminal would colour what follows it), the header and the footer are where they
belong, and no control character of the data was ever written to the terminal raw.

The store is seeded with the project's storage API (tests/terminal/nasty_text.py) and opened with
`pdv demo treinamento --db FILE`; the remote texts are put in the simulated services through
their administration routes.
"""

from __future__ import annotations

import re
import shutil
from datetime import datetime

import httpx
import pytest

from tests.support.trainer import HEADERS
from tests.support.world_process import running_world
from tests.terminal import nasty_text as nasty
from tests.terminal.conftest import login
from tests.terminal.flows import trainer_env
from tests.terminal.harness import Terminal

BRANCH_CNPJ = "12345678000195"
CLEAR_FIELD = "\x01\x0b"  # ctrl+a (start of the field), ctrl+k (delete to the end)
PASTE = "\x1b[200~{}\x1b[201~"  # bracketed paste, as a terminal sends it


@pytest.fixture(scope="module")
def nasty_store(tmp_path_factory):
    path = tmp_path_factory.mktemp("nasty-store") / "pdv.sqlite3"
    nasty.seed_store(path, datetime(2026, 11, 22, 9, 0))
    return path


@pytest.fixture
def open_pdv(start_pdv, nasty_store, tmp_path):
    """`pdv demo treinamento` on a copy of the nasty store (plus any extra arguments)."""

    def start(*extra: str, env: dict[str, str] | None = None) -> Terminal:
        db = tmp_path / "pdv.sqlite3"
        shutil.copy(nasty_store, db)
        return start_pdv("demo", "treinamento", "--db", str(db), *extra, env=env)

    return start


# --- what every screen must keep --------------------------------------------------------------


def intact(term: Terminal, *, header: bool = True) -> str:
    """The pdv runs, the header is on the first row (TREINAMENTO at its right end; not under the
    cupom, which takes the whole screen), the last row is a footer or the status line, and
    nothing raw reached the terminal. Returns the screen."""

    def framed(screen: str) -> bool:
        rows = screen.split("\n")
        top = rows[0].rstrip().endswith("TREINAMENTO") or not header
        return top and len(rows) == term.lines and bool(rows[-1].strip())

    screen = term.wait_until(framed, "o cabeçalho na primeira linha e o rodapé na última")
    assert term.alive, screen
    raw = bytes(term.raw)
    for forbidden in nasty.RAW_FORBIDDEN:
        assert forbidden not in raw, f"{forbidden!r} chegou cru ao terminal"
    return screen


def literal(term: Terminal, text: str, *, width: int | None = None, header: bool = True) -> None:
    """`text` (as much as fits in `width` characters) is on the screen, in a single style."""
    expected = nasty.shown(text)[:width] if width else nasty.shown(text)
    term.wait_until(lambda screen: expected in screen, f"o texto literal {expected!r}")
    chars = term.cursor_style(expected)
    styles = {(c.fg, c.bg, c.bold, c.italics, c.underscore, c.reverse) for c in chars}
    assert len(styles) == 1, f"{expected!r} com estilos {styles}:\n{term.framed()}"
    intact(term, header=header)


def scroll_until(term: Terminal, text: str, step: int = 5) -> None:
    """Arrows down, a few at a time, each time waiting for the screen to move, until `text`
    shows (a screen that stops moving before it does fails the wait)."""
    for _ in range(20):
        before = term.text()
        if text in before:
            return
        term.press(*["down"] * step)
        term.wait_until(lambda screen, before=before: screen != before, f"a tela rolar até {text!r}")
    raise AssertionError(f"{text!r} não apareceu:\n{term.framed()}")


# --- as operador: Clientes, the customer dialog, the sale, the cupom ---------------------------


def test_operador_lists_creates_and_sells_with_bracketed_and_control_names(open_pdv):
    term = open_pdv()
    login(term)
    term.wait_for(r"Menu principal")
    literal(term, f"{nasty.BRANCH} | {nasty.OPERATOR}")

    # Clientes (F5): the list
    term.press("f5")
    term.wait_for(r"Buscar por nome")
    term.write("Teste")
    for index in range(len(nasty.NASTY)):
        literal(term, nasty.customer_name(index), width=36)

    # a new customer named with markup, and a paste with control characters in the name
    term.press("f2")
    term.wait_for(r"Novo cliente")
    term.write("[/x] Teste novo ")
    term.wait_for(r"Nome\s+\[/x\] Teste novo")  # a paste is not a key: it would overtake them
    term.write(PASTE.format("P\x07\x9bQ\tZ\x00"))  # (an ESC is the terminal's to filter: xterm does)
    literal(term, "[/x] Teste novo PQ Z")
    term.write("\r\t" + nasty.cpf(99))
    term.press("f2")
    saved = term.wait_for(r"Cliente (\d+) cadastrado").group(1)
    literal(term, f"Cliente {saved} - [/x] Teste novo PQ Z")
    term.press("esc")
    literal(term, "[/x] Teste novo PQ Z")
    term.press("esc")
    term.wait_for(r"Menu principal")

    # Venda (F2) > Cliente (F2): each customer in the list, then the agreement step
    term.press("f2")
    term.wait_for(r"Produto[\s\S]*TOTAL")
    term.press("f2")
    term.wait_for(r"Identificar cliente")
    for index in range(len(nasty.NASTY)):
        term.write(CLEAR_FIELD + f"Teste{index:02d}")
        literal(term, nasty.customer_name(index), width=36)
    term.write(CLEAR_FIELD + "Teste00\r")
    term.wait_for(r"Convênio de")
    literal(term, f"Convênio de {nasty.customer_name(0)}")
    literal(term, nasty.AGREEMENT_SINGLE)
    literal(term, nasty.AGREEMENT_CREDIT)
    term.press("down", "enter")  # the agreement that sells a prazo
    literal(term, f"Convênio: {nasty.AGREEMENT_CREDIT} | LGPD: sem exigência")
    literal(term, nasty.customer_name(0))

    # what the cashier typed, quoted back
    term.write("[/y] nada\r")
    literal(term, "Produto não encontrado: [/y] nada")
    term.write(CLEAR_FIELD)

    # each product: its suggestion while typing, then its line in the cart
    for index in range(len(nasty.NASTY)):
        code = str(nasty.PRODUCT_BASE + index)
        term.write(code)
        literal(term, nasty.product_name(index), width=50)
        term.write("\r")
        term.wait_for(rf"{index + 1} item\(ns\)")
        literal(term, nasty.product_name(index), width=34)

    # Pagar (F9): the agreement's name in the payment dialog; a prazo, then the cupom
    term.press("f9")
    term.wait_for(r"Pagamento")
    literal(term, f"Convênio a prazo: {nasty.AGREEMENT_CREDIT}.")
    term.press("f4", "f9")
    term.wait_for(r"CUPOM NÃO FISCAL")
    literal(term, nasty.BRANCH, header=False)
    short = [i for i, text in enumerate(nasty.NASTY) if len(nasty.shown(text)) <= 6]
    for index in short[:4]:  # longer item names wrap inside the 56-column slip
        literal(term, f"{nasty.PRODUCT_BASE + index} {nasty.product_name(index)}", header=False)
    scroll_until(term, f"Operador: {nasty.shown(nasty.OPERATOR)}")
    for index in short[4:]:  # the last items, once the slip is scrolled to its end
        literal(term, f"{nasty.PRODUCT_BASE + index} {nasty.product_name(index)}", header=False)
    literal(term, f"Cliente: {nasty.customer_name(0)}", header=False)
    literal(term, f"Convênio: {nasty.AGREEMENT_CREDIT}", header=False)
    literal(term, f"Operador: {nasty.OPERATOR}", header=False)
    term.press("enter")
    term.wait_for(r"Venda \d+ finalizada")
    intact(term)


# --- as supervisor: the audit, Convênios, editing a customer ----------------------------------


def test_supervisor_sees_the_audit_agreements_and_edits_a_customer(open_pdv):
    term = open_pdv()
    login(term, "[/x] Teste", "errada")
    term.wait_for(r"Usuário ou senha inválidos")
    intact(term)
    term.write(CLEAR_FIELD)
    term.press("shift+tab")
    term.write(CLEAR_FIELD + "supervisor\r4321\r")
    term.wait_for(r"Menu principal")
    literal(term, f"{nasty.BRANCH} | {nasty.SUPERVISOR}")

    # Auditoria (F8): the login typed with markup, and the stored details
    term.press("f8")
    term.wait_for(r"Data/hora")
    literal(term, "[/x] Teste")
    for index, text in enumerate(nasty.NASTY):
        literal(term, f"{index}: {text}")
    term.press("esc")
    term.wait_for(r"Menu principal")

    # Convênios (F6): the list, then the agreement itself (NASTY1 is the sixth by code)
    term.press("f6")
    term.wait_for(r"Sem aceite de termo")
    literal(term, nasty.AGREEMENT_SINGLE, width=24)
    literal(term, nasty.AGREEMENT_CREDIT, width=24)
    literal(term, nasty.AGREEMENT_TYPE)
    term.press(*["down"] * 5, "enter")
    literal(term, f"Convênio NASTY1 - {nasty.AGREEMENT_SINGLE}")
    literal(term, f"Tipo: {nasty.AGREEMENT_TYPE}")
    term.press("esc")
    term.wait_for(r"Sem aceite de termo")
    term.press("esc")
    term.wait_for(r"Menu principal")

    # Clientes (F5): open a customer whose name has an ESC, change it and save
    term.press("f5")
    term.wait_for(r"Buscar por nome")
    term.write("Teste03\r")  # Enter in the search opens the only match
    name = nasty.customer_name(3)
    literal(term, f"Cliente {nasty.CUSTOMER_BASE + 3} - {name}")
    term.press("end")
    term.write(" [/ok]")
    term.press("f2")
    term.wait_for(r"Cliente \d+ gravado")
    literal(term, f"Cliente {nasty.CUSTOMER_BASE + 3} - {name} [/ok]")
    term.press("esc")
    literal(term, f"{name} [/ok]")


# --- remote texts: the License Server's Mensagem and refusal, the portal's fields, F1, F12 -----


MESSAGE = "Aviso [/m] \x1b[31mR [bold]pague[/bold] \x07"
REASON = "Recusa [link=http://a]z \x9b2J"
VERSION = "[/v]2\x1b[31mR"
DETAIL = "[/d] portal \x1b[2J caiu"


def test_remote_texts_are_plain(open_pdv, tmp_path):
    with running_world(tmp_path / "world") as base:
        admin = httpx.Client(base_url=base, timeout=10, headers=HEADERS)
        admin.put(
            f"/license/admin/branches/{BRANCH_CNPJ}", json={"situation": "bloqueio-total", "message": MESSAGE}
        ).raise_for_status()
        admin.put(
            f"/license/admin/branches/{BRANCH_CNPJ}/trust-unlock", json={"refuse": True, "reason": REASON}
        ).raise_for_status()
        term = open_pdv("--license-url", f"{base}/license", "--lgpdata-url", f"{base}/lgpdata", env=trainer_env())

        # Bloqueio Total: AVISO FINANCEIRO with the server's text, then its refusal (Sem Sucesso)
        login(term)
        term.wait_for(r"AVISO FINANCEIRO")
        literal(term, MESSAGE.strip())
        term.write("d")
        term.wait_for(r"Usuário supervisor")
        term.write("supervisor\r4321\r")
        term.wait_for(r"Sem Sucesso")
        literal(term, REASON)
        term.press("enter")
        term.wait_for(r"AVISO FINANCEIRO")
        term.press("enter")
        term.wait_for(r"Acesso não permitido")
        intact(term)

        # Mensagem: the text again, and the Painel do instrutor (F12) showing it
        admin.put(
            f"/license/admin/branches/{BRANCH_CNPJ}", json={"situation": "mensagem", "message": MESSAGE}
        ).raise_for_status()
        term.write(CLEAR_FIELD + "operador\r1234\r")  # the focus is back in Usuário after the refusal
        term.wait_for(r"AVISO FINANCEIRO")
        literal(term, MESSAGE.strip())
        term.press("enter")
        term.wait_for(r"Menu principal")
        term.press("f12")
        term.wait_for(r"Painel do instrutor")
        literal(term, f"Mensagem: {MESSAGE.strip()}", width=term.columns - 4)
        term.press("esc")
        term.wait_for(r"Menu principal")
        # the menu whole again, its key bar included, before F1 opens over it
        term.wait_until(lambda s: "Menu principal" in s and bool(s.split("\n")[-1].strip()), "o menu com o rodapé")

        # F1: the scenario's title and description as the database holds them
        term.press("f1")
        term.wait_for(r"Ajuda · cenário treinamento")
        literal(term, nasty.TITLE)
        for line in nasty.DESCRIPTION.split("\n\n"):
            literal(term, line)
        term.press("esc")
        term.wait_for(r"Menu principal")

        # the portal's receipt: a term version with markup and an ESC
        admin.put(
            "/lgpdata/admin/terms",
            json={
                "cnpj": BRANCH_CNPJ,
                "banner_id": 0,
                "operation": "convenio",
                "version": VERSION,
                "text": "Termo de teste.",
            },
        ).raise_for_status()
        admin.put(
            "/lgpdata/admin/consents",
            json={"document": "70940985888", "status": "aceito", "operation": "convenio", "cnpj": BRANCH_CNPJ},
        ).raise_for_status()
        term.press("f5")
        term.wait_for(r"Buscar por nome")
        term.write("70940985888\r")  # Enter in the search opens the only match
        term.wait_for(r"Cliente 0003")
        term.press("f7")
        term.wait_for(r"Termo LGPD por convênio")
        term.press("f8")
        term.wait_for(r"Termo versão")
        literal(term, f"Termo versão {VERSION}")
        literal(term, "Canal: administração")

        # a portal error whose detail has markup and an erase-screen sequence
        admin.post(
            "/lgpdata/admin/faults",
            json={"route": "consent-status", "kind": "status", "options": {"code": 422, "body": {"detail": DETAIL}}},
        ).raise_for_status()
        term.press("f8")
        term.wait_for(r"Sem status")
        literal(term, DETAIL)
        assert b"\x1b[2J caiu" not in bytes(term.raw) and b"\xc2\x9b2J" not in bytes(term.raw)
        admin.close()


def test_every_nasty_string_is_shown_as_one_cell_per_character():
    """The expected screen text of the cases above: one '�' per control character, so a
    cursor-moving code can never shift what comes after it."""
    for text in nasty.NASTY:
        shown = nasty.shown(text)
        assert len(shown) == len(text)
        assert not re.search(r"[\x00-\x1f\x7f-\x9f]", shown)


# --- the LGPD notice and the consent link, Recebimento, Alteração especial ----------------------


def test_lgpd_notice_consent_link_receivables_and_bulk_update(open_pdv):
    term = open_pdv()
    login(term)
    term.wait_for(r"Menu principal")

    # a credit sale, so that the customer has a título to receive
    term.press("f2")
    term.wait_for(r"Produto[\s\S]*TOTAL")
    term.press("f2")
    term.wait_for(r"Identificar cliente")
    term.write("Teste00\r")
    term.wait_for(r"Convênio de")
    term.press("down", "enter")
    literal(term, f"Convênio: {nasty.AGREEMENT_CREDIT}")
    term.write(f"{nasty.PRODUCT_BASE}\r")
    term.wait_for(r"1 item\(ns\)")
    term.press("f9")
    term.wait_for(r"Pagamento")
    term.press("f4", "f9")
    term.wait_for(r"CUPOM NÃO FISCAL")
    term.press("enter")
    sale = term.wait_for(r"Venda (\d+) finalizada").group(1)

    # Notificar pendência: who and which agreement, then the consent link dialog
    term.press("f2")
    term.wait_for(r"Identificar cliente")
    term.write("Teste01\r")
    term.wait_for(r"LGPD: cliente sem termo")
    literal(term, f"Cliente: {nasty.customer_name(1)}")
    literal(term, f"Convênio: {nasty.AGREEMENT_NOTIFY} - Notificar pendência")
    term.press("f2")
    term.wait_for(r"Solicitar consentimento LGPD")
    term.wait_for(r"Link do termo")
    literal(term, nasty.customer_name(1))
    literal(term, f"Convênio NASTY3 - {nasty.AGREEMENT_NOTIFY}")
    term.press("esc")
    term.wait_for(r"LGPD: cliente sem termo")
    term.press("f3")
    literal(term, f"Convênio: {nasty.AGREEMENT_NOTIFY} | LGPD: continuou sem termo")
    term.press("esc")
    term.wait_for(r"Descartar e voltar ao menu")
    term.press("f2")
    term.wait_for(r"Menu principal")

    # Recebimento de títulos (F4): the customer and the agreement of the título
    term.press("f4")
    term.wait_for(r"Recebimento de títulos")
    term.press("f2")
    term.wait_for(r"Cliente dos títulos")
    term.write("Teste00\r")
    literal(term, f"Cliente: {nasty.CUSTOMER_BASE} {nasty.customer_name(0)}")
    literal(term, nasty.AGREEMENT_CREDIT, width=22)
    term.press("enter")
    term.wait_for(r"Receber título")
    literal(term, f"Venda {sale} - {nasty.AGREEMENT_CREDIT}")
    term.press("esc")
    term.wait_gone(r"Receber título")
    term.press("esc")
    term.wait_for(r"Menu principal")

    # Convênios (F6) > Alteração especial (F4): the agreement types (a supervisor's)
    term.press("f10")
    login(term, "supervisor", "4321")
    term.wait_for(r"Menu principal")
    term.press("f6")
    term.wait_for(r"Sem aceite de termo")
    term.press("f4")
    term.wait_for(r"Alteração especial")
    literal(term, f"{nasty.AGREEMENT_TYPE} (1)")
