"""Ingest many articles into a :class:`~claimgraph.store.Store`.

Sources (folders, .txt/.html files, JSONL, WARC, RSS/Atom files or URLs) are
read in this process; articles are analysed in chunks by worker processes
(``jobs``) with ``nlp.pipe``; each analysed chunk is written in ONE transaction,
together with the content hashes that make a rerun skip it. So an ingest killed
at any point loses at most the chunks not yet committed, and a rerun redoes
exactly those. spaCy's own ``n_process`` is not used: it ships docs through
msgpack, which drops claimgraph's extension attributes.
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
from pathlib import Path

from claimgraph.errors import ClaimgraphError, InputError
from claimgraph.ingest.feeds import is_feed, read_feed
from claimgraph.ingest.items import Item
from claimgraph.ingest.jsonl import read_jsonl
from claimgraph.ingest.sources import fetch_url
from claimgraph.ingest.text import MAX_BYTES, RawArticle, prepare
from claimgraph.ingest.warc import read_warc
from claimgraph.model import Article
from claimgraph.store import Failed, Pending, Store, content_hash

TEXT_SUFFIXES = (".txt", ".text")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc.gz")
FEED_SUFFIXES = (".rss", ".atom", ".xml")
CHUNK = 8  # articles per worker task and per write transaction
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


# -- reading sources ---------------------------------------------------------


def _suffix(path: Path) -> str:
    name = path.name.lower()
    for suffix in WARC_SUFFIXES:  # two-part suffixes first: archive.warc.gz
        if name.endswith(suffix):
            return suffix
    return path.suffix.lower()


def _read_bytes(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(MAX_BYTES + 1)


def _from_file(path: Path, article_id: str) -> Iterator[Item | Failed]:
    source = str(path)
    suffix = _suffix(path)
    if suffix in JSONL_SUFFIXES:
        yield from read_jsonl(path)
        return
    if suffix in WARC_SUFFIXES:
        yield from read_warc(path)
        return
    try:
        data = _read_bytes(path)
    except OSError as err:
        yield Failed(source, "", f"{source}: cannot read ({err.strerror})")
        return
    if suffix in FEED_SUFFIXES or is_feed(data):
        if len(data) > MAX_BYTES:
            # A cut-off feed parses leniently and would lose its later entries unnoticed.
            yield Failed(source, "", f"{source}: feed is larger than {MAX_BYTES // 1_000_000} MB")
            return
        yield from read_feed(data, source, live=False)
        return
    if data[:4] == b"WARC" or data[:2] == b"\x1f\x8b":
        yield from read_warc(path)
        return
    html = True if suffix in HTML_SUFFIXES else None
    yield Item(source, None, data, Article(id=article_id), html=html)


def _from_url(url: str) -> Iterator[Item | Failed]:
    try:
        data = fetch_url(url)
    except InputError as err:
        yield Failed(url, "", str(err))
        return
    if is_feed(data):
        yield from read_feed(data, url, live=True)
    else:
        yield Item(url, None, data, Article(url=url))


_KNOWN = TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES + WARC_SUFFIXES + FEED_SUFFIXES


def iter_sources(sources: Iterable[str]) -> Iterator[Item | Failed]:
    """Every article of every source, in a stable order (sorted folder walks)."""
    for src in sources:
        if src.startswith(("http://", "https://")):
            yield from _from_url(src)
            continue
        path = Path(src)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and _suffix(p) in _KNOWN)
            if not files:
                yield Failed(src, "", f"{src}: no .txt, .html, .jsonl, .warc or feed files found")
            for file in files:
                # The path inside the folder keeps ids unique across subfolders.
                rel = file.relative_to(path).as_posix()
                yield from _from_file(file, rel[: -len(_suffix(file))] or file.stem)
        elif path.exists():
            yield from _from_file(path, path.name[: -len(_suffix(path))] or path.stem)
        else:
            yield Failed(src, "", f"{src}: no such file or folder")


# -- analysing (in worker processes) ----------------------------------------


def _prepare(item: Item) -> RawArticle:
    data = item.data
    if item.fetch:
        try:
            data = fetch_url(item.fetch)
        except InputError:
            if not item.fallback.strip():
                raise
            data = item.fallback  # the feed's own content is better than nothing
            item.html = True
        if item.article.url is None:
            item.article.url = item.fetch
    head = data[:1000].lstrip().lower()
    # Declared HTML (JSONL html field, feed content) may be a fragment: wrap it so
    # prepare() sees HTML. Declared HTML that is plain text is left to prepare().
    if item.html and head[:1] == b"<" and not head.startswith((b"<!doctype", b"<html", b"<?xml")):
        data = b"<html><body>" + data + b"</body></html>"
    return prepare(data, item.name, item.article)


def _init_worker() -> None:
    # Ctrl-C goes to the parent, which stops the pool; workers must not die mid-chunk noisily.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from claimgraph.pipeline import load_pipeline

    load_pipeline()


def analyze_chunk(chunk: list[tuple[Item, str]]) -> list[Pending | Failed]:
    """Prepare and analyse a chunk of (item, source hash); never raises for one bad article."""
    from claimgraph.pipeline import analysis_from_doc, load_pipeline

    nlp = load_pipeline()
    out: list[Pending | Failed | None] = [None] * len(chunk)
    ready: list[tuple[int, RawArticle]] = []
    for i, (item, _) in enumerate(chunk):
        try:
            ready.append((i, _prepare(item)))
        except ClaimgraphError as err:
            out[i] = Failed(item.source, item.record, str(err))
        except Exception as err:  # noqa: BLE001 - one broken page must not stop the run
            out[i] = Failed(item.source, item.record, f"{item.name}: cannot read ({_brief(err)})")
    try:
        docs = list(nlp.pipe([raw.text for _, raw in ready]))
    except Exception:  # noqa: BLE001 - find the article that broke the batch, one by one
        docs = []
        for i, raw in ready:
            try:
                docs.append(nlp(raw.text))
            except Exception as err:  # noqa: BLE001
                item = chunk[i][0]
                out[i] = Failed(item.source, item.record, f"{item.name}: analysis failed ({_brief(err)})")
                docs.append(None)
    for (i, raw), doc in zip(ready, docs, strict=True):
        if doc is None:
            continue
        item, source_hash = chunk[i]
        out[i] = Pending(
            analysis=analysis_from_doc(doc, raw.article),
            content_hash=content_hash(raw.text),
            source_hash=source_hash,
            source=item.source,
            record=item.record,
        )
    return [r for r in out if r is not None]


def _brief(err: BaseException) -> str:
    text = str(err).splitlines()[0] if str(err) else ""
    return f"{type(err).__name__}: {text}" if text else type(err).__name__


# -- the ingest loop ---------------------------------------------------------

Progress = Callable[[int, IngestReport], None]  # (articles just processed, report so far)
OnFailure = Callable[[str], None]


def _chunks(
    items: Iterator[Item | Failed], store: Store, size: int
) -> Iterator[tuple[list[tuple[Item, str]], list[Failed], int]]:
    """(to analyse, read failures, already stored) per chunk of the input."""
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
    jobs: int = 1,
    chunk_size: int = CHUNK,
    progress: Progress | None = None,
    on_failure: OnFailure | None = None,
) -> IngestReport:
    """Analyse and store every article of ``sources`` (paths/URLs, or items); resumable."""
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
        for entry, (_, new) in zip(batch, outcome, strict=True):
            if isinstance(entry, Failed):
                report.failed += 1
                if len(report.failures) < MAX_FAILURE_MESSAGES:
                    report.failures.append(entry.error)
                if on_failure:
                    on_failure(entry.error)
            elif new:
                report.added += 1
                report.statements += len(entry.analysis.statements)
                report.words += entry.analysis.word_count
            else:
                report.duplicates += 1
        report.skipped += skipped
        report.seconds = time.perf_counter() - started
        if progress:
            progress(len(batch) + skipped, report)

    chunks = _chunks(items, store, chunk_size)
    if jobs <= 1:
        for todo, read_failures, skipped in chunks:
            write(analyze_chunk(todo) if todo else [], read_failures, skipped)
    else:
        _run_pool(chunks, jobs, write)
    report.seconds = time.perf_counter() - started
    return report


def _prepend(first: Item | Failed, rest: Iterator[Item | Failed]) -> Iterator[Item | Failed]:
    yield first
    yield from rest


def _run_pool(
    chunks: Iterator[tuple[list[tuple[Item, str]], list[Failed], int]],
    jobs: int,
    write: Callable[[list[Pending | Failed], list[Failed], int], None],
) -> None:
    """Keep every worker busy; write results in input order (stable ids and speakers)."""
    in_flight: deque[tuple[Future[list[Pending | Failed]] | None, list[Failed], int]] = deque()
    # fork, explicitly: spawn/forkserver would re-run ``python -m claimgraph.cli``'s
    # unguarded __main__ in every worker; the parent holds no spaCy state to copy.
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_init_worker) as pool:
        try:
            for todo, read_failures, skipped in chunks:
                future = pool.submit(analyze_chunk, todo) if todo else None
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


def _write_next(
    in_flight: deque[tuple[Future[list[Pending | Failed]] | None, list[Failed], int]],
    write: Callable[[list[Pending | Failed], list[Failed], int], None],
) -> None:
    future, read_failures, skipped = in_flight.popleft()
    write(future.result() if future else [], read_failures, skipped)
