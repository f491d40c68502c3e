"""Rules the documents state, on a real terminal at 80x24, with the simulated services answering
for real and a trainer changing them through their administration routes:

- Consulta status (F8) of the consent-link dialog tells what the portal's status means (the
  sentence of core.lgpd.words), not "the customer has not answered" for every status;
- a new consent request never takes back an acceptance that stands: the portal refuses it
  (409 ja_aceito), says why, and the term stays Aceito on the portal and on screen;
- a CPF or CNPJ of one repeated digit is not a document, even where its check digits add up;
- a Régua de Cobrança change found by the re-check in the middle of a sale waits for the sale to
  end and says so on the status line, whole at 80 columns, the sale's TOTAL still readable;
- Liberado shows nothing: not a Desbloqueio em Confiança in force at a later login (F1 tells it),
  not a live change to Liberado (no toast, an empty status line).
"""

from __future__ import annotations

import re
import time
import urllib.parse
from collections.abc import Callable
from datetime import date, timedelta

import httpx

from tests.support.trainer import HEADERS
from tests.support.world_process import running_world
from tests.terminal.conftest import login
from tests.terminal.flows import (
    choose_customer,
    enter,
    flat,
    open_sale,
    pdv_sim,
    portal_base,
    product,
    ring,
    scenario,
    settled,
    trainer_env,
    wait_all,
    wait_words,
)
from tests.terminal.harness import DEFAULT_TIMEOUT
from tests.terminal.screens import (
    AVISO,
    FIGURA_02,
    FIGURA_03,
    NOTIFY,
    customers,
    lgpd_tab,
    open_customer,
    open_link,
    refresh,
    unlock,
)

BRANCH_CNPJ = "12345678000195"  # the store's branch in every scenario (12.345.678/0001-95)
NOT_ANSWERED = "O cliente ainda não respondeu."
ALREADY_ACCEPTED = "O cliente já aceitou este termo (versão 1)"
STILL_VALID = "o aceite continua valendo e não há o que solicitar."
WAITS = "(aplica-se ao fim da venda)"
FAST_RECHECK = ("--recheck-minutes", "0.01")  # the Régua asked again every 0.6 s


def world_urls(base: str) -> tuple[str, ...]:
    """The PDV's options for a world started by the test (tests.support.world_process)."""
    return ("--license-url", f"{base}/license", "--lgpdata-url", f"{base}/lgpdata")


def portal_status(portal: str, document: str, operation: str = "convenio") -> str:
    """The customer's status as the portal itself answers it (the API the PDV calls, with the
    store's credentials): what is true on the portal, whatever the screen says."""
    lgpdata = scenario("treinamento")["lgpdata"]
    credentials = lgpdata["credentials"]
    query = urllib.parse.urlencode(
        {"documento": document, "cnpj": lgpdata["terms"][0]["cnpj"], "operacao": operation, "tipo": "CPF"}
    )
    answer = httpx.get(
        f"{portal}/api/v1/consentimento?{query}",
        headers={"API-KEY": credentials["api_key"], "Acesso": credentials["access"], "Senha": credentials["password"]},
        timeout=10,
    )
    answer.raise_for_status()
    return answer.json()["status"]


def wait_true(condition: Callable[[], bool], what: str, timeout: float | None = None) -> None:
    """Asks `condition` until it holds or the deadline passes (for a server's state, which no
    screen shows): the same deadline as the terminal's waits."""
    deadline = time.monotonic() + (timeout or DEFAULT_TIMEOUT)
    while not condition():
        assert time.monotonic() < deadline, f"esperava {what}"
        time.sleep(0.1)


def access_checks(admin: httpx.Client) -> int:
    """How many times the PDV asked the License Server about the branch so far."""
    calls = admin.get("/license/admin/history", params={"cnpj": BRANCH_CNPJ, "limit": 1000}).json()["calls"]
    return sum(1 for call in calls if call["route"] == "access-check")


def set_situation(admin: httpx.Client, situation: str) -> None:
    admin.put(f"/license/admin/branches/{BRANCH_CNPJ}", json={"situation": situation}).raise_for_status()


def change_then_rechecks(admin: httpx.Client, situation: str, term) -> str:
    """The trainer sets `situation`; waits for three more re-checks and the frame settled. The
    re-checks come one at a time, a new one only once the previous answer was handled (shown,
    applied): the first may have been answered before the change, the second was asked after
    it, the third shows the second was handled whole. Returns the screen."""
    before = access_checks(admin)
    set_situation(admin, situation)
    wait_true(lambda: access_checks(admin) >= before + 3, f"três reconsultas depois de {situation}")
    return settled(term, quiet_for=0.5)


def status_rows(screen: str) -> list[str]:
    """The two rows above the footer: where the status line is (one row, or two when wrapped)."""
    return screen.splitlines()[-3:-1]


def wait_read(term, pattern: str) -> str:
    """Waits for a regular expression in the screen's words (a dialog wraps its lines)."""
    regex = re.compile(pattern)
    return term.wait_until(lambda s: regex.search(flat(s)) is not None, f"/{pattern}/ nas palavras da tela")


CHECKED = r"\(consultado \d\d/\d\d/\d{4} \d\d:\d\d\)"


def menu_screen(term) -> str:
    return wait_all(term, "Menu principal", "F10  Sair")


# --- 1. Consulta status tells what each status means ------------------------------------------


def consent_link_of_carla(start_pdv):
    """lgpd-notificar, a sale to Carla Pendente Dias (METALURGICA: Notificar, Pendente), the
    Notificar message and, over it, the consent link (F2). Returns (terminal, portal)."""
    term = enter(start_pdv, "lgpd-notificar", env=trainer_env())
    open_sale(term)
    choose_customer(term, "0003", "Carla Pendente Dias")
    term.wait_for(re.escape(NOTIFY))
    link = open_link(term)
    return term, portal_base(link)


def test_consulta_status_says_pendente_then_the_meaning_of_recusado(start_pdv):
    """Pendente keeps its sentence; once the portal says Recusado, Consulta status says the
    customer refused, and the Pendente sentence is gone (it used to stay for every status)."""
    term, portal = consent_link_of_carla(start_pdv)
    term.press("f8")
    wait_read(term, rf"Status: Pendente {CHECKED}")
    wait_words(term, NOT_ANSWERED)
    done = pdv_sim("consent", "161.705.470-49", "recusado", "--url", portal, home=term.home)
    assert done.returncode == 0, done.stderr
    term.press("f8")
    wait_read(term, rf"Status: Recusado {CHECKED}")
    wait_words(term, "O cliente recusou o termo.")
    screen = settled(term)
    assert NOT_ANSWERED not in flat(screen), term.framed(screen)
    assert "Solicitar consentimento LGPD" in screen, term.framed(screen)  # Recusado does not close it


def test_consulta_status_says_the_meaning_of_solicitado_exclusao(start_pdv):
    """The customer asked the portal to delete their data (the trainer sets Solicitado a
    exclusão): Consulta status says so, not that the customer has not answered."""
    term, portal = consent_link_of_carla(start_pdv)
    done = pdv_sim("consent", "161.705.470-49", "solicitado_exclusao", "--url", portal, home=term.home)
    assert done.returncode == 0, done.stderr
    term.press("f8")
    wait_read(term, rf"Status: Solicitado a exclusão {CHECKED}")
    wait_words(term, "O cliente pediu a exclusão dos seus dados.")
    screen = settled(term)
    assert NOT_ANSWERED not in flat(screen), term.framed(screen)


# --- 2. A new request never demotes a standing acceptance ---------------------------------------


def test_nova_solicitacao_in_the_sale_link_dialog_keeps_the_acceptance(start_pdv):
    """The customer accepted while the link was open (the trainer sets Aceito): F9 Nova
    solicitação is refused by the portal with its reason, the portal still says aceito, and
    Consulta status sees Aceito: the sale goes on with the term accepted."""
    term, portal = consent_link_of_carla(start_pdv)
    done = pdv_sim("consent", "161.705.470-49", "aceito", "--url", portal, home=term.home)
    assert done.returncode == 0, done.stderr
    term.press("f9")
    screen = refused_as_accepted(term)
    assert "Status: Pendente" not in flat(screen), term.framed(screen)  # no new request took its place
    assert portal_status(portal, "161.705.470-49") == "aceito"
    term.press("f8")
    term.wait_gone(r"Solicitar consentimento LGPD|" + re.escape(NOTIFY))
    term.wait_for(r"Convênio: METALURGICA SAO JORGE \| LGPD: Aceito")
    assert portal_status(portal, "161.705.470-49") == "aceito"


def refused_as_accepted(term) -> str:
    """The dialog's answer to a request while the acceptance stands: the portal's reason."""
    wait_words(term, "Não foi possível solicitar o consentimento:")
    wait_words(term, ALREADY_ACCEPTED)
    return wait_words(term, STILL_VALID)


def test_solicitar_consentimento_in_the_lgpd_tab_keeps_the_acceptance(start_pdv, tmp_path):
    """Ana Aceito Lima's term is Aceito: F9 Solicitar consentimento in her 7 LGPD tab is refused
    with the portal's reason and no new request (no Pendente); F8 in the dialog then shows Aceito
    with its receipt; the portal still says aceito and the tab still shows Aceito, with the
    receipt after Atualizar status."""
    with running_world(tmp_path / "mundo", "lgpd-notificar") as base:
        portal = f"{base}/lgpdata"
        term = start_pdv("demo", "lgpd-notificar", *world_urls(base))
        login(term, "supervisor", "4321")
        menu_screen(term)
        customers(term)
        open_customer(term, "0001", "Ana Aceito Lima")
        lgpd_tab(term, "EMPR01 METALURGICA")
        term.wait_for(r"METALURGICA SAO JORGE\s+Notificar\s+Aceito")
        term.press("f9")
        term.wait_for(r"Solicitar consentimento LGPD")
        screen = refused_as_accepted(term)
        assert "Status: Pendente" not in flat(screen), term.framed(screen)
        assert portal_status(portal, "629.611.969-06") == "aceito"
        # the refusal says to consult the status: F8 does it in the dialog itself
        wait_words(term, "F8 consulta o status do termo; F9 tenta de novo.")
        term.press("f8")
        wait_words(term, "Comprovante: aceito em")
        term.wait_for(r"Status: Aceito \(consultado")
        term.press("esc")
        term.wait_gone(r"Solicitar consentimento LGPD")
        term.wait_for(r"METALURGICA SAO JORGE\s+Notificar\s+Aceito")
        refresh(term, "Aceito")
        wait_words(term, "Comprovante: aceito em")
        assert portal_status(portal, "629.611.969-06") == "aceito"


# --- 3. One repeated digit is not a document ----------------------------------------------------


def new_customer(term, name: str) -> None:
    term.press("f2")  # Novo cliente
    term.wait_for(r"Novo cliente[\s\S]*Tipo de pessoa\s+Pessoa Física")
    term.write(name)
    term.wait_for(rf"Nome\s+{re.escape(name)}")


def not_saved(term, name: str) -> None:
    """Leaves the form without saving and searches the name: no customer by it."""
    term.press("esc")
    wait_words(term, "Sair sem gravar as alterações deste cliente?")
    term.press("enter")
    term.wait_for(r"Enter abre o cliente")
    term.write(name)
    # the search shows the name and the list filtered by it has no row (a saved customer would
    # be in the list of every part of its name typed so far)
    term.wait_until(
        lambda s: re.search(rf"^ {re.escape(name)}$", s, re.M) is not None and re.search(r"^ \d+  ", s, re.M) is None,
        f"a busca por {name!r} sem nenhum cliente",
    )


def test_cpf_of_one_repeated_digit_is_refused_saves_nothing_and_a_valid_cpf_is_saved(start_pdv):
    """111.111.111-11 has check digits that add up, and is no CPF: Gravar (F2) says so, marks
    the field and saves nothing. The same person with a valid CPF is saved."""
    term = enter(start_pdv, "treinamento", "supervisor", "4321")
    customers(term)
    new_customer(term, "Rita Digitos Iguais")
    term.press("tab", "tab")  # Tipo de documento (CPF) -> Documento
    term.write("111.111.111-11")
    term.wait_for(r"Documento\s+111\.111\.111-11")
    term.press("f2")
    wait_words(term, "CPF inválido: 111.111.111-11.")
    screen = settled(term)
    assert "cadastrado" not in screen and "Novo cliente" in screen, term.framed(screen)
    assert "! Documento" in screen, term.framed(screen)  # the field is marked
    not_saved(term, "Rita Digitos")
    term.write("\x15")  # Ctrl+U: the search emptied
    new_customer(term, "Rita Digitos Iguais")
    term.press("tab", "tab")
    term.write("111.444.777-35")
    term.wait_for(r"Documento\s+111\.444\.777-35")
    term.press("f2")
    code = term.wait_for(r"Cliente (\d+) cadastrado\.").group(1)
    term.wait_for(rf"Cliente {code} - Rita Digitos Iguais")
    assert "CPF inválido" not in settled(term), term.framed()
    term.press("esc")
    term.wait_for(r"Enter abre o cliente")
    term.write("Rita Digitos")
    term.wait_for(rf"^ {code}\s+Rita Digitos Iguais\s+PF\s+CPF 111\.444\.777-35", flags=re.M)


def test_cnpj_of_one_repeated_digit_is_refused_and_saves_nothing(start_pdv):
    """A company (Pessoa Jurídica) with CNPJ 11.111.111/1111-80, check digits right and one
    repeated digit: Gravar says the CNPJ is invalid and nothing is saved."""
    term = enter(start_pdv, "treinamento", "supervisor", "4321")
    customers(term)
    new_customer(term, "EMPRESA DIGITOS IGUAIS LTDA")
    term.press("shift+tab", "enter")  # Tipo de pessoa: its list
    term.wait_for(r"Pessoa Jurídica")
    term.write("Pessoa J")
    term.press("enter")
    term.wait_for(r"Tipo de pessoa\s+Pessoa Jurídica")
    wait_words(term, "Pessoa jurídica: CNPJ (numérico ou alfanumérico).")
    term.press("tab", "tab")  # Nome -> Documento (Tipo de documento is disabled for a PJ)
    term.write("11.111.111/1111-80")
    term.wait_for(r"Documento\s+11\.111\.111/1111-80")
    term.press("f2")
    wait_words(term, "CNPJ inválido: 11.111.111/1111-80.")
    screen = settled(term)
    assert "cadastrado" not in screen and "Novo cliente" in screen, term.framed(screen)
    not_saved(term, "DIGITOS IGUAIS")


# --- 4. A change in the middle of a sale waits for its end, said whole --------------------------


def test_a_change_found_in_a_sale_says_it_applies_at_the_end_whole_at_80_columns(start_pdv, tmp_path):
    """An item in the cart; the trainer sets Bloqueio Parcial, then Mensagem: at the next
    re-check the status line says the change and that it applies at the end of the sale, every
    word whole (Bloqueio Parcial's notice is longer than 80 columns: it wraps to a second row),
    the cart and its TOTAL still readable above it, and no AVISO FINANCEIRO in the middle."""
    with running_world(tmp_path / "mundo") as base:
        admin = httpx.Client(base_url=base, timeout=10, headers=HEADERS)
        term = start_pdv("demo", "treinamento", *world_urls(base), *FAST_RECHECK)
        login(term)
        menu_screen(term)
        open_sale(term)
        ring(term, product("1")["ean"], 1)
        for situation, label in (("bloqueio-parcial", "Bloqueio Parcial"), ("mensagem", "Mensagem")):
            set_situation(admin, situation)
            # read as words: a word cut at the row's end would read as two and not match
            notice = re.compile(rf"Régua às \d\d:\d\d: situação alterada para {label} {re.escape(WAITS)}$")
            screen = term.wait_until(
                lambda s, notice=notice: notice.search(" ".join(" ".join(status_rows(s)).split())) is not None,
                f"o aviso de {label} inteiro na linha de status",
            )
            assert all(len(row) <= 80 for row in status_rows(screen)), term.framed(screen)
            assert re.search(r"1 item\(ns\), 1 unidade\(s\)\s+TOTAL\s+R\$\s+57,28", screen), term.framed(screen)
            assert "DIPIRONA SODICA 500MG 10 CPR MEDLEY" in screen, term.framed(screen)
            assert AVISO not in screen, term.framed(screen)  # nothing shown in the middle of the sale
        admin.close()


# --- 5. Liberado shows nothing ------------------------------------------------------------------


def test_a_later_login_under_a_trust_unlock_shows_nothing_f1_tells_it(start_pdv, tmp_path):
    """Bloqueio Total, Desbloqueio em Confiança granted (D, supervisor): a later login enters
    the menu with no notice and no status line about the grant; F1 still tells it. The trainer
    setting Liberado while the cashier is on the menu shows nothing either, after re-checks."""
    with running_world(tmp_path / "mundo", "desbloqueio-concedido") as base:
        admin = httpx.Client(base_url=base, timeout=10, headers=HEADERS)
        term = start_pdv("demo", "desbloqueio-concedido", *world_urls(base), *FAST_RECHECK)
        login(term)
        wait_words(term, FIGURA_03)
        unlock(term)
        until = date.today() + timedelta(days=3)
        wait_words(term, f"Liberado Acesso ao sistema liberado até {until:%d/%m/%Y}.")
        term.press("enter")
        menu_screen(term)
        # a later login: the License Server answers Liberado (the grant), nothing is shown
        term.press("f10")
        login(term)
        menu_screen(term)
        screen = settled(term, quiet_for=0.5)
        assert AVISO not in screen and "desbloqueio em confiança" not in flat(screen).lower(), term.framed(screen)
        assert not "".join(status_rows(screen)).strip(), "linha de status no menu:\n" + term.framed(screen)
        term.press("f1")
        wait_words(term, f"Régua de Cobrança: desbloqueio em confiança em vigor até {until:%d/%m/%Y}.")
        term.press("esc")
        term.wait_gone(r"Ajuda · cenário")
        menu_screen(term)
        # live: the trainer sets Liberado; the re-checks show nothing
        screen = change_then_rechecks(admin, "liberado", term)
        assert "Menu principal" in screen and "Régua" not in screen and "Liberado" not in screen, term.framed(screen)
        assert not "".join(status_rows(screen)).strip(), "linha de status no menu:\n" + term.framed(screen)
        admin.close()


def test_a_live_change_to_liberado_clears_the_status_line_without_a_toast(start_pdv, tmp_path):
    """Bloqueio Parcial at login (its status line, the locked modules); the trainer sets
    Liberado while the cashier is on the menu: at the re-check the modules open and the status
    line goes away, and no "Régua de Cobrança" notification is shown (Liberado: nothing visual)."""
    with running_world(tmp_path / "mundo", "bloqueio-parcial") as base:
        admin = httpx.Client(base_url=base, timeout=10, headers=HEADERS)
        term = start_pdv("demo", "bloqueio-parcial", *world_urls(base), *FAST_RECHECK)
        login(term)
        wait_words(term, FIGURA_02)
        term.press("enter")  # CONTINUAR
        menu_screen(term)
        wait_words(term, "Bloqueio Parcial: só Venda, Pré-venda e Recebimento de títulos")
        term.wait_for(r"F5   Clientes - BLOQUEADO")
        screen = change_then_rechecks(admin, "liberado", term)
        assert "Bloqueio Parcial" not in screen, term.framed(screen)  # the re-check applied Liberado
        assert "F5   Clientes" in screen and "Clientes - BLOQUEADO" not in screen, term.framed(screen)
        assert "Régua" not in screen and "Liberado" not in screen, "aviso na tela:\n" + term.framed(screen)
        assert not "".join(status_rows(screen)).strip(), "linha de status no menu:\n" + term.framed(screen)
        admin.close()
