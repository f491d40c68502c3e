"""Convênios (LGPD parameters, Alteração especial) and Clientes (PF/PJ, documents, links, the
notice on save, the 7 LGPD tab) driven by keys against the simulated portal over HTTP."""

from __future__ import annotations

import httpx
import pytest
from textual.widgets import DataTable, Input, Select, SelectionList, Static

from storage.models import Agreement, AuditEntry, Customer, CustomerAgreement
from tests.conftest import login, settle
from tui.common.confirm import ConfirmDialog
from tui.common.message import MessageDialog
from tui.registry.customer import CustomerScreen


def text_of(pilot, selector: str) -> str:
    return str(pilot.app.screen.query_one(selector, Static).render())


# --- Convênios ------------------------------------------------------------------------------------


async def open_agreement(pilot, code: str) -> None:
    await login(pilot, "supervisor", "4321")
    await pilot.press("f6")
    await settle(pilot)
    table = pilot.app.screen.query_one("#agreements-table", DataTable)
    codes = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]  # cells are Rich Text
    table.move_cursor(row=codes.index(code))
    await pilot.press("enter")
    await settle(pilot)


async def test_operation_required_unless_nenhuma_acao(lgpd_app):
    app = lgpd_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_agreement(pilot, "PART")
        operation = app.screen.query_one("#agreement-operation", Select)
        assert operation.disabled
        await pilot.press("enter", "down", "enter")  # Nenhuma ação -> Notificar pendência
        await settle(pilot)
        assert not operation.disabled
        await pilot.press("f2")
        await settle(pilot)
        assert "Informe o Código operação" in text_of(pilot, "#agreement-message")
        assert Agreement.get(Agreement.code == "PART").consent_rule == "nenhuma"
        operation.value = "fidelidade"
        await pilot.press("f2")
        await settle(pilot)
        assert "gravados" in text_of(pilot, "#agreement-message")
    saved = Agreement.get(Agreement.code == "PART")
    assert (saved.consent_rule, saved.consent_operation) == ("notificar", "fidelidade")
    assert AuditEntry.get(AuditEntry.event == "convenio_lgpd_alterado").detail.startswith("convenio=PART")


async def test_nenhuma_acao_clears_the_operation(lgpd_app):
    app = lgpd_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_agreement(pilot, "FEBRA")
        app.screen.query_one("#agreement-rule", Select).value = "nenhuma"
        await settle(pilot)
        assert app.screen.query_one("#agreement-operation", Select).disabled
        await pilot.press("f2")
        await settle(pilot)
    saved = Agreement.get(Agreement.code == "FEBRA")
    assert (saved.consent_rule, saved.consent_operation) == ("nenhuma", None)


async def open_bulk(pilot) -> None:
    await login(pilot, "supervisor", "4321")
    await pilot.press("f6", "f4")
    await settle(pilot)


async def test_alteracao_especial_boxes_say_their_state_in_text(lgpd_app):
    app = lgpd_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_bulk(pilot)
        types = app.screen.query_one("#bulk-types", SelectionList)
        await pilot.press("down", "space")  # the second type: marked
        await pilot.pause()
        lines = [types.render_line(y).text for y in range(types.option_count)]
        assert lines[0].startswith("[ ] ") and lines[1].startswith("[X] ")
        assert all(line[:4] in ("[ ] ", "[X] ") for line in lines)


async def test_alteracao_especial_by_types_counts_changes(lgpd_app):
    app = lgpd_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_bulk(pilot)
        types = app.screen.query_one("#bulk-types", SelectionList)
        labels = [str(types.get_option_at_index(i).prompt) for i in range(types.option_count)]
        assert "Empresa (2)" in labels
        await pilot.press(*(["down"] * labels.index("Empresa (2)")), "space")  # keyboard: mark Empresa
        assert list(types.selected) == ["Empresa"]
        await pilot.press("f2")
        await settle(pilot)
        assert "Selecione a regra" in text_of(pilot, "#bulk-message")
        app.screen.query_one("#bulk-rule", Select).value = "bloquear"
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        assert "Informe o Código operação" in text_of(pilot, "#bulk-message")
        app.screen.query_one("#bulk-operation", Select).value = "fidelidade"
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert "2 convênio(s) dos tipos Empresa" in app.screen.body_text
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MessageDialog)
        assert app.screen.body_text == "2 convênio(s) alterado(s) de 2 dos tipos escolhidos."
        await pilot.press("enter")
        await settle(pilot)
        app.screen.query_one("#bulk-operation", Select).value = "fidelidade"
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.body_text.startswith("0 convênio(s) alterado(s) de 2")
    rows = {
        (a.consent_rule, a.consent_operation) for a in Agreement.select().where(Agreement.agreement_type == "Empresa")
    }
    assert rows == {("bloquear", "fidelidade")}
    assert Agreement.get(Agreement.code == "PART").consent_rule == "nenhuma"
    assert "alterados=2" in AuditEntry.get(AuditEntry.event == "convenio_alteracao_especial").detail


async def test_alteracao_especial_needs_a_type_and_can_be_cancelled(lgpd_app):
    app = lgpd_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_bulk(pilot)
        await pilot.press("f2")
        await settle(pilot)
        assert "Selecione ao menos um tipo" in text_of(pilot, "#bulk-message")
        app.screen.query_one("#bulk-types", SelectionList).select("PBM")
        app.screen.query_one("#bulk-rule", Select).value = "nenhuma"
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert "cancelada" in text_of(pilot, "#bulk-message")
    assert Agreement.get(Agreement.code == "PBM01").consent_rule == "bloquear"


# --- Clientes -------------------------------------------------------------------------------------


async def new_customer(pilot) -> CustomerScreen:
    await login(pilot, "supervisor", "4321")
    await pilot.press("f5", "f2")
    await settle(pilot)
    return pilot.app.screen


async def open_customer(pilot, code: str) -> CustomerScreen:
    await login(pilot, "supervisor", "4321")
    await pilot.press("f5", *code, "enter")  # Enter in the search opens the match
    await settle(pilot)
    assert isinstance(pilot.app.screen, CustomerScreen)
    return pilot.app.screen


DOCUMENT_CASES = [
    ("PF", "CPF", "111.111.111-12", "CPF inválido"),
    ("PF", None, "123", "selecione o tipo de documento"),
    ("PF", "RG", "12", "RG: informe de 4 a 20 letras ou números"),
    ("PJ", None, "", "Pessoa jurídica: informe o CNPJ"),
    ("PJ", None, "12.ABC.345/01DE-00", "CNPJ inválido"),
]


async def test_customer_document_rules(lgpd_app):
    app = lgpd_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await new_customer(pilot)
        await pilot.press(*"Maria Teste")
        for person, doctype, document, expected in DOCUMENT_CASES:
            screen.query_one("#customer-person", Select).value = person
            if person == "PF":
                screen.query_one("#customer-doctype", Select).value = doctype if doctype else Select.NULL
            screen.query_one("#customer-document", Input).value = document
            await settle(pilot)
            await pilot.press("f2")
            await settle(pilot)
            assert expected in text_of(pilot, "#customer-message"), (person, doctype, document)
        assert Customer.get_or_none(Customer.name == "Maria Teste") is None


async def test_customer_name_required(lgpd_app):
    app = lgpd_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await new_customer(pilot)
        await pilot.press("f2")
        await settle(pilot)
        assert "Informe o nome do cliente" in text_of(pilot, "#customer-message")


@pytest.mark.parametrize(
    "person, doctype, document, stored",
    [
        ("PF", "CPF", "529.982.247-25", "52998224725"),
        ("PF", "PASSAPORTE", "fz-123456", "FZ123456"),
        ("PJ", None, "xy.9zw.80a/0001-79", "XY9ZW80A000179"),
    ],
)
async def test_customer_created(lgpd_app, person, doctype, document, stored):
    app = lgpd_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await new_customer(pilot)
        await pilot.press(*"Nova Pessoa")
        screen.query_one("#customer-person", Select).value = person
        if doctype:
            screen.query_one("#customer-doctype", Select).value = doctype
        screen.query_one("#customer-document", Input).value = document
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        assert "cadastrado" in text_of(pilot, "#customer-message")
    customer = Customer.get(Customer.name == "Nova Pessoa")
    assert (customer.person_type, customer.document) == (person, stored)
    assert stored not in AuditEntry.get(AuditEntry.event == "cliente_criado").detail


async def test_duplicate_document_refused(lgpd_app):
    app = lgpd_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await new_customer(pilot)
        await pilot.press(*"Outra Pessoa")
        screen.query_one("#customer-document", Input).value = "709.409.858-88"
        await pilot.press("f2")
        await settle(pilot)
        assert "Documento já cadastrado para o cliente" in text_of(pilot, "#customer-message")


@pytest.mark.parametrize(
    "agreement, title, words",
    [
        ("EMPR02", "LGPD - Bloquear venda", "serão bloqueadas até que o termo seja aceito"),
        ("EMPR01", "LGPD - Notificar pendência", "a pendência será notificada"),
    ],
)
async def test_saving_pf_without_accepted_term_shows_the_rules_notice(lgpd_app, agreement, title, words):
    app = lgpd_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await new_customer(pilot)
        await pilot.press(*"Cliente Novo")
        screen.query_one("#customer-document", Input).value = "529.982.247-25"
        await pilot.press("f4", "f5")
        await settle(pilot)
        options = app.screen.query_one("#pick-agreement")
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        options.highlighted = ids.index(str(Agreement.get(Agreement.code == agreement).id))
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, MessageDialog)
        assert app.screen.title_text == title and words in app.screen.body_text
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.query_one("#customer-tabs").active == "tab-lgpd"
    customer = Customer.get(Customer.name == "Cliente Novo")
    assert [link.agreement.code for link in customer.agreement_links] == [agreement]


async def test_no_notice_for_nenhuma_acao_or_accepted(lgpd_app):
    app = lgpd_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_customer(pilot, "0003")  # EMPR01, stored Pendente: notice
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, MessageDialog)
        await pilot.press("enter", "f7", "f8")
        await settle(pilot)  # the portal says Aceito
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, CustomerScreen)


async def test_unlink_and_link_are_saved_together(lgpd_app):
    app = lgpd_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_customer(pilot, "0009")  # EMPR01 + FID01
        await pilot.press("f4", "f6")
        await settle(pilot)
        assert "desvinculado" in text_of(pilot, "#customer-message")
        assert CustomerAgreement.select().join(Customer).where(Customer.code == "0009").count() == 2
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)  # unsaved changes are not dropped silently
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        await pilot.press("f2")
        await settle(pilot)
    assert CustomerAgreement.select().join(Customer).where(Customer.code == "0009").count() == 1


# --- the 7 LGPD tab ---------------------------------------------------------------------------------


def lgpd_row(pilot) -> tuple:
    table = pilot.app.screen.query_one("#lgpd-table", DataTable)
    return tuple(table.get_row_at(table.cursor_row))


async def test_lgpd_tab_refresh_shows_status_date_and_receipt(lgpd_app, clock):
    app = lgpd_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_customer(pilot, "0003")
        await pilot.press("f7")
        await settle(pilot)
        assert lgpd_row(pilot)[2] == "Pendente"
        await pilot.press("f8")
        await settle(pilot)
        row = lgpd_row(pilot)
        assert row[2] == "Aceito" and row[3] == "22/11/2026 09:30"
        detail = text_of(pilot, "#lgpd-detail")
        assert "Comprovante: aceito em 22/11/2026 09:00:00" in detail
        assert "Termo versão 1" in detail


def test_only_a_pessoa_fisica_has_consent_control():
    from core.lgpd.consent import has_consent_control
    from domain.enums import PersonType

    assert has_consent_control(PersonType.PERSON) and has_consent_control("PF")
    assert not has_consent_control(PersonType.COMPANY) and not has_consent_control("PJ")


async def test_lgpd_tab_of_a_pj_offers_no_f8_f9_and_a_pf_does(lgpd_app):
    app = lgpd_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_customer(pilot, "0902")
        await pilot.press("f7")
        await settle(pilot)
        offered = {key for key, active in screen.active_bindings.items() if active.binding.show and active.enabled}
        assert not {"f8", "f9"} & offered
        portal_calls = AuditEntry.select().count()
        await pilot.press("f8", "f9")
        await settle(pilot)
        assert app.screen is screen and AuditEntry.select().count() == portal_calls
        # the same screen, the type changed to Pessoa Física: the actions come back
        screen.query_one("#customer-person", Select).value = "PF"
        await settle(pilot)
        offered = {key for key, active in screen.active_bindings.items() if active.binding.show and active.enabled}
        assert {"f8", "f9"} <= offered


async def test_lgpd_tab_for_pj_and_unsaved(lgpd_app):
    app = lgpd_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_customer(pilot, "0902")
        await pilot.press("f7")
        await settle(pilot)
        assert "pessoas jurídicas (empresas) não possuem controle de dados" in text_of(pilot, "#lgpd-note")
        assert not screen.query_one("#lgpd-table").display
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press("f7", "f8")
        await settle(pilot)
        assert "Grave o cadastro do cliente (F2)" in text_of(pilot, "#lgpd-note")
        assert app.screen.query_one("#lgpd-refresh").disabled


async def test_lgpd_tab_without_the_product(lgpd_app):
    from storage.models import Branch

    app = lgpd_app()
    Branch.update(lgpd_enabled=False).execute()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_customer(pilot, "0003")
        await pilot.press("f7")
        await settle(pilot)
        assert "Produto LGPData não liberado" in text_of(pilot, "#lgpd-note")
        assert "setor Comercial" in text_of(pilot, "#lgpd-note")


def _fail(kind: str):
    def handler(request: httpx.Request) -> httpx.Response:
        if kind == "refused":
            raise httpx.ConnectError("refused", request=request)
        if kind == "timeout":
            raise httpx.ReadTimeout("slow", request=request)
        if kind == "401":
            return httpx.Response(401, json={"detail": "API-KEY inválido(a).", "credencial": "API-KEY"})
        if kind == "500":
            return httpx.Response(500, text="Internal Server Error")
        return httpx.Response(200, text="{não é json")

    return handler


@pytest.mark.parametrize(
    "kind, reason",
    [
        ("refused", "não foi possível conectar"),
        ("timeout", "tempo limite"),
        ("401", "API-KEY inválido(a)"),
        ("500", "erro interno do servidor (HTTP 500)"),
        ("malformed", "resposta inválida"),
    ],
)
async def test_lgpd_tab_portal_failures_show_sem_status_and_keep_typing(lgpd_app, kind, reason):
    app = lgpd_app(transport=httpx.MockTransport(_fail(kind)), http_timeout=0.5)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_customer(pilot, "0003")
        screen.query_one("#customer-name", Input).value = "Nome Digitado Agora"
        await pilot.press("f7", "f8")
        await settle(pilot)
        assert lgpd_row(pilot)[2] == "Sem status"
        detail = text_of(pilot, "#lgpd-detail")
        assert reason in detail and "Último status conhecido: Pendente" in detail
        await pilot.press("f9")
        await settle(pilot)
        assert reason in str(app.screen.query_one("#consent-link-text").render())
        await pilot.press("escape")
        await settle(pilot)
        assert screen.query_one("#customer-name", Input).value == "Nome Digitado Agora"
    link = CustomerAgreement.select().join(Customer).where(Customer.code == "0003").get()
    assert link.consent_status == "pendente"
