"""The one registry of input formats, used by ``analyze``, ``ingest``, ``compare`` and ``cues``.

A file's format is known by its suffix, else by sniffing its first bytes (a WARC's magic,
a feed's XML root), else it is one article (plain text, or HTML found by its content).
Folders are walked for every registered suffix; ``-`` is one article on stdin; an http(s)
URL is fetched, and a feed URL's entries are fetched one by one.

To add a format: write its reader (``path -> Iterator[Item | Failed]``) and add a
:class:`Format` to ``FORMATS``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from claimgraph.errors import ClaimgraphError, InputError
from claimgraph.model import Article, Failed
from claimgraph.readers.feeds import is_feed, read_feed
from claimgraph.readers.fetch import fetch_url
from claimgraph.readers.items import Item, one_line, readable
from claimgraph.readers.jsonl import read_jsonl
from claimgraph.readers.text import MAX_BYTES, RawArticle, prepare
from claimgraph.readers.warc import looks_like_warc, read_warc

SNIFF_BYTES = 2000

Reader = Callable[[Path, str], Iterator[Item | Failed]]  # (path, article id for one-article files)


@dataclass(frozen=True)
class Format:
    name: str
    suffixes: tuple[str, ...]
    read: Reader
    sniff: Callable[[bytes], bool] | None = None
    corpus: bool = False  # several articles per file (lines, records, entries)


def _read_head(path: Path, size: int) -> bytes:
    with path.open("rb") as handle:
        return handle.read(size)


def _article_file(html: bool | None) -> Reader:
    def read(path: Path, article_id: str) -> Iterator[Item | Failed]:
        try:
            data = _read_head(path, MAX_BYTES + 1)
        except OSError as err:
            yield Failed(str(path), "", f"{one_line(str(path))}: cannot read ({err.strerror})")
            return
        yield Item(str(path), None, data, Article(id=article_id), html=html)

    return read


def _feed_file(path: Path, _article_id: str) -> Iterator[Item | Failed]:
    source = str(path)
    try:
        data = _read_head(path, MAX_BYTES + 1)
    except OSError as err:
        yield Failed(source, "", f"{one_line(source)}: cannot read ({err.strerror})")
        return
    if len(data) > MAX_BYTES:
        # A cut-off feed parses leniently and would lose its later entries unnoticed.
        yield Failed(source, "", f"{one_line(source)}: feed is larger than {MAX_BYTES // 1_000_000} MB")
        return
    yield from read_feed(data, source, live=False)


TEXT = Format("text", (".txt", ".text"), _article_file(None))
HTML = Format("html", (".html", ".htm", ".xhtml"), _article_file(True))
JSONL = Format("jsonl", (".jsonl", ".ndjson"), lambda path, _id: read_jsonl(path), corpus=True)
WARC = Format(
    "warc", (".warc", ".warc.gz", ".arc.gz"), lambda path, _id: read_warc(path), looks_like_warc, True
)
FEED = Format("feed", (".rss", ".atom", ".xml"), _feed_file, is_feed, True)

FORMATS: tuple[Format, ...] = (TEXT, HTML, JSONL, WARC, FEED)
SUFFIXES: tuple[str, ...] = tuple(sorted({s for f in FORMATS for s in f.suffixes}, key=len, reverse=True))


def suffix_of(path: Path) -> str:
    """The registered suffix ``path`` ends with (two-part ones first: .warc.gz), else its own."""
    name = path.name.lower()
    return next((s for s in SUFFIXES if name.endswith(s)), path.suffix.lower())


def format_of(path: Path) -> Format:
    """By suffix; else by content (WARC, feed); else one article (text or HTML)."""
    suffix = suffix_of(path)
    for fmt in FORMATS:
        if suffix in fmt.suffixes and fmt.sniff is None:
            return fmt
    try:
        head = _read_head(path, SNIFF_BYTES)
    except OSError:
        head = b""
    for fmt in FORMATS:
        if fmt.sniff is not None and fmt.sniff(head):
            return fmt
    for fmt in FORMATS:
        if suffix in fmt.suffixes:
            return fmt  # a .xml that is no feed: its reader says why
    return TEXT


def is_corpus(source: str) -> bool:
    """Whether ``source`` holds several articles (a folder, JSONL, WARC or feed file)."""
    if source == "-" or source.startswith(("http://", "https://")):
        return False
    path = Path(source)
    return path.is_dir() or (path.is_file() and format_of(path).corpus)


def _from_url(url: str, allow_private: bool) -> Iterator[Item | Failed]:
    try:
        data = fetch_url(url, allow_private)
    except InputError as err:
        yield Failed(url, "", str(err))
        return
    if is_feed(data):
        yield from read_feed(data, url, live=True, allow_private=allow_private)
    else:
        yield Item(url, None, data, Article(url=url))


def _article_id(path: Path, base: Path | None) -> str:
    """The path inside the folder (or the file name) without its suffix: unique per folder."""
    rel = path.relative_to(base).as_posix() if base else path.name
    suffix = suffix_of(path)
    return rel[: -len(suffix)] if suffix and rel.lower().endswith(suffix) and len(rel) > len(suffix) else rel


def _read_file(path: Path, article_id: str) -> Iterator[Item | Failed]:
    """The file's articles; a reader that breaks on it fails the rest of that file, not the run.
    A file name that is not UTF-8 is named with escapes (the text in the file may be good)."""
    source = readable(str(path))
    try:
        for entry in format_of(path).read(path, readable(article_id)):
            if entry.source == str(path):
                entry.source = source
            yield entry
    except Exception as err:  # noqa: BLE001 - one unreadable file must not stop the run
        yield Failed(source, "", f"{one_line(source)}: cannot read ({brief(err)})")


def iter_sources(sources: Iterable[str], allow_private: bool = False) -> Iterator[Item | Failed]:
    """Every article of every source, in a stable order (sorted folder walks). URLs are
    fetched from public addresses only unless ``allow_private`` (readers.fetch)."""
    for src in sources:
        if src == "-":
            yield Item("<stdin>", None, sys.stdin.buffer.read(MAX_BYTES + 1), Article())
            continue
        if src.startswith(("http://", "https://")):
            yield from _from_url(src, allow_private)
            continue
        path = Path(src)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and suffix_of(p) in SUFFIXES)
            if not files:
                yield Failed(src, "", f"{one_line(src)}: no .txt, .html, .jsonl, .warc or feed files found")
            for file in files:
                yield from _read_file(file, _article_id(file, path))
        elif path.exists():
            yield from _read_file(path, _article_id(path, None))
        else:
            yield Failed(src, "", f"{one_line(src)}: no such file or folder")


def prepare_item(item: Item) -> RawArticle:
    """Bytes of one article to text plus metadata (fetching a live feed entry's page)."""
    data = item.data
    if item.fetch:
        try:
            data = fetch_url(item.fetch, item.allow_private)
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


def read_articles(sources: Iterable[str], allow_private: bool = False) -> Iterator[RawArticle | Failed]:
    """Articles ready for the analysis, or a failure for each one that cannot be read."""
    for entry in iter_sources(sources, allow_private):
        if isinstance(entry, Failed):
            yield entry
            continue
        try:
            yield prepare_item(entry)
        except ClaimgraphError as err:
            yield Failed(entry.source, entry.record, str(err))
        except Exception as err:  # noqa: BLE001 - one broken page must not stop the run
            yield Failed(entry.source, entry.record, f"{entry.name}: cannot read ({brief(err)})")


def brief(err: BaseException) -> str:
    """An unexpected error in one line: its type and the first line of its message."""
    text = str(err).splitlines()[0] if str(err) else ""
    return f"{type(err).__name__}: {text}" if text else type(err).__name__
