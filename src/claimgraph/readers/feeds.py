"""RSS and Atom feeds (feedparser): each entry becomes an article.

A feed file is read as it is (entry content or summary); a feed URL also
fetches each entry's live page, because feeds often carry only a teaser.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

from claimgraph.model import Article, Failed
from claimgraph.readers.items import Item


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


def read_feed(data: bytes, source: str, live: bool) -> Iterator[Item | Failed]:
    """Entries of the feed in ``data``; ``live`` fetches each entry's page (feed URLs)."""
    import feedparser

    parsed = feedparser.parse(data)
    if not parsed.entries:
        reason = parsed.get("bozo_exception")
        why = f" ({str(reason).splitlines()[0]})" if reason else " (no entries)"
        yield Failed(source, "", f"{source}: not an RSS/Atom feed{why}")
        return
    outlet = parsed.feed.get("title") or None
    for number, entry in enumerate(parsed.entries, start=1):
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
        if live and link:
            yield Item(source, where, b"", article, fetch=link, fallback=body)
        elif body.strip():
            yield Item(source, where, body, article, html=True)
        else:
            message = f"{source}: {where}: no content in the feed (pass the feed URL to fetch pages)"
            yield Failed(source, where, message)
