"""The worker side of an ingest: prepare, analyse and store one chunk of articles.

The same function, :func:`ingest_chunk`, runs in the ingesting process (``--jobs 1``), in
local worker processes (``--jobs N``) and on Dask workers (``--dask``). Each process loads
the pipeline once, keeps one :class:`Store` per database (and thread), and writes its own
results with ``Store.write_batch``: one transaction per chunk, idempotent by content hash.
So only small counts travel back to the ingesting process, and a chunk that is run twice
(a worker killed after its commit, its chunk retried) stores nothing twice.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from sqlalchemy.exc import OperationalError

from claimgraph.errors import ClaimgraphError, StoreError
from claimgraph.model import Analysis, Failed
from claimgraph.options import AnalysisOptions
from claimgraph.readers.formats import brief, prepare_item
from claimgraph.readers.items import Item
from claimgraph.readers.text import RawArticle
from claimgraph.store import Pending, Store, content_hash

Chunk = list[tuple[Item, str]]  # articles to analyse, each with the hash of its input
MAX_FAILURE_MESSAGES = 1000

# A database that stops answering mid-run (restarted, failed over) is waited for this
# long before the run gives up with a message; a rerun then resumes where it stopped.
DATABASE_WAIT_SECONDS = 60.0


@dataclass
class ChunkReport:
    """What one chunk did: the only thing a worker sends back."""

    added: int = 0  # newly stored articles
    duplicates: int = 0  # analysed, but the same text was already stored
    failed: int = 0
    statements: int = 0
    words: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def articles(self) -> int:
        return self.added + self.duplicates + self.failed


def analyze_chunk(chunk: Chunk, options: AnalysisOptions) -> list[Pending | Failed]:
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


def write_chunk(store: Store, entries: Sequence[Pending | Failed]) -> ChunkReport:
    """Write analysed and failed articles in one transaction; count what happened."""
    report = ChunkReport()
    if not entries:
        return report
    outcome = patiently(store, lambda: store.write_batch(entries))
    for entry, written in zip(entries, outcome, strict=True):
        if isinstance(written, Failed):
            entry = written  # the store refused this article's data; the rest went in
        if isinstance(entry, Failed):
            report.failed += 1
            if len(report.failures) < MAX_FAILURE_MESSAGES:
                report.failures.append(entry.error)
        elif isinstance(written, tuple) and written[1]:
            report.added += 1
            report.statements += len(entry.analysis.statements)
            report.words += entry.analysis.word_count
        else:
            report.duplicates += 1
    return report


def ingest_chunk(chunk: Chunk, options: AnalysisOptions, url: str) -> ChunkReport:
    """Analyse a chunk and write it to the database at ``url`` (the task every worker runs)."""
    return write_chunk(worker_store(url), analyze_chunk(chunk, options))


# -- per-process state ---------------------------------------------------------------------

_local = threading.local()


def worker_store(url: str) -> Store:
    """This thread's store for ``url``, opened once: each writer has its own connection and
    its own speaker-alias cache (a cache must not see another transaction's pending rows)."""
    stores: dict[str, Store] = _local.__dict__.setdefault("stores", {})
    store = stores.get(url)
    if store is None:
        # A worker that starts (or restarts) while the database restarts waits for it too;
        # OperationalError is what the driver raises when nothing answers.
        store = stores[url] = _waiting(
            lambda: Store.open(url, pool_size=1),
            lambda err: not isinstance(err.__context__, OperationalError),
            None,
        )
    return store


# Goes through every component once, so what they load lazily (gazetteers, lexicons) is
# loaded when the worker starts, not inside its first chunk.
WARM_UP = ('"The talks will go on next week," Maria Lund, a spokeswoman for the Norwegian '
           "Foreign Ministry, told reporters in Oslo on Monday. The opposition called it a disaster.")


def prepare_worker(options: AnalysisOptions) -> None:
    """Load the pipeline now, so the first chunk a worker takes is not slowed by it. Stores
    a forked worker inherited from its parent are dropped unused (their connections belong
    to the parent)."""
    from claimgraph.pipeline import analyze_batch

    _local.__dict__.clear()
    analyze_batch([RawArticle(WARM_UP)], options)


# -- a database that went away ------------------------------------------------------------

T = TypeVar("T")


def patiently(store: Store, action: Callable[[], T], wait: float | None = None) -> T:
    """Run a database ``action``; while the database does not answer at all (restarted,
    failing over) retry it for up to ``wait`` seconds. An error from a database that does
    answer is about the data, and is raised at once."""
    return _waiting(action, lambda _err: _answers(store), wait)


def _waiting(action: Callable[[], T], answers: Callable[[StoreError], bool], wait: float | None) -> T:
    wait = DATABASE_WAIT_SECONDS if wait is None else wait
    deadline: float | None = None
    while True:
        try:
            return action()
        except StoreError as err:
            if answers(err):
                raise
            deadline = deadline or time.monotonic() + wait
            if time.monotonic() >= deadline:
                raise StoreError(
                    f"{err} (no answer from the database for {wait:.0f}s; "
                    "rerun the same command to resume)"
                ) from None
            time.sleep(1.0)


def _answers(store: Store) -> bool:
    try:
        with store.reading() as conn:
            conn.exec_driver_sql("SELECT 1")
    except StoreError:
        return False
    return True
