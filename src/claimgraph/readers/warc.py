"""WARC files (web archives): each HTML response becomes an article (via trafilatura).

Records are framed here, strictly: every record's headers must end with their blank line
and its block must hold the bytes its Content-Length declares (ARC files: the length in
the header line). warcio alone hands out a cut-off record without complaint, and skips a
record whose HTTP headers were cut as if it were no article. A record found cut off or
corrupt is a failure naming it, and reading stops there when the file cannot be followed
further. warcio then parses each whole record (HTTP headers, chunked and compressed
bodies); what it would print on stderr makes that record a failure instead.
"""

from __future__ import annotations

import contextlib
import io
import logging
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from claimgraph.model import Article, Failed
from claimgraph.readers.items import Item, one_line, record_name
from claimgraph.readers.text import MAX_BYTES

_TEXT_TYPES = ("text/html", "application/xhtml", "text/plain")
_WANTED_TYPES = ("response", "resource")
HTTP_HEAD_BYTES = 65_536  # room for a record's HTTP headers beyond the article size limit
MAX_HEADER_BYTES = 65_536  # WARC headers longer than this are not headers
_CHUNK = 65_536
# Where a record starts inside another's block: the blank line ending a record, then a
# WARC version line and a WARC header (a page that quotes a WARC file does not have these).
_RECORD_START = re.compile(rb"\r\n\r\nWARC/1\.[01]\r\n(?:WARC-[\w-]+|Content-\w+):")


class CorruptWarc(Exception):
    """The file cannot be read on from here (cut off, bad gzip data, lost framing)."""


class _Stream:
    """The file's bytes, decompressed when it is gzip (one member per record, or one for all).

    ``member_open`` tells whether the data ended inside a gzip member: all of a record's
    bytes may have arrived while its member's end (and checksum) was cut off; ``members``
    counts the members read to their end, to tell whose member that was.
    """

    def __init__(self, handle: BinaryIO, gzipped: bool) -> None:
        self.handle = handle
        self.buffer = bytearray()
        self.eof = False
        self.decompressor = zlib.decompressobj(31) if gzipped else None
        self.tail = b""  # compressed bytes not yet decompressed (bounded output per step)
        self.fed = False  # the current gzip member has been given data
        self.members = 0

    @property
    def member_open(self) -> bool:
        return self.decompressor is not None and self.fed and not self.decompressor.eof

    def _more(self) -> bool:
        """Add some bytes to the buffer; False at the end of the file."""
        if self.decompressor is None:
            raw = self.handle.read(_CHUNK)
            self.buffer += raw
            return bool(raw)
        while True:
            if self.decompressor.eof:
                self.members += 1
                # All input past the member's end is in unused_data; CPython may leave a copy
                # of it in unconsumed_tail too (when an output limit was met on the way).
                rest = self.decompressor.unused_data
                self.decompressor, self.tail, self.fed = zlib.decompressobj(31), rest, False
            raw = self.tail or self.handle.read(_CHUNK)
            if not raw:
                return False
            try:
                out = self.decompressor.decompress(raw, _CHUNK)
            except zlib.error as err:
                raise CorruptWarc(f"corrupt gzip data ({err})") from None
            self.fed = True
            self.tail = self.decompressor.unconsumed_tail
            if out:
                self.buffer += out
                return True

    def _fill(self, size: int) -> None:
        while len(self.buffer) < size and not self.eof:
            if not self._more():
                self.eof = True

    def read(self, size: int) -> bytes:
        self._fill(size)
        data = bytes(self.buffer[:size])
        del self.buffer[:size]
        return data

    def skip(self, size: int) -> int:
        """Discard up to ``size`` bytes without holding them; returns how many there were."""
        done = 0
        while done < size:
            part = len(self.read(min(_CHUNK, size - done)))
            if not part:
                break
            done += part
        return done

    def readline(self, limit: int) -> bytes:
        while b"\n" not in self.buffer and len(self.buffer) < limit and not self.eof:
            if not self._more():
                self.eof = True
        end = self.buffer.find(b"\n", 0, limit)
        return self.read(end + 1 if end >= 0 else limit)

    def at_end(self) -> bool:
        self._fill(1)
        return not self.buffer

    def skip_blank(self) -> None:
        """The blank lines after a record (two CRLFs in a WARC, one LF in an ARC)."""
        while not self.at_end() and self.buffer[:1] in (b"\r", b"\n"):
            del self.buffer[:1]


@dataclass
class _Record:
    head: bytes  # the header lines as they are in the file
    type: str
    length: int
    url: str | None


def _parse_warc_headers(lines: list[bytes]) -> dict[str, list[str]]:
    headers: dict[str, list[str]] = {}
    for line in lines[1:]:
        name, colon, value = line.decode("utf-8", "replace").partition(":")
        if colon:
            headers.setdefault(name.strip().lower(), []).append(value.strip())
    return headers


def _lower_scheme(lines: list[bytes]) -> tuple[list[bytes], str | None]:
    """The header lines with an ``HTTP://`` target URI's scheme in lower case (warcio reads
    the HTTP headers of http: and https: URIs only, as it spells them), and the URI."""
    url = None
    for number, line in enumerate(lines[1:], start=1):
        name, colon, value = line.partition(b":")
        if colon and name.strip().lower() == b"warc-target-uri":
            uri = value.strip().decode("utf-8", "replace")
            scheme, sep, rest = uri.partition(":")
            if sep and scheme.lower() in ("http", "https") and scheme != scheme.lower():
                uri = f"{scheme.lower()}:{rest}"
                lines[number] = name + b": " + uri.encode("utf-8") + b"\r\n"
            url = uri or None
            break
    return lines, url


def _next_record(stream: _Stream) -> _Record:
    """The headers of the record starting at the next line; CorruptWarc when cut or malformed."""
    first = stream.readline(MAX_HEADER_BYTES)
    if first.startswith(b"WARC/"):
        lines, size = [first], len(first)
        while lines[-1].strip():
            line = stream.readline(MAX_HEADER_BYTES)
            if not line or (not line.endswith(b"\n") and stream.at_end()):
                raise CorruptWarc("truncated WARC record (the file ends inside its headers)")
            size += len(line)
            if size > MAX_HEADER_BYTES:
                raise CorruptWarc(f"corrupt WARC record (headers longer than {MAX_HEADER_BYTES:,} bytes)")
            lines.append(line)
        headers = _parse_warc_headers(lines)
        lengths = set(headers.get("content-length", []))
        if len(lengths) > 1:
            # warcio would parse by one and the framing go by the other: a record would vanish.
            raise CorruptWarc(f"corrupt WARC record (Content-Length headers that disagree: "
                              f"{', '.join(sorted(lengths))})")
        length = next(iter(lengths), "")
        if not (length.isascii() and length.isdigit()):
            raise CorruptWarc("corrupt WARC record (no valid Content-Length header)")
        kind = headers.get("warc-type", [""])[0].lower()
        lines, url = _lower_scheme(lines)
        if kind == "response" and url is None:
            raise CorruptWarc("corrupt WARC record (a response without WARC-Target-URI)")
        return _Record(b"".join(lines), kind, int(length), url)
    fields = first.split()
    if first.endswith(b"\n") and len(fields) >= 5 and fields[-1].isdigit():  # an ARC record
        kind = "warcinfo" if first.startswith(b"filedesc://") else "response"
        return _Record(first, kind, int(fields[-1]), fields[0].decode("utf-8", "replace"))
    if not first.endswith(b"\n") and stream.at_end() and b"WARC/".startswith(first[:5]):
        raise CorruptWarc("truncated WARC record (the file ends inside its headers)")
    shown = first[:40].decode("utf-8", "replace").strip()
    raise CorruptWarc(f"not a WARC record where one should start ({shown!r}; a wrong Content-Length "
                      "before it?)")


def _content_type(record) -> str:  # type: ignore[no-untyped-def]
    headers = record.http_headers if record.rec_type == "response" else record.rec_headers
    if headers is None:
        return ""
    return (headers.get_header("Content-Type") or "").lower()


def _wanted(record) -> bool:  # type: ignore[no-untyped-def]
    if record.rec_type not in _WANTED_TYPES:
        return False
    if record.rec_type == "response" and record.http_headers is not None:
        status = record.http_headers.get_statuscode() or ""
        if not status.startswith("2"):
            return False  # redirects and errors carry no article
    return any(kind in _content_type(record) for kind in _TEXT_TYPES)


def _article(raw: bytes, source: str, where: str, url: str | None) -> Item | Failed | None:
    """The article in one whole record's bytes (None when it holds none): warcio parses it."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.bufferedreaders import ChunkedDataReader

    warnings = io.StringIO()
    try:
        # warcio writes its warnings to stderr (and a logger): they belong to this record.
        with contextlib.redirect_stderr(warnings):
            record = next(iter(ArchiveIterator(io.BytesIO(raw), arc2warc=False)))
            if not _wanted(record):
                return None
            stream = record.content_stream()
            if isinstance(stream, ChunkedDataReader):
                stream.raise_chunked_data_exceptions = True  # else a bad chunk is kept as text
            data = stream.read(MAX_BYTES + 1)
    except Exception as err:  # noqa: BLE001 - whatever warcio raises, the record is corrupt
        reason = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        return Failed(source, where, f"{record_name(source, where)}: corrupt WARC record ({reason})")
    warned = warnings.getvalue().strip()
    if warned:
        reason = warned.splitlines()[0].strip()
        return Failed(source, where, f"{record_name(source, where)}: corrupt WARC record ({reason})")
    html = "text/plain" not in _content_type(record)
    return Item(source, where, data, Article(url=url), html=html or None)


def looks_like_warc(head: bytes) -> bool:
    if head[:2] == b"\x1f\x8b":
        try:
            head = zlib.decompressobj(31).decompress(head, 64)
        except zlib.error:
            return False
    return head.startswith((b"WARC/", b"filedesc://"))


def _cut_at_start(head: bytes) -> bool:
    """A file cut before its first record's headers end: what is there starts a WARC."""
    if head[:2] == b"\x1f\x8b":
        try:
            head = zlib.decompressobj(31).decompress(head, 64)
        except zlib.error:
            return False
    return len(head) < 5 and b"WARC/".startswith(head)


def read_warc(path: Path) -> Iterator[Item | Failed]:
    source = str(path)
    try:
        handle = path.open("rb")
    except OSError as err:
        yield Failed(source, "", f"{one_line(source)}: cannot read ({err.strerror})")
        return
    with handle:
        yield from warc_records(handle, source)


def warc_records(handle: BinaryIO, source: str) -> Iterator[Item | Failed]:
    """The articles of the (seekable) WARC or ARC in ``handle``, plain or gzip."""
    # warcio logs a note when it escapes spaces in a URI: not the user's concern.
    logging.getLogger("warcio.recordloader").disabled = True
    head = handle.read(512)
    if not head:
        yield Failed(source, "", f"{one_line(source)}: empty file (no WARC records)")
        return
    if not looks_like_warc(head):
        if _cut_at_start(head):
            message = "truncated WARC record (the file ends inside its headers)"
        else:
            message = "not a WARC file"
        yield Failed(source, "record 1", f"{record_name(source, 'record 1')}: {message}")
        return
    handle.seek(0)
    yield from _records(_Stream(handle, head[:2] == b"\x1f\x8b"), source)


def _records(stream: _Stream, source: str) -> Iterator[Item | Failed]:
    number = 0
    # Each article is held until the next record starts: all its bytes may be there while
    # its gzip member's end is cut off. ``members``: gzip members ended when its block was read.
    held: Item | Failed | None = None
    members = 0
    between = True  # looking for the next record (not inside one)
    try:
        while True:
            between = True
            stream.skip_blank()
            if stream.at_end():
                break
            between = False
            if held is not None:
                yield held
                held = None
            number += 1
            record = _next_record(stream)
            keep = min(record.length, MAX_BYTES + HTTP_HEAD_BYTES)
            block = stream.read(keep)
            present = len(block) + stream.skip(record.length - keep)
            if present < record.length:
                raise CorruptWarc(f"truncated WARC record ({record.length - present:,} of "
                                  f"{record.length:,} bytes missing)")
            members = stream.members
            where = f"record {number}"
            if _RECORD_START.search(block):
                # A Content-Length that runs over the next record would hide it in this one.
                held = Failed(source, where, f"{record_name(source, where)}: corrupt WARC record (its "
                              "Content-Length runs over the start of another record)")
            elif record.type in _WANTED_TYPES:
                held = _article(record.head + block, source, where, record.url)
        between = True
        if stream.member_open:
            raise CorruptWarc("truncated WARC record (its gzip data is cut off)")
    except CorruptWarc as err:
        if between and (number == 0 or stream.members > members):
            # The damage is past the last record's own gzip member: that record is whole.
            if held is not None:
                yield held
            number += 1
        where = f"record {number}"
        yield Failed(source, where, f"{record_name(source, where)}: {err}")
        return
    if held is not None:
        yield held
