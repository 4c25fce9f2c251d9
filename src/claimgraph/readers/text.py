"""Turn raw bytes (a file, stdin or a fetched page) into an article text we can analyse."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from claimgraph.errors import InputError
from claimgraph.model import Article
from claimgraph.readers.html import extract_html, looks_like_html

MAX_BYTES = 5_000_000
"""Larger inputs are refused: a news article is rarely over 100 kB, and a 10 MB
blob is almost always a mistake that would take minutes to parse."""

# The commonest English function words; real English prose of a few sentences has many.
_ENGLISH_WORDS = frozenset(
    "the of and to a in that is was he she for it with as his her on be at by "
    "said they from this have are not but had has were which an their who been "
    "would will its or more about after when also".split()
)


@dataclass
class RawArticle:
    """Text ready for analysis plus whatever metadata came with it; ``name`` is how
    messages name it ("corpus.jsonl:line 3", "<stdin>")."""

    text: str
    article: Article = field(default_factory=Article)
    name: str = "<text>"


def decode(data: bytes, name: str) -> str:
    """Bytes to text: UTF-8 (with or without BOM) only; binary and other encodings are refused."""
    if not data.strip():
        raise InputError(f"{name}: input is empty")
    if len(data) > MAX_BYTES:
        raise InputError(f"{name}: input is larger than the {MAX_BYTES / 1e6:.0f} MB limit")
    if b"\x00" in data[:8192]:
        raise InputError(f"{name}: input looks binary (NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(f"{name}: input is not valid UTF-8 (byte {err.start})") from None


MAX_CHARS = 1_000_000
"""spaCy's own limit per text: a 2-million-character text took 3.5 minutes and 7 GB here."""


def check_text(text: str, name: str) -> None:
    """Refuse what the pipeline cannot analyse: no text, a lone surrogate (no Unicode
    text: spaCy would fail on it), text too long to parse, or clearly not English prose."""
    if not text or not text.strip():
        raise InputError(f"{name}: input has no text")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as err:
        code = f"\\u{ord(text[err.start]):04x}"
        message = f"{name}: text holds a lone surrogate ({code} at {err.start}), not Unicode text"
        raise InputError(message) from None
    if len(text) > MAX_CHARS:
        raise InputError(
            f"{name}: text has {len(text):,} characters; the limit is {MAX_CHARS:,} "
            "(one article at a time: split the file)"
        )
    words = re.findall(r"[^\W\d_]+", text.lower())
    if not words:
        raise InputError(f"{name}: input has no words to analyse")
    if len(words) < 20:
        return  # too short to judge; analyse it
    share = sum(w in _ENGLISH_WORDS for w in words) / len(words)
    if share < 0.08:
        raise InputError(f"{name}: input does not look like English text (claimgraph is English-only)")


def prepare(data: bytes, name: str, article: Article | None = None) -> RawArticle:
    """Decode and extract the main text from HTML (the analysis checks the text itself)."""
    text = decode(data, name)
    article = article or Article()
    if looks_like_html(text):
        text, meta = extract_html(text, url=article.url)
        if not text.strip():
            raise InputError(f"{name}: no article text found in the HTML")
        for key, value in meta.items():
            if getattr(article, key) is None and value:
                setattr(article, key, value)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(f"{name}: input has no text")
    return RawArticle(text=text, article=article, name=name)
