"""The faults of issue 13, each with the test that failed before its fix.

1. a NUL past the first 8 KB of a text, or in metadata, stopped a PostgreSQL run and took
   the rest of its chunk with it; one article the database refuses must fail alone;
2. a WARC cut inside a record lost that record in silence;
   (3, the speaker alias cache, is the speaker-identity work's;)
4. a lone surrogate crashed ``analyze`` (test_properties.py holds its property test);
and the smaller ones: a feed cut at an entry, JSONL messages in two formats, UTF-16 input,
and binary or empty JSONL files that passed with exit 0.
"""

from __future__ import annotations

import gzip
import io
import json
import random
import re
from pathlib import Path

import pg_server
import pytest
from corpus_templates import analysis_of, make_corpus

from claimgraph.corpus import ingest
from claimgraph.errors import InputError
from claimgraph.model import Failed
from claimgraph.options import AnalysisOptions
from claimgraph.readers.feeds import read_feed
from claimgraph.readers.formats import read_articles
from claimgraph.readers.jsonl import read_jsonl
from claimgraph.readers.warc import read_warc, warc_records
from claimgraph.store import Pending, Store

SPECS = make_corpus(30, seed=131)


@pytest.fixture(params=["sqlite", "postgresql"])
def any_store(request, tmp_path):
    if request.param == "sqlite":
        store = Store.open(str(tmp_path / "faults.db"))
    else:
        server, reason = pg_server.shared()
        if server is None:
            pytest.skip(f"PostgreSQL not available: {reason}")
        store = Store.open(server.create_database())
    yield store
    store.close()


# -- 1. NUL bytes, and one bad article in a batch ------------------------------------


def _nul_corpus(path: Path) -> None:
    """20 lines: a NUL in line 10's title, one past the first 8 KB of line 14's text."""
    lines = []
    for i, spec in enumerate(SPECS[:20], start=1):
        record = {"id": spec.id, "title": spec.title, "outlet": spec.outlet, "text": spec.text}
        if i == 10:
            record["title"] = "Harbor\x00Times"
        if i == 14:
            record["text"] = spec.text + " The council met again." * 400 + "\x00 end."
            assert len(record["text"].encode()) > 8192
        lines.append(json.dumps(record))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_a_nul_fails_its_article_alone_and_the_same_on_both_databases(any_store, tmp_path):
    path = tmp_path / "nul.jsonl"
    _nul_corpus(path)
    (tmp_path / "late.txt").write_bytes(SPECS[25].text.encode() + b" More." * 2000 + b"\x00tail")
    sources = [str(path), str(tmp_path / "late.txt")]
    options = AnalysisOptions(batch_size=8)
    report = ingest(sources, any_store, options)
    assert (report.added, report.failed) == (18, 3), report.failures
    messages = report.failures
    assert messages[0].startswith(f"{path}:10: title holds a NUL"), messages
    assert messages[1].startswith(f"{path}:14: input looks binary (NUL byte at byte "), messages
    assert "late.txt: input looks binary (NUL byte at byte 1" in messages[2], messages
    assert len(any_store.failures()) == 3
    again = ingest(sources, any_store, options)  # a rerun goes past them again
    assert (again.added, again.skipped, again.failed) == (0, 18, 3)
    assert any_store.totals()["articles"] == 18 and len(any_store.failures()) == 3


def test_an_article_the_database_refuses_fails_alone_and_the_batch_is_stored(any_store):
    good = [analysis_of(spec) for spec in SPECS[:3]]
    broken = analysis_of(SPECS[3])
    broken.entities[0].mentions[0].start = 2**70  # no INTEGER column holds it, on either database
    nul = analysis_of(SPECS[4])
    nul.entities[0].name = "Maria\x00Zakharova"  # built by hand: no reader made it
    batch = [Pending(good[0], source="in.jsonl", record="line 1"),
             Pending(broken, source="in.jsonl", record="line 2"),
             Failed("in.jsonl", "line 3", "in.jsonl:3: invalid JSON"),
             Pending(nul, source="in.jsonl", record="line 4"),
             Pending(good[1], source="in.jsonl", record="line 5"),
             Pending(good[2])]
    for _ in range(2):  # a rerun meets the same articles and goes on the same way
        results = any_store.write_batch(batch)
        assert isinstance(results[1], Failed) and results[1].error.startswith("in.jsonl:2: cannot store")
        assert isinstance(results[3], Failed) and results[3].error.startswith("in.jsonl:4: holds a NUL")
        assert all(isinstance(results[i], tuple) and results[i][0] for i in (0, 4, 5))
        assert any_store.totals()["articles"] == 3
        assert sorted(f["record"] for f in any_store.failures()) == ["line 2", "line 3", "line 4"]
    stored = any_store.article(results[4][0])
    assert stored["statements"] == [s.to_dict() for s in good[1].statements]
    assert stored["entities"] == [e.to_dict() for e in good[1].entities]
    spoiled = analysis_of(SPECS[6])
    spoiled.article.title = "Bad \udc80 title"
    spoiled.article.id = "two\nlines"  # found by scripts/fuzz.py: the message must stay one line
    with pytest.raises(InputError, match="^two\\\\nlines: holds a lone surrogate"):
        any_store.add_analysis(spoiled)
    assert any_store.totals()["articles"] == 3


# -- 2. WARC records cut anywhere -----------------------------------------------------


def _warc(gzipped: bool) -> tuple[bytes, list[tuple[int, int, bytes | None]]]:
    """A WARC of five records (warcinfo, articles, a 404) and each one's (start, end,
    article bytes or None)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzipped)
    records = [(writer.create_warcinfo_record("test.warc", {"software": "claimgraph tests"}), None)]
    for i, spec in enumerate(SPECS[:3]):
        body = f"<html><body><p>{spec.text[:70]}</p></body></html>".encode()
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        record = writer.create_warc_record(spec.url, "response", payload=io.BytesIO(body),
                                           http_headers=headers)
        records.append((record, body))
        if i == 0:
            gone = StatusAndHeaders("404 Not Found", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            records.append((writer.create_warc_record("https://gone.example/", "response",
                                                      payload=io.BytesIO(b"<html>gone</html>"),
                                                      http_headers=gone), None))
    bounds = []
    for record, body in records:
        start = out.tell()
        writer.write_record(record)
        bounds.append((start, out.tell(), body))
    return out.getvalue(), bounds


@pytest.mark.parametrize("gzipped", [False, True], ids=["plain", "gzip"])
def test_a_warc_cut_at_any_byte_loses_no_record_in_silence(gzipped):
    data, bounds = _warc(gzipped)
    # Plain WARC: a cut in the blank lines after a record's block loses nothing of it.
    separator = 0 if gzipped else 4
    silent, partial = [], []
    for cut in range(1, len(data)):
        entries = list(warc_records(io.BytesIO(data[:cut]), "cut.warc"))
        failures = [e for e in entries if isinstance(e, Failed)]
        stored = {int(e.record.split()[1]) - 1: e for e in entries if not isinstance(e, Failed)}
        partial += [(cut, n) for n, item in stored.items() if item.data != bounds[n][2]]
        whole = {n for n, (_, end, body) in enumerate(bounds) if body and end - separator <= cut}
        assert whole <= set(stored), (cut, whole - set(stored), failures)
        inside = next((n for n, (start, end, _) in enumerate(bounds) if start < cut < end - separator), None)
        if inside is not None and inside not in stored:
            named = [f for f in failures if f.record == f"record {inside + 1}"]
            if len(named) != 1 or len(failures) != 1:
                silent.append((cut, inside + 1, [f.error for f in failures]))
        assert all("NoneType" not in f.error and "\n" not in f.error for f in failures)
    assert not partial, f"records handed on with bytes missing: {partial[:5]}"
    assert not silent, f"{len(silent)} cut positions lose a record in silence: {silent[:5]}"


def test_a_warc_cut_at_the_start_or_empty_says_so_in_words(tmp_path):
    data, bounds = _warc(False)
    path = tmp_path / "start.warc"
    for cut in (1, 5, 9, 30, data.index(b"\r\n\r\n") + 2):
        path.write_bytes(data[:cut])
        (failure,) = read_warc(path)
        assert failure.error == f"{path}: record 1: truncated WARC record (the file ends inside its headers)"
    path.write_bytes(b"")
    assert [f.error for f in read_warc(path)] == [f"{path}: empty file (no WARC records)"]
    path.write_bytes(gzip.compress(data)[:15])
    (failure,) = read_warc(path)
    assert "truncated WARC record" in failure.error


def test_warcio_says_nothing_on_the_terminal_and_a_corrupt_record_fails_alone(tmp_path, capfd):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=False)
    pages = [f"<html><body><p>{spec.text}</p></body></html>".encode() for spec in SPECS[:3]]
    # Good gzip for a few blocks, then garbage: warcio writes the zlib error on stderr.
    noise = random.Random(5).randbytes(40_000).hex().encode()
    broken = bytearray(gzip.compress(pages[1] + noise))
    broken[-2000:-1960] = b"\xff" * 40
    for url, body, extra in (
        ("https://a.example/1", pages[0], []),
        ("https://a.example/2", bytes(broken), [("Content-Encoding", "gzip")]),
        ("https://a.example/with space/3", pages[2], []),  # warcio logs a note on this URI
    ):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html"), *extra], protocol="HTTP/1.1")
        record = writer.create_warc_record("https://a.example/", "response", payload=io.BytesIO(body),
                                           http_headers=headers)
        record.rec_headers.replace_header("WARC-Target-URI", url)
        writer.write_record(record)
    path = tmp_path / "odd.warc"
    path.write_bytes(out.getvalue())
    capfd.readouterr()
    entries = list(read_warc(path))
    assert [e.record for e in entries] == ["record 1", "record 2", "record 3"]
    assert isinstance(entries[1], Failed) and "corrupt WARC record" in entries[1].error, entries[1]
    assert [e.data for e in entries if not isinstance(e, Failed)] == [pages[0], pages[2]]
    assert capfd.readouterr() == ("", "")


# -- smaller ones ----------------------------------------------------------------------


def test_a_feed_cut_anywhere_keeps_its_whole_entries_and_reports_the_cut():
    items = "".join(f"<item><title>{s.id}</title><link>{s.url}</link><description>{s.text[:40]}"
                    "</description></item>" for s in SPECS[:3])
    feed = f'<?xml version="1.0"?><rss><channel><title>Wire</title>{items}</channel></rss>'.encode()
    for cut in range(1, len(feed)):
        entries = list(read_feed(feed[:cut], "f.rss", live=False))
        whole = len(re.findall(rb"</item>", feed[:cut]))
        stored = [e for e in entries if not isinstance(e, Failed)]
        assert [e.data.decode() for e in stored] == [s.text[:40] for s in SPECS[:whole]], cut
        if cut > feed.index(b"<rss"):
            assert isinstance(entries[-1], Failed), (cut, entries)
    at_item = feed.index(b"<item>", feed.index(b"</item>"))
    entries = list(read_feed(feed[:at_item], "f.rss", live=False))
    assert [e.record for e in entries] == ["entry 1", "entry 2"]
    assert entries[-1].error.startswith("f.rss: entry 2: the feed is cut off here")


def test_jsonl_messages_name_the_line_one_way(tmp_path):
    path = tmp_path / "c.jsonl"
    raw = [b"{not json", b"[1]", b'{"title": "x"}', b"\xff\xfe bad", b'{"text": "   \\u00a0 "}',
           b'{"html": "<p></p>"}', json.dumps({"text": SPECS[0].text}).encode()]
    path.write_bytes(b"\n".join(raw) + b"\n")
    failures = [e for e in read_articles([str(path)]) if isinstance(e, Failed)]
    assert [f.record for f in failures] == [f"line {n}" for n in range(1, 7)]
    for n, failure in enumerate(failures, start=1):
        assert failure.error.startswith(f"{path}:{n}: "), failure.error


def test_utf16_with_a_bom_is_read_and_without_one_is_named(tmp_path):
    text = SPECS[1].text
    (tmp_path / "bom.txt").write_bytes(text.encode("utf-16"))
    (tmp_path / "bom.jsonl").write_bytes((json.dumps({"id": "u", "text": text}) + "\n").encode("utf-16"))
    (tmp_path / "le.txt").write_bytes(text.encode("utf-16-le"))
    (tmp_path / "be.txt").write_bytes(text.encode("utf-16-be"))
    bom, bom_line, le, be = read_articles([str(tmp_path / n) for n in
                                           ("bom.txt", "bom.jsonl", "le.txt", "be.txt")])
    assert bom.text == text and bom_line.text == text and bom_line.article.id == "u"
    for failed, name in ((le, "le.txt"), (be, "be.txt")):
        assert failed.error == (f"{tmp_path / name}: input looks like UTF-16 without a byte-order mark; "
                                "save it as UTF-8")


BAD_JSONL = {
    "empty": (b"", "no articles (the file is empty)"),
    "blank": (b"\n  \n\n", "no articles (the file is empty)"),
    "gzip": (gzip.compress(b'{"text": "x"}\n'), "not a JSONL file (binary data: gzip)"),
    "binary": (bytes(range(256)) * 4, "not a JSONL file (binary data: NUL bytes)"),
}


def test_a_binary_or_empty_jsonl_file_is_one_failure_and_exit_1(tmp_path, run_cli):
    paths = []
    for name, (content, message) in BAD_JSONL.items():
        path = tmp_path / f"{name}.jsonl"
        path.write_bytes(content)
        assert [f.error for f in read_jsonl(path)] == [f"{path}: {message}"]
        paths.append(str(path))
    result = run_cli("ingest", *paths, "--db", str(tmp_path / "x.db"), "--quiet")
    assert result.returncode == 1, result.stderr
    expected = [f"{tmp_path / name}.jsonl: {message}" for name, (_, message) in BAD_JSONL.items()]
    assert [line.removeprefix("claimgraph: ") for line in result.stderr.splitlines()[:-1]] == expected
    with Store.open(str(tmp_path / "x.db")) as store:
        assert [f["error"] for f in store.failures()] == expected
