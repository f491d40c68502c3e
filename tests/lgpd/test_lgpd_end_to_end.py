"""The whole consent loop over loopback HTTP: the PDV asks for consent, a real HTTP client opens
the link and accepts on the portal's page (submitting its form), and Consulta status in the
dialog shows Aceito and the receipt; the 7 LGPD tab shows it too."""

from __future__ import annotations

import re

import httpx
import pytest

from core.trainer.world import EmbeddedWorld
from storage.models import Customer, CustomerAgreement
from storage.scenarios.loader import SCENARIO_DIR
from tests.conftest import login, settle
from tui.lgpd.consent_link import ConsentLinkDialog


@pytest.fixture
def world():
    started = EmbeddedWorld(SCENARIO_DIR, "treinamento")
    started.start()
    yield started
    started.stop()


async def test_request_accept_on_the_page_then_consulta_status(demo_app, world):
    app = demo_app(world=world, http_timeout=3.0)
    async with app.run_test(size=(80, 24)) as pilot:
        await login(pilot, "supervisor", "4321")
        await pilot.press("f5", *"0004", "enter", "f7")
        await settle(pilot)
        await pilot.press("f9")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ConsentLinkDialog)
        link = dialog.consent_request.link
        assert link.startswith("http://127.0.0.1:") and "/lgpdata/t/" in link
        assert link in str(dialog.query_one("#consent-link-text").render())
        assert dialog.query_one("#consent-qr").data == link

        async with httpx.AsyncClient(timeout=5) as browser:
            page = await browser.get(link)
            assert page.status_code == 200 and "Aceito o termo" in page.text
            action = re.search(r"<form method='post' action='([^']+)'", page.text).group(1)
            answered = await browser.post(action, data={"acao": "aceitar"})
            assert "Seu aceite foi registrado" in answered.text

        await pilot.press("f8")
        await settle(pilot)
        status = str(dialog.query_one("#consent-status").render())
        detail = str(dialog.query_one("#consent-detail").render())
        assert status.startswith("Status: Aceito")
        assert "Comprovante: aceito em" in detail
        assert f"solicitação {dialog.consent_request.request_id}" in detail
        assert "Canal: link" in detail
        await pilot.press("escape")
        await settle(pilot)
        table = app.screen.query_one("#lgpd-table")
        assert table.get_row_at(table.cursor_row)[2] == "Aceito"
        assert "Comprovante: aceito em" in str(app.screen.query_one("#lgpd-detail").render())
    link_row = CustomerAgreement.select().join(Customer).where(Customer.code == "0004").get()
    assert link_row.consent_status == "aceito"
    assert dialog.consent_request.request_id in link_row.consent_receipt
