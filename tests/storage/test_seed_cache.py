"""A demo seeds from the same scenario files many times a day: the users' argon2 hashes and the
sealed LGPData credentials of the last seed are reused (storage.scenarios.loader.cached_derived), never
when the files, the password or the key changed."""

from __future__ import annotations

import copy

import pytest

import storage.scenarios.seed as seed_module
from core.kernel.config import Config
from core.kernel.context import build_context
from storage import models as m
from storage import secret_box
from storage.passwords import verify_password
from storage.scenarios.loader import load_scenario_cached
from tests.conftest import FIXED_NOW, FixedClock


@pytest.fixture
def counted(monkeypatch, tmp_path):
    """An empty cache folder of its own, and how many hashes and seals each seed made."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    made = {"hash": 0, "seal": 0}
    real_hash, real_seal = seed_module.hash_password, seed_module.seal

    def hash_password(password):
        made["hash"] += 1
        return real_hash(password)

    def seal(clear):
        made["seal"] += 1
        return real_seal(clear)

    monkeypatch.setattr(seed_module, "hash_password", hash_password)
    monkeypatch.setattr(seed_module, "seal", seal)
    return made


def _seed(tmp_path, scenario, name):
    ctx = build_context(tmp_path / f"{name}.sqlite3", config=Config(), clock=FixedClock(FIXED_NOW), seed_with=scenario)
    users = {u.login: u.password_hash for u in m.User.select()}
    settings = [(s.api_key, s.password) for s in m.LgpdSettings.select()]
    ctx.close()
    return users, settings


def _clear(scenario):
    return (
        {u["login"]: u["password"] for u in scenario.data["users"]},
        [(str(e["api_key"]), str(e["password"])) for e in scenario.data["lgpd_settings"]],
    )


def test_a_second_seed_of_the_same_files_reuses_hashes_and_sealed_credentials(tmp_path, counted):
    scenario = load_scenario_cached("treinamento")
    passwords, credentials = _clear(scenario)
    _seed(tmp_path, scenario, "first")
    assert counted == {"hash": len(passwords), "seal": 2 * len(credentials)}

    users, settings = _seed(tmp_path, load_scenario_cached("treinamento"), "second")
    assert counted == {"hash": len(passwords), "seal": 2 * len(credentials)}  # nothing made again
    assert all(verify_password(users[login], password) for login, password in passwords.items())
    assert settings == credentials  # read back in clear with the key in use


def test_a_password_changed_in_memory_is_hashed_again(tmp_path, counted):
    _seed(tmp_path, load_scenario_cached("treinamento"), "first")
    before = dict(counted)
    changed = load_scenario_cached("treinamento")
    changed.data = copy.deepcopy(changed.data)
    changed.data["users"][0]["password"] = "outra-senha"
    users, _ = _seed(tmp_path, changed, "second")
    assert counted["hash"] == before["hash"] + len(changed.data["users"])
    assert verify_password(users[changed.data["users"][0]["login"]], "outra-senha")


def test_another_key_seals_again(tmp_path, counted, monkeypatch):
    _seed(tmp_path, load_scenario_cached("treinamento"), "first")
    before = dict(counted)
    monkeypatch.setenv(secret_box.KEY_ENV, str(tmp_path / "other.key"))
    scenario = load_scenario_cached("treinamento")
    _, settings = _seed(tmp_path, scenario, "second")
    assert counted["seal"] > before["seal"]
    assert counted["hash"] == before["hash"]
    assert settings == _clear(scenario)[1]


def test_edited_files_are_not_trusted(tmp_path, counted, monkeypatch):
    source = load_scenario_cached("treinamento").path.read_text(encoding="utf-8")
    copy_path = tmp_path / "minha-aula.toml"
    copy_path.write_text(source, encoding="utf-8")
    _seed(tmp_path, load_scenario_cached(str(copy_path)), "first")
    first = dict(counted)
    copy_path.write_text(source.replace('password = "1234"', 'password = "9876"', 1), encoding="utf-8")
    scenario = load_scenario_cached(str(copy_path))
    users, _ = _seed(tmp_path, scenario, "second")
    assert counted["hash"] == 2 * first["hash"]
    assert verify_password(users["operador"], "9876")
