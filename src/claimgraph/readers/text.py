"""Turn raw bytes (a file, stdin or a fetched page) into an article text we can analyse."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from claimgraph.errors import InputError
from claimgraph.model import Article
from claimgraph.readers.html import extract_html, looks_like_html
from claimgraph.readers.items import one_line

MAX_BYTES = 5_000_000
"""Larger inputs are refused: a news article is rarely over 100 kB, and a 10 MB
blob is almost always a mistake that would take minutes to parse."""

@dataclass
class RawArticle:
    """Text ready for analysis plus whatever metadata came with it; ``name`` is how
    messages name it ("corpus.jsonl:line 3", "<stdin>")."""

    text: str
    article: Article = field(default_factory=Article)
    name: str = "<text>"


# Byte-order marks of the encodings besides UTF-8 that text files come in; UTF-32 first
# because its little-endian mark starts with UTF-16's.
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def bom_encoding(data: bytes) -> str | None:
    """'utf-16' or 'utf-32' when ``data`` starts with that byte-order mark."""
    return next((enc for bom, enc in _BOMS if data.startswith(bom)), None)


def looks_like_utf16(data: bytes) -> bool:
    """UTF-16 text without a byte-order mark: NULs in (nearly) every other byte, on one side only."""
    head = data[:4096]
    even, odd = head[0::2], head[1::2]
    if len(odd) < 8:
        return False
    share_even, share_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    return max(share_even, share_odd) > 0.4 and min(share_even, share_odd) < 0.05


def decode(data: bytes, name: str) -> str:
    """Bytes to text: UTF-8 (with or without BOM), or UTF-16/32 with a BOM; binary data
    (any NUL byte) and other encodings are refused."""
    name = one_line(name)
    if not data.strip():
        raise InputError(f"{name}: input is empty")
    if len(data) > MAX_BYTES:
        raise InputError(f"{name}: input is larger than the {MAX_BYTES / 1e6:.0f} MB limit")
    encoding = bom_encoding(data)
    if encoding:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as err:
            raise InputError(f"{name}: input is not valid {encoding.upper()} (byte {err.start})") from None
        check_nul(text, name)
        return text.removeprefix("\ufeff")
    nul = data.find(b"\x00")  # anywhere: PostgreSQL cannot store a NUL, so neither store takes one
    if nul >= 0:
        if looks_like_utf16(data):
            raise InputError(f"{name}: input looks like UTF-16 without a byte-order mark; save it as UTF-8")
        raise InputError(f"{name}: input looks binary (NUL byte at byte {nul:,}), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(f"{name}: input is not valid UTF-8 (byte {err.start})") from None


def check_nul(text: str, name: str, what: str = "text") -> None:
    """Refuse a NUL character: it marks binary data, and PostgreSQL text cannot hold it."""
    nul = text.find("\x00")
    if nul >= 0:
        raise InputError(f"{name}: {what} holds a NUL (0x00) character at {nul:,}: binary data, not text")


def check_surrogates(text: str, name: str, what: str = "text") -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as err:
        code = f"\\u{ord(text[err.start]):04x}"
        message = f"{name}: {what} holds a lone surrogate ({code} at {err.start}), not Unicode text"
        raise InputError(message) from None


def check_metadata(article: Article, name: str) -> None:
    """Metadata must be storable text too: no NUL, no lone surrogate (either database)."""
    for key, value in article.to_dict().items():
        if isinstance(value, str):
            check_nul(value, name, key)
            check_surrogates(value, name, key)


MAX_CHARS = 200_000
"""The longest article analysed (``analyze``, ``ingest``; the web takes less), which bounds
one worker's memory: the peak grows with the text, about 0.4 GB at 50,000 characters and
0.85 GB at 200,000 (news text, the pipeline loaded; 1,000,000 took 3.5 GB and 300 s).
A news article is rarely over 50,000 characters."""


def check_text(text: str, name: str) -> None:
    """Refuse what the pipeline cannot analyse: no text, a lone surrogate (no Unicode
    text: spaCy would fail on it), a NUL (binary data, which no store takes), text too long
    to parse, or nothing to read (which language it is in is readers.language's question)."""
    name = one_line(name)
    if not text or not text.strip():
        raise InputError(f"{name}: input has no text")
    check_surrogates(text, name)
    check_nul(text, name)
    if len(text) > MAX_CHARS:
        raise InputError(
            f"{name}: text has {len(text):,} characters; the limit is {MAX_CHARS:,} "
            "(one article at a time: split the file)"
        )
    words = re.findall(r"[^\W\d_]+", text.lower())
    if not words:
        raise InputError(f"{name}: input has no words to analyse")


HEADLINE_WORDS = 16
"""A headline is short: the 84 PolNeAR articles' run from 4 to 15 words, a lead paragraph
to 20 and more."""


def headline(text: str) -> str | None:
    """The article's headline: a first line of at most ``HEADLINE_WORDS`` words that stands
    apart from a longer paragraph after it ("Judge rejects request to unseal file." over
    the story); None when the text opens with its first paragraph."""
    first, newline, rest = text.lstrip().partition("\n")
    first = first.strip().rstrip(";").strip()
    following = next((line for line in rest.split("\n") if line.strip()), "")
    words = first.split()
    if not newline or not words or len(words) > HEADLINE_WORDS:
        return None
    return first if len(following.split()) > len(words) else None


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
    check_metadata(article, name)
    return RawArticle(text=text, article=article, name=name)
