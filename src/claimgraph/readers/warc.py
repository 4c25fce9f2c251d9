"""WARC files (web archives): each HTML response becomes an article (via trafilatura).

A truncated or corrupt archive yields the records before the damage and one
failure naming the record where reading stopped.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from pathlib import Path

from claimgraph.model import Article, Failed
from claimgraph.readers.items import Item
from claimgraph.readers.text import MAX_BYTES

_TEXT_TYPES = ("text/html", "application/xhtml", "text/plain")


def _content_type(record) -> str:  # type: ignore[no-untyped-def]
    headers = record.http_headers if record.rec_type == "response" else record.rec_headers
    if headers is None:
        return ""
    return (headers.get_header("Content-Type") or "").lower()


def _wanted(record) -> bool:  # type: ignore[no-untyped-def]
    if record.rec_type not in ("response", "resource"):
        return False
    if record.rec_type == "response" and record.http_headers is not None:
        status = record.http_headers.get_statuscode() or ""
        if not status.startswith("2"):
            return False  # redirects and errors carry no article
    return any(kind in _content_type(record) for kind in _TEXT_TYPES)


def _leftover(archive, record, handle) -> bool:  # type: ignore[no-untyped-def]
    """Whether bytes other than the final record separator follow the last record."""
    archive.read_to_end(record)
    end = archive.get_record_offset() + archive.get_record_length()
    handle.seek(end)
    return bool(handle.read(4096).strip())


def looks_like_warc(head: bytes) -> bool:
    if head[:2] == b"\x1f\x8b":
        try:
            head = zlib.decompressobj(31).decompress(head, 64)
        except zlib.error:
            return False
    return head.startswith((b"WARC/", b"filedesc://"))


def read_warc(path: Path) -> Iterator[Item | Failed]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    source = str(path)
    try:
        handle = path.open("rb")
    except OSError as err:
        yield Failed(source, "", f"{source}: cannot read ({err.strerror})")
        return
    number = 0
    with handle:
        # warcio reads almost anything as some record; check the magic first.
        if not looks_like_warc(handle.read(512)):
            yield Failed(source, "record 1", f"{source}: record 1: not a WARC file")
            return
        handle.seek(0)
        try:
            archive = ArchiveIterator(handle)
            record = None
            for record in archive:
                number += 1
                if not _wanted(record):
                    continue
                data = record.content_stream().read(MAX_BYTES + 1)
                if len(data) <= MAX_BYTES and getattr(record.raw_stream, "limit", 0) > 0:
                    # warcio hands out a cut-off record without complaint: the bytes
                    # promised by Content-Length are not all there.
                    missing = record.raw_stream.limit
                    where = f"record {number}"
                    yield Failed(source, where, f"{source}: {where}: truncated WARC record "
                                 f"({missing} bytes missing)")
                    return
                url = record.rec_headers.get_header("WARC-Target-URI")
                html = "text/plain" not in _content_type(record)
                yield Item(source, f"record {number}", data, Article(url=url), html=html or None)
            if record is None or _leftover(archive, record, handle):
                # A file cut inside a record's headers ends the iteration silently.
                where = f"record {number + 1}"
                yield Failed(source, where, f"{source}: {where}: truncated WARC record (cut off)")
        except (ArchiveLoadFailed, EOFError, zlib.error, OSError, ValueError, AttributeError) as err:
            # warcio raises AttributeError on a file cut inside the first record's headers.
            where = f"record {number + 1}"
            reason = str(err).splitlines()[0] if str(err) else type(err).__name__
            yield Failed(source, where, f"{source}: {where}: truncated or corrupt WARC ({reason})")
