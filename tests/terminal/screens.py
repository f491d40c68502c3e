"""What the screens of each module show and the steps that reach them, on a real terminal, shared
by several real-terminal tests: the AVISO FINANCEIRO figures, the LGPD dialogs and the customer's
LGPD tab, Parâmetros > Integração Portal LGPD, credit sales and their títulos, a sale in progress
when leaving."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from tests.terminal.conftest import login
from tests.terminal.flows import (
    REQUEST_STATUS,
    choose_customer,
    cupom,
    enter,
    module,
    open_sale,
    portal_base,
    product,
    ring,
    wait_all,
    wait_words,
)
from tests.terminal.harness import Terminal

# --- Régua de Cobrança: the AVISO FINANCEIRO ---------------------------------------------------

AVISO = "AVISO FINANCEIRO"
FIGURA_01 = (
    "Informamos que existem valores em atraso pendentes com a Linx. Para evitar o bloqueio do produto "
    "nos próximos dias, realize o pagamento dos seus débitos."
)
FIGURA_02 = (
    "Informamos que ainda não identificamos o pagamento da licença do sistema. Dessa forma, a "
    "utilização está restrita somente ao módulo de Vendas."
)
FIGURA_03 = (
    "Informamos que ainda não identificamos o pagamento da licença do sistema. Dessa forma, o uso está bloqueado."
)


def at_notice(start_pdv, scenario: str, figure: str, user: str = "operador", password: str = "1234"):
    term = start_pdv("demo", scenario)
    login(term, user, password)
    wait_words(term, figure)
    term.wait_for(AVISO)
    return term


def unlock(term, password: str = "4321") -> None:
    """D on the notice (Desbloqueio em Confiança), then the supervisor's user, Enter, password, Enter."""
    term.write("d")
    term.wait_for(r"Informe usuário e senha de um supervisor")
    term.write(f"supervisor\r{password}\r")


# --- LGPD at sale time -------------------------------------------------------------------------

NOTIFY = "LGPD: cliente sem termo de consentimento aceito"


BLOCK = "LGPD: venda bloqueada sem termo de consentimento"

LINK = re.compile(r"http://127\.0\.0\.1:\d+/lgpdata/t/[0-9A-Za-z]+")


def qr_cells(term) -> int:
    """How many half-block cells draw the QR code in two colours (dark and light modules): a
    link with no code next to it gives 0. Only inside `wait_until`, which holds the screen's
    lock while it asks."""
    colours: dict[tuple[str, str], int] = {}
    for row in term.screen.buffer.values():
        for char in row.values():
            if char.data == "▀":
                colours[(char.fg, char.bg)] = colours.get((char.fg, char.bg), 0) + 1
    return sum(colours.values()) if len(colours) >= 2 else 0


def open_link(term) -> str:
    """F2 Solicitar consentimento: waits for the link and its QR code; returns the link."""
    term.press("f2")
    term.wait_for(r"Solicitar consentimento LGPD")
    start = term.wait_for(LINK.pattern).group(0)
    request_id = term.wait_for(REQUEST_STATUS).group(1)  # the 26-character id may wrap
    link = f"{portal_base(start)}/t/{request_id}"  # the link wraps at 80 columns: its id read whole
    assert link.startswith(start), (start, link)
    term.wait_until(lambda s: qr_cells(term) > 200, "o QR code do link")
    return link


# --- Clientes: the LGPD tab -----------------------------------------------------------------

CONSULTED = r"\d\d/\d\d/\d{4} \d\d:\d\d"


def customers(term) -> None:
    module(term, "f5", r"Clientes[\s\S]*Código\s+Nome")


def open_customer(term, code: str, name: str) -> None:
    """From the Clientes list: the code typed in the search, Enter to the list, Enter opens."""
    term.write(code)
    term.wait_until(
        lambda s: (
            re.search(rf"^ {code}\s+{re.escape(name)}", s, re.M) is not None
            and len(re.findall(r"^ \d{4}  ", s, re.M)) == 1
        ),
        f"só o cliente {code} na lista",
    )
    term.press("enter", "enter")
    term.wait_for(rf"Cliente {code} - {re.escape(name)}")


def lgpd_tab(term, *words: str) -> str:
    term.press("f7")
    return (
        wait_all(term, "Atualizar status (F8)", *words)
        if not any("jurídica" in w for w in words)
        else wait_words(term, " ".join(words))
    )


def refresh(term, status: str) -> str:
    """F8 Atualizar status: waits for `status` and the moment of the query in the agreement's row."""
    term.press("f8")
    # this F8's answer (the stored status and its date may already be on screen)
    term.wait_for(r"Consultado no portal em|Sem status: ")
    return term.wait_for(rf"{re.escape(status)}\s+{CONSULTED}").string


# --- Parâmetros > Integração Portal LGPD ----------------------------------------------------


def integration(term) -> None:
    """F7 Parâmetros > Configuração de integração > Integração Portal LGPD, loaded."""
    module(term, "f7", r"Parâmetros[\s\S]*Integração Portal LGPD\s+Clique aqui para configurar")
    term.press("enter")
    term.wait_for(r"Filial já configurada: dados carregados\.")


def connection_test(term, *words: str) -> None:
    """F3 Testar conexão: the answer in a dialog; Enter closes it."""
    term.press("f3")
    term.wait_for(r"Testar conexão[\s\S]*OK")
    for text in words:
        wait_words(term, text)
    term.press("enter")
    term.wait_gone(r"█\s+Testar conexão\s+█")


# --- Recebimento de títulos ----------------------------------------------------------------


def credit_sale(term, code: str) -> None:
    """A sale to Juliana Rocha Souza on METALURGICA SAO JORGE (a prazo), cupom closed."""
    choose_customer(term, "0009", "Juliana Rocha Souza", agreement="METALURGICA SAO JORGE")
    term.wait_for(r"Convênio: METALURGICA SAO JORGE \| LGPD: Aceito")
    ring(term, product(code)["ean"], 1)
    term.press("f9")
    wait_words(term, "Convênio a prazo: METALURGICA SAO JORGE.")
    term.press("f4", "f9")
    cupom(term, "Título a prazo: vencimento")
    term.press("enter")
    term.wait_gone(r"CUPOM NÃO FISCAL")
    term.wait_for(r"\b0 item\(ns\)")


def two_credit_sales(start_pdv) -> tuple:
    """`pdv demo treinamento` as operador: two credit sales (products 1 and 7) to the same
    customer, back on the menu. Returns (terminal, first price, second price)."""
    term = enter(start_pdv)
    open_sale(term)
    credit_sale(term, "1")
    credit_sale(term, "7")
    term.press("esc")
    term.wait_for(r"Menu principal")
    return term, Decimal(product("1")["price"]), Decimal(product("7")["price"])


def titulo_rows(screen: str) -> dict[str, tuple[str, str]]:
    """Sale number -> (valor, saldo) of each título on the screen."""
    found = {}
    for m in re.finditer(r"^ (\d+)\s+METALURGICA SAO JORGE\s+\S+\s+\S+\s+([\d.,]+)\s+([\d.,]+)\s*$", screen, re.M):
        found[m.group(1)] = (m.group(2), m.group(3))
    return found


# --- Leaving the PDV --------------------------------------------------------------------------

EAN_1 = "7898233000019"  # product 1, DIPIRONA SODICA 500MG 10 CPR MEDLEY, R$ 57,28


QUESTION = r"Há uma venda em andamento\. Descartar e sair do PDV\?"


def running(pid: int) -> bool:
    """A process that exists and has not terminated (a zombie has)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def in_a_sale(term: Terminal) -> None:
    """From the menu: Venda, one item rung up."""
    term.press("f2")
    term.wait_for(r"Produto[\s\S]*TOTAL")
    term.write(f"{EAN_1}\r")
    term.wait_for(r"1 item\(ns\), 1 unidade\(s\)\s+TOTAL\s+R\$\s+57,28")
