"""Ingest on a Dask cluster: a real LocalCluster of two worker processes on loopback, into
SQLite and the PostgreSQL server the tests start. The cluster stores what a serial ingest
stores; a worker killed with SIGKILL mid-run has its chunk run again and every article is
stored once; the database restarted mid-run is waited for; a scheduler that does not answer
is one line and exit status 2. Also: two writers resolving one person's names at once."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pg_server
import pytest
from conftest import cli_env
from corpus_templates import make_corpus, write_jsonl
from helpers import store_contents
from sqlalchemy import create_engine, text

from claimgraph.corpus import ingest
from claimgraph.corpus.cluster import DaskWorkers, dask_client
from claimgraph.corpus.local import LocalWorkers
from claimgraph.corpus.work import patiently
from claimgraph.errors import StoreError
from claimgraph.options import AnalysisOptions
from claimgraph.store import Pending, Store

SPECS = make_corpus(100, seed=41)
SAME, KILLED, RESTARTED = SPECS[0:24], SPECS[24:60], SPECS[60:90]
OPTIONS = AnalysisOptions(batch_size=3)


@pytest.fixture(scope="module")
def client():  # type: ignore[no-untyped-def]
    """One LocalCluster for the module (each worker loads the pipeline once)."""
    with dask_client("local:2") as dask:
        yield dask


def _stored(url: str) -> tuple[list[str], int, dict[str, int]]:
    """(article ids, distinct content hashes, statements per article) read with plain SQL."""
    engine = create_engine(url if "://" in url else "sqlite:///" + url)
    with engine.connect() as conn:
        ids = [r[0] for r in conn.execute(text("SELECT id FROM articles"))]
        hashes = conn.execute(text("SELECT count(DISTINCT content_hash) FROM articles")).scalar()
        per_article = dict(conn.execute(text(
            "SELECT a.id, count(s.pk) FROM articles a LEFT JOIN statements s "
            "ON s.article_pk = a.pk GROUP BY a.id")).all())
    engine.dispose()
    return ids, int(hashes or 0), per_article


@pytest.fixture(scope="module")
def serial_contents(tmp_path_factory):  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("serial") / "same.jsonl"
    write_jsonl(SAME, path)
    with Store.open(str(path.with_suffix(".db"))) as store:
        assert ingest([str(path)], store, OPTIONS).added == len(SAME)
        return store_contents(store)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_dask_ingest_stores_what_serial_ingest_stores(client, serial_contents, tmp_path, backend):
    path = tmp_path / "same.jsonl"
    write_jsonl(SAME, path)
    with Store.open(pg_server.database(backend, tmp_path / "dask.db")) as store:
        workers = DaskWorkers(client, OPTIONS, store.url)
        report = ingest([str(path)], store, OPTIONS, workers=workers)
        assert (report.added, report.failed) == (len(SAME), 0)
        assert store_contents(store) == serial_contents
        again = ingest([str(path)], store, OPTIONS, workers=workers)
        assert (again.added, again.skipped) == (0, len(SAME))


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_worker_killed_mid_run_has_its_chunk_retried(client, analyze, tmp_path, backend):
    path = tmp_path / "killed.jsonl"
    write_jsonl(KILLED, path)
    killed: list[int] = []

    def kill_a_busy_worker(_n: int, _report: object) -> None:
        if killed:
            return
        pids = client.run(os.getpid)
        busy = [address for address, tasks in client.processing().items() if tasks]
        if busy:
            os.kill(pids[busy[0]], signal.SIGKILL)
            killed.append(pids[busy[0]])

    url = pg_server.database(backend, tmp_path / "dask.db")
    with Store.open(url) as store:
        report = ingest([str(path)], store, OPTIONS, progress=kill_a_busy_worker,
                        workers=DaskWorkers(client, OPTIONS, store.url))
    assert killed, "no worker was busy to kill"
    # A chunk committed just before the kill and then run again counts as duplicates.
    assert report.added + report.duplicates == len(KILLED) and report.failed == 0
    ids, hashes, per_article = _stored(url)
    assert sorted(ids) == sorted(s.id for s in KILLED) and hashes == len(KILLED)
    # Nothing half-written: every article has all its statements.
    for spec in KILLED[::5]:
        assert per_article[spec.id] == len(analyze(spec.text).statements), spec.id
    with Store.open(url) as store:  # and the client gave every stored statement its claim
        assert store.pending_claims() == 0 and store.count_claims() > 0
    client.wait_for_workers(2, timeout=120)  # the nanny restarts the killed worker
    assert killed[0] not in client.run(os.getpid).values()


def test_database_restarted_mid_run_is_waited_for(client, tmp_path):
    server, reason = pg_server.shared()
    if server is None:
        pytest.skip(f"PostgreSQL not available: {reason}")
    path = tmp_path / "restarted.jsonl"
    write_jsonl(RESTARTED, path)
    url = server.create_database()
    restarted: list[bool] = []

    def restart_once(_n: int, _report: object) -> None:
        if not restarted:
            restarted.append(server.restart())

    with Store.open(url) as store:
        report = ingest([str(path)], store, OPTIONS, progress=restart_once,
                        workers=DaskWorkers(client, OPTIONS, store.url))
        if restarted != [True]:
            pytest.skip("this PostgreSQL server cannot be restarted from the tests")
        assert report.added + report.duplicates == len(RESTARTED) and report.failed == 0
        rerun = ingest([str(path)], store, OPTIONS, workers=DaskWorkers(client, OPTIONS, store.url))
    assert (rerun.added, rerun.skipped) == (0, len(RESTARTED))
    ids, hashes, _ = _stored(url)
    assert sorted(ids) == sorted(s.id for s in RESTARTED) and hashes == len(RESTARTED)


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "claimgraph.cli", *args], cwd=cwd, env=cli_env(),
                          capture_output=True, text=True, timeout=300)


def test_cli_dask_bad_addresses_are_one_line(tmp_path):
    (tmp_path / "a.txt").write_text('"The bridge opens in May," Mayor Ana Ruiz said on Monday.\n')
    with socket.socket() as sock:  # a loopback port with nobody listening
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    cases = [
        (["--dask", f"tcp://127.0.0.1:{port}", "--dask-timeout", "1"], "no Dask scheduler answered"),
        (["--dask", "local:0"], "expected local:N"),
        (["--dask", "local:2", "--jobs", "2"], "choose one"),
    ]
    for extra, message in cases:
        out = _cli("ingest", "a.txt", "--db", "x.db", *extra, cwd=tmp_path)
        assert out.returncode == 2, out.stderr
        assert out.stderr.count("\n") == 1 and message in out.stderr, out.stderr
        assert out.stderr.startswith("claimgraph: ")


def test_cli_dask_local_cluster(tmp_path):
    """The command starts its own LocalCluster: workers are spawned from `python -m`."""
    write_jsonl(SAME[:4], tmp_path / "c.jsonl")
    out = _cli("ingest", "c.jsonl", "--db", "c.db", "--dask", "local:1", "--quiet", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "4 articles stored" in out.stderr and "Traceback" not in out.stderr


def test_two_writers_resolve_one_person_at_once_into_one_speaker(monkeypatch):
    """Two PostgreSQL writers, each mid-transaction with a different form of one name: the
    speaker lock makes the second wait for the first, so the rules still merge them."""
    from helpers import said_analysis

    import claimgraph.store.writer as writer

    server, reason = pg_server.shared()
    if server is None:
        pytest.skip(f"PostgreSQL not available: {reason}")
    url = server.create_database()
    both_resolved = threading.Barrier(2)
    write_loaded = writer._write_loaded

    def wait_for_the_other(*args):  # type: ignore[no-untyped-def]
        try:  # without the lock both get here before either commits
            both_resolved.wait(timeout=1)
        except threading.BrokenBarrierError:
            pass
        return write_loaded(*args)

    monkeypatch.setattr(writer, "_write_loaded", wait_for_the_other)
    stores = [Store.open(url), Store.open(url)]
    pairs = [("Zakharova", "Maria Zakharova"), ("Olaf Scholz", "Scholz"), ("Ana Ruiz", "Ana Ruiz")]
    for i, names in enumerate(pairs):
        both_resolved.reset()
        threads = [threading.Thread(target=s.write_batch, args=([Pending(said_analysis(f"{i}-{j}", n))],))
                   for j, (s, n) in enumerate(zip(stores, names, strict=True))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    speakers = {s["name"]: s["statement_count"] for s in stores[0].speakers(limit=None)}
    for store in stores:
        store.close()
    assert speakers == {"Maria Zakharova": 2, "Olaf Scholz": 2, "Ana Ruiz": 2}


class _Unreachable:
    """A store whose database never answers."""

    def reading(self):  # type: ignore[no-untyped-def]
        raise StoreError("db: connection refused")


def test_a_database_that_stays_away_fails_with_a_message():
    calls = []

    def write() -> None:
        calls.append(1)
        raise StoreError("db: server closed the connection unexpectedly")

    with pytest.raises(StoreError, match="rerun the same command to resume"):
        patiently(_Unreachable(), write, wait=1.5)  # type: ignore[arg-type]
    assert len(calls) >= 2  # retried while it waited


def test_an_error_from_a_database_that_answers_is_not_retried(tmp_path):
    calls = []

    def write() -> None:
        calls.append(1)
        raise StoreError("db: value too long")

    with Store.open(str(tmp_path / "up.db")) as store, pytest.raises(StoreError, match="too long"):
        patiently(store, write, wait=30)
    assert len(calls) == 1


def test_an_in_memory_store_cannot_be_shared_with_worker_processes():
    with Store.open(":memory:") as store, pytest.raises(StoreError, match="in-memory"):
        LocalWorkers(2, OPTIONS, store)


def test_a_sqlite_file_is_not_shared_with_a_remote_cluster(tmp_path):
    from types import SimpleNamespace

    from claimgraph.corpus.cluster import _check_sqlite

    remote = SimpleNamespace(scheduler=SimpleNamespace(address="tcp://10.1.2.3:8786"))
    here = SimpleNamespace(scheduler=SimpleNamespace(address="tcp://127.0.0.1:8786"))
    url = "sqlite:///" + str(tmp_path / "x.db")
    with pytest.raises(StoreError, match="use a postgresql:// database"):
        _check_sqlite(remote, url)  # type: ignore[arg-type]
    _check_sqlite(here, url)  # type: ignore[arg-type]
    with pytest.raises(StoreError, match="in-memory"):
        _check_sqlite(here, "sqlite://")  # type: ignore[arg-type]
