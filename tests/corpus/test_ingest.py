"""Ingest from folders, JSONL, WARC and feeds with the real pipeline; reruns (kill -9: test_killtest.py).

Assertions about statements compare the store with what ``analyze`` gives for the
same text, so they hold however far the statement extractor has come.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pg_server
import pytest
from corpus_templates import (
    html_page,
    jsonl_line,
    make_corpus,
    write_folder,
    write_jsonl,
    write_rss,
    write_warc,
)
from helpers import claims_agreement, store_contents

import claimgraph
from claimgraph.corpus import ingest
from claimgraph.options import AnalysisOptions
from claimgraph.pipeline import analyze
from claimgraph.store import Store

SPECS = make_corpus(400, seed=23)
FOLDER, JSONL, WARC, FEED = SPECS[0:45], SPECS[45:105], SPECS[105:125], SPECS[125:140]


@pytest.fixture
def store(tmp_path):
    s = Store.open(str(tmp_path / "ingest.db"))
    yield s
    s.close()


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    src = str(Path(claimgraph.__file__).parents[1])
    env = {"PYTHONPATH": src, "PATH": "/usr/bin:/bin", "HOME": str(cwd)}
    cmd = [sys.executable, "-m", "claimgraph.cli", *args]
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def test_folder_ingest_keeps_metadata_and_reruns_skip_everything(store, tmp_path):
    write_folder(FOLDER, tmp_path / "news", html_every=3)
    report = ingest([str(tmp_path / "news")], store)
    assert (report.added, report.failed) == (len(FOLDER), 0)
    by_id = {a["id"]: a for a in store.articles(limit=None)}
    html_spec = FOLDER[0]  # written as HTML: trafilatura finds outlet, date and title
    stored = by_id["harbor-times/" + html_spec.id]
    assert stored["outlet"] == html_spec.outlet
    assert stored["published"][:10] == html_spec.published
    assert stored["title"] == html_spec.title
    txt_spec = FOLDER[1]  # plain text: no metadata to find, left empty
    stored = by_id[f"{txt_spec.outlet.lower().replace(' ', '-')}/{txt_spec.id}"]
    assert stored["outlet"] is None and stored["published"] is None
    again = ingest([str(tmp_path / "news")], store)
    assert (again.added, again.skipped, again.failed) == (0, len(FOLDER), 0)
    assert store.totals()["articles"] == len(FOLDER)


def test_jsonl_metadata_and_bad_lines(store, tmp_path):
    path = tmp_path / "corpus.jsonl"
    write_jsonl(JSONL, path)
    good = len(JSONL)
    with path.open("a") as handle:
        handle.write("{not json\n")
        handle.write("[1, 2]\n")
        handle.write('{"id": "empty", "text": "   "}\n')
        handle.write('{"id": "no-body", "title": "x"}\n')
        handle.write("\n")
        handle.write('{"id": "french", "text": "' + "Le chat est sur la table et il dort. " * 5 + '"}\n')
    report = ingest([str(path)], store)
    assert report.added == good and report.failed == 5
    messages = "\n".join(report.failures)
    for line in (good + 1, good + 2, good + 3, good + 4, good + 6):
        assert f"corpus.jsonl:{line}" in messages or f"corpus.jsonl:line {line}" in messages
    assert len(store.failures()) == 5
    spec = JSONL[4]  # written with an html field: text extracted, JSONL metadata kept
    art = store.article(spec.id)["article"]
    assert art == {"id": spec.id, "title": spec.title, "outlet": spec.outlet,
                   "published": spec.published, "url": spec.url, "copies": [], "language": "en"}
    spec = JSONL[0]
    stored = store.article(spec.id)
    assert stored["text"] == spec.text
    # The store adds each statement's claim (the analysis of one article knows none).
    assert all(s["claim"] and s["claim"]["stance"] in ("asserts", "disputes") for s in stored["statements"])
    assert [{**s, "claim": None} for s in stored["statements"]] == [
        s.to_dict() for s in analyze(spec.text).statements
    ]


def test_same_article_from_two_sources_is_stored_once(store, tmp_path):
    spec = JSONL[0]
    (tmp_path / "copy.txt").write_text(spec.text)
    (tmp_path / "one.jsonl").write_text(jsonl_line(spec) + "\n" + jsonl_line(spec) + "\n")
    report = ingest([str(tmp_path / "one.jsonl"), str(tmp_path / "copy.txt")], store)
    assert report.added == 1 and report.skipped + report.duplicates == 2
    assert store.totals()["articles"] == 1


@pytest.mark.parametrize("name", ["archive.warc", "archive.warc.gz"])
def test_warc_including_a_truncated_one(store, tmp_path, name):
    write_warc(WARC, tmp_path / name)
    data = (tmp_path / name).read_bytes()
    cut = tmp_path / ("cut-" + name)
    cut.write_bytes(data[: int(len(data) * 0.6)])
    report = ingest([str(cut), str(tmp_path / name)], store)
    assert report.added == len(WARC)  # the cut copy's records are the same articles
    assert report.failed == 1 and "truncated" in report.failures[0]
    assert report.failures[0].startswith(str(cut) + ": record ")
    urls = {a["url"] for a in store.articles(limit=None)}
    assert urls == {s.url for s in WARC}
    # Outlet and date come from the HTML (trafilatura), as the WARC has none.
    art = next(a for a in store.articles(limit=None) if a["url"] == WARC[0].url)
    assert art["outlet"] == WARC[0].outlet and art["published"][:10] == WARC[0].published


def test_feed_file_and_bad_inputs(store, tmp_path):
    write_rss(FEED, tmp_path / "news.rss", outlet="Feed Outlet")
    (tmp_path / "broken.xml").write_text("this is not XML at all")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 au lait".encode("latin-1") * 10)
    (tmp_path / "garbage.warc").write_bytes(b"not a warc file at all\n" * 5)
    sources = ["news.rss", "broken.xml", "binary.txt", "latin1.txt", "garbage.warc", "missing"]
    report = ingest([str(tmp_path / s) for s in sources], store)
    assert report.added == len(FEED) and report.failed == 5
    text = "\n".join(report.failures)
    assert "broken.xml: not an RSS/Atom feed" in text
    assert "binary.txt: input looks binary" in text
    assert "latin1.txt: input is not valid UTF-8" in text
    assert "garbage.warc: record 1" in text
    assert "missing: no such file or folder" in text
    assert all("\n" not in m and "Traceback" not in m for m in report.failures)
    arts = store.articles(limit=None)
    assert {a["outlet"] for a in arts} == {"Feed Outlet"}
    spec = FEED[0]
    art = next(a for a in arts if a["url"] == spec.url)
    assert art["published"].startswith(spec.published) and art["title"] == spec.title


def test_parallel_ingest_stores_what_serial_ingest_stores(tmp_path):
    path = tmp_path / "c.jsonl"
    write_jsonl(JSONL[:40], path)
    results = []
    for jobs in (1, 2):
        with Store.open(str(tmp_path / f"j{jobs}.db")) as s:
            report = ingest([str(path)], s, AnalysisOptions(batch_size=4), jobs=jobs)
            assert report.added == 40
            results.append(store_contents(s))
    # Workers write as they finish, so row ids follow timing; the contents do not.
    assert results[0] == results[1]


def test_postgresql_ingest_answers_like_sqlite(tmp_path):
    server, reason = pg_server.shared()
    if server is None:
        pytest.skip(f"PostgreSQL not available: {reason}")
    # Every format at once: 140 articles, four outlets plus a feed, 60 dates.
    write_folder(FOLDER, tmp_path / "news")
    write_jsonl(JSONL, tmp_path / "c.jsonl")
    write_warc(WARC, tmp_path / "a.warc.gz")
    write_rss(FEED, tmp_path / "f.rss")
    sources = [str(tmp_path / n) for n in ("news", "c.jsonl", "a.warc.gz", "f.rss")]
    total = len(FOLDER) + len(JSONL) + len(WARC) + len(FEED)
    stores = [Store.open(str(tmp_path / "lite.db")), Store.open(server.create_database())]
    # Serial into SQLite, two workers into PostgreSQL: the answers must not differ.
    for s, jobs in zip(stores, (1, 2), strict=True):
        assert ingest(sources, s, jobs=jobs).added == total
    lite, pg = stores
    assert store_contents(lite, claims=False) == store_contents(pg, claims=False)
    # Claims are a function of the candidate graph; this corpus repeats 12 sentences about 66
    # times each, and which copies are each other's neighbours depends on arrival order, so
    # the partitions may differ at the margin (docs/claims.md, "What is not done").
    agreement = claims_agreement(lite, pg)
    print(f"claims agreement (B3 F1) between the serial and the parallel ingest: {agreement:.3f}")
    assert agreement >= 0.9
    queries = ({"outlet": "Harbor Times"}, {"since": "2024-01-20", "until": "2024-02-10"},
               {"search": "sanctions"}, {"search": "exports doubled", "kind": "direct"},
               {"speaker": "Blinken"})
    for query in queries:
        answers = [[(st["article"]["id"], st["id"]) for st in s.statements(limit=None, **query)]
                   for s in stores]
        assert sorted(answers[0]) == sorted(answers[1]), query
    assert lite.count_statements(search="sanctions") > 0
    for s in stores:
        s.close()


def test_cli_ingest_summary_and_bad_db(tmp_path):
    (tmp_path / "a.html").write_text(html_page(FOLDER[3]))
    (tmp_path / "bad.jsonl").write_text("{oops\n")
    out = _cli("ingest", "a.html", "bad.jsonl", "--db", "x.db", cwd=tmp_path)
    assert out.returncode == 1  # one article failed; the rest went in
    assert "bad.jsonl:1: invalid JSON" in out.stderr
    assert "1 articles stored" in out.stderr and "Traceback" not in out.stderr
    out = _cli("ingest", "a.html", "--db", "postgresql://nobody@127.0.0.1:1/nothing", cwd=tmp_path)
    assert out.returncode == 2 and out.stderr.count("\n") == 1
    assert out.stderr.startswith("claimgraph: ") and "127.0.0.1" in out.stderr


def test_feed_url_fetches_live_pages(store, tmp_path, monkeypatch):
    import threading
    from functools import partial
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):  # keep pytest output clean
            pass

    for var in ("no_proxy", "NO_PROXY"):  # a configured proxy must not see 127.0.0.1
        monkeypatch.setenv(var, "127.0.0.1,localhost")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(tmp_path)))
    base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        specs = FEED[:4]
        items = []
        for i, spec in enumerate(specs):
            (tmp_path / f"page{i}.html").write_text(html_page(spec))
            items.append(f"<item><title>{spec.title}</title><link>{base}/page{i}.html</link>"
                         f"<pubDate>Mon, 0{i + 1} Apr 2024 10:00:00 GMT</pubDate>"
                         "<description>Teaser only.</description></item>")
        items.append(f"<item><title>Gone</title><link>{base}/missing.html</link></item>")
        (tmp_path / "feed.xml").write_text(
            '<?xml version="1.0"?><rss version="2.0"><channel><title>Live Outlet</title>'
            f"<link>{base}</link>{''.join(items)}</channel></rss>")
        report = ingest([f"{base}/feed.xml"], store, allow_private_urls=True)
    finally:
        server.shutdown()
    assert report.added == 4 and report.failed == 1
    assert "missing.html" in report.failures[0]
    stored = {a["url"]: a for a in store.articles(limit=None)}
    for i, spec in enumerate(specs):
        art = stored[f"{base}/page{i}.html"]
        assert art["outlet"] == "Live Outlet" and art["published"].startswith(f"2024-04-0{i + 1}")
        # The page's full text was fetched, not the feed's teaser.
        text = store.article(art["id"])["text"]
        assert spec.text[:60] in text and "Teaser" not in text


def test_warc_cut_inside_the_first_record_is_a_failure_not_a_crash(store, tmp_path):
    write_warc(WARC, tmp_path / "whole.warc")
    data = (tmp_path / "whole.warc").read_bytes()
    for n, cut in enumerate((60, 120, 200)):  # inside the first record's WARC headers
        path = tmp_path / f"cut{n}.warc"
        path.write_bytes(data[:cut])
        report = ingest([str(path)], store)
        assert report.failed == 1 and report.added == 0, report.failures


def test_lone_surrogate_in_jsonl_is_a_line_failure(store, tmp_path):
    good = JSONL[1]
    path = tmp_path / "odd.jsonl"
    path.write_text('{"text": "Bad \\ud800 text, the mayor said."}\n' + jsonl_line(good) + "\n")
    report = ingest([str(path)], store)
    assert report.added == 1 and report.failed == 1
    assert report.failures[0].startswith(f"{path}:1:")


def test_feed_over_the_size_limit_fails_whole(store, tmp_path, monkeypatch):
    import claimgraph.readers.formats as corpus

    write_rss(FEED, tmp_path / "news.rss", outlet="Feed Outlet")
    monkeypatch.setattr(corpus, "MAX_BYTES", 200)  # a small limit stands in for 5 MB
    report = ingest([str(tmp_path / "news.rss")], store)
    assert report.added == 0 and report.failed == 1 and "larger than" in report.failures[0]


def test_states_reach_the_ingest_workers_and_the_store(tmp_path):
    """--states is an analysis option like any other: ingest (with workers) honours it, and
    the stored statements answer `statements --act belief`."""
    (tmp_path / "a.txt").write_text(
        "Farmers believe the new dam will flood their fields, Maria Lund said on Tuesday.\n"
        "The minister wants the project finished by spring, his office said.\n"
    )
    out = _cli("ingest", "a.txt", "--db", "s.db", "--states", "--jobs", "2", "--quiet", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    out = _cli("statements", "--db", "s.db", "--act", "belief", "--format", "json", cwd=tmp_path)
    beliefs = json.loads(out.stdout)
    assert [b["act"] for b in beliefs] == ["belief"], out.stdout
    assert "dam will flood" in beliefs[0]["content"]["text"]
    out = _cli("ingest", "a.txt", "--db", "plain.db", "--quiet", cwd=tmp_path)
    out = _cli("statements", "--db", "plain.db", "--act", "belief", "--format", "json", cwd=tmp_path)
    assert json.loads(out.stdout) == []
