"""Read one article from a path, ``-`` (stdin) or an http(s) URL."""

from __future__ import annotations

import sys
import urllib.error
import urllib.request
from pathlib import Path

from claimgraph.errors import InputError
from claimgraph.ingest.text import MAX_BYTES, RawArticle, prepare
from claimgraph.model import Article

FETCH_TIMEOUT = 20


def fetch_url(url: str) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": "claimgraph/0.1"})
    try:
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT) as response:
            return response.read(MAX_BYTES + 1)
    except (urllib.error.URLError, TimeoutError, ValueError, OSError) as err:
        reason = getattr(err, "reason", err)
        raise InputError(f"{url}: cannot fetch ({reason})") from None


def read_source(source: str) -> RawArticle:
    """``source`` is a path, ``-`` for stdin, or a URL."""
    if source == "-":
        return prepare(sys.stdin.buffer.read(), "<stdin>")
    if source.startswith(("http://", "https://")):
        return prepare(fetch_url(source), source, Article(url=source))
    path = Path(source)
    if not path.exists():
        raise InputError(f"{source}: no such file")
    if path.is_dir():
        raise InputError(f"{source}: is a directory (use 'claimgraph ingest' for folders)")
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as err:
        raise InputError(f"{source}: cannot read ({err.strerror})") from None
    return prepare(data, source, Article(id=path.stem))
