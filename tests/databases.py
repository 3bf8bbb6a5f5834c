"""Real database servers for the tests: SQLite files, and one PostgreSQL server per test session.

The PostgreSQL server is the Debian package's binaries (``make test`` installs the package when
missing), started here in a new temp dir on 127.0.0.1 with a free port, trust authentication and
no fsync, and stopped at the end of the session. Each test gets a database of its own.

``db_url`` is parametrised over both backends, so a test that takes it runs on each.
"""

from __future__ import annotations

import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import pytest

BACKENDS = ("sqlite", "postgresql")
SERVER_USER = "postgres"  # PostgreSQL will not run as root; the Debian package creates this user


def postgres_bin() -> Path:
    """The folder of initdb/pg_ctl: on PATH, else the newest Debian install."""
    on_path = shutil.which("pg_ctl")
    if on_path:
        return Path(on_path).resolve().parent
    installed = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: int(p.parent.parent.name))
    if not installed:
        pytest.fail("PostgreSQL is not installed: run the tests with `make test`, which installs it")
    return installed[-1].parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class PostgresServer:
    port: int
    _names: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    def url(self, database: str) -> str:
        return f"postgresql://{SERVER_USER}@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """A new empty database; its URL."""
        name = f"test_{next(self._names)}"
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return self.url(name)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    bin_dir = postgres_bin()
    home = Path(tempfile.mkdtemp(prefix="actionplans-pg-"))
    user = SERVER_USER if os.geteuid() == 0 else None
    if user:
        shutil.chown(home, user)
    data, port = home / "data", _free_port()

    def pg(*args: str) -> None:
        subprocess.run([str(bin_dir / args[0]), *args[1:]], user=user, check=True, capture_output=True, cwd=home)

    pg("initdb", "-D", str(data), "-U", SERVER_USER, "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C")
    options = f"-h 127.0.0.1 -p {port} -k {home} -c fsync=off -c full_page_writes=off -c max_connections=60"
    pg("pg_ctl", "-D", str(data), "-l", str(home / "server.log"), "-w", "-o", options, "start")
    try:
        yield PostgresServer(port)
    finally:
        pg("pg_ctl", "-D", str(data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def new_db_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[], str]:
    """Makes fresh, empty databases on the test's backend: each call gives a new URL."""
    if backend == "postgresql":
        return request.getfixturevalue("postgres_server").new_database
    files = (tmp_path / f"db{i}" / "store.db" for i in itertools.count(1))
    return lambda: f"sqlite:///{next(files)}"


@pytest.fixture
def db_url(new_db_url: Callable[[], str]) -> str:
    """A fresh, empty database URL, once on SQLite and once on PostgreSQL."""
    return new_db_url()
