"""Fixtures of the real-terminal suite: a `pdv` on a pseudo-terminal in its own HOME."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from tests.terminal.harness import Terminal
from tests.terminal.readme_rows import pytest_configure  # noqa: F401 - registers the readme mark

Start = Callable[..., Terminal]


@pytest.fixture
def start_pdv(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Iterator[Start]:
    """start_pdv("demo", "treinamento", columns=80, lines=24) -> a running Terminal.

    Each call gets a HOME of its own (config, data and log folders inside it). On a failing test
    the last screen of every terminal is printed in the report."""
    started: list[Terminal] = []

    def start(*args: str, columns: int = 80, lines: int = 24, env: dict[str, str] | None = None, home=None) -> Terminal:
        home = home or tmp_path_factory.mktemp("home")
        _share_secret_key(home)
        term = Terminal(args or ("demo", "treinamento"), home=home, columns=columns, lines=lines, env=env)
        started.append(term)
        return term

    yield start
    failed = getattr(request.node, "rep_call", None)
    for term in started:
        if failed is not None and failed.failed:
            print(f"\n--- última tela do pdv {term.pid} ---\n{term.framed()}")
        term.close()


def _share_secret_key(home) -> None:
    """The pdv in `home` gets the key of this test process (storage.secret_box): a store seeded
    here, then opened there, reads its LGPData credentials as the same user's PDV would."""
    import shutil

    from storage.secret_box import KEY_FILE, key_path

    source = key_path()
    target = home / ".config" / "pdv-sim" / KEY_FILE
    if source.exists() and not target.exists():
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        shutil.copy2(source, target)


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


def login(term: Terminal, user: str = "operador", password: str = "1234") -> None:
    """Types the user and password the way a person does, one field after the other."""
    term.wait_for(r"Usuário")
    term.write(f"{user}\r")
    term.wait_for(r"Senha")
    term.write(f"{password}\r")


@pytest.fixture
def menu(start_pdv: Start) -> Terminal:
    """`pdv demo treinamento` logged in as operador, on the Menu principal."""
    term = start_pdv("demo", "treinamento")
    term.wait_for(r"Usuário")
    term.write("operador\r1234\r")
    term.wait_for(r"Menu principal")
    return term
