"""Shared fixtures. Documents used in tests are written by the project itself; tests on
``../shared/corpus`` are acceptance tests that skip when it is absent.

The archive backend is chosen with ``--backend sqlite|postgresql`` (or ``DOSSIER_TEST_BACKEND``).
On PostgreSQL a throwaway server is started for the session (``initdb`` into a temporary
directory, ``pg_ctl start`` on a free loopback port) and every archive is a fresh database copied
from a migrated template. Tests take their database from ``db_url`` or ``databases.new(path)``.
"""

from __future__ import annotations

import glob
import hashlib
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from itertools import count
from pathlib import Path

import pytest

from dossier.read import Probe
from dossier.settings import Settings
from dossier.store import open_store

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
EVAL = CORPUS.parent / "eval"
FIXTURES = Path(__file__).parent / "fixtures"
BACKENDS = ("sqlite", "postgresql")
TEMPLATE = "dossier_template"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--backend",
        choices=BACKENDS,
        default=os.environ.get("DOSSIER_TEST_BACKEND", "sqlite"),
        help="archive backend for the tests (default sqlite; env DOSSIER_TEST_BACKEND)",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "sqlite_only(reason): the test reads SQLite itself")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    backend = config.getoption("--backend")
    for item in items:
        marker = item.get_closest_marker("sqlite_only")
        if marker is not None and backend != "sqlite":
            reason = marker.kwargs.get("reason") or (marker.args[0] if marker.args else "")
            item.add_marker(pytest.mark.skip(reason=f"SQLite only: {reason}"))


def _pg_bin(name: str) -> str:
    found = shutil.which(name) or next(
        iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None
    )
    if found is None:
        pytest.exit(f"--backend postgresql: {name} not found (install PostgreSQL)", returncode=4)
    return found


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PostgresServer:
    """A throwaway PostgreSQL cluster on 127.0.0.1; run as ``postgres`` when we are root."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="dossier-pg-"))
        self.as_root = os.geteuid() == 0
        if self.as_root:
            shutil.chown(self.root, "postgres", "postgres")
        self.port = _free_port()
        self.data = self.root / "data"
        self._run(_pg_bin("initdb"), "-D", str(self.data), "-U", "dossier", "-A", "trust",
                  "-E", "UTF8", "--locale=C", "--lc-ctype=C.UTF-8", "--no-sync")  # fmt: skip
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=300"
        )
        self._run(_pg_bin("pg_ctl"), "-D", str(self.data), "-l", str(self.root / "log"),
                  "-w", "-o", options, "start")  # fmt: skip

    def _run(self, *argv: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if self.as_root else []
        subprocess.run([*prefix, *argv], check=True, capture_output=True, cwd=self.root)

    def url(self, name: str) -> str:
        return f"postgresql://dossier@127.0.0.1:{self.port}/{name}"

    def admin(self, sql: str) -> int:
        """Run ``sql`` on the maintenance database; the first column of its row, if any."""
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            cursor = conn.execute(sql.encode())
            row = cursor.fetchone() if cursor.description else None
        return int(row[0]) if row else 0

    def stop(self) -> None:
        self._run(_pg_bin("pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")
        shutil.rmtree(self.root, ignore_errors=True)


class Databases:
    """Fresh archives for the chosen backend: a SQLite file path, or a new PostgreSQL database."""

    def __init__(self, server: PostgresServer | None) -> None:
        self.server = server
        self._numbers = count(1)
        self.strategy = ""
        if server is not None:
            server.admin(f"CREATE DATABASE {TEMPLATE}")
            open_store(Settings(db=server.url(TEMPLATE))).close()  # migrations, once
            # copying the small template's files is 3x faster than the WAL-logged default
            if server.admin("SHOW server_version_num") >= 150000:
                self.strategy = " STRATEGY FILE_COPY"

    def new(self, path: Path) -> str:
        """The ``--db`` value of a fresh archive; ``path`` is where SQLite keeps it."""
        if self.server is None:
            return str(path)
        name = f"test_{next(self._numbers)}"
        self.server.admin(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}{self.strategy}")
        return self.server.url(name)

    def drop(self, db: str) -> None:
        if self.server is not None:
            name = db.rsplit("/", 1)[1]
            self.server.admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(scope="session")
def backend(pytestconfig: pytest.Config) -> str:
    return str(pytestconfig.getoption("--backend"))


@pytest.fixture(scope="session")
def databases(backend: str) -> Iterator[Databases]:
    if backend == "sqlite":
        yield Databases(None)
        return
    server = PostgresServer()
    try:
        yield Databases(server)
    finally:
        server.stop()


@pytest.fixture
def db_url(tmp_path: Path, databases: Databases) -> Iterator[str]:
    """A fresh archive for one test, as a ``--db`` value (a path on SQLite, a URL on PostgreSQL)."""
    db = databases.new(tmp_path / "test.db")
    yield db
    databases.drop(db)


@pytest.fixture
def settings(db_url: str) -> Settings:
    return Settings(db=db_url)


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is absent")
    return CORPUS


def probe_of(name: str, data: bytes) -> Probe:
    return Probe(name, data, hashlib.sha256(data).hexdigest())
