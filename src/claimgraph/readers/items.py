"""One article waiting to be analysed, as the corpus readers yield it."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from claimgraph.model import Article


@dataclass
class Item:
    """Raw article input plus the metadata that came with it.

    ``data`` is the file or record bytes; ``html`` True forces HTML extraction
    (a JSONL ``html`` field or feed content may be a fragment without <html>);
    ``fetch`` is a URL the worker downloads instead of ``data`` (live feed pages).
    """

    source: str
    record: str | None
    data: bytes = b""
    article: Article = field(default_factory=Article)
    html: bool | None = None
    fetch: str | None = None
    fallback: bytes = b""  # feed content used when ``fetch`` fails

    @property
    def name(self) -> str:
        """How messages name the article: 'path', 'path:line 3', 'path: record 7'."""
        return f"{self.source}:{self.record}" if self.record else self.source

    def source_hash(self) -> str:
        """Hash of the input as given: a rerun skips it before parsing anything."""
        digest = hashlib.sha256()
        digest.update(self.data)
        digest.update((self.fetch or "").encode())
        meta = self.article.to_dict()
        digest.update(json.dumps([meta, self.html], sort_keys=True).encode())
        return digest.hexdigest()
