"""Fetching an http(s) URL, bounded in size and time."""

from __future__ import annotations

import urllib.error
import urllib.request

from claimgraph.errors import InputError
from claimgraph.readers.items import one_line
from claimgraph.readers.text import MAX_BYTES

FETCH_TIMEOUT = 20


def fetch_url(url: str) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": "claimgraph/0.1"})
    try:
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT) as response:
            return response.read(MAX_BYTES + 1)
    except (urllib.error.URLError, TimeoutError, ValueError, OSError) as err:
        reason = getattr(err, "reason", err)
        raise InputError(f"{one_line(url)}: cannot fetch ({reason})") from None
