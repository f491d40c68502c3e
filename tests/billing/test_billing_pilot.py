"""Every branch of the Régua de Cobrança at login, driven with the keyboard as a cashier would,
against the real simulated License Server (in-process ASGI, or real loopback failures)."""

from __future__ import annotations

import time

import httpx
import pytest
from textual.widgets import Input, OptionList, Static

from core.kernel.errors import ModuleLocked
from domain.enums import BillingStatus, Module
from servers.license import texts
from storage.models import AuditEntry, User
from storage.settings import set_setting
from tests.conftest import wait_for
from tests.support.login_steps import CNPJ, login_to, supervisor, type_login
from tests.support.netutil import closed_port, silent_server
from tui.billing.notice import BillingNoticeDialog
from tui.billing.supervisor_prompt import SupervisorPrompt
from tui.billing.trust_result import TrustUnlockResultDialog
from tui.common.message import MessageDialog
from tui.login.menu import MenuScreen
from tui.login.screen import LoginScreen


def menu_labels(app) -> list[str]:
    options = app.screen.query_one("#menu-options", OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


def events(name: str) -> list[AuditEntry]:
    return list(AuditEntry.select().where(AuditEntry.event == name).order_by(AuditEntry.id))


async def test_liberado_goes_straight_to_the_menu(setup):
    app, world = setup("liberado")
    async with app.run_test(size=(80, 24)) as pilot:
        await login_to(pilot, MenuScreen, typed=True)
        supervisors_only = ("Auditoria", "Parâmetros")  # the permission table's, for an operador
        assert not any(
            "BLOQUEADO" in label for label in menu_labels(app) if not any(name in label for name in supervisors_only)
        )
        assert app.status_text == ""
        [call] = await world.admin().history()
    assert (call["route"], call["cnpj"], call["answer"]["situation"]) == ("access-check", CNPJ, "liberado")
    assert "rota=license-server" in events("regua_consulta")[0].detail


async def test_mensagem_shows_the_servers_text_and_ok_enters(setup):
    app, world = setup("mensagem")
    await world.admin().set_situation(CNPJ, BillingStatus.MESSAGE, "Texto da Linx para hoje [sem markup].")
    async with app.run_test(size=(80, 24)) as pilot:
        await login_to(pilot, BillingNoticeDialog)
        assert app.screen.text == "Texto da Linx para hoje [sem markup]."
        assert [b.id for b in app.screen.query("Button")] == ["aviso-ok"]
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, MenuScreen))
        assert app.session.locked.keys() == {Module.AUDIT, Module.SETTINGS}  # an operator's usual menu


async def test_partial_block_continuar_enters_with_sales_only(setup):
    app, _ = setup("bloqueio-parcial")
    async with app.run_test(size=(80, 24)) as pilot:
        await login_to(pilot, BillingNoticeDialog, "supervisor", "4321")
        assert app.screen.text == texts.PARTIAL_BLOCK_TEXT
        assert [str(b.label) for b in app.screen.query("Button")] == ["DESBLOQUEIO EM CONFIANÇA", "CONTINUAR"]
        assert app.focused.id == "aviso-continue"
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, MenuScreen))
        labels = menu_labels(app)
        for name in ("Venda", "Pré-venda", "Recebimento de títulos"):
            assert any(label.endswith(name) for label in labels)
        for name in ("Clientes", "Convênios", "Parâmetros", "Auditoria"):
            assert any(name in label and "BLOQUEADO" in label for label in labels)
        assert "Bloqueio Parcial" in str(app.screen.query_one("#status-line", Static).content)
        await pilot.press("f8")  # Auditoria: the supervisor's own module, refused now
        await pilot.pause()
        assert isinstance(app.screen, MessageDialog)
        assert "Bloqueio Parcial" in app.screen.body_text
        with pytest.raises(ModuleLocked):
            app.context.audit.entries(app.session)


async def test_total_block_ok_goes_back_to_login(setup):
    app, _ = setup("bloqueio-total")
    async with app.run_test(size=(80, 24)) as pilot:
        await login_to(pilot, BillingNoticeDialog)
        assert app.screen.text == texts.TOTAL_BLOCK_TEXT
        assert [str(b.label) for b in app.screen.query("Button")] == ["DESBLOQUEIO EM CONFIANÇA", "OK"]
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, LoginScreen))
        await app.workers.wait_for_complete()
        assert app.session is None
        assert "Bloqueio Total" in str(app.screen.query_one("#login-message", Static).content)
    assert len(events("acesso_negado")) == 1 and not events("login")


async def test_total_block_ok_leaves_the_user_selected_and_the_password_empty(setup):
    app, _ = setup("bloqueio-total")
    async with app.run_test(size=(80, 24)) as pilot:
        await login_to(pilot, BillingNoticeDialog, typed=True)
        await pilot.press("enter")  # OK
        await wait_for(pilot, lambda: isinstance(app.screen, LoginScreen))
        await app.workers.wait_for_complete()
        await pilot.pause()
        user = app.screen.query_one("#login-user", Input)
        assert app.focused is user
        assert (user.value, user.selection.start, user.selection.end) == ("operador", 0, len("operador"))
        assert app.screen.query_one("#login-password", Input).value == ""
        await pilot.press(*"supervisor", "enter", *"4321", "enter")  # the name typed replaces the selected one
        await wait_for(pilot, lambda: isinstance(app.screen, BillingNoticeDialog))
    assert not events("login_falhou") and len(events("acesso_negado")) == 1


@pytest.mark.parametrize("scenario", ["bloqueio-parcial", "bloqueio-total"])
async def test_trust_unlock_granted_enters_with_full_access(setup, scenario):
    app, world = setup(scenario)
    async with app.run_test(size=(80, 24)) as pilot:
        await login_to(pilot, BillingNoticeDialog)
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, SupervisorPrompt))
        assert app.focused.id == "supervisor-user"
        assert app.screen.query_one("#supervisor-password", Input).password
        await supervisor(pilot, typed=scenario == "bloqueio-total")
        await wait_for(pilot, lambda: isinstance(app.screen, TrustUnlockResultDialog))
        assert str(app.screen.query_one("#trust-outcome", Static).content) == "Liberado"
        assert "25/11/2026" in str(app.screen.query_one("#trust-text", Static).content)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, MenuScreen))
        assert app.session.locked.keys() == {Module.AUDIT, Module.SETTINGS}
        assert app.status_text == ""  # Liberado enters with no visual information
        assert app.session.trust_until.strftime("%d/%m/%Y") == "25/11/2026"  # told on F1
        await pilot.press("f10")
        await wait_for(pilot, lambda: isinstance(app.screen, LoginScreen))
        await login_to(pilot, MenuScreen)  # the grant is in force: Liberado, no dialog
    state = await world.admin().state()
    assert state["grants"][0]["supervisor"] == "supervisor" and state["grants"][0]["user"] == "operador"


async def test_trust_unlock_sem_sucesso_goes_back_to_the_block(setup):
    app, _ = setup("desbloqueio-sem-sucesso")
    async with app.run_test(size=(80, 24)) as pilot:
        await login_to(pilot, BillingNoticeDialog)
        await pilot.press("left", "enter")  # focus moves to DESBLOQUEIO EM CONFIANÇA
        await wait_for(pilot, lambda: isinstance(app.screen, SupervisorPrompt))
        await supervisor(pilot)
        await wait_for(pilot, lambda: isinstance(app.screen, TrustUnlockResultDialog))
        assert str(app.screen.query_one("#trust-outcome", Static).content) == "Sem Sucesso"
        assert "Limite de desbloqueios" in str(app.screen.query_one("#trust-text", Static).content)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, BillingNoticeDialog))
        await pilot.press("enter")  # OK: no access
        await wait_for(pilot, lambda: isinstance(app.screen, LoginScreen))
        assert app.session is None


async def test_wrong_supervisor_password_is_told_and_counts(setup):
    app, world = setup("bloqueio-total")
    async with app.run_test(size=(80, 24)) as pilot:
        await login_to(pilot, BillingNoticeDialog)
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, SupervisorPrompt))
        await supervisor(pilot, "supervisor", "0000")
        await wait_for(pilot, lambda: "inválidos" in str(app.screen.query_one("#supervisor-message", Static).content))
        assert app.focused.id == "supervisor-password" and app.focused.value == ""
        assert User.get(User.login == "supervisor").failed_attempts == 1
        await supervisor(pilot, "operador", "1234")
        await wait_for(
            pilot, lambda: "não pode autorizar" in str(app.screen.query_one("#supervisor-message", Static).content)
        )
        await pilot.press("escape")  # cancel: back to the block dialog
        await wait_for(pilot, lambda: isinstance(app.screen, BillingNoticeDialog))
        assert app.screen.status is BillingStatus.TOTAL_BLOCK
    assert await world.admin().history() and not (await world.admin().state())["grants"]


async def test_regua_route_for_versions_212_100_to_214_999(setup):
    app, world = setup("versao-regua-direta")
    async with app.run_test(size=(80, 24)) as pilot:
        await login_to(pilot, BillingNoticeDialog)
        assert app.screen.status is BillingStatus.MESSAGE
    [call] = await world.admin().history()
    assert (call["route"], call["version"]) == ("regua-check", "214.500")
    assert "rota=regua" in events("regua_consulta")[0].detail


async def test_old_version_does_not_check(setup):
    app, world = setup("versao-antiga")
    async with app.run_test(size=(80, 24)) as pilot:
        await login_to(pilot, MenuScreen)
        assert app.session.billing_status is BillingStatus.RELEASED
    assert await world.admin().history() == []
    assert events("regua_consulta") == [] and "212.100" in events("regua_sem_consulta")[0].detail


async def test_app_version_override_checks_again(setup):
    app, world = setup("versao-antiga", app_version="215.000")
    async with app.run_test(size=(80, 24)) as pilot:
        await login_to(pilot, BillingNoticeDialog)
        assert app.screen.status is BillingStatus.TOTAL_BLOCK
    assert [c["route"] for c in await world.admin().history()] == ["access-check"]


async def test_server_down_applies_the_last_known_situation(setup):
    app, _ = setup("licenca-fora-do-ar")  # [pdv] license_url: a closed loopback port
    async with app.run_test(size=(80, 24)) as pilot:
        await login_to(pilot, BillingNoticeDialog)
        assert app.screen.status is BillingStatus.MESSAGE and "faturas em aberto" in app.screen.text
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, MenuScreen))
        line = str(app.screen.query_one("#status-line", Static).content)
        assert line == "Régua fora do ar: vale a situação de 21/11 18:30, Mensagem"


async def test_server_down_none_known_enters_with_a_warning(setup):
    app, _ = setup("treinamento", license_url=f"http://127.0.0.1:{closed_port()}/license")
    async with app.run_test(size=(80, 24)) as pilot:
        await login_to(pilot, MenuScreen)
        assert app.screen.query_one("#status-line").display
        assert "nenhuma situação conhecida; acesso liberado" in str(
            app.screen.query_one("#status-line", Static).content
        )


async def test_server_that_never_answers_decides_within_the_timeout(setup):
    with silent_server() as url:
        app, _ = setup("bloqueio-parcial", license_url=f"{url}/license", http_timeout=0.4)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            moments = {}
            screen = app.screen
            waiting, enter_session = screen.waiting, app.enter_session
            screen.waiting = lambda text: (moments.setdefault("asked", time.monotonic()), waiting(text))
            app.enter_session = lambda session: (
                moments.setdefault("decided", time.monotonic()),
                enter_session(session),
            )
            await type_login(pilot)
            frames = set()
            while not isinstance(app.screen, MenuScreen):
                if isinstance(app.screen, LoginScreen):
                    frames.add(str(app.screen.query_one("#login-message", Static).content)[:1])
                await pilot.pause(0.02)
            await pilot.pause()
            assert moments["decided"] - moments["asked"] < 0.4 + 0.5
            assert len(frames) >= 2  # the spinner kept turning: the screen was repainted
            assert "Régua sem resposta" in app.status_text


async def test_malformed_answer_and_block_policy(setup):
    def handler(request):
        return httpx.Response(200, content=b"{not json", headers={"content-type": "application/json"})

    app, _ = setup("treinamento", transports={"license": httpx.MockTransport(handler)})
    async with app.run_test(size=(80, 24)) as pilot:
        set_setting("billing_failure_policy", "block")
        await login_to(pilot, BillingNoticeDialog)
        assert app.screen.status is BillingStatus.TOTAL_BLOCK
        assert "política desta loja" in app.screen.text
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, LoginScreen))
        assert app.session is None


async def test_recheck_applies_a_change_between_sales(setup):
    app, world = setup("treinamento")
    async with app.run_test(size=(80, 24)) as pilot:
        await login_to(pilot, MenuScreen)
        await world.admin().set_situation(CNPJ, BillingStatus.PARTIAL_BLOCK)
        app.sale_started()
        app.recheck_billing()
        await wait_for(pilot, lambda: "fim da venda" in app.status_text)
        assert isinstance(app.screen, MenuScreen) and Module.CUSTOMERS not in app.session.locked
        app.sale_finished()
        await wait_for(pilot, lambda: isinstance(app.screen, BillingNoticeDialog))
        await pilot.press("enter")  # CONTINUAR
        await wait_for(pilot, lambda: Module.CUSTOMERS in app.session.locked)
        assert isinstance(app.screen, MenuScreen)
        assert "situação alterada para Bloqueio Parcial" in str(app.screen.query_one("#status-line", Static).content)
        assert any("Clientes" in label and "BLOQUEADO" in label for label in menu_labels(app))
        await world.admin().set_situation(CNPJ, BillingStatus.RELEASED)
        app.recheck_billing()
        await wait_for(pilot, lambda: Module.CUSTOMERS not in app.session.locked)
        assert app.status_text == ""  # Liberado shows nothing; the audit keeps the change
    assert [e.detail for e in events("regua_situacao_aplicada")] == [
        "de=Liberado; para=Bloqueio Parcial; origem=servidor",
        "de=Bloqueio Parcial; para=Liberado; origem=servidor",
    ]


async def test_recheck_timer_and_total_block_ends_the_session(setup):
    app, world = setup("treinamento", recheck_minutes=0.003)  # every 0.18 s
    async with app.run_test(size=(80, 24)) as pilot:
        await login_to(pilot, MenuScreen)
        await world.admin().set_situation(CNPJ, BillingStatus.TOTAL_BLOCK)
        await wait_for(pilot, lambda: isinstance(app.screen, BillingNoticeDialog))
        await pilot.press("enter")  # OK
        await wait_for(pilot, lambda: isinstance(app.screen, LoginScreen) and app.session is None)
        assert "Bloqueio Total" in str(app.screen.query_one("#login-message", Static).content)


async def test_double_enter_while_checking_does_not_restart_the_login(setup):
    with silent_server() as url:
        app, _ = setup("treinamento", license_url=f"{url}/license", http_timeout=1.0)
        async with app.run_test(size=(80, 24)) as pilot:
            await type_login(pilot)
            await wait_for(pilot, lambda: getattr(app.screen, "busy", False))
            app.screen.submit()  # what Enter in the password field does, twice more
            app.screen.submit()
            assert len([w for w in app.workers if w.group == "login"]) == 1
            await wait_for(pilot, lambda: isinstance(app.screen, MenuScreen))
    assert len(events("regua_consulta")) == 1
