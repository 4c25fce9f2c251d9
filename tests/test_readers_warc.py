"""readers/warc.py against files written by warcio itself, as crawlers write them."""

from __future__ import annotations

import io
import itertools
import random
from pathlib import Path

import pytest

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
