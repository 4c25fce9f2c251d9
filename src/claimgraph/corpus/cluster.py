"""Running chunks on a Dask cluster (``ingest --dask tcp://HOST:8786`` or ``--dask local:N``).

Each Dask worker loads the pipeline once (a worker plugin, set up again on a worker that
joins or is restarted) and runs the same task as a local worker process,
:func:`claimgraph.corpus.work.ingest_chunk`: it analyses its chunk and writes the results
to the database itself. The client only reads the sources and keeps a bounded number of
chunks in flight, so the corpus never sits in its memory. A worker that dies mid-chunk
(killed, out of memory) has its chunk run again elsewhere by the scheduler; the chunk's
writes are one transaction, idempotent by content hash, so nothing is lost or stored twice.
See docs/scale.md.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

import dask
from distributed import Client, Future, LocalCluster, WorkerPlugin, wait
from distributed.scheduler import KilledWorker

from claimgraph.corpus.local import Done
from claimgraph.corpus.work import Chunk, ChunkReport, ingest_chunk, prepare_worker
from claimgraph.errors import ClaimgraphError, StoreError
from claimgraph.options import AnalysisOptions

CONNECT_TIMEOUT = 10.0  # seconds to wait for a scheduler to answer
WORKERS_TIMEOUT = 600.0  # seconds to wait for a first worker to join an empty cluster
IN_FLIGHT_PER_THREAD = 2  # chunks queued per worker thread: busy workers, bounded memory
TASK_RETRIES = 1  # a chunk whose task raised (the database went away) is run once more


class PipelinePlugin(WorkerPlugin):
    """Loads claimgraph's pipeline on every worker, once, when it starts."""

    def __init__(self, options: AnalysisOptions) -> None:
        self.options = options
        # One plugin per distinct options: registering the same one again is a no-op.
        digest = hashlib.sha256(repr(options).encode()).hexdigest()[:12]
        self.name = f"claimgraph-pipeline-{digest}"

    def setup(self, worker: Any) -> None:
        prepare_worker(self.options)


def parse_address(address: str) -> int | None:
    """N for ``local:N`` (a LocalCluster here), None for a scheduler address."""
    if not address.startswith("local:"):
        return None
    count = address.removeprefix("local:")
    if not (count.isascii() and count.isdigit()) or int(count) < 1:
        raise ClaimgraphError(f"--dask {address}: expected local:N with N >= 1 worker processes")
    return int(count)


@contextmanager
def dask_client(address: str, timeout: float | None = None) -> Iterator[Client]:
    """A client of the scheduler at ``address``, or of a LocalCluster of N single-threaded
    worker processes for ``local:N``; ClaimgraphError when no scheduler answers in
    ``timeout`` seconds (default :data:`CONNECT_TIMEOUT`)."""
    timeout = CONNECT_TIMEOUT if timeout is None else timeout
    workers = parse_address(address)
    if workers is not None:
        # Loopback only, no dashboard: a laptop run opens no port to the network. Dask's
        # sampling profiler costs each worker about 5% of its CPU for nothing here.
        with dask.config.set({"distributed.worker.profile.enabled": False}), LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
            dashboard_address=None, silence_logs=logging.CRITICAL,
        ) as cluster, Client(cluster) as client:
            yield client
        return
    try:
        client = Client(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as err:
        reason = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise ClaimgraphError(
            f"--dask {address}: no Dask scheduler answered within {timeout:g}s ({reason})"
        ) from None
    with client:
        yield client


class DaskWorkers:
    """Chunks run as Dask tasks that write to the database at ``url``."""

    def __init__(self, client: Client, options: AnalysisOptions, url: str) -> None:
        if url.startswith("sqlite"):
            _check_sqlite(client, url)
        self.client = client
        self.options = options
        self.url = url
        client.register_plugin(PipelinePlugin(options))

    def threads(self) -> int:
        return sum(self.client.nthreads().values())

    def run(self, chunks: Iterator[Chunk], done: Done) -> None:
        if self.threads() == 0:
            try:
                self.client.wait_for_workers(1, timeout=WORKERS_TIMEOUT)
            except TimeoutError:
                raise ClaimgraphError(
                    f"no Dask worker joined the scheduler in {WORKERS_TIMEOUT:g}s"
                ) from None
        in_flight: set[Future] = set()
        try:
            for chunk in chunks:
                in_flight.add(self.client.submit(
                    ingest_chunk, chunk, self.options, self.url, pure=False, retries=TASK_RETRIES,
                ))
                # Workers may join or leave while the run goes on (adaptive clusters).
                while len(in_flight) >= max(1, self.threads()) * IN_FLIGHT_PER_THREAD:
                    in_flight = _collect(in_flight, done)
            while in_flight:
                in_flight = _collect(in_flight, done)
        except KilledWorker:
            raise ClaimgraphError(
                "Dask workers died again and again on one chunk (out of memory?); "
                "rerun the same command to resume"
            ) from None
        finally:
            for future in in_flight:
                future.cancel()


def _check_sqlite(client: Client, url: str) -> None:
    """A SQLite file is shared only by workers on this machine: a scheduler on loopback
    (``local:N`` listens on 127.0.0.1) has no others. Remote workers would each write a
    file of their own, so refuse before anything runs."""
    if url in ("sqlite://", "sqlite:///:memory:"):
        raise StoreError("an in-memory database cannot be shared with Dask workers; use a file")
    host = urlsplit(str(client.scheduler.address)).hostname or ""
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise StoreError(f"a SQLite file cannot be shared by the machines of the cluster at "
                         f"{client.scheduler.address}; use a postgresql:// database")


def _collect(in_flight: set[Future], done: Done) -> set[Future]:
    finished, rest = wait(list(in_flight), return_when="FIRST_COMPLETED")
    for future in finished:
        report: ChunkReport = future.result()
        done(report)
    return set(rest)
