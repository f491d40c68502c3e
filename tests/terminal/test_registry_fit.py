"""The registry screens at 80x24 on a real terminal, with the longest values of the `treinamento`
store, read as a supervisor reads them: the Convênios list shows every column (the code, the
whole name, the type, the rule and an operation that tells FEBRA from FID01) with nothing to
scroll sideways; a PJ customer's Tipo de documento says CNPJ (and follows the person type);
Recebimento de títulos shows the longest agreement whole; the customer's 7 LGPD tab has no
horizontal scrollbar and names a cut agreement whole under the table."""

from __future__ import annotations

import re
from decimal import Decimal

from core.kernel.money import format_money
from tests.terminal.flows import (
    choose_customer,
    cupom,
    enter,
    module,
    open_sale,
    product,
    ring,
    scenario,
    settled,
    wait_words,
)
from tests.terminal.screens import CONSULTED, customers, lgpd_tab, open_customer

PARTIAL_BLOCKS = "▁▂▃▄▅▆▇▉▊▋▌▍▎▏"
"""What a scrollbar draws at the ends of its thumb (a dialog's edge is the full block █)."""

RULE = {"nenhuma": "Nenhuma ação", "notificar": "Notificar pendência", "bloquear": "Bloquear venda"}
OPERATION = {"convenio": "Convênio", "fidelidade": "Fidelidade", "fidelidade_febrafar": r"(Fid(elidade|\.) )?Febrafar"}
"""What the Operação column may say (a regular expression): Fidelidade Febrafar may be shortened,
as long as it never reads as Fidelidade."""


def no_scrollbar_drawn(line: str) -> bool:
    return not any(glyph in line for glyph in PARTIAL_BLOCKS)


# --- D1. Convênios: every column at 80 columns, nothing to scroll sideways ----------------------


def test_the_agreements_list_shows_every_column_whole_with_no_sideways_scroll(start_pdv):
    term = enter(start_pdv, "treinamento", "supervisor", "4321")
    module(term, "f6", r"Convênios[\s\S]*SIND01[\s\S]*Enter abre o convênio")
    agreements = scenario("treinamento")["agreements"]
    assert max(len(a["name"]) for a in agreements) >= 26  # SINDICATO DOS COMERCIARIOS

    def rows_whole(screen: str) -> list[str]:
        """The agreements whose line is not whole: code, name, type, rule, operation at the end."""
        missing = []
        for agreement in agreements:
            operation = OPERATION.get(agreement.get("consent_operation", ""), "-")
            line = (
                rf"^ {re.escape(agreement['code'])}\s+{re.escape(agreement['name'])}\s+"
                rf"{re.escape(agreement['type'])}\s+{RULE[agreement['consent_rule']]}\s+{operation}$"
            )
            if not re.search(line, screen, re.M):
                missing.append(agreement["code"])
        return missing

    screen = settled(term)
    assert not rows_whole(screen), f"linhas cortadas {rows_whole(screen)}:\n" + term.framed(screen)
    assert re.search(r"^ Código\s+Nome\s+Tipo\s+Sem aceite de termo\s+Operação$", screen, re.M), term.framed(screen)
    lines = screen.splitlines()
    hint = next(i for i, line in enumerate(lines) if line.startswith("Enter abre o convênio"))
    assert no_scrollbar_drawn(lines[hint - 1]), "barra de rolagem horizontal:\n" + term.framed(screen)

    term.press("right", "right", "right", "right")  # nothing hidden to the right: nothing moves
    screen = settled(term)
    assert not rows_whole(screen), "as setas rolaram a lista para o lado:\n" + term.framed(screen)


# --- D4. Cliente: a PJ's Tipo de documento is CNPJ ---------------------------------------------


def document_type_shown(term, help_text: str) -> str:
    """What the Tipo de documento field shows, once the help line under it says `help_text`."""
    wait_words(term, help_text)
    screen = settled(term)
    found = re.search(r"^ Tipo de documento\s+(\S.*?)\s+▼$", screen, re.M)
    assert found, term.framed(screen)
    return found.group(1)


def test_a_pj_shows_cnpj_as_its_document_type_and_the_field_follows_the_person_type(start_pdv):
    term = enter(start_pdv, "treinamento", "supervisor", "4321")
    customers(term)
    open_customer(term, "0900", "FARMACIA POPULAR DO BAIRRO LTDA")
    pj, pf = "Pessoa jurídica: CNPJ", "Pessoa física: CPF ou outro documento"
    assert document_type_shown(term, pj) == "CNPJ", term.framed()
    term.press("esc")
    term.wait_for(r"Enter abre o cliente; F2 cadastra um novo")

    term.press("f2")  # Novo cliente, then Tipo de pessoa: Pessoa Jurídica
    term.wait_for(r"Novo cliente[\s\S]*Tipo de pessoa\s+Pessoa Física")
    assert document_type_shown(term, pf) == "CPF", term.framed()
    term.press("shift+tab", "enter")
    term.wait_for(r"Pessoa Jurídica\s*\n")  # the open list
    term.press("down", "enter")
    assert document_type_shown(term, pj) == "CNPJ", "o tipo de documento não seguiu a pessoa:\n" + term.framed()
    term.press("enter")  # and back to Pessoa Física
    term.wait_for(r"Pessoa Jurídica\s*\n")
    term.press("up", "enter")
    assert document_type_shown(term, pf) == "CPF", "o tipo de documento não voltou:\n" + term.framed()


# --- D5. Recebimento de títulos: the longest agreement whole ------------------------------------

SIND01 = "SINDICATO DOS COMERCIARIOS"


def test_receivables_show_the_longest_agreement_whole_next_to_four_digit_amounts(start_pdv):
    term = enter(start_pdv)
    open_sale(term)
    choose_customer(term, "0025", "Gabriela Nunes Nunes")  # SIND01 only, term accepted
    term.wait_for(rf"Convênio: {SIND01} \| LGPD: Aceito")
    ring(term, "20*254", 1)  # 20 x R$ 58,42: a total above R$ 1.000
    amount = format_money(20 * Decimal(product("254")["price"]))
    term.press("f9")
    wait_words(term, f"Convênio a prazo: {SIND01}.")
    term.press("f4", "f9")
    cupom(term, "Título a prazo: vencimento")
    term.press("enter")
    term.wait_gone(r"CUPOM NÃO FISCAL")
    term.press("esc")
    term.wait_for(r"Menu principal")

    module(term, "f4", r"Recebimento de títulos[\s\S]*F2 escolhe o cliente")
    term.press("f2")
    term.wait_for(r"Cliente dos títulos")
    term.write("0025")
    term.wait_for(r"0025 Gabriela Nunes Nunes")
    term.press("enter")
    term.wait_for(rf"1 título\(s\) em aberto\s+TOTAL\s+R\$\s+{re.escape(amount)}")
    screen = settled(term)
    row = re.search(
        rf"^ \d+\s+{SIND01}\s+\d\d/\d\d/\d{{4}}\s+\d\d/\d\d/\d{{4}}\s+{re.escape(amount)}\s+{re.escape(amount)}$",
        screen,
        re.M,
    )
    assert row, "o nome do convênio cortado no título:\n" + term.framed(screen)
    total = next(line for line in screen.splitlines() if "TOTAL" in line)
    assert len(total) == len(row.group(0)), "o TOTAL não termina sob o Saldo:\n" + term.framed(screen)


# --- D11. Cliente > 7 LGPD: no horizontal scrollbar at 80 columns -------------------------------


def test_the_lgpd_tab_has_no_sideways_scroll_and_names_a_cut_agreement_whole(start_pdv):
    term = enter(start_pdv, "treinamento", "supervisor", "4321")
    customers(term)
    open_customer(term, "0015", "Tiago Lima Moreira")  # SIND01, Solicitado a exclusão
    lgpd_tab(term, "Termo LGPD por convênio do cliente")
    wait_words(term, "Status: Solicitado a exclusão.")
    row = re.compile(rf"^  (SIND01 SINDICATO DOS COMERC\S*)\s+Notificar\s+Solic\. exclusão\s+{CONSULTED}$", re.M)

    def check(screen: str, step: str) -> None:
        assert re.search(r"^\s+Convênio\s+Regra\s+Status\s+Última consulta$", screen, re.M), (
            f"{step}: cabeçalho cortado:\n" + term.framed(screen)
        )
        found = row.search(screen)
        assert found, f"{step}: a linha do convênio não está inteira na tela:\n" + term.framed(screen)
        lines = screen.splitlines()
        at = lines.index(found.group(0))
        assert no_scrollbar_drawn(lines[at + 1]) and not lines[at + 1].strip(), (
            f"{step}: barra de rolagem horizontal:\n" + term.framed(screen)
        )
        shown = found.group(1)
        if shown != f"SIND01 {SIND01}":  # cut: with "…", and named whole under the table
            assert shown.endswith("…"), term.framed(screen)
            below = "\n".join(lines[at + 1 :])
            assert SIND01 in below, f"{step}: o nome inteiro não aparece sob a tabela:\n" + term.framed(screen)

    check(settled(term), "aberta")
    term.press("right", "right", "right")  # nothing hidden to the right: nothing moves
    check(settled(term), "depois das setas")
