"""The HTTP API and the server-rendered pages of ``claimgraph serve`` (no browser).

A small corpus (texts written for these tests) is analysed once per session and
stored in a temporary SQLite file; the app is exercised with Starlette's TestClient.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from api_corpus import CORPUS, PASTED, build_corpus
from fastapi.testclient import TestClient

from claimgraph.app import MAX_BODY_BYTES, create_app
from claimgraph.model import Analysis, Article, Cue, Entity, Span, Speaker, Statement
from claimgraph.web.highlight import group_speakers, segments


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, nlp: Any) -> tuple[Path, dict[str, str]]:
    path = tmp_path_factory.mktemp("corpus") / "corpus.db"
    return path, build_corpus(path)


@pytest.fixture(scope="module")
def client(corpus: tuple[Path, dict[str, str]]) -> Iterator[TestClient]:
    with TestClient(create_app(str(corpus[0]))) as c:
        yield c


@pytest.fixture(scope="module")
def ids(corpus: tuple[Path, dict[str, str]]) -> dict[str, str]:
    return corpus[1]


def speaker_id(client: TestClient, name: str) -> int:
    found = client.get("/api/speakers", params={"search": name}).json()["items"]
    match = [s for s in found if s["name"] == name]
    assert match, f"{name} not among {found}"
    return match[0]["id"]


# -- highlighting (pure) -------------------------------------------------------------------


def _toy() -> Analysis:
    text = 'Ann Lee said that taxes would fall. "Not soon," Bo Park replied. Rain is due.'
    return Analysis(
        article=Article(id="t"),
        text=text,
        statements=[
            Statement(
                "s1",
                "indirect",
                Span("taxes would fall", 18, 34),
                Cue("said", 8, 12, lemma="say"),
                Speaker(Span("Ann Lee", 0, 7), "e1", "Ann Lee"),
            ),
            Statement(
                "s2",
                "direct",
                Span("Not soon,", 37, 46),
                Cue("replied", 56, 63, lemma="reply"),
                Speaker(Span("Bo Park", 48, 55), "e2", "Bo Park"),
            ),
            # A span past the end of the text must be ignored, not crash the page.
            Statement("s3", "direct", Span("x", 500, 510), None, Speaker()),
        ],
        entities=[
            Entity("e1", "Ann Lee", "PERSON", titles=["senator"], affiliation="Green Party"),
            Entity("e2", "Bo Park", "PERSON"),
        ],
    )


def test_segments_cover_the_text_exactly_and_mark_cues_and_speakers() -> None:
    analysis = _toy().to_dict()
    segs = segments(analysis)
    assert "".join(s.text for s in segs) == analysis["text"]
    by_text = {s.text: s for s in segs}
    assert by_text["taxes would fall"].statement == "s1"
    assert by_text["taxes would fall"].anchor == "stmt-s1"
    assert by_text["said"].cue and by_text["said"].statement is None
    assert by_text["Ann Lee"].mention
    # the cue and mention carry the colour of their statement's speaker
    assert by_text["said"].colour == by_text["taxes would fall"].colour == "sp-0"
    assert by_text["replied"].colour == by_text["Not soon,"].colour == "sp-1"
    assert by_text[". Rain is due."].css == ""


def test_speaker_groups_carry_titles_affiliation_and_count() -> None:
    groups = group_speakers(_toy().to_dict())
    named = {g.name: g for g in groups if g.known}
    assert named["Ann Lee"].titles == ["senator"]
    assert named["Ann Lee"].affiliation == "Green Party"
    assert named["Bo Park"].count == 1
    assert groups[-1].name == "Unknown speaker" and groups[-1].colour == "sp-x"


# -- analysis API --------------------------------------------------------------------------


def test_analyze_returns_the_statement_json_with_valid_offsets(client: TestClient) -> None:
    r = client.post("/api/analyze", json={"text": PASTED, "outlet": "Norbury News"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["article"]["outlet"] == "Norbury News"
    assert body["text"] == PASTED
    assert body["statements"], body
    for st in body["statements"]:
        assert body["text"][st["content"]["start"] : st["content"]["end"]] == st["content"]["text"]
        assert st["kind"] in ("direct", "indirect", "mixed")
    names = {st["speaker"]["name"] for st in body["statements"]}
    assert {"Lina Moreau", "Pieter Hale"} <= names


def test_analyze_reads_html_and_file_uploads(client: TestClient) -> None:
    paragraphs = "".join(f"<p>{p}</p>" for p in PASTED.split("\n\n"))
    html = (
        "<!doctype html><html><head><title>Ferry ends</title></head>"
        f"<body><article>{paragraphs}</article></body></html>"
    )
    r = client.post("/api/analyze", json={"text": html})
    assert r.status_code == 200, r.text
    assert "<p>" not in r.json()["text"] and "Lina Moreau" in r.json()["text"]
    r = client.post(
        "/api/analyze/file",
        files={"file": ("ferry.txt", PASTED.encode(), "text/plain")},
        data={"outlet": "Caddon Weekly"},
    )
    assert r.status_code == 200, r.text
    assert r.json()["article"]["outlet"] == "Caddon Weekly"
    assert r.json()["statements"]


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"json": {"text": "   "}}, "empty"),
        ({"json": {}}, "text"),
        ({"content": b"{not json", "headers": {"content-type": "application/json"}}, "JSON"),
    ],
)
def test_analyze_rejects_bad_input_with_a_json_message(
    client: TestClient, kwargs: dict[str, Any], fragment: str
) -> None:
    r = client.post("/api/analyze", **kwargs)
    assert r.status_code == 422
    body = r.json()
    assert body["status"] == 422 and fragment.lower() in body["message"].lower(), body


def test_binary_upload_is_refused(client: TestClient) -> None:
    r = client.post("/api/analyze/file", files={"file": ("x.bin", b"\x00\x01\x02" * 50)})
    assert r.status_code == 422
    assert "binary" in r.json()["message"]


def test_bodies_over_5_mb_get_413(client: TestClient) -> None:
    big = b"a" * (MAX_BODY_BYTES + 1)
    r = client.post("/api/analyze", content=big, headers={"content-type": "application/json"})
    assert r.status_code == 413
    assert "5 MB" in r.json()["message"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: the server must count
        for _ in range(6):
            yield b"b" * 1_000_000

    r = client.post("/api/analyze", content=chunks(), headers={"content-type": "text/plain"})
    assert r.status_code == 413
    r = client.post("/analyze", content=chunks(), headers={"content-type": "text/plain"})
    assert r.status_code == 413
    assert r.headers["content-type"].startswith("text/html") and "5 MB" in r.text


# -- corpus API ----------------------------------------------------------------------------


def test_statements_filter_and_paginate(client: TestClient) -> None:
    everything = client.get("/api/statements").json()
    assert everything["total"] == len(everything["items"]) >= 8
    page = client.get("/api/statements", params={"limit": 3}).json()
    assert len(page["items"]) == 3 and page["next"] is not None
    second = client.get(page["next"]).json()
    assert second["offset"] == 3
    assert second["items"][0] == everything["items"][3]

    brandt = client.get("/api/statements", params={"speaker": "Tomas Brandt"}).json()
    assert brandt["total"] >= 3
    assert {s["speaker"]["name"] for s in brandt["items"]} == {"Tomas Brandt"}

    courier = client.get("/api/statements", params={"outlet": "Alder Courier"}).json()
    assert courier["items"] and {s["article"]["outlet"] for s in courier["items"]} == {"Alder Courier"}
    direct = client.get("/api/statements", params={"kind": "direct"}).json()
    assert direct["items"] and {s["kind"] for s in direct["items"]} == {"direct"}

    spring = client.get("/api/statements", params={"since": "2025-04-01", "until": "2025-04-30"})
    dates = {s["article"]["published"] for s in spring.json()["items"]}
    assert dates == {"2025-04-11"}

    found = client.get("/api/statements", params={"search": "moorings"}).json()
    assert [s["speaker"]["name"] for s in found["items"]] == ["Helena Voss"]


@pytest.mark.parametrize(
    "params",
    [{"limit": 0}, {"limit": 201}, {"offset": -1}, {"kind": "rumour"}, {"since": "last week"}],
)
def test_bad_list_parameters_get_422_with_the_parameter_named(
    client: TestClient, params: dict[str, Any]
) -> None:
    r = client.get("/api/statements", params=params)
    assert r.status_code == 422
    assert next(iter(params)) in r.json()["message"]


def test_speakers_and_one_speaker(client: TestClient, ids: dict[str, str]) -> None:
    listing = client.get("/api/speakers").json()
    names = [s["name"] for s in listing["items"]]
    counts = [s["statement_count"] for s in listing["items"]]
    assert counts == sorted(counts, reverse=True) and counts[0] > 1  # most quoted first
    assert {"Helena Voss", "Ruth Okafor", "Dev Rana"} <= set(names)
    voss = client.get(f"/api/speakers/{speaker_id(client, 'Helena Voss')}").json()
    assert {o["outlet"] for o in voss["outlets"]} == {"Lakeside Ledger", "Alder Courier"}
    assert any(t["title"] == "mayor" for t in voss["titles_seen"])
    assert voss["statements"] and all(s["speaker"]["name"] == "Helena Voss" for s in voss["statements"])
    missing = client.get("/api/speakers/999999")
    assert missing.status_code == 404 and "999999" in missing.json()["message"]
    assert client.get("/api/speakers/not-a-number").status_code == 422


def test_articles_and_one_article(client: TestClient, ids: dict[str, str]) -> None:
    listing = client.get("/api/articles", params={"outlet": "Lakeside Ledger"}).json()
    assert {a["title"] for a in listing["items"]} == {
        "Harbor district plan clears first vote",
        "Council approves school budget",
    }
    one = client.get(f"/api/articles/{ids['Council approves school budget']}").json()
    assert one["article"]["outlet"] == "Lakeside Ledger"
    assert one["text"].startswith("Port Alder's council")
    assert any(s["speaker"]["name"] == "Ruth Okafor" for s in one["statements"])
    missing = client.get("/api/articles/nope")
    assert missing.status_code == 404
    assert missing.json() == {
        "status": 404,
        "error": "Not Found",
        "message": "no article with id 'nope'",
    }


def test_outlets_count_kinds(client: TestClient) -> None:
    outlets = {o["outlet"]: o for o in client.get("/api/outlets").json()["items"]}
    ledger = outlets["Lakeside Ledger"]
    assert ledger["articles"] == 2
    assert ledger["direct"] + ledger["indirect"] + ledger["mixed"] == ledger["statements"] > 0
    assert "Helena Voss" in {t["name"] for t in ledger["top_speakers"]}


def test_ingest_is_refused_unless_enabled(
    client: TestClient, tmp_path: Path, corpus: tuple[Path, dict[str, str]]
) -> None:
    r = client.post("/api/articles", json={"text": PASTED})
    assert r.status_code == 403 and "--allow-ingest" in r.json()["message"]
    with TestClient(create_app(str(tmp_path / "w.db"), allow_ingest=True)) as writable:
        r = writable.post("/api/articles", json={"text": PASTED, "outlet": "Norbury News", "title": "Ferry"})
        assert r.status_code == 201, r.text
        article_id = r.json()["id"]
        back = writable.get(f"/api/articles/{article_id}").json()
        assert back["article"]["title"] == "Ferry"
        assert writable.get("/api/statements").json()["total"] == len(back["statements"]) > 0
        belief = "Farmers believe the new dam will flood their fields, Maria Lund said on Tuesday."
        r = writable.post("/api/articles", json={"text": belief, "states": True})
        assert r.status_code == 201, r.text
        assert "belief" in {s["act"] for s in r.json()["analysis"]["statements"]}
        r = writable.post("/api/analyze", json={"text": belief})
        assert "belief" not in {s["act"] for s in r.json()["statements"]}


def test_openapi_documents_every_route_and_errors_are_json(client: TestClient) -> None:
    schema = client.get("/api/openapi.json").json()
    assert {
        "/api/analyze",
        "/api/statements",
        "/api/speakers",
        "/api/speakers/{speaker_id}",
        "/api/articles",
        "/api/articles/{article_id}",
        "/api/outlets",
    } <= set(schema["paths"])
    params = {p["name"] for p in schema["paths"]["/api/statements"]["get"]["parameters"]}
    assert {"speaker", "outlet", "since", "until", "search", "kind", "limit", "offset"} <= params
    r = client.get("/api/nothing-here")
    assert r.status_code == 404 and r.headers["content-type"] == "application/json"
    docs = client.get("/api/docs")
    assert docs.status_code == 200 and "/api/statements" in docs.text
    assert "cdn" not in docs.text.lower()


def test_server_without_a_store_still_analyzes(tmp_path: Path) -> None:
    with TestClient(create_app(None, open_store=False)) as bare:
        assert bare.post("/api/analyze", json={"text": PASTED}).status_code == 200
        r = bare.get("/api/outlets")
        assert r.status_code == 503 and "store" in r.json()["message"]


# -- pages ---------------------------------------------------------------------------------


def test_analyze_page_highlights_statements_and_lists_speakers(client: TestClient) -> None:
    r = client.post("/analyze", data={"text": PASTED, "title": "Ferry to stop"})
    assert r.status_code == 200
    html = r.text
    assert html.count('class="q q-') >= 3
    assert 'id="stmt-s1"' in html
    assert re.search(r'class="cue[^"]*"[^>]*>said</span>', html)
    side = html.split('id="speaker-list"')[1]
    assert "Lina Moreau" in side and "Pieter Hale" in side
    assert "Norbury Transit Authority" in side  # affiliation
    assert "director" in side  # title


def test_analyze_page_reports_bad_input_on_the_page(client: TestClient) -> None:
    r = client.post("/analyze", data={"text": ""})
    assert r.status_code == 422
    assert 'role="alert"' in r.text and "paste an article" in r.text


def test_article_markup_is_escaped_everywhere(client: TestClient, ids: dict[str, str]) -> None:
    article_id = ids["Hackers <script> tags in a council e-mail"]
    html = client.get(f"/articles/{article_id}").text
    assert "&lt;script&gt;window.__cgPwned = 1&lt;/script&gt;" in html
    assert "<script>window" not in html and "<img src=x" not in html and "<b>" not in html
    assert "Hackers &lt;script&gt; tags" in html
    # pasted text too, and in the search results
    pasted = client.post("/analyze", data={"text": CORPUS[3]["text"]}).text
    assert "<script>window" not in pasted and "&lt;script&gt;" in pasted
    found = client.get("/search", params={"q": "attachments"}).text
    assert "&lt;b&gt;from strangers&lt;/b&gt;" in found and "<b>from" not in found
    headers = client.get(f"/articles/{article_id}").headers
    assert "script-src 'self'" in headers["content-security-policy"]


def test_search_page_links_each_result_to_its_place_in_the_article(
    client: TestClient, ids: dict[str, str]
) -> None:
    r = client.get("/search", params={"q": "harbor", "outlet": "Alder Courier"})
    assert r.status_code == 200
    links = re.findall(r'href="/articles/([0-9a-f]+)#(stmt-s\d+)"', r.text)
    assert links and {a for a, _ in links} == {ids["Fishermen protest harbor piers"]}
    article_id, anchor = links[0]
    page = client.get(f"/articles/{article_id}").text
    assert f'id="{anchor}"' in page
    bad = client.get("/search", params={"since": "yesterday"})
    assert bad.status_code == 422 and "From: &#39;yesterday&#39; is not a date" in bad.text


def test_speaker_page_shows_titles_outlets_and_timeline(client: TestClient) -> None:
    sid = speaker_id(client, "Helena Voss")
    html = client.get(f"/speakers/{sid}").text
    assert "mayor" in html
    outlets = html.split('id="speaker-outlets"')[1].split("</ul>")[0]
    assert "Lakeside Ledger" in outlets and "Alder Courier" in outlets
    timeline = html.split('id="timeline"')[1]
    assert timeline.index("2025-04-11") < timeline.index("2025-03-04")  # newest first, paginated
    assert client.get("/speakers/999999").status_code == 404


def test_outlets_page_shows_kinds_and_top_speakers(client: TestClient) -> None:
    html = client.get("/outlets").text
    ledger = html.split('id="lakeside-ledger"')[1].split("</section>")[0]
    assert "direct" in ledger and "indirect" in ledger
    assert "Helena Voss" in ledger and 'href="/speakers/' in ledger


def test_unknown_page_is_an_html_404(client: TestClient) -> None:
    r = client.get("/no/such/page")
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("text/html") and "nothing at" in r.text


def test_serve_command_defaults_to_loopback() -> None:
    from claimgraph.cli import build_parser
    from claimgraph.cli.serve import is_loopback

    args = build_parser().parse_args(["serve"])
    assert (args.host, args.port, args.db, args.allow_ingest) == ("127.0.0.1", 8000, None, False)
    assert is_loopback("127.0.0.1") and is_loopback("::1") and not is_loopback("0.0.0.0")


def test_pages_load_assets_only_from_the_package(client: TestClient, ids: dict[str, str]) -> None:
    for path in ("/", "/search", "/outlets", f"/articles/{ids['Council approves school budget']}"):
        html = client.get(path).text
        assets = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
        assert assets and all(a.startswith("/static/") for a in assets), (path, assets)
    for asset in ("/static/style.css", "/static/app.js"):
        assert client.get(asset).status_code == 200


def test_host_header_check_when_bound_to_loopback(corpus: tuple[Path, dict[str, str]]) -> None:
    app = create_app(str(corpus[0]), allowed_hosts=["127.0.0.1", "localhost"])
    with TestClient(app, base_url="http://127.0.0.1:8000") as local:
        assert local.get("/api/outlets").status_code == 200
        assert local.get("/api/outlets", headers={"host": "rebound.example"}).status_code == 400


def test_one_outlet_shows_its_cue_verbs(client: TestClient) -> None:
    pytest.importorskip("claimgraph.rhetoric.compare")
    report = client.get("/api/outlets/Lakeside Ledger").json()
    assert report["articles"] == 2
    cues = {c["cue"]: c for c in report["cues"]}
    assert "warn" in cues and "argue" in cues  # Brandt warned, Rana argued (Ledger only)
    assert "insist" not in cues  # Voss insisted in the Courier
    assert sum(c["count"] for c in report["cues"]) <= report["statements"]
    assert client.get("/api/outlets/Nowhere Gazette").status_code == 404
    html = client.get("/outlets/Lakeside Ledger").text
    verbs = html.split('id="outlet-cues"')[1].split("</ul>")[0]
    assert "warn" in verbs and "insist" not in verbs
    assert "Dev Rana" in html.split('id="outlet-speakers"')[1].split("</ol>")[0]


def test_odd_speaker_ids_are_not_server_errors(client: TestClient) -> None:
    assert client.get("/api/statements", params={"speaker": "²"}).status_code == 200
    huge = "9" * 30
    assert client.get("/api/statements", params={"speaker": huge}).json()["items"] == []
    assert client.get(f"/api/speakers/{huge}").status_code == 404
    assert client.get(f"/speakers/{huge}").status_code == 404


def test_ids_and_outlets_with_slashes_have_working_links(tmp_path: Path) -> None:
    from claimgraph.pipeline import analyze as run_analysis
    from claimgraph.store import Store

    db = tmp_path / "slashes.db"
    store = Store.open(str(db))
    article = run_analysis(
        "The harbour master, Lena Ortiz, said the ferry would run again on Monday.",
        id="sub/dir?x#y",
        outlet="AP/Reuters",
        url="javascript:alert(1)",
    )
    article_id = store.add_analysis(article)
    store.close()
    with TestClient(create_app(str(db))) as app:
        page = app.get("/articles").text
        assert "/articles/sub%2Fdir%3Fx%23y" in page
        assert app.get("/articles/sub%2Fdir%3Fx%23y").status_code == 200
        assert app.get(f"/api/articles/{quote(article_id, safe='')}").status_code == 200
        assert app.get("/outlets/AP%2FReuters").status_code == 200
        assert app.get("/api/outlets/AP%2FReuters").status_code == 200
        assert "javascript:" not in app.get("/articles/sub%2Fdir%3Fx%23y").text
