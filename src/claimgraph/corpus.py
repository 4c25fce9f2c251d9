"""The corpus run: readers -> analysis -> store, for many articles (``claimgraph ingest``).

Sources are read in this process (``readers.formats``, streamed); articles are analysed in
chunks by worker processes (``jobs``) through the one analysis path
(``pipeline.analyze_batch``); each analysed chunk is written in ONE transaction, together
with the content hashes that make a rerun skip it. So an ingest killed at any point loses
at most the chunks not yet committed, and a rerun redoes exactly those.
"""

from __future__ import annotations

import multiprocessing
import signal
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field

from claimgraph.errors import ClaimgraphError
from claimgraph.model import Analysis, Failed
from claimgraph.options import AnalysisOptions
from claimgraph.readers.formats import brief, iter_sources, prepare_item
from claimgraph.readers.items import Item
from claimgraph.readers.text import RawArticle
from claimgraph.store import Pending, Store, content_hash

MAX_FAILURE_MESSAGES = 1000


@dataclass
class IngestReport:
    added: int = 0  # newly stored articles
    duplicates: int = 0  # analysed, but the same text was already stored
    skipped: int = 0  # input already ingested (source hash known): not parsed again
    failed: int = 0
    statements: int = 0
    words: int = 0
    seconds: float = 0.0
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


# -- analysing (in worker processes) ----------------------------------------


def _init_worker(options: AnalysisOptions) -> None:
    # Ctrl-C goes to the parent, which stops the pool; workers must not die mid-chunk noisily.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from claimgraph.pipeline import load_pipeline

    load_pipeline(options)


def analyze_chunk(chunk: list[tuple[Item, str]], options: AnalysisOptions) -> list[Pending | Failed]:
    """Prepare and analyse a chunk of (item, source hash); never raises for one bad article."""
    from claimgraph.pipeline import analyze_batch

    prepared: list[tuple[Item, str, RawArticle | Failed]] = []
    for item, source_hash in chunk:
        try:
            prepared.append((item, source_hash, prepare_item(item)))
        except ClaimgraphError as err:
            prepared.append((item, source_hash, Failed(item.source, item.record, str(err))))
        except Exception as err:  # noqa: BLE001 - one broken page must not stop the run
            failure = Failed(item.source, item.record, f"{item.name}: cannot read ({brief(err)})")
            prepared.append((item, source_hash, failure))
    raws = [raw for _, _, raw in prepared if isinstance(raw, RawArticle)]
    analysed = iter(analyze_batch(raws, options))
    out: list[Pending | Failed] = []
    for item, source_hash, raw in prepared:
        if isinstance(raw, Failed):
            out.append(raw)
            continue
        result = next(analysed)
        if isinstance(result, Analysis):
            out.append(Pending(result, content_hash(raw.text), source_hash, item.source, item.record))
        else:
            out.append(Failed(item.source, item.record, str(result)))
    return out


# -- the ingest loop ---------------------------------------------------------

Progress = Callable[[int, IngestReport], None]  # (articles just processed, report so far)
OnFailure = Callable[[str], None]
Chunk = tuple[list[tuple[Item, str]], list[Failed], int]  # to analyse, read failures, already stored


def _chunks(items: Iterator[Item | Failed], store: Store, size: int) -> Iterator[Chunk]:
    seen: set[str] = set()
    while True:
        batch: list[Item | Failed] = []
        for entry in items:
            batch.append(entry)
            if len(batch) >= size:
                break
        if not batch:
            return
        hashed = [(e, e.source_hash()) for e in batch if isinstance(e, Item)]
        known = store.known_source_hashes([h for _, h in hashed])
        todo, skipped = [], 0
        for item, source_hash in hashed:
            if source_hash in known or source_hash in seen:
                skipped += 1
            else:
                seen.add(source_hash)
                todo.append((item, source_hash))
        yield todo, [e for e in batch if isinstance(e, Failed)], skipped


def ingest(
    sources: Iterable[str] | Iterable[Item | Failed],
    store: Store,
    options: AnalysisOptions | None = None,
    jobs: int = 1,
    progress: Progress | None = None,
    on_failure: OnFailure | None = None,
) -> IngestReport:
    """Analyse and store every article of ``sources`` (paths/URLs, or items); resumable.
    ``options.batch_size`` articles go to a worker, and to the store, at a time."""
    options = options or AnalysisOptions()
    started = time.perf_counter()
    report = IngestReport()
    entries = iter(sources)
    first = next(entries, None)
    if first is None:
        return report
    items: Iterator[Item | Failed]
    if isinstance(first, str):
        items = iter_sources([first, *entries])  # type: ignore[list-item]
    else:
        items = _prepend(first, entries)  # type: ignore[arg-type]

    def write(results: list[Pending | Failed], read_failures: list[Failed], skipped: int) -> None:
        batch: list[Pending | Failed] = [*read_failures, *results]
        outcome = store.write_batch(batch) if batch else []
        for entry, written in zip(batch, outcome, strict=True):
            if isinstance(written, Failed):
                entry = written  # the store refused this article's data; the rest went in
            if isinstance(entry, Failed):
                report.failed += 1
                if len(report.failures) < MAX_FAILURE_MESSAGES:
                    report.failures.append(entry.error)
                if on_failure:
                    on_failure(entry.error)
            elif isinstance(written, tuple) and written[1]:
                report.added += 1
                report.statements += len(entry.analysis.statements)
                report.words += entry.analysis.word_count
            else:
                report.duplicates += 1
        report.skipped += skipped
        report.seconds = time.perf_counter() - started
        if progress:
            progress(len(batch) + skipped, report)

    chunks = _chunks(items, store, options.batch_size)
    if jobs <= 1:
        for todo, read_failures, skipped in chunks:
            write(analyze_chunk(todo, options) if todo else [], read_failures, skipped)
    else:
        _run_pool(chunks, jobs, options, write)
    report.seconds = time.perf_counter() - started
    return report


def _prepend(first: Item | Failed, rest: Iterator[Item | Failed]) -> Iterator[Item | Failed]:
    yield first
    yield from rest


Write = Callable[[list[Pending | Failed], list[Failed], int], None]
InFlight = deque[tuple[Future[list[Pending | Failed]] | None, list[Failed], int]]


def _run_pool(chunks: Iterator[Chunk], jobs: int, options: AnalysisOptions, write: Write) -> None:
    """Keep every worker busy; write results in input order (stable ids and speakers)."""
    in_flight: InFlight = deque()
    # fork, explicitly: spawn/forkserver would re-run ``python -m claimgraph.cli``'s
    # unguarded __main__ in every worker; the parent holds no spaCy state to copy.
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(
        jobs, mp_context=context, initializer=_init_worker, initargs=(options,)
    ) as pool:
        try:
            for todo, read_failures, skipped in chunks:
                future = pool.submit(analyze_chunk, todo, options) if todo else None
                in_flight.append((future, read_failures, skipped))
                while len(in_flight) > jobs * 2:
                    _write_next(in_flight, write)
            while in_flight:
                _write_next(in_flight, write)
        except BrokenProcessPool:
            raise ClaimgraphError(
                "a worker process died (out of memory?); rerun the same command to resume"
            ) from None
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def _write_next(in_flight: InFlight, write: Write) -> None:
    future, read_failures, skipped = in_flight.popleft()
    write(future.result() if future else [], read_failures, skipped)
