"""A throwaway PostgreSQL cluster for tests (initdb + pg_ctl in a temp dir).

PostgreSQL refuses to run as root, so as root the cluster is owned by and run as
the ``postgres`` user (runuser). ``start()`` returns None with a reason when no
server can be started; tests then skip with that reason.
Set CLAIMGRAPH_TEST_PG_URL to use an existing server instead.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path

START_TIMEOUT = 60


def _bin_dir() -> str | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return os.path.dirname(found[-1])
    initdb = shutil.which("initdb")
    return os.path.dirname(initdb) if initdb else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class PgServer:
    admin_url: str  # a SQLAlchemy URL of the maintenance database
    data_dir: str | None = None
    bin_dir: str | None = None
    prefix: list[str] = field(default_factory=list)
    databases: list[str] = field(default_factory=list)

    def create_database(self) -> str:
        """A fresh empty database; returns its URL."""
        import psycopg

        name = f"cg_{uuid.uuid4().hex[:12]}"
        plain = self.admin_url.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        self.databases.append(name)
        return self.admin_url.rsplit("/", 1)[0] + "/" + name

    def restart(self) -> bool:
        """Stop the server at once (as a crash would) and start it again on the same port;
        False when this server was not started here (CLAIMGRAPH_TEST_PG_URL)."""
        if self.data_dir is None or self.bin_dir is None:
            return False
        out = subprocess.run(
            [*self.prefix, f"{self.bin_dir}/pg_ctl", "-D", self.data_dir, "-m", "immediate", "-w",
             "-t", "30", "-l", os.path.join(os.path.dirname(self.data_dir), "log"), "restart"],
            capture_output=True, timeout=60,
        )
        return out.returncode == 0

    def stop(self) -> None:
        if self.data_dir is None or self.bin_dir is None:
            return
        subprocess.run(
            [*self.prefix, f"{self.bin_dir}/pg_ctl", "-D", self.data_dir, "-m", "immediate", "stop"],
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(os.path.dirname(self.data_dir), ignore_errors=True)


def start() -> tuple[PgServer | None, str]:
    """(server, "") or (None, reason)."""
    existing = os.environ.get("CLAIMGRAPH_TEST_PG_URL")
    if existing:
        return PgServer(admin_url=existing), ""
    bin_dir = _bin_dir()
    if bin_dir is None:
        return None, "PostgreSQL server binaries (initdb) not found"
    prefix: list[str] = []
    root = tempfile.mkdtemp(prefix="claimgraph-pg-")
    if os.geteuid() == 0:
        runuser = shutil.which("runuser")
        if runuser is None:
            return None, "running as root and runuser is missing (postgres refuses root)"
        prefix = [runuser, "-u", "postgres", "--"]
        try:
            shutil.chown(root, user="postgres")
        except (LookupError, PermissionError) as err:
            return None, f"cannot hand the temp dir to the postgres user: {err}"
    data = os.path.join(root, "data")
    port = _free_port()

    def run(args: list[str]) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*prefix, *args], capture_output=True, text=True, timeout=START_TIMEOUT
        )

    try:
        init = run(
            [f"{bin_dir}/initdb", "-D", data, "-U", "postgres", "--auth=trust", "--no-sync",
             "-E", "UTF8", "--locale=C", "--lc-ctype=C.UTF-8"]
        )
        if init.returncode != 0:
            shutil.rmtree(root, ignore_errors=True)
            return None, f"initdb failed: {(init.stderr or init.stdout).strip()[:300]}"
        options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off"
        ctl = run(
            [f"{bin_dir}/pg_ctl", "-D", data, "-o", options, "-l", f"{root}/log", "-w",
             "-t", "30", "start"]
        )
    except (OSError, subprocess.TimeoutExpired) as err:
        shutil.rmtree(root, ignore_errors=True)
        return None, f"cannot start PostgreSQL: {err}"
    server = PgServer(
        admin_url=f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres",
        data_dir=data,
        bin_dir=bin_dir,
        prefix=prefix,
    )
    if ctl.returncode != 0:
        server.stop()
        return None, f"pg_ctl start failed: {(ctl.stderr or ctl.stdout).strip()[:300]}"
    return server, ""


_CACHED: tuple[PgServer | None, str] | None = None


def shared() -> tuple[PgServer | None, str]:
    """One server for the whole test session (stopped at exit)."""
    global _CACHED
    if _CACHED is None:
        import atexit

        _CACHED = start()
        if _CACHED[0] is not None:
            atexit.register(_CACHED[0].stop)
    return _CACHED


def database(backend: str, sqlite_path: Path) -> str:
    """A fresh database for a test parametrised by backend: the SQLite file ``sqlite_path``,
    or a new database on the shared server (the test is skipped, with the reason, without one)."""
    if backend == "sqlite":
        return str(sqlite_path)
    server, reason = shared()
    if server is None:
        import pytest

        pytest.skip(f"PostgreSQL not available: {reason}")
    return server.create_database()
