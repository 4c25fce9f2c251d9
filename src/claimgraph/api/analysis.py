"""Analysis of posted articles in a pool of worker processes, with a bounded queue.

Each worker loads the spaCy pipeline once and analyses one article at a time through the
one analysis path (``claimgraph.pipeline.analyze_batch``), so a long article occupies one
worker while the others go on, and the server process stays free for pages. Workers run
at a lower CPU priority (nice) than the server: pages stay fast while analyses run.

Admission is bounded: at most ``workers + queue`` analyses are running or waiting; one
more is refused at once with :class:`Busy` (HTTP 503 with Retry-After) instead of waiting
behind a long queue. Texts over ``max_chars`` are refused with :class:`TooLong` (413).

``workers=0`` analyses in a thread of the server process (the pipeline loaded there): for
tests and for embedding the app where processes are unwelcome.
"""

from __future__ import annotations

import asyncio
import math
import multiprocessing
import os
import threading
import time
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING

from claimgraph.errors import ClaimgraphError, InputError
from claimgraph.options import AnalysisOptions

if TYPE_CHECKING:
    from claimgraph.model import Analysis
    from claimgraph.readers.text import RawArticle

DEFAULT_WORKERS = 2
DEFAULT_QUEUE = 8
DEFAULT_MAX_CHARS = 100_000
"""Characters of text one web analysis takes: a long news article has 30,000; 200,000 took
38 s of a core. ``claimgraph analyze`` and ``ingest`` take up to readers.text.MAX_CHARS."""

WORKER_NICE = 19  # the lowest priority: pages first, analyses with what is left


class Busy(ClaimgraphError):
    """Every worker is busy and the queue is full."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class TooLong(ClaimgraphError):
    """The text is longer than this server analyses per request."""


def analyze_one(raw: RawArticle, options: AnalysisOptions) -> Analysis | ClaimgraphError:
    """Run in a worker: one article through the one analysis path."""
    from claimgraph.pipeline import analyze_batch

    return analyze_batch([raw], options)[0]


def _start_worker() -> None:
    """Worker start-up: lower priority than the server, and the default pipeline loaded."""
    try:
        os.nice(WORKER_NICE)
    except OSError:
        pass
    from claimgraph.pipeline import load_pipeline

    load_pipeline(AnalysisOptions())


def _ready() -> int:
    return os.getpid()


class AnalysisPool:
    def __init__(
        self,
        workers: int = DEFAULT_WORKERS,
        queue: int = DEFAULT_QUEUE,
        max_chars: int = DEFAULT_MAX_CHARS,
    ) -> None:
        if workers < 0 or queue < 0 or max_chars < 1:
            raise ValueError("workers and queue must be >= 0 and max_chars >= 1")
        self.workers = workers
        self.capacity = max(1, workers) + queue
        self.max_chars = max_chars
        self._pending = 0
        self._lock = threading.Lock()
        self._executor: Executor | None = None
        self._seconds = 2.0  # running mean of one analysis, for Retry-After

    @property
    def pending(self) -> int:
        """Analyses running or waiting."""
        return self._pending

    def _pool(self) -> Executor:
        with self._lock:
            if self._executor is None:
                if self.workers == 0:
                    self._executor = ThreadPoolExecutor(1, thread_name_prefix="claimgraph-analysis")
                else:
                    self._executor = ProcessPoolExecutor(
                        self.workers,
                        mp_context=multiprocessing.get_context("spawn"),
                        initializer=_start_worker,
                    )
            return self._executor

    def warm(self) -> None:
        """Start the workers (each loads the pipeline) before the first request."""
        pool = self._pool()
        if self.workers == 0:
            from claimgraph.pipeline import load_pipeline

            load_pipeline(AnalysisOptions())
            return
        for future in [pool.submit(_ready) for _ in range(self.workers)]:
            future.result()

    def retry_after(self) -> int:
        """Seconds until a place is likely free: the queue ahead, worked off in parallel."""
        return max(1, min(120, math.ceil(self._seconds * self._pending / max(1, self.workers))))

    def _admit(self) -> None:
        with self._lock:
            if self._pending >= self.capacity:
                raise Busy(
                    f"the server is busy: {self._pending} analyses are running or waiting; "
                    "try again later",
                    self.retry_after(),
                )
            self._pending += 1

    def _release(self, seconds: float) -> None:
        with self._lock:
            self._pending -= 1
            self._seconds = 0.8 * self._seconds + 0.2 * seconds

    def check_length(self, raw: RawArticle) -> None:
        if len(raw.text) > self.max_chars:
            raise TooLong(
                f"{raw.name}: the text has {len(raw.text):,} characters; this server analyses "
                f"at most {self.max_chars:,} per request (claimgraph analyze and ingest take more)"
            )

    async def analyze(self, raw: RawArticle, options: AnalysisOptions | None = None) -> Analysis:
        """Analyse one article in a worker; InputError when the pipeline refuses it."""
        self.check_length(raw)
        self._admit()
        started = time.monotonic()
        try:
            future = self._pool().submit(analyze_one, raw, options or AnalysisOptions())
            result = await asyncio.wrap_future(future)
        except BrokenProcessPool:
            self._reset()
            raise Busy("an analysis worker stopped; try again", 1) from None
        finally:
            self._release(time.monotonic() - started)
        if isinstance(result, ClaimgraphError):
            raise InputError(str(result))
        return result

    def _reset(self) -> None:
        with self._lock:
            broken, self._executor = self._executor, None
        if broken is not None:
            broken.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)
