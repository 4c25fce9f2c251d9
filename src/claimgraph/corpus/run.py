"""The corpus run: readers -> analysis -> store, for many articles (``claimgraph ingest``).

This process reads the sources (``readers.formats``, streamed), skips inputs already
stored (by the hash of the input) and hands chunks of articles to workers: this process
itself (``jobs=1``), local worker processes (``jobs=N``) or a Dask cluster (``dask=``).
Every worker analyses its chunk through the one analysis path and writes it to the store in
ONE transaction with the content hashes that make a rerun skip it, so an ingest killed at
any point loses at most the chunks not yet committed, and a rerun redoes exactly those.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import Protocol

from claimgraph.corpus.local import InProcess, LocalWorkers
from claimgraph.corpus.work import MAX_FAILURE_MESSAGES, Chunk, ChunkReport, patiently, write_chunk
from claimgraph.model import Failed
from claimgraph.options import AnalysisOptions
from claimgraph.readers.formats import iter_sources
from claimgraph.readers.items import Item
from claimgraph.store import Store


@dataclass
class IngestReport:
    added: int = 0  # newly stored articles
    duplicates: int = 0  # analysed, but the same text was already stored
    skipped: int = 0  # input already ingested (source hash known): not parsed again
    failed: int = 0
    statements: int = 0
    words: int = 0
    seconds: float = 0.0
    read: int = 0  # articles the readers gave so far (done + in flight)
    claims_assigned: int = 0  # statements given their claim in this run
    failures: list[str] = field(default_factory=list)

    @property
    def seen(self) -> int:
        return self.added + self.duplicates + self.skipped + self.failed

    @property
    def rate(self) -> float:
        """Articles per second over everything processed."""
        return self.seen / self.seconds if self.seconds > 0 else 0.0

    def summary(self) -> str:
        return (
            f"{self.added} articles stored ({self.statements} statements), "
            f"{self.skipped} already stored, {self.duplicates} duplicates, "
            f"{self.failed} failed; {self.seen} in {self.seconds:.1f}s ({self.rate:.1f} articles/s)"
        )


Progress = Callable[[int, IngestReport], None]  # (articles just processed, report so far)
CLAIMS_EVERY = 64  # stored articles between two claims passes during a run
OnFailure = Callable[[str], None]


class Workers(Protocol):
    """What runs the chunks: ``run(chunks, done)`` calls ``done`` with each chunk's report
    (:class:`~claimgraph.corpus.local.InProcess`, :class:`~claimgraph.corpus.local.LocalWorkers`,
    :class:`~claimgraph.corpus.cluster.DaskWorkers`)."""

    def run(self, chunks: Iterator[Chunk], done: Callable[[ChunkReport], None]) -> None: ...


def ingest(
    sources: Iterable[str] | Iterable[Item | Failed],
    store: Store,
    options: AnalysisOptions | None = None,
    jobs: int = 1,
    progress: Progress | None = None,
    on_failure: OnFailure | None = None,
    *,
    dask: str | None = None,
    dask_timeout: float | None = None,
    workers: Workers | None = None,
    claims: bool = True,
    allow_private_urls: bool = False,
) -> IngestReport:
    """Analyse and store every article of ``sources`` (paths/URLs, or items); resumable.

    ``options.batch_size`` articles go to a worker, and to the store, at a time. The workers
    are this process (``jobs=1``), ``jobs`` local processes, a Dask cluster (``dask`` is a
    scheduler address or ``local:N``), or ``workers`` already started by the caller
    (``LocalWorkers``, ``DaskWorkers``), all writing to ``store``'s database. With ``claims``,
    this process gives the stored statements their claims as chunks come in (and at the end),
    so a new day of news joins the claims already there; ``report.claims_assigned`` counts them.
    URLs are fetched from public addresses only unless ``allow_private_urls``."""
    options = options or AnalysisOptions()
    started = time.perf_counter()
    report = IngestReport()
    entries = iter(sources)
    first = next(entries, None)
    if first is None:
        return report
    items: Iterator[Item | Failed]
    if isinstance(first, str):
        items = iter_sources([first, *entries], allow_private_urls)  # type: ignore[list-item]
    else:
        items = _prepend(first, entries)  # type: ignore[arg-type]

    since_claims = 0

    def assign_claims() -> None:
        report.claims_assigned += patiently(store, store.assign_claims)

    def done(part: ChunkReport, skipped: int = 0) -> None:
        nonlocal since_claims
        report.added += part.added
        report.duplicates += part.duplicates
        report.failed += part.failed
        report.statements += part.statements
        report.words += part.words
        report.skipped += skipped
        for message in part.failures:
            if len(report.failures) < MAX_FAILURE_MESSAGES:
                report.failures.append(message)
            if on_failure:
                on_failure(message)
        since_claims += part.added
        if claims and since_claims >= CLAIMS_EVERY:
            since_claims = 0
            assign_claims()
        report.seconds = time.perf_counter() - started
        if progress:
            progress(part.articles + skipped, report)

    if claims:
        assign_claims()  # what an earlier run left without claims goes first
    chunks = _chunks(items, store, options.batch_size, report, done)
    if workers is not None:
        workers.run(chunks, done)
    elif dask is not None:
        from claimgraph.corpus.cluster import DaskWorkers, dask_client

        with dask_client(dask, dask_timeout) as client:
            DaskWorkers(client, options, store.url).run(chunks, done)
    elif jobs <= 1:
        InProcess(store, options).run(chunks, done)
    else:
        with LocalWorkers(jobs, options, store) as pool:
            pool.run(chunks, done)
    if claims:
        assign_claims()
    if report.added:
        patiently(store, store.optimize)  # the planner's statistics, for the grown store
    report.seconds = time.perf_counter() - started
    return report


def _chunks(
    items: Iterator[Item | Failed], store: Store, size: int, report: IngestReport,
    done: Callable[[ChunkReport, int], None],
) -> Iterator[Chunk]:
    """Chunks of articles not stored yet. Inputs already stored are counted as skipped and
    the readers' failures are written here, as they come."""
    # Inputs met earlier in this run, by 64 bits of their hash: a million take ~60 MB.
    seen: set[int] = set()
    while True:
        batch: list[Item | Failed] = []
        for entry in items:
            batch.append(entry)
            if len(batch) >= size:
                break
        if not batch:
            return
        report.read += len(batch)
        hashed = [(e, e.source_hash()) for e in batch if isinstance(e, Item)]
        hashes = [h for _, h in hashed]
        known = patiently(store, partial(store.known_source_hashes, hashes))
        todo: Chunk = []
        skipped = 0
        for item, source_hash in hashed:
            short = int(source_hash[:16], 16)
            if source_hash in known or short in seen:
                skipped += 1
            else:
                seen.add(short)
                todo.append((item, source_hash))
        read_failures = [e for e in batch if isinstance(e, Failed)]
        if read_failures or skipped:
            done(write_chunk(store, read_failures), skipped)
        if todo:
            yield todo


def _prepend(first: Item | Failed, rest: Iterator[Item | Failed]) -> Iterator[Item | Failed]:
    yield first
    yield from rest
