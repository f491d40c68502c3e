"""An older PDV database keeps the LGPData API-KEY and Senha in clear: opening it with this version
encrypts them (migration 7), and the PDV still sends the right ones to the simulated portal."""

from __future__ import annotations

import httpx
import peewee as pw
import pytest

from core.kernel.config import Config
from core.kernel.context import build_context
from core.kernel.session import Session
from core.lgpd.consent import ConsentService, default_portal_url
from core.lgpd.settings import LgpdSettingsService
from domain.enums import ConsentStatus, Role
from servers.runner import WorldSource, build_app
from storage.models import Customer, CustomerAgreement
from storage.scenarios.loader import SCENARIO_DIR
from tests.conftest import FIXED_NOW
from tests.support.trainer import TOKEN

pytestmark = pytest.mark.both_engines

SCENARIO_API_KEY = "BEMESTAR-7F3A-2026"  # storage/scenarios/files/treinamento.toml, PDV and portal alike
SCENARIO_PASSWORD = "Termo@2026"
ACCEPTED_CPF = "70940985888"


def make_older(db: pw.Database) -> None:
    """The store as a PDV before migration 7 left it: short columns, credentials in clear."""
    if isinstance(db, pw.PostgresqlDatabase):
        db.execute_sql(
            "ALTER TABLE lgpd_settings ALTER COLUMN api_key TYPE VARCHAR(255), ALTER COLUMN password TYPE VARCHAR(255)"
        )
    db.execute_sql(
        "UPDATE lgpd_settings SET api_key = %s, password = %s"
        if isinstance(db, pw.PostgresqlDatabase)
        else "UPDATE lgpd_settings SET api_key = ?, password = ?",
        (SCENARIO_API_KEY, SCENARIO_PASSWORD),
    )
    db.execute_sql("DELETE FROM schema_version WHERE version = 7")


def raw_credentials(db: pw.Database) -> list[tuple[str, str]]:
    return list(db.execute_sql("SELECT api_key, password FROM lgpd_settings").fetchall())


async def test_an_older_database_is_encrypted_on_open_and_still_works(new_store, tmp_path):
    from core.kernel.clock import FixedClock

    target = new_store("treinamento")
    portal = httpx.ASGITransport(
        app=build_app(tmp_path / "world", WorldSource(SCENARIO_DIR, "treinamento", token=TOKEN))
    )
    config = Config(transports={"lgpdata": portal}, http_timeout=2.0)

    ctx = build_context(target, config=config, clock=FixedClock(FIXED_NOW))
    make_older(ctx.db)
    assert raw_credentials(ctx.db) == [(SCENARIO_API_KEY, SCENARIO_PASSWORD)]
    ctx.close()

    ctx = build_context(target, config=config, clock=FixedClock(FIXED_NOW))  # migration 7 runs here
    try:
        ((api_key, password),) = raw_credentials(ctx.db)
        assert api_key.startswith("enc:v1:") and password.startswith("enc:v1:")
        assert SCENARIO_API_KEY not in api_key and SCENARIO_PASSWORD not in password
        assert 7 in {row[0] for row in ctx.db.execute_sql("SELECT version FROM schema_version").fetchall()}

        branch = ctx.current_branch()
        session = Session(1, "supervisor", "Carlos", Role.SUPERVISOR, branch.id, branch.cnpj, branch.name)
        customer = Customer.get(Customer.document == ACCEPTED_CPF)
        agreement = CustomerAgreement.select().where(CustomerAgreement.customer == customer).first().agreement
        check = await ConsentService(ctx).query_status(session, customer, agreement)
        assert check.status is ConsentStatus.ACCEPTED, check.failure  # the portal took the decrypted ones

        service = LgpdSettingsService(ctx)
        default_url = await default_portal_url(ctx)
        form = service.load(session, branch.id, default_url)
        assert form.stored_secrets == {"api_key", "access", "password"} and form.password == ""
        assert service.save(session, form, default_url) == []  # nothing typed: nothing changed
        assert (await service.test_connection(session, form, default_url)).ok
        long_secret = "K" * 200  # the longest the form takes: its token needs a TEXT column
        form.api_key = long_secret
        assert service.save(session, form, default_url) == ["API-KEY"]
        from storage.models import LgpdSettings

        assert LgpdSettings.get().api_key == long_secret
    finally:
        ctx.close()
