"""readers/warc.py against files written by warcio itself, as crawlers write them."""

from __future__ import annotations

import io
import itertools
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from properties import check_crawl, warc_crawls

from claimgraph.model import Failed
from claimgraph.readers.items import Item
from claimgraph.readers.warc import _CHUNK, read_warc

WORDS = ("minister council harbour plan vote budget river bridge talks monday report "
         "court ruling farmers tariff school teachers strike hospital rail").split()


def _page(seed: int, paragraphs: int) -> bytes:
    rng = random.Random(seed)
    text = "".join(f"<p>{' '.join(rng.choice(WORDS) for _ in range(14))}.</p>\n" for _ in range(paragraphs))
    return f"<html><body>{text}</body></html>".encode()


def _warcio_file(path: Path, bodies: list[bytes]) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=path.suffix == ".gz")  # one gzip member per record
        handle_info = writer.create_warcinfo_record(path.name, {"software": "claimgraph tests"})
        writer.write_record(handle_info)
        for number, body in enumerate(bodies):
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                f"https://news.example/{number}", "response", payload=io.BytesIO(body), http_headers=headers))


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_records_larger_than_the_decompression_window_are_read_once_each(tmp_path, name):
    bodies = [_page(seed, 800) for seed in range(3)]
    assert all(len(body) > _CHUNK for body in bodies)  # each member ends past the first window
    path = tmp_path / name
    _warcio_file(path, bodies)
    # At most a few more than there are: the loop this guards against never ends.
    items = list(itertools.islice(read_warc(path), 10))
    assert [type(item) for item in items] == [Item, Item, Item]
    assert [item.article.url for item in items] == [f"https://news.example/{n}" for n in range(3)]
    assert [item.data for item in items] == bodies


def test_small_and_large_records_mixed_in_one_gzip_crawl(tmp_path):
    bodies = [_page(seed, size) for seed, size in enumerate([3, 900, 1, 2000, 40])]
    path = tmp_path / "mixed.warc.gz"
    _warcio_file(path, bodies)
    items = list(itertools.islice(read_warc(path), 12))
    assert not [item for item in items if isinstance(item, Failed)]
    assert [item.data for item in items] == bodies


# -- records that were skipped in silence ----------------------------------------------

URI = {letter: b"https://news.example/" + letter for letter in (b"a", b"b", b"c", b"d")}
BODY = b"<html><body><p>The mayor said the bridge would reopen in May after repairs.</p></body></html>"


def _http(body: bytes = BODY, headers: bytes = b"") -> bytes:
    return (b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n" + headers
            + b"Content-Length: %d\r\n\r\n" % len(body) + body)


def _record(uri: bytes, block: bytes, length: bytes | None = None, extra: bytes = b"",
            trailer: bytes = b"\r\n\r\n") -> bytes:
    length = str(len(block)).encode() if length is None else length
    return (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: " + uri + b"\r\n"
            b"WARC-Record-ID: <urn:uuid:" + uri[-1:] + b">\r\n"
            b"Content-Type: application/http; msgtype=response\r\n" + extra
            + b"Content-Length: " + length + b"\r\n\r\n" + block + trailer)


def _read(tmp_path: Path, data: bytes) -> list[Item | Failed]:
    path = tmp_path / "crawl.warc"
    path.write_bytes(data)
    return list(itertools.islice(read_warc(path), 10))


def _kinds(found: list[Item | Failed]) -> list[str]:
    return [f"{type(x).__name__}:{x.record}" for x in found]


def test_a_target_uri_with_an_upper_case_scheme_is_an_article(tmp_path):
    found = _read(tmp_path, _record(b"HTTP://News.example/a", _http()) + _record(URI[b"b"], _http()))
    assert _kinds(found) == ["Item:record 1", "Item:record 2"]
    assert found[0].article.url == "http://News.example/a" and found[0].data == BODY


def test_two_content_lengths_that_disagree_are_a_failure(tmp_path):
    block = _http()
    twice = _record(URI[b"b"], block, extra=b"Content-Length: %d\r\n" % (len(block) - 40))
    found = _read(tmp_path, _record(URI[b"a"], block) + twice + _record(URI[b"c"], block))
    assert _kinds(found)[:2] == ["Item:record 1", "Failed:record 2"]
    assert "Content-Length headers that disagree" in found[1].error


def test_a_content_length_running_over_the_next_record_is_a_failure(tmp_path):
    block = _http()
    hidden = _record(URI[b"c"], block, trailer=b"")
    lying = block + b"\r\n\r\n" + hidden
    data = (_record(URI[b"a"], block) + _record(URI[b"b"], lying)
            + _record(URI[b"d"], block))
    found = _read(tmp_path, data)
    assert _kinds(found) == ["Item:record 1", "Failed:record 2", "Item:record 3"]
    assert "runs over the start of another record" in found[1].error


def test_a_corrupt_chunked_body_is_a_failure_not_html(tmp_path):
    chunked = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n"
               b"zz\r\n" + BODY + b"\r\n0\r\n\r\n")
    found = _read(tmp_path, _record(URI[b"a"], chunked) + _record(URI[b"b"], _http()))
    assert _kinds(found) == ["Failed:record 1", "Item:record 2"]
    assert "corrupt WARC record" in found[0].error


def test_a_content_length_in_other_digits_is_a_failure(tmp_path):
    block = _http()
    arabic = "".join(chr(0x660 + int(d)) for d in str(len(block))).encode()
    found = _read(tmp_path, _record(URI[b"a"], block, length=arabic))
    assert _kinds(found) == ["Failed:record 1"] and "Content-Length" in found[0].error


@settings(max_examples=15, deadline=None, database=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(crawl=warc_crawls())
def test_any_warcio_crawl_is_read_record_by_record(crawl, tmp_path):
    check_crawl(*crawl, tmp_path)
