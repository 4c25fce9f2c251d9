"""JSONL corpora: one article per line (text or html, plus id, title, outlet, url, published)."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from claimgraph.model import Article, Failed
from claimgraph.readers.items import Item, one_line, record_name
from claimgraph.readers.text import MAX_BYTES, bom_encoding

META_FIELDS = ("id", "title", "outlet", "published", "url")
SNIFF_BYTES = 8192
# Room for an article at the size limit written with JSON escapes, and its metadata. A
# longer line is refused unread: the file is read a line at a time, never a line whole.
MAX_LINE = 4 * MAX_BYTES
_CHUNK = 1 << 20
# Magic numbers of the binary files most often given by mistake (compressed corpora).
_BINARY_MAGIC = {b"\x1f\x8b": "gzip", b"PK\x03\x04": "zip", b"BZh": "bzip2", b"\xfd7zXZ": "xz",
                 b"(\xb5/\xfd": "zstd"}


def _meta(value: object) -> str | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, str) else str(value)


def parse_line(line: str, source: str, number: int) -> Item | Failed:
    where = f"line {number}"
    name = record_name(source, where)
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as err:
        return Failed(source, where, f"{name}: invalid JSON ({err.msg}, column {err.colno})")
    if not isinstance(obj, dict):
        return Failed(source, where, f"{name}: expected a JSON object per line")
    try:
        # A lone surrogate escape ("\ud800") is valid JSON but no text: refuse the line.
        json.dumps(obj, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return Failed(source, where, f"{name}: invalid text (a lone surrogate escape)")
    article = Article(**{key: _meta(obj.get(key)) for key in META_FIELDS})
    for key, is_html in (("text", None), ("html", True)):
        body = obj.get(key)
        if isinstance(body, str) and body.strip():
            return Item(source, where, body.encode("utf-8"), article, html=is_html)
    return Failed(source, where, f"{name}: no 'text' or 'html' field with content")


def _binary_kind(head: bytes) -> str | None:
    """What binary data the file holds ('gzip', ...), or None when it may be text."""
    if bom_encoding(head):
        return None
    kind = next((kind for magic, kind in _BINARY_MAGIC.items() if head.startswith(magic)), None)
    return kind or ("NUL bytes" if b"\x00" in head else None)


class _TooLong:
    """A line longer than MAX_LINE (skipped to its end without being held)."""


Line = str | UnicodeDecodeError | _TooLong


def _bounded_lines(handle: BinaryIO | io.TextIOWrapper) -> Iterator[bytes | str | _TooLong]:
    """Each line of ``handle``, or _TooLong for one over MAX_LINE: memory stays bounded."""
    while True:
        line = handle.readline(MAX_LINE + 1)
        if not line:
            return
        if len(line) <= MAX_LINE or line[-1:] in ("\n", b"\n"):
            yield line
            continue
        while True:  # the rest of the long line, a chunk at a time
            part = handle.readline(_CHUNK)
            if not part or part[-1:] in ("\n", b"\n"):
                break
        yield _TooLong()


def _lines(handle: BinaryIO, encoding: str | None) -> Iterator[tuple[int, Line]]:
    """(line number, text, or the decoding error or _TooLong) for each line."""
    if encoding:  # UTF-16/32 with a byte-order mark: decoded as one stream
        text = io.TextIOWrapper(handle, encoding=encoding, newline="")
        number = 0
        try:
            for number, line in enumerate(_bounded_lines(text), start=1):
                yield number, line.removeprefix("\ufeff") if isinstance(line, str) else _TooLong()
        except UnicodeDecodeError as err:
            yield number + 1, err
        return
    for number, raw in enumerate(_bounded_lines(handle), start=1):
        if not isinstance(raw, bytes):
            yield number, _TooLong()
            continue
        try:
            yield number, raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as err:
            yield number, err


def read_jsonl(path: Path) -> Iterator[Item | Failed]:
    source = str(path)
    try:
        handle = path.open("rb")
    except OSError as err:
        yield Failed(source, "", f"{one_line(source)}: cannot read ({err.strerror})")
        return
    with handle:
        head = handle.read(SNIFF_BYTES)
        kind = _binary_kind(head)
        if kind:
            yield Failed(source, "", f"{one_line(source)}: not a JSONL file (binary data: {kind})")
            return
        handle.seek(0)
        encoding = bom_encoding(head)
        articles = 0
        for number, line in _lines(handle, encoding):
            where = f"line {number}"
            if isinstance(line, UnicodeDecodeError):
                name = record_name(source, where)
                if encoding:  # a broken UTF-16 stream cannot be resynchronised: the rest is lost
                    yield Failed(source, where, f"{name}: not valid {encoding.upper()} from this line on")
                    return
                yield Failed(source, where, f"{name}: not UTF-8 (byte {line.start})")
                continue
            if isinstance(line, _TooLong):
                articles += 1
                yield Failed(source, where, f"{record_name(source, where)}: line longer than "
                             f"{MAX_LINE // 1_000_000} MB (an article may have {MAX_BYTES // 1_000_000} MB)")
                continue
            if line.strip():
                articles += 1
                yield parse_line(line, source, number)
        if not articles:
            yield Failed(source, "", f"{one_line(source)}: no articles (the file is empty)")
