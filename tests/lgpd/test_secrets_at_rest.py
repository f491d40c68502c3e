"""Secrets at rest: the LGPData credentials (API-KEY, Senha) never lie in clear in any file the PDV
or the simulated portal writes (databases with their -wal, the error log, the audit), the key
files and the databases are the user's only, and the PDV still sends the right credentials."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import httpx
import pytest

from core.kernel.config import Config
from core.kernel.error_log import log_dir, log_line, log_unexpected
from core.kernel.session import Session
from core.lgpd.consent import ConsentService, default_portal_url
from core.lgpd.settings import LgpdSettingsForm, LgpdSettingsService
from domain.enums import ConsentStatus, Role
from servers.lgpdata.store import PortalStore
from servers.runner import WorldSource, build_app
from storage.models import AuditEntry, Customer, CustomerAgreement
from storage.scenarios.loader import SCENARIO_DIR, load_scenario
from storage.secret_box import key_path
from tests.support.trainer import TOKEN

API_KEY = "CHAVE-SIGILOSA-4Q7Z-2026"
PASSWORD = "Senha#Sigilosa-9081"
ACCESS = "pdv.sigilo"
ACCEPTED_CPF = "70940985888"


def supervisor(ctx) -> Session:
    branch = ctx.current_branch()
    return Session(1, "supervisor", "Carlos", Role.SUPERVISOR, branch.id, branch.cnpj, branch.name)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def files_of(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()]


def holding(paths: list[Path], *secrets: str) -> list[str]:
    """The files whose raw bytes hold one of `secrets` (as UTF-8)."""
    found = []
    for path in paths:
        data = path.read_bytes()
        found += [f"{path.name}: {secret!r}" for secret in secrets if secret.encode() in data]
    return found


@pytest.fixture
def world_folder(tmp_path) -> Path:
    return tmp_path / "world"


@pytest.fixture
def portal(world_folder) -> httpx.ASGITransport:
    return httpx.ASGITransport(app=build_app(world_folder, WorldSource(SCENARIO_DIR, "treinamento", token=TOKEN)))


async def set_portal_credentials(transport: httpx.ASGITransport) -> None:
    """The trainer's /admin route: the portal expects these credentials from now on."""
    async with httpx.AsyncClient(transport=transport, base_url="http://lgpdata.test") as client:
        answer = await client.put(
            "/lgpdata/admin/credentials",
            headers={"Authorization": f"Bearer {TOKEN}"},
            json={"api_key": API_KEY, "access": ACCESS, "password": PASSWORD},
        )
    assert answer.status_code == 200, answer.text


def call_that_fails(api_key: str, password: str) -> None:
    raise RuntimeError("o portal caiu no meio da chamada")


async def test_no_file_holds_a_clear_secret(make_context, portal, world_folder):
    await set_portal_credentials(portal)
    ctx = make_context(transports={"lgpdata": portal}, http_timeout=2.0)
    session = supervisor(ctx)
    service = LgpdSettingsService(ctx)
    default_url = await default_portal_url(ctx)
    form = service.load(session, ctx.current_branch().id, default_url)
    form.api_key, form.access, form.password = API_KEY, ACCESS, PASSWORD
    changed = service.save(session, form, default_url)
    assert {"API-KEY", "Acesso", "Senha"} <= set(changed)

    # read back: the code that sends them sees them in clear, the screen never does
    loaded = service.load(session, ctx.current_branch().id, default_url)
    assert (loaded.api_key, loaded.access, loaded.password) == ("", "", "")
    assert loaded.stored_secrets == {"api_key", "access", "password"}
    assert (await service.test_connection(session, loaded, default_url)).ok  # the stored ones, sent
    customer = Customer.get(Customer.document == ACCEPTED_CPF)
    agreement = CustomerAgreement.select().where(CustomerAgreement.customer == customer).first().agreement
    check = await ConsentService(ctx).query_status(session, customer, agreement)
    assert check.status is ConsentStatus.ACCEPTED, check.failure

    try:  # an unexpected error with the secrets in its frame's locals, and a line that quotes them
        call_that_fails(API_KEY, PASSWORD)
    except RuntimeError as error:
        log_unexpected(error, "teste")
    log_line(f"API-KEY: {API_KEY} Senha: {PASSWORD}")
    logs = files_of(log_dir())
    assert any(path.name.startswith("pdv.log") for path in logs)

    details = " ".join(entry.detail for entry in AuditEntry.select())
    assert "lgpd_parametros_alterados" in {entry.event for entry in AuditEntry.select()}
    assert API_KEY not in details and PASSWORD not in details

    store_file = Path(ctx.db.database)
    pdv_files = [p for p in store_file.parent.iterdir() if p.name.startswith(store_file.name)]
    assert any(p.name.endswith("-wal") for p in pdv_files)  # the latest writes are still in the WAL
    portal_files = files_of(world_folder)
    assert any(p.name == "lgpdata.sqlite3-wal" for p in portal_files)
    everything = pdv_files + portal_files + logs
    assert holding(everything, API_KEY, PASSWORD) == []
    assert holding(pdv_files, ACCESS) and holding(portal_files, ACCESS)  # Acesso, not encrypted: the grep sees data
    ctx.close()  # checkpointed into the file itself
    after = [p for p in store_file.parent.iterdir() if p.name.startswith(store_file.name)]
    assert holding(after + files_of(world_folder) + files_of(log_dir()), API_KEY, PASSWORD) == []
    # the keys are files of their own, outside the databases
    assert key_path().exists() and (world_folder / "lgpdata.key").exists()


def test_files_are_the_users_only(tmp_path):
    previous = os.umask(0o022)
    try:
        from core.kernel.context import build_context

        folder = tmp_path / "dados"
        ctx = build_context(folder / "pdv.sqlite3", config=Config(), seed_with=load_scenario("treinamento"))
        try:
            assert mode(folder) == 0o700
            for name in ("pdv.sqlite3", "pdv.sqlite3-wal", "pdv.sqlite3-shm"):
                assert mode(folder / name) == 0o600, name
        finally:
            ctx.close()
        assert mode(key_path()) == 0o600

        older = tmp_path / "antigo.sqlite3"  # left open to everyone by an older version
        older.write_bytes((folder / "pdv.sqlite3").read_bytes())
        older.chmod(0o644)
        ctx = build_context(older, config=Config())
        try:
            assert mode(older) == 0o600
            assert mode(Path(f"{older}-wal")) == 0o600
        finally:
            ctx.close()

        portal_folder = tmp_path / "portal"
        portal_folder.mkdir()
        store = PortalStore(portal_folder / "lgpdata.sqlite3")
        store.set_credentials(API_KEY, ACCESS, PASSWORD)
        for name in ("lgpdata.sqlite3", "lgpdata.sqlite3-wal", "lgpdata.sqlite3-shm", "lgpdata.key"):
            assert mode(portal_folder / name) == 0o600, name
        store.db.close()
    finally:
        os.umask(previous)


def test_an_older_portal_state_is_encrypted_when_opened(tmp_path):
    import json

    path = tmp_path / "lgpdata.sqlite3"
    store = PortalStore(path)
    store.Setting.replace(
        key="credentials", value=json.dumps({"api_key": API_KEY, "access": ACCESS, "password": PASSWORD})
    ).execute()  # as an older portal kept them
    store.db.close()

    store = PortalStore(path)
    raw = json.loads(store.Setting.get(store.Setting.key == "credentials").value)
    assert raw["api_key"].startswith("enc:v1:") and raw["password"].startswith("enc:v1:")
    store.check_credentials(API_KEY, ACCESS, PASSWORD)  # still the same credentials
    state = store.state()["credentials"]
    assert state["api_key"] == state["password"] == "********"  # not even the length
    store.db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    store.db.close()
    assert holding([path], API_KEY, PASSWORD) == []


def test_a_secret_of_another_key_is_asked_again(make_context, tmp_path):
    """A store whose credentials were saved with another PDV's key: the form asks for them
    again, and a consent check says why instead of sending empty credentials."""
    from storage.secret_box import use_key_file

    ctx = make_context()
    session = supervisor(ctx)
    before = use_key_file(tmp_path / "outra.key")
    try:
        form = LgpdSettingsService(ctx).load(session, ctx.current_branch().id, "http://lgpdata.test/lgpdata")
    finally:
        use_key_file(before)
    assert isinstance(form, LgpdSettingsForm)
    assert form.unreadable_secrets == {"api_key", "password"}
    assert "api_key" not in form.stored_secrets and "access" in form.stored_secrets


def test_a_long_url_refused_on_the_command_line_is_masked_before_it_is_cut():
    from tui.cli.types import _shown

    shown = _shown("http://user:MuitoLongaSenhaSecretaQueNaoAcaba@host:99999/x")
    assert "MuitoLonga" not in shown and "***" in shown


def test_messages_of_the_trainer_clients_name_a_url_without_its_password():
    import asyncio

    from core.kernel.errors import RemoteFailure
    from core.trainer.faults import FaultsAdmin
    from core.trainer.token import unauthorized_text

    assert "Sigilo" not in unauthorized_text("http://instrutor:Sigilo99@sala:8700")
    with pytest.raises(RemoteFailure) as caught:  # nothing listens on port 9
        asyncio.run(FaultsAdmin("http://instrutor:Sigilo99@127.0.0.1:9", timeout=0.5).listing())
    error = caught.value
    assert "Sigilo" not in str(error) and "instrutor:***@" in str(error)
