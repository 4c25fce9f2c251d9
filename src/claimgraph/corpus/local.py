"""Running chunks on this machine: in this process (``--jobs 1``) or in N worker processes.

Both take chunks from an iterator and hand each chunk's :class:`ChunkReport` to ``done``;
:mod:`claimgraph.corpus.cluster` does the same on Dask. Workers write to the store
themselves, so the ingesting process only reads sources and adds up counts.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from claimgraph.corpus.work import Chunk, ChunkReport, ingest_chunk, prepare_worker, write_chunk
from claimgraph.errors import ClaimgraphError, StoreError
from claimgraph.options import AnalysisOptions
from claimgraph.store import Store

Done = Callable[[ChunkReport], None]


class InProcess:
    """Chunks analysed and written one after the other in this process, with its store."""

    def __init__(self, store: Store, options: AnalysisOptions) -> None:
        self.store = store
        self.options = options

    def run(self, chunks: Iterator[Chunk], done: Done) -> None:
        from claimgraph.corpus.work import analyze_chunk

        for chunk in chunks:
            done(write_chunk(self.store, analyze_chunk(chunk, self.options)))


def _init_worker(options: AnalysisOptions) -> None:
    # Ctrl-C goes to the parent, which stops the pool; workers must not die mid-chunk noisily.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    prepare_worker(options)


def _worker_pid() -> int:
    time.sleep(0.2)  # long enough that every idle worker takes one of these
    return os.getpid()


class LocalWorkers:
    """``jobs`` worker processes, each with the pipeline loaded and its own connection.

    A context manager: the processes start (and load the pipeline) on entry, so a caller
    that times the run can start them first (:meth:`ready` waits until all have loaded).
    """

    def __init__(self, jobs: int, options: AnalysisOptions, store: Store) -> None:
        if store.engine.url.database in (None, "", ":memory:") and store.engine.dialect.name == "sqlite":
            raise StoreError("an in-memory database cannot be shared with worker processes; "
                             "use a database file or --jobs 1")
        self.jobs = jobs
        self.options = options
        self.url = store.url
        # Forked children must not inherit the parent's open connections (one socket in
        # two processes corrupts both): close them; the parent reconnects when it needs to.
        store.engine.dispose()
        # fork, explicitly: spawn/forkserver would re-run ``python -m claimgraph.cli``'s
        # unguarded __main__ in every worker; the parent holds no spaCy state to copy.
        self.pool = ProcessPoolExecutor(
            jobs, mp_context=multiprocessing.get_context("fork"), initializer=_init_worker,
            initargs=(options,),
        )

    def __enter__(self) -> LocalWorkers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)

    def ready(self) -> None:
        """Wait until every worker process has loaded the pipeline."""
        pids: set[int] = set()
        while len(pids) < self.jobs:
            pids |= {f.result() for f in [self.pool.submit(_worker_pid) for _ in range(self.jobs)]}

    def run(self, chunks: Iterator[Chunk], done: Done) -> None:
        """Keep every worker busy with at most two chunks each in flight."""
        in_flight: set[Future[ChunkReport]] = set()
        try:
            for chunk in chunks:
                in_flight.add(self.pool.submit(ingest_chunk, chunk, self.options, self.url))
                while len(in_flight) >= self.jobs * 2:
                    in_flight = _collect(in_flight, done)
            while in_flight:
                in_flight = _collect(in_flight, done)
        except BrokenProcessPool:
            raise ClaimgraphError(
                "a worker process died (out of memory?); rerun the same command to resume"
            ) from None
        except BaseException:
            self.pool.shutdown(wait=False, cancel_futures=True)
            raise


def _collect(in_flight: set[Future[ChunkReport]], done: Done) -> set[Future[ChunkReport]]:
    finished, rest = wait(in_flight, return_when=FIRST_COMPLETED)
    for future in finished:
        done(future.result())
    return rest
