"""The LGPD screens at 80x24 on a real terminal, read back as a person reads them: the customer's
7 LGPD tab (every column whole, the arrows on the agreements and never on the tab strip), the
LGPD dialogs of a sale (the status with its date, no empty band at the foot, the portal-down
dialog and its keys whole) and the supervisor release (its error wrapped inside the border)."""

from __future__ import annotations

import re

from tests.terminal.flows import (
    DIALOG_EDGE,
    choose_customer,
    enter,
    open_sale,
    settled,
    wait_all,
    wait_words,
)
from tests.terminal.screens import BLOCK, CONSULTED, NOTIFY, customers, lgpd_tab, open_customer

TOP, BOTTOM = "▀▀▀", "▄▄▄"


def dialog_box(screen: str, title: str) -> tuple[list[str], int, int]:
    """The rows of the dialog whose title is `title`, its border rows included, and the columns
    of its left and right edges (the nearest edges around the title: a dialog over another)."""
    lines = screen.splitlines()
    at = next(i for i, line in enumerate(lines) if title in line)
    start = lines[at].index(title)
    left, right = lines[at].rindex(DIALOG_EDGE, 0, start), lines[at].index(DIALOG_EDGE, start + len(title))
    top = max(i for i in range(at) if lines[i][left + 1 : left + 4] == TOP)
    bottom = next(i for i in range(at, len(lines)) if lines[i][left + 1 : left + 4] == BOTTOM)
    return lines[top : bottom + 1], left, right


def inside(rows: list[str], left: int, right: int) -> list[str]:
    """What is written between the two edges, one string per row (border rows left out)."""
    return [row[left + 1 : right].strip() for row in rows[1:-1]]


def assert_edges_whole(rows: list[str], left: int, right: int, screen: str) -> None:
    """Every row of the dialog has its two edges where the top border put them: no text ran
    over the border, no row of the dialog drawn shorter or longer."""
    for row in rows:
        assert len(row) > right and row[left] == DIALOG_EDGE and row[right] == DIALOG_EDGE, screen


def assert_no_empty_foot(rows: list[str], left: int, right: int, screen: str) -> None:
    """The row above the bottom border says something: no blank band at the dialog's foot."""
    assert inside(rows, left, right)[-1], "faixa vazia no pé do diálogo:\n" + screen


# --- the customer's 7 LGPD tab ----------------------------------------------------------------


def test_lgpd_tab_shows_every_column_of_the_long_statuses_at_80_columns(start_pdv):
    term = enter(start_pdv, "lgpd-todos-os-status", "supervisor", "4321")
    customers(term)
    for code, name, short, full, agreement in (
        ("0008", "Hugo Exclusao Prado", "Solic. exclusão", "Solicitado a exclusão", "FEBRA FEBRAFAR FIDELIDADE"),
        (
            "0009",
            "Iris Remocao Melo",
            "Solic. remoção",
            "Solicitado a remoção do consentimento",
            "EMPR02 PREFEITURA MUNICIPAL",
        ),
    ):
        open_customer(term, code, name)
        lgpd_tab(term, "Termo LGPD por convênio do cliente")
        term.wait_for(r"Solic\.|Solicitado")
        screen = settled(term)
        header = re.search(r"^\s+Convênio\s+Regra\s+Status\s+Última consulta\s*$", screen, re.M)
        assert header, "cabeçalho da tabela cortado:\n" + screen
        row = re.search(rf"^\s+\S+ .+\s{re.escape(short)}\s+({CONSULTED})\s*$", screen, re.M)
        assert row, f"a data da última consulta não cabe na linha de {name}:\n" + screen
        assert f"{agreement} " in row.group(0), "o nome do convênio cortado:\n" + screen
        wait_words(term, f"Status: {full}.")  # the whole name under the table
        term.press("esc")
        term.wait_for(r"Enter abre o cliente; F2 cadastra um novo")
        term.write("\x15")


def test_lgpd_tab_arrows_move_on_the_agreements_and_never_change_the_tab(start_pdv):
    term = enter(start_pdv, "treinamento", "supervisor", "4321")
    customers(term)
    open_customer(term, "0010", "Fernanda Rocha Carvalho")  # EMPR02 and FEBRA
    lgpd_tab(term, "EMPR02 PREFEITURA", "FEBRA FEBRAFAR")
    term.press("down", "right", "right", "left")
    screen = settled(term)
    assert "Termo LGPD por convênio do cliente" in screen and "Tipo de pessoa" not in screen, (
        "as setas trocaram a guia:\n" + screen
    )
    term.press("f9")  # Solicitar consentimento for the agreement the arrows chose
    term.wait_for(r"Solicitar consentimento LGPD")
    screen = term.wait_for(r"Convênio (EMPR02|FEBRA) - ").string
    assert "Convênio FEBRA - FEBRAFAR FIDELIDADE" in screen, "a seta para baixo não escolheu o 2º convênio:\n" + screen
    term.press("esc")
    term.wait_gone(r"Solicitar consentimento LGPD")


# --- the LGPD dialogs of a sale ---------------------------------------------------------------


def test_notify_dialog_status_reads_with_its_date_and_has_no_empty_foot(start_pdv):
    term = enter(start_pdv, "treinamento")
    open_sale(term)
    choose_customer(term, "0005", "Juliana Pereira Silva")  # SIND01: Notificar, Expirado
    term.wait_for(re.escape(NOTIFY))
    wait_all(term, "F2 Solicitar consentimento", "Esc Fechar")
    term.wait_for(rf"Status do termo: Expirado \(consultado em {CONSULTED}\)")
    screen = settled(term)  # the whole frame: the dialog may still be being drawn
    rows, left, right = dialog_box(screen, NOTIFY)
    assert_edges_whole(rows, left, right, screen)
    assert_no_empty_foot(rows, left, right, screen)
    assert inside(rows, left, right)[-1].startswith("F8 Consulta status"), screen
    term.press("f8")  # the answer is told at the foot, inside the border
    wait_words(term, "Termo ainda não aceito (Expirado).")
    screen = settled(term)  # the whole frame
    rows, left, right = dialog_box(screen, NOTIFY)
    assert_edges_whole(rows, left, right, screen)
    assert inside(rows, left, right)[-1] == "Termo ainda não aceito (Expirado).", screen


def test_portal_down_dialog_shows_its_status_lines_and_keys_whole(start_pdv):
    term = enter(start_pdv, "lgpd-portal-fora-do-ar")
    open_sale(term)
    choose_customer(term, "0004", "Tiago Marques Carvalho")  # PREFEITURA: Bloquear
    term.wait_for(re.escape(BLOCK))
    term.wait_for(r"F7 Liberar com supervisor")
    for step in ("aberto", "depois do F8"):
        screen = settled(term)
        rows, left, right = dialog_box(screen, BLOCK)
        text = inside(rows, left, right)
        assert_edges_whole(rows, left, right, screen)
        assert text[0] == BLOCK, f"{step}: o topo do diálogo rolou para fora:\n" + screen
        assert "Status do termo: Sem status" in text, f"{step}:\n" + screen
        assert "Portal LGPData: não foi possível conectar (serviço fora do ar?)" in text, f"{step}:\n" + screen
        assert_no_empty_foot(rows, left, right, screen)
        footer = screen.splitlines()[-1]
        for key in ("f2 Solicitar", "f3 Abortar venda", "f8 Consulta status", "f7 Liberar", "esc Fechar"):
            assert key in footer, f"{step}: tecla {key!r} cortada no rodapé:\n" + screen
        if step == "aberto":
            term.press("f8")
            wait_words(term, "Sem status: Portal LGPData: não foi possível conectar (serviço fora do ar?).")


def test_ask_document_dialog_has_no_empty_foot(start_pdv):
    term = enter(start_pdv, "lgpd-bloquear")
    open_sale(term)
    asked = "LGPD: documento de identificação"
    choose_customer(term, "0010", "Joao Sem Documento")
    term.wait_for(re.escape(asked))
    screen = settled(term)
    rows, left, right = dialog_box(screen, asked)
    assert_edges_whole(rows, left, right, screen)
    assert_no_empty_foot(rows, left, right, screen)
    term.press("f2")  # nothing typed: told at the foot, inside the border
    wait_words(term, "Informe o número do documento.")
    screen = settled(term)  # the whole frame
    rows, left, right = dialog_box(screen, asked)
    assert_edges_whole(rows, left, right, screen)
    assert inside(rows, left, right)[-1] == "Informe o número do documento.", screen


# --- the supervisor release -------------------------------------------------------------------

RELEASE = "Liberar venda: supervisor"


def test_supervisor_release_error_wraps_inside_the_dialog(start_pdv):
    term = enter(start_pdv, "lgpd-portal-fora-do-ar")
    open_sale(term)
    choose_customer(term, "0004", "Tiago Marques Carvalho")
    term.wait_for(r"F7 Liberar com supervisor")
    term.press("f7")
    term.wait_for(re.escape(RELEASE))
    screen = settled(term)
    rows, left, right = dialog_box(screen, RELEASE)
    assert_edges_whole(rows, left, right, screen)
    assert_no_empty_foot(rows, left, right, screen)
    for typed, told in (
        ("supervisor\rerrada\r", "Usuário ou senha inválidos. 5 tentativas erradas bloqueiam o usuário por 5 minutos."),
        (
            "\x15operador\r1234\r",
            "O usuário operador não pode autorizar: Liberação do supervisor: acesso restrito a supervisores.",
        ),
    ):
        term.write(typed)
        wait_words(term, told)
        screen = settled(term)  # the whole frame
        rows, left, right = dialog_box(screen, RELEASE)
        assert_edges_whole(rows, left, right, screen)
        text = inside(rows, left, right)
        assert " ".join(" ".join(text).split()).endswith(told), "o erro não está dentro do diálogo:\n" + screen
        assert text[-1], "faixa vazia no pé do diálogo:\n" + screen
        term.press("shift+tab")  # back to the user field (an error leaves the focus on the password)


def test_the_sale_status_line_wraps_a_long_notice_instead_of_cutting_it(start_pdv):
    """The sale's status line under the Bloquear dialog, after F8 with the portal down, is longer
    than 80 columns: it wraps to a second row above the footer, whole."""
    term = enter(start_pdv, "lgpd-portal-fora-do-ar")
    open_sale(term)
    choose_customer(term, "0004", "Tiago Marques Carvalho")
    term.wait_for(re.escape(BLOCK))
    term.press("f8")
    status = "LGPD: Sem status: Portal LGPData: não foi possível conectar (serviço fora do ar?)"
    assert len(status) > 78
    screen = term.wait_until(lambda s: status in " ".join(line.strip() for line in s.splitlines()[-3:-1]), repr(status))
    bottom = screen.splitlines()[-3:-1]
    assert all(len(line.rstrip()) <= 80 for line in bottom), screen
