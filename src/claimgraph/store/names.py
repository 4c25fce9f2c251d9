"""Dates and text as the store records and searches them (names: claimgraph.identity)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def now() -> str:
    """The time of a write, as the store records it."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def date_of(published: str | None) -> str | None:
    """The YYYY-MM-DD day of an ISO, RFC 822 (feeds) or similar date string, else None."""
    if not published:
        return None
    text = published.strip()
    if _ISO_DATE.match(text):
        return text[:10]
    try:
        return parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    for fmt in ("%d %B %Y", "%B %d, %Y", "%d %b %Y", "%b %d, %Y", "%Y/%m/%d"):
        try:
            return datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def like_escape(text: str) -> str:
    """Escape LIKE wildcards so user text matches literally (used with escape='\\')."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
