"""A real PostgreSQL server for the tests, started from the machine's own binaries (Debian's
`postgresql` package, which `make test` installs: tools/ensure_postgres.sh) in a throw-away folder, on a free loopback port.

initdb refuses to run as root: under root the server's folder is given to the `postgres` user
(made by the Debian package) or `nobody`, and its programs run as that user. The cluster is
made for tests: no fsync (a commit still reaches the WAL, so a server stopped at once keeps
it), and the ICU pt-BR collation a Brazilian store's database would have, so a query that
depends on byte order is caught here. Clients log in with a password over TCP
(scram-sha-256), as a PDV on another machine would.
"""

from __future__ import annotations

import glob
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

ADMIN = "pdv_admin"
APP_USER = "pdv"


class ServerUnavailable(Exception):
    """No PostgreSQL server could be started here; the message says why."""


def find_bindir() -> Path:
    """The folder with initdb and pg_ctl: $PDV_PG_BINDIR, PATH, or the newest Debian cluster."""
    given = os.environ.get("PDV_PG_BINDIR")
    candidates = [Path(given)] if given else []
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(Path(os.path.realpath(on_path)).parent)
    debian = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name), reverse=True)
    candidates += [Path(p) for p in debian]
    for folder in candidates:
        if (folder / "initdb").exists() and (folder / "pg_ctl").exists():
            return folder
    raise ServerUnavailable(
        "PostgreSQL não encontrado (initdb/pg_ctl): instale o pacote postgresql "
        "(apt-get install -y postgresql) ou indique a pasta em PDV_PG_BINDIR"
    )


def _run_as() -> pwd.struct_passwd | None:
    """The user the server runs as when the tests run as root (initdb refuses root)."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise ServerUnavailable("rodando como root sem um usuário 'postgres' ou 'nobody' para o servidor")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class PostgresServer:
    """One running cluster; `url(db)` is what a PDV is given with --db."""

    bindir: Path
    folder: Path
    port: int
    admin_password: str
    app_password: str
    runner: pwd.struct_passwd | None

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def url(self, database: str, *, user: str = APP_USER, password: str | None = None, port: int | None = None) -> str:
        password = self.app_password if password is None else password
        return f"postgresql://{user}:{password}@127.0.0.1:{port or self.port}/{database}"

    def admin(self, database: str = "postgres"):
        """A psycopg connection as the cluster's superuser, in autocommit (CREATE DATABASE...)."""
        import psycopg

        return psycopg.connect(
            host="127.0.0.1",
            port=self.port,
            user=ADMIN,
            password=self.admin_password,
            dbname=database,
            autocommit=True,
            connect_timeout=10,
        )

    def create_database(self, name: str, template: str | None = None) -> str:
        """A database owned by the PDV's user (copied from `template` if given); returns its URL."""
        from psycopg import sql

        with self.admin() as conn:
            statement = sql.SQL("CREATE DATABASE {} OWNER {}").format(sql.Identifier(name), sql.Identifier(APP_USER))
            if template:
                statement += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
            conn.execute(statement)
        return self.url(name)

    def drop_database(self, name: str) -> None:
        from psycopg import sql

        with self.admin() as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))

    def _pg(self, *args: str, check: bool = True, timeout: float = 120) -> subprocess.CompletedProcess:
        kwargs = {}
        if self.runner is not None:
            kwargs = {"user": self.runner.pw_uid, "group": self.runner.pw_gid, "extra_groups": []}
        return subprocess.run(
            [str(self.bindir / args[0]), *args[1:]],
            cwd=self.folder,
            capture_output=True,
            text=True,
            check=check,
            timeout=timeout,
            env={"PATH": os.environ.get("PATH", ""), "LC_ALL": "C"},
            **kwargs,
        )

    def start(self, attempts: int = 5) -> None:
        """Starts the server (again) on a free port, or on its port if it had one."""
        for _ in range(attempts):
            self.port = self.port or free_port()
            options = (
                f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} -c fsync=off "
                "-c full_page_writes=off -c max_connections=200 "
                "-c shared_buffers=32MB -c lc_messages=C"
            )
            started = self._pg(
                "pg_ctl",
                "start",
                "-D",
                str(self.data),
                "-l",
                str(self.folder / "server.log"),
                "-w",
                "-t",
                "60",
                "-o",
                options,
                check=False,
            )
            if started.returncode == 0:
                return
            self.port = 0
        raise ServerUnavailable(f"o servidor não subiu: {self.log_tail()}")

    def stop(self) -> None:
        """Stops the server at once (as a crash or a power cut would: no shutdown checkpoint)."""
        self._pg("pg_ctl", "stop", "-D", str(self.data), "-m", "immediate", "-w", check=False, timeout=60)

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join((self.folder / "server.log").read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def start_server(attempts: int = 5) -> PostgresServer:
    """initdb into a new temporary folder and start the server; raises ServerUnavailable."""
    bindir = find_bindir()
    runner = _run_as()
    folder = Path(tempfile.mkdtemp(prefix="pdv-pg-"))
    if runner is not None:
        os.chown(folder, runner.pw_uid, runner.pw_gid)
    server = PostgresServer(bindir, folder, 0, secrets.token_hex(12), secrets.token_hex(12), runner)
    pwfile = folder / "pw"
    pwfile.write_text(server.admin_password + "\n")
    if runner is not None:
        os.chown(pwfile, runner.pw_uid, runner.pw_gid)
    try:
        done = server._pg(
            "initdb",
            "-D",
            str(server.data),
            "-U",
            ADMIN,
            f"--pwfile={pwfile}",
            "-E",
            "UTF8",
            "--auth-host=scram-sha-256",
            "--auth-local=scram-sha-256",
            *_locale_args(bindir),
            check=False,
        )
        if done.returncode != 0:
            raise ServerUnavailable(f"initdb falhou: {done.stderr.strip() or done.stdout.strip()}")
        server.start(attempts)
        with server.admin() as conn:
            conn.execute(f"CREATE ROLE {APP_USER} LOGIN PASSWORD '{server.app_password}'")
    except BaseException:
        server.remove()
        raise
    return server


def _locale_args(bindir: Path) -> list[str]:
    """ICU pt-BR collation where this PostgreSQL has ICU (Debian's has), else C.UTF-8."""
    probe = subprocess.run([str(bindir / "initdb"), "--help"], capture_output=True, text=True)
    if "--locale-provider" in probe.stdout:
        return ["--locale=C.UTF-8", "--locale-provider=icu", "--icu-locale=pt-BR"]
    return ["--locale=C.UTF-8"]
