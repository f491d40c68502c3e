"""Leaving the PDV on a real terminal: Ctrl+Q asks when a sale is in progress (and the discard is
audited); SIGTERM, SIGHUP and SIGINT restore the terminal, stop the simulated services and
remove the temporary folders."""

from __future__ import annotations

import signal
import sqlite3
import time
from pathlib import Path

import pytest

from tests.terminal.flows import wait_words
from tests.terminal.harness import Terminal
from tests.terminal.screens import EAN_1, QUESTION, in_a_sale, running

MOUSE_OFF = ("\x1b[?1000l", "\x1b[?1003l", "\x1b[?1015l", "\x1b[?1006l")
LEAVE_ALT_SCREEN = "\x1b[?1049l"


def wait_true(condition, what: str, timeout: float = 15.0) -> None:
    """Polls a condition outside the screen (a process, a folder) until it holds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"esperava {what}")
        time.sleep(0.05)


def services_of(pdv_pid: int) -> list[int]:
    """The embedded simulated services started by this pdv (`python -m servers --parent-pid PID`)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"servers" in argv and b"--parent-pid" in argv and str(pdv_pid).encode() in argv:
            found.append(int(entry.name))
    return found


def audit(db: Path, event: str) -> list[str]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return [row[0] for row in conn.execute("SELECT detail FROM audit_entry WHERE event = ? ORDER BY id", (event,))]


def logged_in(start_pdv, *args: str, env: dict[str, str] | None = None) -> Terminal:
    term = start_pdv("demo", "treinamento", *args, env=env)
    term.wait_for(r"Usuário")
    term.write("operador\r1234\r")
    term.wait_for(r"Menu principal")
    return term


def restored_terminal(raw: bytes) -> str:
    """What the program wrote after it last painted: the terminal must be handed back there."""
    text = raw.decode("utf-8", "replace")
    tail = text[text.rfind("\x1b[?1000h") + 1 :]  # after mouse reporting was last turned on
    return tail


# --- Ctrl+Q -----------------------------------------------------------------------------------


def test_ctrl_q_with_nothing_in_progress_exits_at_once(menu):
    menu.press("f2")
    menu.wait_for(r"Produto[\s\S]*TOTAL")  # an empty sale is nothing to lose
    menu.press("ctrl+q")
    assert menu.wait_exit() == 0


def test_ctrl_q_in_a_sale_asks_and_no_keeps_the_sale(menu):
    in_a_sale(menu)
    menu.press("ctrl+q")
    menu.wait_for(QUESTION)
    menu.press("ctrl+q")  # Ctrl+Q again does not bypass the question
    menu.press("esc")
    menu.wait_gone(QUESTION)
    menu.wait_for(r"DIPIRONA SODICA 500MG[\s\S]*1 item\(ns\)")
    assert menu.alive
    menu.write(f"{EAN_1}\r")  # the sale goes on
    menu.wait_for(r"2 item\(ns\), 2 unidade\(s\)")


def test_ctrl_q_yes_discards_the_sale_audited_then_exits(start_pdv, tmp_path):
    db = tmp_path / "pdv.sqlite3"
    term = logged_in(start_pdv, "--db", str(db))
    in_a_sale(term)
    term.press("ctrl+q")
    term.wait_for(QUESTION)
    term.press("f2")
    assert term.wait_exit() == 0
    [entry] = audit(db, "venda_descartada")
    assert "Ctrl+Q" in entry and "itens=1" in entry


def test_ctrl_q_in_the_payment_dialog_asks_and_no_returns_to_it(menu):
    in_a_sale(menu)
    menu.press("f9")
    menu.wait_for(r"Pagamento[\s\S]*Total da venda")
    menu.press("ctrl+q")
    menu.wait_for(QUESTION)
    menu.press("esc")
    menu.wait_gone(QUESTION)
    menu.wait_for(r"Pagamento[\s\S]*Total da venda")
    menu.press("enter")  # the exact amount: the sale is finalized as if nothing happened
    menu.wait_for(r"CUPOM|Cupom|cupom")
    menu.press("ctrl+q")  # with the cupom on screen the sale is stored: nothing to ask
    assert menu.wait_exit() == 0


def test_ctrl_q_in_a_presale_asks(menu):
    menu.press("f3")
    menu.wait_for(r"Pré-venda[\s\S]*Produto[\s\S]*TOTAL")
    menu.write(f"{EAN_1}\r")
    menu.wait_for(r"1 item\(ns\)")
    menu.press("ctrl+q")
    menu.wait_for(r"Há uma pré-venda em andamento\. Descartar e sair do PDV\?")
    menu.press("f2")
    assert menu.wait_exit() == 0


# --- signals ----------------------------------------------------------------------------------


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT], ids=["SIGTERM", "SIGHUP", "SIGINT"])
def test_a_signal_restores_the_terminal_stops_the_services_and_removes_the_temp_folders(start_pdv, tmp_path, signum):
    temp = tmp_path / "tmp"
    temp.mkdir()
    term = logged_in(start_pdv, env={"TMPDIR": str(temp)})
    in_a_sale(term)
    services = services_of(term.pid)
    assert len(services) == 1, "the embedded services should be running after a login"
    folders = sorted(p.name.rsplit("-", 1)[0] for p in temp.iterdir())
    assert folders == ["pdv-demo", "pdv-world"], folders  # the demo database's and the services'

    term.signal(signum)
    assert term.wait_exit() == 128 + signum
    tail = restored_terminal(bytes(term.raw))
    assert LEAVE_ALT_SCREEN in tail, repr(tail[-300:])
    for sequence in (*MOUSE_OFF, "\x1b[?2004l", "\x1b[?25h"):
        assert sequence in tail, (sequence, repr(tail[-300:]))
    after_alt = tail[tail.rfind(LEAVE_ALT_SCREEN) :]
    assert "\x1b[?1049h" not in after_alt and "\x1b[?25l" not in after_alt
    assert "Traceback" not in bytes(term.raw).decode("utf-8", "replace")
    wait_true(lambda: not any(running(pid) for pid in services), "os serviços simulados encerrados")
    assert list(temp.iterdir()) == []


def test_sigterm_in_a_sale_discards_it_with_an_audit_entry(start_pdv, tmp_path):
    db = tmp_path / "pdv.sqlite3"
    term = logged_in(start_pdv, "--db", str(db))
    in_a_sale(term)
    term.signal(signal.SIGTERM)
    assert term.wait_exit() == 128 + signal.SIGTERM
    [entry] = audit(db, "venda_descartada")
    assert "SIGTERM" in entry and "itens=1" in entry


def test_sigterm_on_the_login_screen_leaves_cleanly(start_pdv, tmp_path):
    temp = tmp_path / "tmp"
    temp.mkdir()
    term = start_pdv("demo", "treinamento", env={"TMPDIR": str(temp)})
    term.wait_for(r"Usuário")
    term.signal(signal.SIGTERM)
    assert term.wait_exit() == 128 + signal.SIGTERM
    assert LEAVE_ALT_SCREEN in restored_terminal(bytes(term.raw))
    wait_true(
        lambda: not services_of(term.pid) or not any(running(p) for p in services_of(term.pid)),
        "os serviços simulados encerrados",
    )
    assert list(temp.iterdir()) == []


def test_ctrl_c_is_a_key_that_says_how_to_leave(menu):
    menu.press("f5")  # Clientes: no text field focused, Ctrl+C is not a copy
    menu.wait_gone(r"Menu principal")
    menu.press("ctrl+c")
    screen = menu.wait_for(r"Ctrl\+C não sai do PDV: use Ctrl\+Q").string
    assert menu.alive and "Traceback" not in screen and "Clientes" in screen


def test_a_dropped_session_ends_the_pdv_soon_discards_the_sale_and_cleans_up(start_pdv, tmp_path):
    """The terminal is gone for good (not only a SIGHUP): nothing can be written to it, and the
    PDV still ends within seconds, with the sale discarded and audited and nothing left behind."""
    temp, db = tmp_path / "tmp", tmp_path / "pdv.sqlite3"
    temp.mkdir()
    term = logged_in(start_pdv, "--db", str(db), env={"TMPDIR": str(temp)})
    in_a_sale(term)
    services = services_of(term.pid)
    assert services
    started = time.monotonic()
    term.hang_up()
    assert term.wait_exit() == 128 + signal.SIGHUP
    assert time.monotonic() - started < 8  # GONE_GRACE is 3 s
    [entry] = audit(db, "venda_descartada")
    assert "SIGHUP" in entry
    wait_true(lambda: not any(running(pid) for pid in services), "os serviços simulados encerrados")
    assert list(temp.iterdir()) == []


def test_ctrl_q_with_a_customer_not_saved_asks_and_no_keeps_what_was_typed(menu):
    """Esc asks before discarding a customer's edits; Ctrl+Q asks too, instead of losing them."""
    question = "Há alterações deste cliente não gravadas. Sair do PDV mesmo assim?"
    menu.press("f5")
    menu.wait_for(r"Buscar por nome")
    menu.press("f2")  # Novo cliente
    menu.wait_for(r"Novo cliente[\s\S]*Tipo de pessoa")
    menu.write("Maria das Dores Teste")
    menu.wait_for(r"Nome\s+Maria das Dores Teste")
    menu.press("ctrl+q")
    wait_words(menu, question)
    menu.press("esc")  # Continuar
    menu.wait_gone(r"Sair do PDV mesmo assim")
    menu.wait_for(r"Nome\s+Maria das Dores Teste")
    assert menu.alive
    menu.press("ctrl+q")
    wait_words(menu, question)
    menu.press("f2")  # Descartar e sair
    assert menu.wait_exit() == 0


def test_ctrl_q_with_the_lgpd_integration_edited_asks(start_pdv):
    term = start_pdv("demo", "treinamento")
    term.wait_for(r"Usuário")
    term.write("supervisor\r4321\r")
    term.wait_for(r"Menu principal")
    term.press("f7")
    term.wait_for(r"Parâmetros")
    term.press("enter")
    term.wait_for(r"Filial já configurada")
    term.press("tab", "tab", "tab")  # Filial → Filial do termo → Nome LGPD → Identificador de Bandeira
    term.write("7")
    term.wait_for(r"Identificador de Bandeira\s+7\b")
    term.press("ctrl+q")
    wait_words(term, "Há alterações da Integração Portal LGPD não gravadas. Sair do PDV mesmo assim?")
    term.press("esc")
    term.wait_for(r"Identificador de Bandeira\s+7\b")
    assert term.alive
