"""Parâmetros > Integração Portal LGPD driven by keys, against the simulated portal over HTTP
(in-process ASGI): every field rule and validation message, both modes of CNPJ do termo,
Testar conexão, and the audit of a change (fields named, secrets never)."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Select, Static

from storage.models import AuditEntry, Branch, LgpdSettings
from tests.conftest import settle
from tests.support.lgpd_support import field, open_settings, run_test_connection
from tui.lgpd.settings import SPECIFY


def message(pilot) -> str:
    return str(pilot.app.screen.query_one("#settings-message", Static).render())


async def test_loads_the_configured_branch_and_lists_only_enabled_ones(lgpd_app):
    app = lgpd_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_settings(pilot)
        branch = field(pilot, "settings-branch")
        assert [value for _, value in branch._options if value is not Select.NULL] == [Branch.get(Branch.code == 1).id]
        note = str(field(pilot, "settings-note").render())
        assert "2 - Drogaria Bem Estar - Vila Nova" in note and "setor Comercial" in note
        assert "dados carregados" in message(pilot)
        cnpj = field(pilot, "settings-term-cnpj")
        assert cnpj.disabled and cnpj.value == "12.345.678/0001-95"
        assert field(pilot, "settings-name").value == "DROGARIA BEM ESTAR LTDA"
        for secret in ("settings-api-key", "settings-access", "settings-password"):
            assert field(pilot, secret).password is True
        assert field(pilot, "settings-url").value == "http://lgpdata.test/lgpdata"


async def test_unconfigured_branch_gets_the_documents_suggestions(lgpd_app):
    app = lgpd_app()
    LgpdSettings.delete().execute()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_settings(pilot)
        assert "ainda não configurada" in message(pilot)
        assert field(pilot, "settings-name").value == "DROGARIA BEM ESTAR LTDA"  # razão social
        assert field(pilot, "settings-banner").value == "0"
        assert field(pilot, "settings-validity").value == "0"
        assert field(pilot, "settings-url").value == "http://lgpdata.test/lgpdata"
        assert field(pilot, "settings-api-key").value == ""
        assert field(pilot, "settings-api-key").placeholder == ""  # nothing saved: no "(gravada)"
        await pilot.press("f2")
        await settle(pilot)
        problems = app.screen.problems  # a branch without settings must be given its secrets
        assert problems["api_key"].startswith("Informe a API-KEY")
        assert problems["access"].startswith("Informe o Acesso")
        assert problems["password"].startswith("Informe a Senha")


async def test_no_branch_with_the_product_says_how_to_get_it(lgpd_app):
    app = lgpd_app()
    Branch.update(lgpd_enabled=False).execute()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_settings(pilot)
        assert "Nenhuma filial possui o produto LGPData" in message(pilot)
        assert "setor Comercial" in str(field(pilot, "settings-note").render())
        assert field(pilot, "settings-name").disabled


async def test_specify_cnpj_by_keyboard_requires_and_validates_it(lgpd_app):
    app = lgpd_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_settings(pilot)
        await pilot.press("tab")  # Filial a ser utilizado o termo
        assert app.focused.id == "settings-term-branch"
        await pilot.press("enter", "down", "down", "enter")  # branch 1 -> 2 -> Especificar CNPJ
        await settle(pilot)
        cnpj = field(pilot, "settings-term-cnpj")
        assert field(pilot, "settings-term-branch").value == SPECIFY
        assert not cnpj.disabled and cnpj.value == ""
        await pilot.press("f2")
        await settle(pilot)
        assert "Informe o CNPJ do termo" in message(pilot)
        assert app.focused is cnpj
        await pilot.press(*"11.111.111/0001-11", "f2")
        await settle(pilot)
        assert "CNPJ do termo inválido" in message(pilot)
        cnpj.value = ""
        await pilot.press(*"12.ABC.345/01DE-35", "f2")
        await settle(pilot)
        assert "Configuração gravada" in message(pilot) and "CNPJ do termo" in message(pilot)
        saved = LgpdSettings.get()
        assert (saved.term_branch, saved.term_cnpj) == (None, "12ABC34501DE35")
        field(pilot, "settings-term-branch").value = Branch.get(Branch.code == 2).id
        await settle(pilot)
        assert cnpj.disabled and cnpj.value == "12.345.678/0002-76"
        field(pilot, "settings-term-branch").value = SPECIFY
        await settle(pilot)
        assert cnpj.value == "12.ABC.345/01DE-35"  # what was typed comes back


VALIDATION_CASES = [
    ("settings-name", "", "Informe o Nome LGPD"),
    ("settings-banner", "", "Informe o Identificador de Bandeira (use 0"),
    ("settings-banner", "x1", "Identificador de Bandeira deve ser um número inteiro"),
    ("settings-api-key", "chave ção", "API-KEY: use apenas caracteres ASCII"),
    ("settings-password", " espaço", "Senha: use apenas caracteres ASCII"),
    ("settings-validity", "", "Informe a Validade (dias): 0 consulta o portal a cada venda"),
    ("settings-validity", "-1", "Validade (dias) deve ser um número inteiro"),
    ("settings-url", "", "Informe a URL do portal"),
    ("settings-url", "ftp://portal", "URL inválida"),
]


async def test_each_validation_message(lgpd_app):
    """One field wrong at a time (the form reloaded between cases): its message, the focus on it,
    its label marked with '!', and nothing saved."""
    app = lgpd_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_settings(pilot)
        screen = app.screen
        before = LgpdSettings.get()
        for widget_id, value, expected in VALIDATION_CASES:
            screen.fill(screen.service.load(app.session, before.branch_id, screen.default_url))
            widget = field(pilot, widget_id)
            widget.value = value
            await pilot.press("f2")
            await settle(pilot)
            assert expected in message(pilot), (widget_id, value)
            assert app.focused is widget, (widget_id, value)
            assert str(widget.parent.query_one("Label").render()).startswith("! "), (widget_id, value)
            after = LgpdSettings.get()
            assert (after.lgpd_name, after.password, after.url) == (before.lgpd_name, before.password, before.url)


async def test_several_problems_are_counted_and_each_shown_on_focus(lgpd_app):
    app = lgpd_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_settings(pilot)
        field(pilot, "settings-name").value = ""
        field(pilot, "settings-validity").value = "abc"
        await pilot.press("f2")
        await settle(pilot)
        assert "2 campos com problema" in message(pilot)
        field(pilot, "settings-validity").focus()
        await settle(pilot)
        assert "Validade (dias) deve ser" in message(pilot)


async def test_save_audits_changed_fields_never_secrets(lgpd_app):
    app = lgpd_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_settings(pilot)
        field(pilot, "settings-password").value = "NovaSenha#1"
        field(pilot, "settings-validity").value = "7"
        await pilot.press("f2")
        await settle(pilot)
        assert "Alterado: Senha, Validade (dias)" in message(pilot)
    saved = LgpdSettings.get()
    assert (saved.password, saved.validity_days, saved.url) == ("NovaSenha#1", 7, "")
    entry = AuditEntry.get(AuditEntry.event == "lgpd_parametros_alterados")
    assert "Senha" in entry.detail and "NovaSenha#1" not in entry.detail
    assert "BEMESTAR" not in entry.detail


async def test_default_url_is_stored_empty_and_f4_restores_it(lgpd_app):
    app = lgpd_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_settings(pilot)
        field(pilot, "settings-url").value = "http://127.0.0.1:9/lgpdata"
        await pilot.press("f2")
        await settle(pilot)
        assert LgpdSettings.get().url == "http://127.0.0.1:9/lgpdata"
        await pilot.press("f4", "f2")
        await settle(pilot)
        assert field(pilot, "settings-url").value == "http://lgpdata.test/lgpdata"
        assert LgpdSettings.get().url == ""


async def test_testar_conexao_ok_lists_the_terms(lgpd_app):
    app = lgpd_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_settings(pilot)
        text = await run_test_connection(pilot)
        assert "Conexão OK" in text
        assert "Convênio (versão 1), Fidelidade (versão 1), Fidelidade Febrafar (versão 1)" in text
        assert "Termo@2026" not in text and "pdv.bemestar" not in text


@pytest.mark.parametrize(
    "widget_id, credential",
    [
        ("settings-api-key", "API-KEY"),
        ("settings-access", "Acesso"),
        ("settings-password", "Senha"),
    ],
)
async def test_testar_conexao_names_the_refused_credential(lgpd_app, widget_id, credential):
    app = lgpd_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_settings(pilot)
        field(pilot, widget_id).value = "errado"
        text = await run_test_connection(pilot)
        assert f"credencial recusada: {credential} inválido(a) (HTTP 401)" in text
        # the refused credential's field is marked ("!" before its label) and has the focus
        assert pilot.app.focused is field(pilot, widget_id)
        assert str(field(pilot, widget_id).parent.query_one("Label").render()) == f"! {credential}"
        assert f"{credential} recusado(a) pelo portal LGPData" in message(pilot)


async def test_testar_conexao_says_which_terms_are_missing(lgpd_app):
    app = lgpd_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_settings(pilot)
        field(pilot, "settings-banner").value = "7"
        text = await run_test_connection(pilot)
        assert "Nenhum termo vigente no portal para CNPJ 12.345.678/0001-95, bandeira 7" in text
        assert "Sem termo para a operação Fidelidade Febrafar, usada pelos convênios FEBRA" in text


async def test_testar_conexao_with_portal_down(lgpd_app):
    app = lgpd_app(http_timeout=1.0)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_settings(pilot)
        field(pilot, "settings-url").value = "http://127.0.0.1:9/lgpdata"
        text = await run_test_connection(pilot)
        assert "não foi possível conectar" in text
        assert field(pilot, "settings-url").value == "http://127.0.0.1:9/lgpdata"  # nothing typed lost


async def test_filial_change_loads_that_branch(lgpd_app):
    """Both branches enabled: choosing an unconfigured one shows its suggestions."""
    app = lgpd_app()
    Branch.update(lgpd_enabled=True).execute()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_settings(pilot)
        field(pilot, "settings-branch").value = Branch.get(Branch.code == 2).id
        await settle(pilot)
        assert "ainda não configurada" in message(pilot)
        assert field(pilot, "settings-term-cnpj").value == "12.345.678/0002-76"
        assert isinstance(field(pilot, "settings-name"), Input)


def test_a_401_names_the_field_of_the_refused_credential():
    from core.kernel.errors import HTTP, RemoteFailure
    from core.lgpd.settings import refused_credential

    assert set(refused_credential(RemoteFailure(HTTP, "x", 401, {"credencial": "Acesso"}))) == {"access"}
    assert set(refused_credential(RemoteFailure(HTTP, "x", 401, {"credencial": "API-KEY"}))) == {"api_key"}
    assert refused_credential(RemoteFailure(HTTP, "x", 500, {"credencial": "Senha"})) == {}
    assert refused_credential(RemoteFailure(HTTP, "x", 401, None)) == {}


async def test_esc_leaves_at_once_when_nothing_was_typed_and_asks_when_something_was(lgpd_app):
    from tui.common.confirm import ConfirmDialog
    from tui.lgpd.settings import VALIDITY_HINT, LgpdSettingsScreen

    app = lgpd_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_settings(pilot)
        assert str(app.screen.query_one("#settings-validity-hint", Static).render()) == VALIDITY_HINT
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, (LgpdSettingsScreen, ConfirmDialog))
        await pilot.press("enter")  # Configuração de integração again
        await settle(pilot)
        field(pilot, "settings-validity").value = "30"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")  # Cancelar: the edit is still there
        await settle(pilot)
        assert isinstance(app.screen, LgpdSettingsScreen) and field(pilot, "settings-validity").value == "30"
        await pilot.press("escape", "enter")  # Sair sem gravar
        await settle(pilot)
        assert not isinstance(app.screen, (LgpdSettingsScreen, ConfirmDialog))
    assert LgpdSettings.get().validity_days != 30


async def test_filial_change_with_edits_asks_and_cancel_keeps_the_branch_and_the_edit(lgpd_app):
    from tui.common.confirm import ConfirmDialog

    app = lgpd_app()
    Branch.update(lgpd_enabled=True).execute()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_settings(pilot)
        first = field(pilot, "settings-branch").value
        field(pilot, "settings-name").value = "NOME EDITADO"
        field(pilot, "settings-branch").value = Branch.get(Branch.code == 2).id
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")
        await settle(pilot)
        assert field(pilot, "settings-branch").value == first
        assert field(pilot, "settings-name").value == "NOME EDITADO"
        field(pilot, "settings-branch").value = Branch.get(Branch.code == 2).id
        await settle(pilot)
        await pilot.press("enter")  # Trocar sem gravar
        await settle(pilot)
        assert "ainda não configurada" in message(pilot)
        assert field(pilot, "settings-name").value != "NOME EDITADO"
