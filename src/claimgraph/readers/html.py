"""Main-text extraction from HTML pages with trafilatura."""

from __future__ import annotations

import re

_HTML_START = re.compile(r"\A\s*(<!doctype html|<html|<head|<body|<article|<\?xml)", re.I)


def looks_like_html(text: str) -> bool:
    return bool(_HTML_START.match(text[:1000]))


def extract_html(html: str, url: str | None = None) -> tuple[str, dict[str, str | None]]:
    """Return the article's main text and the metadata trafilatura finds (title, date, outlet)."""
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    text = trafilatura.extract(html, url=url, include_comments=False, include_tables=False) or ""
    meta = trafilatura.extract_metadata(html, default_url=url)
    found: dict[str, str | None] = {"title": None, "published": None, "outlet": None}
    if meta is not None:
        found = {"title": meta.title, "published": meta.date, "outlet": meta.sitename}
    return text, found
