"""Smaller LGPD pieces: the half-block QR code, scenario validation of the LGPD keys, the seeded
Integração Portal LGPD, and `pdv sim consent` against a running portal (loopback)."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys

import httpx
import pytest
import segno
from rich.console import Console

from core.trainer.world import EmbeddedWorld
from storage.models import LgpdSettings
from storage.scenarios.loader import SCENARIO_DIR, describe_all, load_scenario
from storage.scenarios.scenario import ScenarioError
from tests.support.scenario_files import write_scenario as _write
from tui.lgpd.qr import qr_size, qr_text


def test_half_block_qr_is_the_segno_matrix():
    data = "http://192.168.100.200:8700/lgpdata/t/ABCDEF12"
    text = qr_text(data)
    rows: list[list[bool]] = []
    for line in text.split("\n"):
        top, bottom = [], []
        for segment in line.render(Console()):
            for _ in segment.text:
                top.append(segment.style.color.triplet.red == 0)
                bottom.append(segment.style.bgcolor.triplet.red == 0)
        rows += [top, bottom]
    expected = [[bool(v) for v in row] for row in segno.make(data, error="l", boost_error=False).matrix_iter(border=2)]
    assert rows[: len(expected)] == expected
    assert qr_size(data) == (33, 17)  # fits beside the text in an 80x24 dialog


@pytest.mark.parametrize(
    "body, key, problem",
    [
        (
            "[[lgpd_settings]]\nbranch = 2\nterm_branch = 1\nlgpd_name = 'X'\napi_key = 'a'\naccess = 'b'\npassword = 'c'\n",
            "lgpd_settings[0].branch",
            "não tem o produto LGPData",
        ),
        (
            "[[lgpd_settings]]\nbranch = 1\nlgpd_name = 'X'\napi_key = 'a'\naccess = 'b'\npassword = 'c'\n",
            "lgpd_settings[0]",
            "term_branch",
        ),
        (
            "[[lgpd_settings]]\nbranch = 1\nterm_cnpj = '11.111.111/0001-11'\nlgpd_name = 'X'\napi_key = 'a'\naccess = 'b'\npassword = 'c'\n",
            "lgpd_settings[0].term_cnpj",
            "CNPJ inválido",
        ),
        (
            "[[lgpd_settings]]\nbranch = 1\nterm_branch = 1\nlgpd_name = 'X'\napi_key = 'ção'\naccess = 'b'\npassword = 'c'\n",
            "lgpd_settings[0].api_key",
            "ASCII",
        ),
        (
            "[[lgpd_settings]]\nbranch = 1\nterm_branch = 1\nlgpd_name = 'X'\napi_key = 'a'\naccess = 'b'\npassword = 'c'\nurl = 'ftp://x'\n",
            "lgpd_settings[0].url",
            "http://",
        ),
        ("[lgpdata]\nexpiry_days = 0\n", "lgpdata.expiry_days", "inteiro >= 1"),
        (
            "[[lgpdata.terms]]\ncnpj = '12.345.678/0001-95'\noperation = 'outra'\nversion = '1'\ntext = 't'\n",
            "lgpdata.terms[0].operation",
            "inválido",
        ),
        (
            "[[lgpdata.terms]]\ncnpj = '12.345.678/0001-95'\noperation = 'convenio'\nversion = '1'\n",
            "lgpdata.terms[0].text",
            "obrigatório",
        ),
        (
            "[[lgpdata.consents]]\ndocument = '111.111.111-12'\nstatus = 'aceito'\n",
            "lgpdata.consents[0].document",
            "CPF inválido",
        ),
        (
            "[[lgpdata.consents]]\ndocument = 'MG123'\ndocument_type = 'RG'\nstatus = 'sem_status'\n",
            "lgpdata.consents[0].status",
            "inválido",
        ),
        ("[lgpdata.credentials]\napi_key = 3.5\n", "lgpdata.credentials.api_key", "texto"),
    ],
)
def test_lgpd_scenario_keys_are_validated(tmp_path, body, key, problem):
    path = _write(tmp_path, "quebrado", '[scenario]\nextends = "treinamento"\n' + body)
    with pytest.raises(ScenarioError) as raised:
        load_scenario("quebrado", path.parent)
    assert raised.value.key == key and problem in raised.value.problem
    assert raised.value.file == "quebrado.toml"


def test_lgpd_scenarios_ship_with_titles_and_descriptions():
    infos = {info.name: info for info in describe_all()}
    for name in ("lgpd-notificar", "lgpd-bloquear", "lgpd-portal-fora-do-ar", "lgpd-credenciais-erradas"):
        assert infos[name].error is None
        assert infos[name].title.startswith("LGPD") and "F5" in infos[name].description
        customers = load_scenario(name).data["customers"]
        statuses = {status for c in customers for status in c.get("consent", {}).values()}
        assert {"aceito", "recusado", "pendente", "cancelado", "expirado"} <= statuses, name


def test_seeded_settings(make_context):
    make_context("lgpd-portal-fora-do-ar")
    saved = LgpdSettings.get()
    assert (saved.term_cnpj, saved.url, saved.banner_id) == ("12345678000195", "http://127.0.0.1:9/lgpdata", 0)
    make_context("treinamento")
    assert LgpdSettings.get().url == ""


def test_pdv_sim_consent_changes_a_running_portal():
    world = EmbeddedWorld(SCENARIO_DIR, "treinamento")
    world.start()
    try:
        base = asyncio.run(world.base_url()) + "/lgpdata"
        trainer = {**os.environ, "PDV_TRAINER_TOKEN": world.token}  # as the trainer's terminal gives it
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "tui",
                "sim",
                "consent",
                "709.409.858-88",
                "Recusado",
                "--operation",
                "convenio",
                "--url",
                base,
            ],
            capture_output=True,
            text=True,
            timeout=60,
            env=trainer,
        )
        assert result.returncode == 0, result.stderr
        assert "70940985888: Recusado em convenio" in result.stdout
        state = httpx.get(f"{base}/admin/state", timeout=5, headers={"Authorization": f"Bearer {world.token}"}).json()
        assert {"document": "70940985888", "operation": "convenio", "status": "recusado"}.items() <= next(
            c for c in state["consents"] if c["document"] == "70940985888" and c["operation"] == "convenio"
        ).items()
        down = subprocess.run(
            [sys.executable, "-m", "tui", "sim", "consent", "1", "aceito", "--url", "http://127.0.0.1:9/lgpdata"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert down.returncode == 1 and "não foi possível conectar" in down.stderr and "Traceback" not in down.stderr
    finally:
        world.stop()


def test_each_consent_status_has_its_own_meaning():
    """Consulta status tells a refusal, a deletion request or an expiry for what it is, not as
    'O cliente ainda não respondeu.' (which is Pendente's alone)."""
    from core.lgpd.words import MEANING
    from domain.enums import ConsentStatus

    assert set(MEANING) == set(ConsentStatus)
    assert len(set(MEANING.values())) == len(MEANING)
    assert [s for s, text in MEANING.items() if "ainda não respondeu" in text] == [ConsentStatus.PENDING]
