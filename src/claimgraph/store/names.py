"""Folding names and dates into the forms the store compares."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from email.utils import parsedate_to_datetime

_NOT_WORD = re.compile(r"[^\w\s'-]+")
_SPACES = re.compile(r"\s+")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def fold(name: str) -> str:
    """Case- and accent-folded name with single spaces: 'Mária  ZAKHAROVA' -> 'maria zakharova'."""
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    bare = bare.replace("\u2019", "'")
    return _SPACES.sub(" ", _NOT_WORD.sub(" ", bare.casefold())).strip()


def last_word(folded: str) -> str:
    return folded.rsplit(" ", 1)[-1] if folded else ""


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
