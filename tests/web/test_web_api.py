"""The web app as a research tool (issue 12): the bugs a first user hit, the hardening,
lists with totals, facets, exports, charts, search syntax (through Starlette's TestClient).

The corpus is test_api's (texts written for the tests) plus one article without an outlet.
"""

from __future__ import annotations

import asyncio
import csv
import io
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from api_corpus import CORPUS, PASTED, build_corpus
from fastapi.testclient import TestClient

from claimgraph.api.analysis import AnalysisPool, Busy, TooLong
from claimgraph.app import create_app
from claimgraph.cli.serve import allowed_hosts
from claimgraph.readers.text import RawArticle
from claimgraph.web import pages
from claimgraph.web.highlight import group_speakers, mark_terms

NO_OUTLET_TEXT = {
    "title": "Trail reopens after the storm",
    "published": "2025-02-01",
    "text": (
        '"The north trail will reopen in the spring," said Ingrid Halvorsen, the park warden, '
        "on Sunday.\n\nHalvorsen added that volunteers had cleared most of the fallen trees."
    ),
}


def add_article_without_outlet(db: Path) -> str:
    from claimgraph.pipeline import analyze
    from claimgraph.store import Store

    with Store.open(str(db)) as store:
        meta = {k: NO_OUTLET_TEXT[k] for k in ("title", "published")}
        return store.add_analysis(analyze(NO_OUTLET_TEXT["text"], **meta))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, nlp: Any) -> tuple[Path, dict[str, str]]:
    path = tmp_path_factory.mktemp("web") / "corpus.db"
    ids = build_corpus(path)
    ids[NO_OUTLET_TEXT["title"]] = add_article_without_outlet(path)
    return path, ids


@pytest.fixture(scope="module")
def client(corpus: tuple[Path, dict[str, str]]) -> Iterator[TestClient]:
    with TestClient(create_app(str(corpus[0]))) as c:
        yield c


def speaker_id(client: TestClient, name: str) -> int:
    found = client.get("/api/speakers", params={"search": name}).json()["items"]
    return next(s["id"] for s in found if s["name"] == name)


# -- 1. articles without an outlet ----------------------------------------------------------


def test_articles_without_an_outlet_have_a_name_their_own_counts_and_working_links(
    client: TestClient,
) -> None:
    outlets = {o["outlet"]: o for o in client.get("/api/outlets").json()["items"]}
    unknown = outlets["(unknown)"]
    everything = client.get("/api/statements").json()["total"]
    mine = client.get("/api/statements", params={"outlet": "(unknown)"}).json()
    assert unknown["articles"] == 1
    assert unknown["statements"] == mine["total"] == 2 < everything
    assert {s["speaker"]["name"] for s in mine["items"]} == {"Ingrid Halvorsen"}
    assert sum(unknown["cue_classes"].values()) == unknown["statements"]
    for name, entry in outlets.items():  # every card counts its own statements only
        assert sum(entry["cue_classes"].values()) == entry["statements"], name
    listed = client.get("/api/articles", params={"outlet": "(unknown)"}).json()["items"]
    assert [a["title"] for a in listed] == [NO_OUTLET_TEXT["title"]]
    html = client.get("/outlets").text
    card = html.split('id="unknown"')[1].split("</section>")[0]
    assert 'href="/articles?outlet=%28unknown%29"' in card and 'href="/search?outlet=%28unknown%29"' in card
    assert "Ingrid Halvorsen" in card
    page = client.get("/outlets/(unknown)").text
    assert "Ingrid Halvorsen" in page.split('id="outlet-speakers"')[1]
    assert "No attributed speakers" not in page


# -- 2. pagination with totals ----------------------------------------------------------------


def test_speaker_statements_are_paginated_with_totals(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    sid = speaker_id(client, "Tomas Brandt")
    first = client.get(f"/api/speakers/{sid}", params={"limit": 2}).json()
    total = first["statement_count"]
    assert total >= 3 and len(first["statements"]) == 2
    assert first["statements_page"]["total"] == total and first["statements_page"]["next"]
    rest = client.get(first["statements_page"]["next"]).json()
    assert len(rest["statements"]) == total - 2 and rest["statements_page"]["next"] is None
    seen = {s["id"] + s["article"]["id"] for s in first["statements"] + rest["statements"]}
    assert len(seen) == total

    monkeypatch.setattr(pages, "PAGE_SIZE", 2)
    html = client.get(f"/speakers/{sid}", params={"page": 2}).text
    pages_of = -(-total // 2)
    assert f"Page 2 of {pages_of}" in html and f"of {total} statements" in html
    listing = client.get("/api/speakers", params={"limit": 2}).json()
    assert listing["total"] >= 6 and listing["next"]
    assert client.get("/api/articles").json()["total"] == len(CORPUS) + 1
    assert "Page 1 of " in client.get("/speakers").text


def test_a_page_past_the_end_says_so_and_links_back(client: TestClient) -> None:
    html = client.get("/search", params={"q": "harbor", "page": 99999}).text
    assert "There is no page 99999" in html and 'href="?q=harbor"' in html
    assert "Go to the last page" in html


# -- 3. posting a text that is already stored --------------------------------------------------


def test_posting_a_stored_text_again_names_the_stored_article(tmp_path: Path) -> None:
    with TestClient(create_app(str(tmp_path / "w.db"), allow_ingest=True)) as app:
        first = app.post("/api/articles", json={"text": PASTED, "title": "Ferry", "outlet": "Norbury News"})
        assert first.status_code == 201 and first.json()["created"] is True
        again = app.post(
            "/api/articles", json={"text": PASTED + "\n", "title": "Other", "outlet": "Wire", "id": "mine"}
        )
        assert again.status_code == 200, again.text
        body = again.json()
        assert body["created"] is False and body["id"] == first.json()["id"]
        assert "already stored" in body["message"]
        assert body["analysis"]["article"]["title"] == "Ferry"  # what the store holds
        assert app.get("/api/articles").json()["total"] == 1
        # a requested id that another article holds: stored under another, and told so
        taken = app.post("/api/articles", json={"text": CORPUS[2]["text"], "id": first.json()["id"]})
        assert taken.status_code == 201
        assert taken.json()["id"] != first.json()["id"] and "taken" in taken.json()["message"]


# -- 4, 5. ids that give dead links; the empty outlet --------------------------------------------


@pytest.mark.parametrize("bad", [".", "..", " ", "a\x01b", "tab\there", "\x7f"])
def test_ids_that_cannot_be_a_link_are_refused(client: TestClient, bad: str) -> None:
    r = client.post("/api/analyze", json={"text": PASTED, "id": bad})
    assert r.status_code == 422 and r.json()["message"].startswith("id: ")


def test_an_empty_outlet_name_is_not_found(client: TestClient) -> None:
    assert client.get("/api/outlets/").status_code == 404
    assert client.get("/outlets/").status_code == 404


# -- 6. Host check on every loopback address ----------------------------------------------------


@pytest.mark.parametrize(
    ("bound", "host"),
    [("127.0.0.2", "127.0.0.2:8000"), ("::1", "[::1]:8000"), ("localhost", "localhost:8000")],
)
def test_every_loopback_binding_keeps_the_host_check(
    corpus: tuple[Path, dict[str, str]], bound: str, host: str
) -> None:
    hosts = allowed_hosts(bound)
    assert hosts is not None
    with TestClient(create_app(str(corpus[0]), allowed_hosts=hosts)) as app:
        assert app.get("/api/outlets", headers={"host": host}).status_code == 200
        assert app.get("/api/outlets", headers={"host": "rebind.example:8000"}).status_code == 400
        assert app.get("/api/outlets", headers={"host": "[::1]"}).status_code == 200
    assert allowed_hosts("0.0.0.0") is None


# -- 7. dates ---------------------------------------------------------------------------------


def test_dates_take_years_and_months_and_refuse_impossible_ones(client: TestClient) -> None:
    april = client.get("/api/statements", params={"since": "2025-04", "until": "2025-04"}).json()
    assert april["total"] and {s["article"]["published"] for s in april["items"]} == {"2025-04-11"}
    year = client.get("/api/statements", params={"since": "2025", "until": "2025"}).json()
    assert year["total"] == client.get("/api/statements").json()["total"]
    for value in ("2016-13-45", "2025-02-30", "2016-00"):
        r = client.get("/api/statements", params={"since": value})
        assert r.status_code == 422 and r.json()["message"].startswith("since: "), r.json()
        assert "--since" not in r.json()["message"]
    reversed_range = client.get("/api/statements", params={"since": "2025-06", "until": "2025-01"})
    assert reversed_range.status_code == 422 and "after" in reversed_range.json()["message"]
    page = client.get("/search", params={"since": "2025-06", "until": "2025-01"})
    assert page.status_code == 422 and "is after To" in page.text
    assert client.post("/api/analyze", json={"text": PASTED, "published": "2024-02-30"}).status_code == 422


# -- 8, 10, 11: empty corpus, the form keeps the text, HEAD, malformed uploads -------------------


def test_empty_corpus_names_the_real_command(tmp_path: Path) -> None:
    with TestClient(create_app(str(tmp_path / "empty.db"))) as app:
        html = app.get("/articles").text
        assert "claimgraph ingest" in html and "claimgraph corpus" not in html


def test_a_mistake_in_one_field_keeps_the_pasted_text(client: TestClient) -> None:
    r = client.post("/analyze", data={"text": PASTED, "outlet": "x" * 201, "title": "Kept title"})
    assert r.status_code == 422 and "Outlet: at most 200 characters" in r.text
    assert "Lina Moreau" in r.text.split('id="text"')[1].split("</textarea>")[0]
    assert 'value="Kept title"' in r.text
    bad_date = client.post("/analyze", data={"text": PASTED, "published": "2025-13-01"})
    assert bad_date.status_code == 422 and "Lina Moreau" in bad_date.text


def test_head_is_answered_like_get_without_a_body(client: TestClient) -> None:
    for path in ("/", "/search", "/api/statements", "/static/style.css"):
        r = client.head(path)
        assert r.status_code == 200, path
        assert r.content == b""


def test_a_malformed_multipart_body_is_a_400_and_prints_nothing(
    client: TestClient, capfd: pytest.CaptureFixture[str]
) -> None:
    capfd.readouterr()
    r = client.post(
        "/api/analyze/file", content=b"garbage", headers={"content-type": "multipart/form-data; boundary=xx"}
    )
    assert r.status_code == 400
    out, err = capfd.readouterr()
    assert err == "" and out == ""


# -- hardening ----------------------------------------------------------------------------------


def test_cross_origin_posts_are_refused(client: TestClient) -> None:
    text = {"text": PASTED}
    evil = {"origin": "http://evil.example"}
    assert client.post("/api/analyze", json=text, headers=evil).status_code == 403
    assert client.post("/api/analyze", json=text, headers={"origin": "null"}).status_code == 403
    page = client.post("/analyze", data=text, headers={"sec-fetch-site": "cross-site"})
    assert page.status_code == 403 and page.headers["content-type"].startswith("text/html")
    assert client.post("/api/analyze", json=text, headers={"sec-fetch-site": "same-site"}).status_code == 403
    same = {"origin": "http://testserver", "sec-fetch-site": "same-origin"}
    assert client.post("/api/analyze", json=text, headers=same).status_code == 200
    assert client.post("/api/analyze", json=text).status_code == 200  # curl sends no Origin


def test_headers_permissions_and_caching(client: TestClient) -> None:
    page = client.get("/")
    assert "camera=()" in page.headers["permissions-policy"]
    assert page.headers["cache-control"] == "no-cache"
    assert client.get("/static/style.css").headers["cache-control"] == "public, max-age=3600"
    assets = re.findall(r'(?:href|src)="(/static/[^"]+\?v=[^"]+)"', page.text)
    assert assets
    for asset in assets:
        r = client.get(asset)
        assert r.status_code == 200 and "immutable" in r.headers["cache-control"]


def test_a_full_queue_is_refused_at_once_with_retry_after(monkeypatch: pytest.MonkeyPatch) -> None:
    import claimgraph.api.analysis as analysis_module

    release = threading.Event()
    started: list[str] = []

    def waiting(raw: RawArticle, options: Any) -> Any:
        started.append(raw.name)
        release.wait(10)
        return analysis_module.InputError("done")

    monkeypatch.setattr(analysis_module, "analyze_one", waiting)
    pool = AnalysisPool(workers=0, queue=1, max_chars=100)

    async def scenario() -> tuple[list[Any], Busy]:
        first = asyncio.ensure_future(pool.analyze(RawArticle("one", name="a")))
        second = asyncio.ensure_future(pool.analyze(RawArticle("two", name="b")))
        await asyncio.sleep(0.05)
        assert pool.pending == 2
        with pytest.raises(Busy) as refused:
            await pool.analyze(RawArticle("three", name="c"))
        release.set()
        done = await asyncio.gather(first, second, return_exceptions=True)
        return done, refused.value

    done, refused = asyncio.run(scenario())
    pool.close()
    assert refused.retry_after >= 1 and "busy" in str(refused)
    assert all(isinstance(d, analysis_module.InputError) for d in done) and pool.pending == 0
    with pytest.raises(TooLong, match="at most 100"):
        asyncio.run(pool.analyze(RawArticle("x" * 101, name="long")))


def test_busy_and_too_long_are_503_with_retry_after_and_413(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    pool = client.app.state.services.pool  # type: ignore[attr-defined]

    async def busy(raw: RawArticle, options: Any = None) -> Any:
        raise Busy("the server is busy", 7)

    monkeypatch.setattr(pool, "analyze", busy)
    r = client.post("/api/analyze", json={"text": PASTED})
    assert r.status_code == 503 and r.headers["retry-after"] == "7"
    page = client.post("/analyze", data={"text": PASTED})
    assert page.status_code == 503 and "Lina Moreau" in page.text and page.headers["retry-after"] == "7"
    monkeypatch.undo()
    monkeypatch.setattr(pool, "max_chars", 50)
    r = client.post("/api/analyze", json={"text": PASTED})
    assert r.status_code == 413 and "at most 50" in r.json()["message"]


def test_worker_processes_analyse_through_the_one_path(nlp: Any) -> None:
    """Two worker processes (spawned: each loads the pipeline) give what this process gives."""
    from claimgraph.pipeline import analyze

    pool = AnalysisPool(workers=2, queue=2)
    try:
        pool.warm()

        async def both() -> list[Any]:
            return await asyncio.gather(
                pool.analyze(RawArticle(PASTED, name="a")),
                pool.analyze(RawArticle(CORPUS[0]["text"], name="b")),
            )

        results = asyncio.run(both())
    finally:
        pool.close()
    assert [r.to_dict()["statements"] for r in results] == [
        analyze(PASTED).to_dict()["statements"],
        analyze(CORPUS[0]["text"]).to_dict()["statements"],
    ]


# -- search, facets, exports ----------------------------------------------------------------------


def test_search_syntax_phrases_or_and_exclusion(client: TestClient) -> None:
    def found(q: str) -> set[str]:
        items = client.get("/api/statements", params={"search": q, "limit": 200}).json()["items"]
        return {s["content"]["text"] for s in items}

    harbor = found("harbor")
    assert harbor and all("harbor" in t.lower() for t in harbor)
    assert found('"our own harbor"') == {t for t in harbor if "our own harbor" in t}
    assert found("harbor -moved") == {t for t in harbor if "moved" not in t}
    assert found("harbor OR moorings") == harbor | found("moorings")
    assert found("-harbor") == set()  # nothing to look for


def test_search_ranks_by_relevance_unless_newest_is_asked(client: TestClient) -> None:
    ranked = client.get("/api/statements", params={"search": "harbor OR waterfront"}).json()["items"]
    newest = client.get("/api/statements", params={"search": "harbor OR waterfront", "sort": "newest"}).json()
    dates = [s["article"]["published"] for s in newest["items"]]
    assert dates == sorted(dates, reverse=True)
    same = sorted(s["content"]["text"] for s in newest["items"])
    assert sorted(s["content"]["text"] for s in ranked) == same
    assert client.get("/api/statements", params={"sort": "oldest"}).status_code == 422


def test_facets_count_what_matches(client: TestClient) -> None:
    facets = client.get("/api/statements/facets", params={"outlet": "Lakeside Ledger"}).json()
    assert sum(f["count"] for f in facets["kind"]) == facets["total"] > 0
    assert [f["value"] for f in facets["outlet"]] == ["Lakeside Ledger"]
    assert {f["value"] for f in facets["month"]} == {"2025-03", "2025-05"}
    html = client.get("/search", params={"outlet": "Lakeside Ledger"}).text
    box = html.split('id="facets-h"')[1].split("</aside>")[0]
    assert "since=2025-03&amp;until=2025-03" in box and "Ruth Okafor" in box


def test_matched_words_are_marked_in_results(client: TestClient) -> None:
    html = client.get("/search", params={"q": "piers"}).text
    assert "<mark>piers</mark>" in html
    assert mark_terms("Small boats and a pier", ["piers"]) == [("Small boats and a ", False), ("pier", True)]


def test_every_list_links_its_csv_json_and_api_query(client: TestClient) -> None:
    sid = speaker_id(client, "Helena Voss")
    for path in ("/search?q=harbor", "/articles", "/speakers", "/outlets", f"/speakers/{sid}"):
        html = client.get(path).text
        links = re.findall(r'href="(/api/[^"]+)"', html)
        csvs = [link for link in links if ".csv" in link]
        jsons = [link for link in links if ".csv" not in link]
        assert csvs and jsons, path
        for link in csvs[:1] + jsons[:1]:
            r = client.get(link.replace("&amp;", "&"))
            assert r.status_code == 200, (path, link)
    text = client.get("/api/statements.csv", params={"search": "harbor"}).text
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == client.get("/api/statements", params={"search": "harbor"}).json()["total"]
    assert {"article_id", "outlet", "statement_id", "content", "cue", "speaker_id"} <= set(rows[0])
    outlets = list(csv.DictReader(io.StringIO(client.get("/api/outlets.csv").text)))
    assert {o["outlet"] for o in outlets} >= {"Lakeside Ledger", "(unknown)"}


def test_timeline_counts_by_period_and_outlet(client: TestClient) -> None:
    sid = speaker_id(client, "Helena Voss")
    body = client.get("/api/statements/timeline", params={"speaker": sid, "by": "outlet"}).json()
    assert [(i["period"], i["outlet"]) for i in body["items"]] == [
        ("2025-03", "Lakeside Ledger"),
        ("2025-04", "Alder Courier"),
    ]
    total = sum(i["count"] for i in body["items"])
    assert total == client.get(f"/api/speakers/{sid}").json()["statement_count"]
    text = client.get("/api/statements/timeline.csv", params={"speaker": sid, "period": "day"}).text
    assert text.splitlines()[0] == "period,count" and "2025-03-04" in text


# -- charts and the reader --------------------------------------------------------------------------


def test_charts_carry_their_data_as_a_table(client: TestClient) -> None:
    sid = speaker_id(client, "Helena Voss")
    speaker = client.get(f"/speakers/{sid}").text
    chart = speaker.split('id="speaker-time"')[1].split("</figure>")[0]
    assert chart.count('class="tc-row"') == 2  # one row per outlet
    assert "<table" in chart and "2025-03-04" in chart and "timeline.csv" in chart
    outlets = client.get("/outlets").text
    voice = outlets.split('id="share-of-voice"')[1].split("</figure>")[0]
    assert "Tomas Brandt" in voice and "<table" in voice
    outlet = client.get("/outlets/Lakeside Ledger").text
    sides = outlet.split('id="cue-sides"')[1].split("</figure>")[0]
    assert 'class="sc-row"' in sides and "<table" in sides
    assert 'id="outlet-time"' in outlet


def test_the_reader_shows_stance_loaded_words_title_and_outlet_link(
    client: TestClient, corpus: tuple[Path, dict[str, str]]
) -> None:
    article_id = corpus[1]["Harbor district plan clears first vote"]
    html = client.get(f"/articles/{article_id}").text
    assert re.search(r'<h1 id="doc-title"[^>]*>Harbor district plan clears first vote</h1>', html)
    assert 'href="/outlets/Lakeside%20Ledger"' in html
    assert re.search(r'class="cue[^"]*" [^>]*data-class="neutral"', html)
    assert 'id="legend"' in html and "loaded language" in html
    analysis = client.get(f"/api/articles/{article_id}").json()
    start = analysis["text"].index("biggest")
    analysis["loaded_language"] = [{"text": "biggest", "start": start, "end": start + 7, "voice": "quoted"}]
    from claimgraph.web.highlight import segments

    marked = [s for s in segments(analysis) if s.loaded]
    assert [s.text for s in marked] == ["biggest"] and "loaded-quoted" in marked[0].css


def test_twenty_speakers_get_twenty_different_marks() -> None:
    statements = [
        {"id": f"s{i}", "kind": "direct", "content": {"text": "x", "start": i, "end": i + 1},
         "speaker": {"name": f"Person {i}"}}
        for i in range(20)
    ]
    groups = group_speakers({"text": "x" * 25, "statements": statements})
    assert len({g.colour for g in groups}) == 20
    assert [g.number for g in groups] == list(range(1, 21))


def test_analyze_page_dates_saves_and_offers_json(tmp_path: Path) -> None:
    with TestClient(create_app(str(tmp_path / "save.db"), allow_ingest=True)) as app:
        form = app.get("/analyze").text
        assert 'name="published"' in form and 'name="save"' in form
        form_data = {"text": PASTED, "published": "2025-07-01", "save": "1", "title": "Ferry"}
        r = app.post("/analyze", data=form_data)
        assert r.status_code == 200 and 'id="stored"' in r.text
        stored = app.get("/api/articles").json()["items"]
        assert [(a["title"], a["published"]) for a in stored] == [("Ferry", "2025-07-01")]
        assert 'id="analysis-json"' in r.text and 'id="download-json"' in r.text
        again = app.post("/analyze", data={"text": PASTED, "save": "1"})
        assert "already stored" in again.text
    with TestClient(create_app(str(tmp_path / "ro.db"))) as app:
        assert 'name="save"' not in app.get("/analyze").text


def test_api_docs_serve_the_vendored_openapi_ui(client: TestClient) -> None:
    reference = client.get("/api/docs").text
    assert 'id="get-api-statements"' in reference and 'id="schema-StatementPage"' in reference
    assert "e.g." in reference  # parameter examples
    html = client.get("/api/docs/try").text
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert any("vendor/swagger-ui/swagger-ui-bundle.js" in s for s in scripts)
    for src in scripts:
        assert src.startswith("/static/") and client.get(src).status_code == 200
    schema = client.get("/api/openapi.json").json()
    since = next(p for p in schema["paths"]["/api/statements"]["get"]["parameters"] if p["name"] == "since")
    assert since["description"] and since["schema"]["examples"]
