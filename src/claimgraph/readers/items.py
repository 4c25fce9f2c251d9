"""One article waiting to be analysed, as the corpus readers yield it."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from claimgraph.model import Article


def one_line(text: str) -> str:
    """``text`` with line breaks and other control characters escaped: messages are one line."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() or ch == " " else ascii(ch)[1:-1] for ch in text)


def readable(text: str) -> str:
    """A file name as storable text: bytes that are not UTF-8 (which Python keeps as lone
    surrogates) shown as \\xNN escapes."""
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate that came from no file name
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


def record_name(source: str, record: str | None) -> str:
    """How messages name an article: 'path', 'path:3' (line 3), 'path: record 7', 'path: entry 2'."""
    source = one_line(source)
    if not record:
        return source
    if record.startswith("line "):
        return f"{source}:{record.removeprefix('line ')}"
    return f"{source}: {one_line(record)}"


@dataclass
class Item:
    """Raw article input plus the metadata that came with it.

    ``data`` is the file or record bytes; ``html`` True forces HTML extraction
    (a JSONL ``html`` field or feed content may be a fragment without <html>);
    ``fetch`` is a URL the worker downloads instead of ``data`` (live feed pages), from a
    private address too when ``allow_private`` (the user's --allow-private-urls).
    """

    source: str
    record: str | None
    data: bytes = b""
    article: Article = field(default_factory=Article)
    html: bool | None = None
    fetch: str | None = None
    fallback: bytes = b""  # feed content used when ``fetch`` fails
    allow_private: bool = False

    @property
    def name(self) -> str:
        return record_name(self.source, self.record)

    def source_hash(self) -> str:
        """Hash of the input as given: a rerun skips it before parsing anything."""
        digest = hashlib.sha256()
        digest.update(self.data)
        digest.update((self.fetch or "").encode())
        meta = self.article.to_dict()
        digest.update(json.dumps([meta, self.html], sort_keys=True).encode())
        return digest.hexdigest()
