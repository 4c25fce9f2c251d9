"""RSS and Atom feeds (feedparser): each entry becomes an article.

A feed file is read as it is (entry content or summary); a feed URL also
fetches each entry's live page, because feeds often carry only a teaser.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

from claimgraph.model import Article, Failed
from claimgraph.readers.fetch import is_fetchable
from claimgraph.readers.items import Item, one_line, record_name

# A feed's root tags, and an entry's closing tag (any namespace prefix).
_ROOT_START = re.compile(rb"<(?:[\w.-]+:)?(?:rss|feed|rdf)[\s>]", re.I)
_ROOT_END = re.compile(rb"</(?:[\w.-]+:)?(?:rss|feed|rdf)\s*>", re.I)
_ENTRY_END = re.compile(rb"</(?:[\w.-]+:)?(?:item|entry)\s*>", re.I)


def whole_entries(data: bytes) -> int | None:
    """How many entries a cut-off feed holds whole (None when the feed is not cut off).

    feedparser reads a cut feed without complaint, down to the last entry begun: one cut
    at the start of an entry would lose the rest unnoticed. A feed that never closes its
    root element is cut off; its entries up to the last closing tag are whole.
    """
    if b"\x00" in data[:200] or not _ROOT_START.search(data[:4000]) or _ROOT_END.search(data):
        return None  # UTF-16/32 (the tags are not ASCII bytes), no feed, or a closed feed
    return len(_ENTRY_END.findall(data))


def _published(entry: Any) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if parsed:
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", parsed)
    return entry.get("published") or entry.get("updated") or None


def _content(entry: Any) -> str:
    for part in entry.get("content") or []:
        if part.get("value", "").strip():
            return part["value"]
    return entry.get("summary", "") or ""


def is_feed(data: bytes) -> bool:
    head = data[:2000].lstrip().lower()
    return head.startswith(b"<?xml") and (b"<rss" in head or b"<feed" in head or b"<rdf" in head)


def read_feed(data: bytes, source: str, live: bool, allow_private: bool = False) -> Iterator[Item | Failed]:
    """Entries of the feed in ``data``; ``live`` fetches each entry's page (feed URLs): an
    http(s) link only, from a private address only when ``allow_private``."""
    import feedparser

    parsed = feedparser.parse(data)
    whole = whole_entries(data)
    if not parsed.entries and whole is None:
        reason = parsed.get("bozo_exception")
        why = f" ({str(reason).splitlines()[0]})" if reason else " (no entries)"
        yield Failed(source, "", f"{one_line(source)}: not an RSS/Atom feed{why}")
        return
    entries = parsed.entries if whole is None else parsed.entries[:whole]
    yield from _entries(entries, parsed.feed.get("title") or None, source, live, allow_private)
    if whole is not None:
        where = f"entry {len(entries) + 1}"
        yield Failed(source, where, f"{record_name(source, where)}: the feed is cut off here (it has "
                     "no closing tag; the entries before this one were read)")


def _entries(
    entries: list[Any], outlet: str | None, source: str, live: bool, allow_private: bool
) -> Iterator[Item | Failed]:
    for number, entry in enumerate(entries, start=1):
        where = f"entry {number}"
        link = entry.get("link") or None
        article = Article(
            id=entry.get("id") or link,
            title=entry.get("title") or None,
            outlet=outlet,
            published=_published(entry),
            url=link,
        )
        body = _content(entry).encode("utf-8")
        if live and link and not is_fetchable(link):
            # file:, data: and the like would read this machine's files, not a page.
            shown = one_line(link[:80])
            yield Failed(source, where, f"{record_name(source, where)}: entry link {shown!r} is not an "
                         "http(s) URL (not fetched)")
        elif live and link:
            yield Item(source, where, b"", article, fetch=link, fallback=body, allow_private=allow_private)
        elif body.strip():
            yield Item(source, where, body, article, html=True)
        else:
            name = record_name(source, where)
            yield Failed(source, where, f"{name}: no content in the feed (pass the feed URL to fetch pages)")
