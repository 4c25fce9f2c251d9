"""A fact-checker's workflow: statements moved between claims, stances corrected, verdicts
recorded, all kept across re-ingest and reclustering, logged in the audit log, exported as
schema.org ClaimReview, and offered as CSRF-safe forms only on a server that allows edits.
Every text here is written for these tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pg_server
import pytest
from factcheck_corpus import BRIDGE, BRIDGE_AGAIN, CORPUS, said
from fastapi.testclient import TestClient

from claimgraph.app import create_app
from claimgraph.claims.review import ClaimAuthor, ReviewedClaim, Verdict, claim_review
from claimgraph.store import Store
from claimgraph.store.edits import NotFound


def _open(kind: str, tmp_path: Path) -> Store:
    if kind == "sqlite":
        return Store.open(str(tmp_path / "facts.db"))
    server, reason = pg_server.shared()
    if server is None:
        pytest.skip(f"PostgreSQL not available: {reason}")
    return Store.open(server.create_database())


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    opened = _open(request.param, tmp_path)
    for analysis in CORPUS:
        opened.add_analysis(analysis)
    yield opened
    opened.close()


def claim_id_of(store: Store, article_id: str, local_id: str = "s1") -> int:
    found = store.statement(article_id, local_id)
    assert found is not None and found["claim"]
    return int(found["claim"]["id"].lstrip("c"))


def test_the_corpus_has_the_claims_the_tests_need(store: Store) -> None:
    assert claim_id_of(store, "ledger-1") == claim_id_of(store, "courier-1")
    assert (
        len(
            {
                claim_id_of(store, a, s)
                for a, s in (("ledger-1", "s1"), ("ledger-1", "s2"), ("courier-2", "s1"))
            }
        )
        == 3
    )


def test_a_moved_statement_stays_through_reingest_and_reclustering(store: Store) -> None:
    bridge, ferry = claim_id_of(store, "ledger-1"), claim_id_of(store, "courier-2")
    assert store.move_statement("courier-1", "s1", ferry, editor="ed") == ferry
    assert claim_id_of(store, "courier-1") == ferry and claim_id_of(store, "ledger-1") == bridge
    # The same article again changes nothing; new statements of the bridge recluster its part.
    store.add_analysis(CORPUS[1])
    store.add_analysis(said("post-1", "Ines Dal", [BRIDGE_AGAIN, BRIDGE], "Post", "2025-04-05"))
    assert claim_id_of(store, "post-1") == claim_id_of(store, "ledger-1")
    assert claim_id_of(store, "courier-1") == claim_id_of(store, "courier-2")
    claim = store.claim(claim_id_of(store, "courier-2"))
    assert claim is not None and claim["counts"]["statements"] == 2
    moved = [st for st in claim["statements"] if st["moved_by_hand"]]
    assert [(st["article"]["id"], st["id"]) for st in moved] == [("courier-1", "s1")]
    log = store.audit()
    assert log[0]["kind"] == "statement-move" and log[0]["editor"] == "ed"
    assert log[0]["before"]["claim"] == f"c{bridge}" and log[0]["after"]["claim"] == f"c{ferry}"


def test_a_statement_moved_to_a_claim_of_its_own(store: Store) -> None:
    bridge = claim_id_of(store, "ledger-1")
    own = store.move_statement("courier-1", "s1", None)
    assert own not in {bridge, claim_id_of(store, "courier-2"), claim_id_of(store, "ledger-1", "s2")}
    store.add_analysis(said("post-1", "Ines Dal", [BRIDGE_AGAIN], "Post", "2025-04-05"))
    assert claim_id_of(store, "courier-1") == own
    claim = store.claim(own)
    assert claim is not None and claim["label"] == BRIDGE_AGAIN and claim["counts"]["statements"] == 1


def test_a_hand_stance_wins_where_stance_is_shown_and_counted(store: Store) -> None:
    bridge = claim_id_of(store, "ledger-1")
    store.correct_stance("courier-1", "s1", "disputes", editor="ed")
    claim = store.claim(bridge)
    assert claim is not None and claim["counts"]["disputes"] == 1
    assert [p["name"] for p in claim["disputed_by"]] == ["Tomas Brek"]
    (listed,) = [c for c in store.claims(limit=None, with_statements=False) if c["id"] == f"c{bridge}"]
    assert [p["name"] for p in listed["disputed_by"]] == ["Tomas Brek"]
    sources = {st["id"] + "@" + st["article"]["id"]: st["stance_source"] for st in claim["statements"]}
    assert sources == {"s1@courier-1": "hand", "s1@ledger-1": "computed"}
    # Reclustering the claim's part computes stances again: the hand one is put back.
    store.add_analysis(said("post-1", "Ines Dal", [BRIDGE], "Post", "2025-04-05"))
    statement = store.statement("courier-1", "s1")
    assert statement is not None and statement["claim"]["stance"] == "disputes"
    assert store.claim(claim_id_of(store, "ledger-1"))["counts"]["disputes"] == 1  # type: ignore[index]


def test_a_hand_stance_stays_with_the_claim_it_was_given_on(store: Store) -> None:
    """A statement moved to another claim leaves its hand stance behind: it was a stance
    toward the claim it left."""
    ferry = claim_id_of(store, "courier-2")
    store.correct_stance("courier-1", "s1", "disputes", editor="ed")
    store.move_statement("courier-1", "s1", ferry, editor="ed")
    claim = store.claim(ferry)
    assert claim is not None and claim["disputed_by"] == []
    moved = [st for st in claim["statements"] if st["article"]["id"] == "courier-1"]
    assert [st["stance_source"] for st in moved] == ["computed"]
    assert store.audit(limit=1)[0]["before"]["stance_source"] == "hand"


def test_the_verdict_of_an_emptied_claim_goes_to_the_audit_log_not_a_later_claim(store: Store) -> None:
    ferry, bridge = claim_id_of(store, "courier-2"), claim_id_of(store, "ledger-1")
    store.record_verdict(ferry, Verdict("False", "2025-05-01"), editor="ed")
    store.move_statement("courier-2", "s1", bridge, editor="ed")
    assert store.claim(ferry) is None and ferry not in store.verdicts()
    dropped = store.audit(limit=5, kind="verdict")[0]
    assert dropped["target"] == f"c{ferry}" and dropped["after"] is None
    assert dropped["before"]["rating"] == "False"
    harbour = said("new-1", "Zed Orr", ["the harbour tax would double"], "Post", "2025-04-09")
    store.add_analysis(harbour)
    listed = store.claims(limit=None, with_statements=False)
    assert all(store.claim(int(c["id"].lstrip("c")))["verdict"] is None for c in listed)  # type: ignore[index]


def test_verdicts_are_checked_stored_and_logged(store: Store) -> None:
    bridge = claim_id_of(store, "ledger-1")
    verdict = Verdict(
        "Mostly false",
        "2025-05-01",
        2,
        5,
        1,
        "The works start in August.",
        ("https://rail.example/notice",),
        "R. Quill",
    )
    store.record_verdict(bridge, verdict, editor="R. Quill")
    claim = store.claim(bridge)
    assert claim is not None and claim["verdict"]["rating"] == "Mostly false"
    assert claim["verdict"]["sources"] == ["https://rail.example/notice"]
    with pytest.raises(NotFound):
        store.record_verdict(99999, verdict)
    from claimgraph.errors import InputError

    for bad in (
        Verdict("False", "2025-02-30"),
        Verdict("False", "2025-W01-1"),  # an ISO week date is no day
        Verdict("", "2025-05-01"),
        Verdict("False", "2025-05-01", 7, 5, 1),
        Verdict("False", "2025-05-01", sources=("ftp://x",)),
    ):
        with pytest.raises(InputError):
            store.record_verdict(bridge, bad)
    store.add_analysis(said("post-1", "Ines Dal", [BRIDGE], "Post", "2025-04-05"))
    assert store.verdicts()[claim_id_of(store, "ledger-1")]["rating"] == "Mostly false"
    assert [e["kind"] for e in store.audit()] == ["verdict"]


def test_unknown_statements_are_not_found(store: Store) -> None:
    with pytest.raises(NotFound):
        store.move_statement("nowhere", "s1", None)
    with pytest.raises(NotFound):
        store.move_statement("ledger-1", "s1", 424242)
    with pytest.raises(NotFound):
        store.correct_stance("ledger-1", "s9", "asserts")


# -- placing pinned statements (pure) -----------------------------------------------------------


def test_a_pinned_statement_follows_its_claim_or_the_claim_that_took_its_statements() -> None:
    from claimgraph.claims.pins import place, successors

    clusters = [[1, 2], [3, 4, 5]]
    old = {1: 10, 2: 11, 3: 11, 4: 11, 5: 12}
    assert successors(clusters, old) == {10: 0, 11: 1, 12: 1}
    # Pinned to 10 (kept by id), to 11 (gone: most of its statements are in cluster 1), to 13
    # (not clustered here: stays), to 11 while statements elsewhere still hold it (stays).
    into, stay = place({7: 10, 8: 12, 9: 13}, clusters, [10, None], old)
    assert into == {7: 0, 8: 1} and stay == {9: 13}
    into, stay = place({8: 11}, clusters, [10, None], old, held_elsewhere=frozenset({11}))
    assert into == {} and stay == {8: 11}


# -- ClaimReview ----------------------------------------------------------------------------------


def check_claim_review(review: dict[str, Any]) -> None:
    """The structure schema.org and the fact-check markup ask of a ClaimReview."""
    assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
    assert isinstance(review["claimReviewed"], str) and review["claimReviewed"]
    assert review["url"].startswith(("http://", "https://"))
    from datetime import date

    date.fromisoformat(review["datePublished"])
    rating = review["reviewRating"]
    assert rating["@type"] == "Rating" and rating["alternateName"]
    if "ratingValue" in rating:
        low, high = sorted((rating["worstRating"], rating["bestRating"]))
        assert low <= rating["ratingValue"] <= high
    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    authors = item.get("author", [])
    for author in authors if isinstance(authors, list) else [authors]:
        assert author["@type"] in ("Person", "Organization") and author["name"]
    for work in item.get("appearance", []):
        assert work["@type"] == "CreativeWork" and work["url"].startswith("http")
    if "datePublished" in item:
        date.fromisoformat(item["datePublished"])
    if "author" in review:
        assert review["author"]["@type"] in ("Person", "Organization") and review["author"]["name"]


def test_claim_review_maps_a_verdict_to_schema_org() -> None:
    claim = ReviewedClaim(
        label="The harbour will be dredged this year.",
        verdict=Verdict(
            "Half true",
            "2025-06-02",
            3,
            5,
            1,
            "Only the inner basin.",
            ("https://port.example/plan",),
            "J. Wren",
        ),
        url="https://checks.example/claims/c4",
        authors=(ClaimAuthor("Port Authority", organization=True), ClaimAuthor("Lea Marsh")),
        appearances=("https://a.example/1", "https://b.example/2"),
        first_seen="2025-05-30",
    )
    review = claim_review(claim)
    check_claim_review(review)
    assert review["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "Half true",
        "ratingValue": 3,
        "bestRating": 5,
        "worstRating": 1,
    }
    assert review["itemReviewed"]["author"][0] == {"@type": "Organization", "name": "Port Authority"}
    assert review["itemReviewed"]["firstAppearance"]["url"] == "https://a.example/1"
    assert review["author"]["name"] == "J. Wren" and review["datePublished"] == "2025-06-02"
    plain = claim_review(ReviewedClaim("A claim.", Verdict("False", "2025-06-02"), "https://x.example/c1"))
    check_claim_review(plain)
    assert "ratingValue" not in plain["reviewRating"] and "author" not in plain


# -- the API and the pages ------------------------------------------------------------------------


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "web.db")
    with Store.open(path) as s:
        for analysis in CORPUS:
            s.add_analysis(analysis)
    return path


def test_edits_are_refused_and_not_offered_on_a_read_only_server(db: str) -> None:
    with TestClient(create_app(db)) as client:
        bridge = client.get("/api/statements/ledger-1/s1").json()["claim"]["id"]
        for path, body in (
            ("/api/statements/move", {"statement": "ledger-1/s1"}),
            ("/api/statements/stance", {"statement": "ledger-1/s1", "stance": "disputes"}),
            (f"/api/claims/{bridge}/verdict", {"rating": "False", "checked": "2025-05-01"}),
            ("/api/speakers/1/merge", {"into": 2}),
        ):
            r = client.post(path, json=body)
            assert r.status_code == 403 and "--allow-edit" in r.json()["message"], (path, r.text)
        r = client.post("/statements/stance", data={"statement": "ledger-1/s1", "stance": "disputes"})
        assert r.status_code == 403
        for page, form in (
            (f"/claims/{bridge}", "verdict-form"),
            ("/statements/ledger-1/s1", "move-form"),
            ("/speakers/1", "merge-form"),
        ):
            html = client.get(page).text
            assert form not in html and "csrf_token" not in html
        assert client.get("/audit").status_code == 200
        assert client.get("/api/audit").json()["total"] == 0
        assert client.get("/api/statements/ledger-1/s1").json()["claim"]["stance"] == "asserts"


def _token(html: str) -> str:
    import re

    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no token in the page"
    return found.group(1)


def test_form_posts_need_this_servers_token_and_origin(db: str) -> None:
    with TestClient(create_app(db, allow_edit=True), follow_redirects=False) as client:
        bridge = client.get("/api/statements/ledger-1/s1").json()["claim"]["id"]
        page = client.get(f"/claims/{bridge}").text
        assert 'id="verdict-form"' in page and 'method="post"' in page
        token = _token(page)
        form = {
            "rating": "False",
            "checked": "2025-05-01",
            "reviewer": "R. Quill",
            "editor": "rq",
            "sources": "https://rail.example/a\nhttps://rail.example/b\n",
        }
        assert client.post(f"/claims/{bridge}/verdict", data=form).status_code == 403
        assert (
            client.post(f"/claims/{bridge}/verdict", data={**form, "csrf_token": "x" * 43}).status_code == 403
        )
        foreign = client.post(
            f"/claims/{bridge}/verdict",
            data={**form, "csrf_token": token},
            headers={"origin": "https://elsewhere.example"},
        )
        assert foreign.status_code == 403
        assert client.get("/api/audit").json()["total"] == 0
        done = client.post(
            f"/claims/{bridge}/verdict",
            data={**form, "csrf_token": token},
            headers={"origin": "http://testserver"},
        )
        assert done.status_code == 303 and done.headers["location"] == f"/claims/{bridge}#verdict"
        html = client.get(f"/claims/{bridge}").text
        assert 'id="verdict-rating">False<' in html and "https://rail.example/b" in html
        script = html.split('<script type="application/ld+json" id="claim-review">', 1)[1].split("</script>")[
            0
        ]
        check_claim_review(json.loads(script))
        # A bad date is a 422 page naming the field, not a crash; a GET cannot edit.
        bad = client.post(
            f"/claims/{bridge}/verdict", data={**form, "checked": "2025-13-01", "csrf_token": token}
        )
        assert bad.status_code == 422 and "checked" in bad.text
        assert client.get(f"/claims/{bridge}/verdict").status_code in (404, 405)
        # Stance and move from the statement's page.
        statement_page = client.get("/statements/courier-1/s1").text
        assert 'id="stance-form"' in statement_page and 'id="move-form"' in statement_page
        # Moved first: a hand stance is toward the claim it is given on, and a move leaves it.
        r = client.post(
            "/statements/move", data={"statement": "courier-1/s1", "claim": "", "csrf_token": token}
        )
        assert r.status_code == 303
        own_claim = r.headers["location"]
        r = client.post(
            "/statements/stance",
            data={"statement": "courier-1/s1", "stance": "disputes", "csrf_token": token},
        )
        assert r.status_code == 303 and r.headers["location"] == "/statements/courier-1/s1"
        own = client.get(own_claim).text
        assert "moved here by hand" in own and "set by hand" in own
        entries = client.get("/api/audit").json()["items"]
        assert [e["kind"] for e in entries] == ["stance", "statement-move", "verdict"]
        assert entries[2]["editor"] == "rq" and entries[2]["after"]["rating"] == "False"
        assert "statement-move" in client.get("/audit").text


def test_api_edits_answer_404_or_422_never_500(db: str) -> None:
    with TestClient(create_app(db, allow_ingest=True)) as client:
        bridge = client.get("/api/statements/ledger-1/s1").json()["claim"]["id"]
        ferry = client.get("/api/statements/courier-2/s1").json()["claim"]["id"]
        cases = [
            ("/api/statements/move", {"statement": "nowhere/s1", "claim": ferry}, 404),
            ("/api/statements/move", {"statement": "ledger-1/s1", "claim": "c987654"}, 404),
            ("/api/statements/move", {"statement": "ledger-1/s1", "claim": "ferry"}, 422),
            ("/api/statements/move", {"statement": "ledger-1/s1", "clam": ferry}, 422),
            ("/api/statements/stance", {"statement": "ledger-1/s1", "stance": "doubts"}, 422),
            ("/api/statements/stance", {"statement": "ledger-1/s9", "stance": "disputes"}, 404),
            (f"/api/claims/{bridge}/verdict", {"rating": "False", "checked": "yesterday"}, 422),
            (
                f"/api/claims/{bridge}/verdict",
                {
                    "rating": "False",
                    "checked": "2025-05-01",
                    "rating_value": 9,
                    "best_rating": 5,
                    "worst_rating": 1,
                },
                422,
            ),
            (f"/api/claims/{bridge}/verdict", {"rating": "False", "checked": "2025-05-01", "score": 1}, 422),
            (f"/api/claims/{bridge}/verdict", {"rating": "", "checked": "2025-05-01"}, 422),
            ("/api/claims/c987654/verdict", {"rating": "False", "checked": "2025-05-01"}, 404),
            ("/api/claims/bridge/verdict", {"rating": "False", "checked": "2025-05-01"}, 404),
            ("/api/speakers/1/merge", {"into": 2, "by": "me"}, 422),
        ]
        for path, body, status in cases:
            r = client.post(path, json=body)
            assert r.status_code == status, (path, body, r.text)
            assert "\n" not in r.json()["message"]
        # A page of another site can post a form or text/plain without asking first: not an edit.
        sneaky = json.dumps({"statement": "ledger-1/s1", "stance": "disputes"})
        for content_type in ("text/plain", "application/x-www-form-urlencoded"):
            r = client.post("/api/statements/stance", content=sneaky, headers={"content-type": content_type})
            assert r.status_code == 422
        assert client.get("/api/statements/ledger-1/s1").json()["claim"]["stance"] == "asserts"
        assert client.get(f"/api/claims/{bridge}/review").status_code == 404  # no verdict yet
        assert client.get("/api/audit", params={"kind": "nothing"}).status_code == 422
        assert client.get("/api/audit", params={"since": "2025"}).status_code == 422


def test_api_edits_show_in_claims_reviews_and_the_audit_log(db: str) -> None:
    with TestClient(create_app(db, allow_edit=True)) as client:
        bridge = client.get("/api/statements/ledger-1/s1").json()["claim"]["id"]
        ferry = client.get("/api/statements/courier-2/s1").json()["claim"]["id"]
        r = client.post(
            "/api/statements/stance", json={"statement": "courier-1/s1", "stance": "disputes", "editor": "ed"}
        )
        assert r.json() == {
            "statement": "courier-1/s1",
            "claim": bridge,
            "stance": "disputes",
            "stance_source": "hand",
            "moved_by_hand": False,
        }
        detail = client.get(f"/api/claims/{bridge}").json()
        assert detail["counts"]["disputes"] == 1 and detail["verdict"] is None
        assert {s["stance_source"] for s in detail["statements"]} == {"hand", "computed"}
        r = client.post("/api/statements/move", json={"statement": "ledger-1/s2", "claim": ferry})
        assert r.status_code == 200 and r.json()["claim"] == ferry and r.json()["moved_by_hand"] is True
        verdict = {
            "rating": "Mostly false",
            "rating_value": 2,
            "best_rating": 5,
            "worst_rating": 1,
            "note": "Works start in August.",
            "sources": ["https://rail.example/notice"],
            "checked": "2025-05-01",
            "reviewer": "R. Quill",
        }
        assert client.post(f"/api/claims/{bridge}/verdict", json=verdict).status_code == 200
        assert client.get(f"/api/claims/{bridge}").json()["verdict"]["rating"] == "Mostly false"
        review = client.get(f"/api/claims/{bridge}/review")
        assert review.status_code == 200 and review.headers["content-type"].startswith("application/ld+json")
        body = review.json()
        check_claim_review(body)
        assert body["claimReviewed"] == detail["label"] and body["url"].endswith(f"/claims/{bridge}")
        assert body["itemReviewed"]["author"] == {"@type": "Person", "name": "Mira Holt"}  # Brek disputes
        assert body["itemReviewed"]["datePublished"] == "2025-04-01"
        page = client.get("/api/audit", params={"limit": 2}).json()
        assert page["total"] == 3 and len(page["items"]) == 2 and page["next"]
        assert [e["kind"] for e in page["items"]] == ["verdict", "statement-move"]
        assert client.get(page["next"]).json()["items"][0]["editor"] == "ed"
        csv_text = client.get("/api/audit.csv", params={"kind": "stance"}).text
        assert csv_text.splitlines()[0] == "id,made_at,kind,target,editor,before,after"
        assert len(csv_text.splitlines()) == 2 and "courier-1/s1" in csv_text


def test_claims_reviews_command(db: str, tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    with Store.open(db) as s:
        bridge = claim_id_of(s, "ledger-1")
        s.record_verdict(bridge, Verdict("False", "2025-05-01", reviewer="R. Quill"))
    out = tmp_path / "reviews.jsonld"
    done = run_cli("claims", "reviews", "--db", db, "--out", str(out), "--base-url", "https://checks.example")
    assert done.returncode == 0, done.stderr
    (review,) = json.loads(out.read_text(encoding="utf-8"))
    check_claim_review(review)
    assert review["url"] == f"https://checks.example/claims/c{bridge}"
    bad = run_cli("claims", "reviews", "--db", db, "--base-url", "checks")
    assert bad.returncode != 0 and "Traceback" not in bad.stderr and len(bad.stderr.strip().splitlines()) == 1


def test_speaker_forms_merge_and_are_logged(db: str) -> None:
    with TestClient(create_app(db, allow_edit=True), follow_redirects=False) as client:
        ids = {s["name"]: s["id"] for s in client.get("/api/speakers").json()["items"]}
        holt, brek = ids["Mira Holt"], ids["Tomas Brek"]
        page = client.get(f"/speakers/{brek}").text
        assert 'id="merge-form"' in page
        r = client.post(
            f"/speakers/{brek}/merge", data={"into": str(holt), "editor": "ed", "csrf_token": _token(page)}
        )
        assert r.status_code == 303 and r.headers["location"] == f"/speakers/{holt}"
        assert client.get(f"/api/speakers/{holt}").json()["statement_count"] == 3
        (entry,) = client.get("/api/audit", params={"kind": "speaker-merge"}).json()["items"]
        assert (
            entry["target"] == f"speaker {brek}"
            and entry["after"] == {"speaker": holt}
            and entry["editor"] == "ed"
        )
        r = client.post(f"/speakers/{holt}/merge", data={"into": "999999", "csrf_token": _token(page)})
        assert r.status_code == 404


def test_pins_and_verdicts_follow_a_claim_into_its_successor(store: Store) -> None:
    from claimgraph.store import edits

    bridge, ferry = claim_id_of(store, "ledger-1"), claim_id_of(store, "courier-2")
    store.move_statement("ledger-1", "s2", bridge)
    store.record_verdict(bridge, Verdict("False", "2025-05-01"))
    store.record_verdict(ferry, Verdict("True", "2025-05-02"))
    with store.writing() as conn:
        edits.follow(conn, {bridge: 4242})
        edits.follow(conn, {ferry: 4242})  # 4242 has a verdict now: the ferry's stays its own
    verdicts = store.verdicts()
    assert verdicts[4242]["rating"] == "False" and verdicts[ferry]["rating"] == "True"
    assert bridge not in verdicts
    with store.reading() as conn:
        assert set(edits.pinned_to(conn, [4242]).values()) == {4242}


def test_an_older_store_gets_the_edit_tables(tmp_path: Path) -> None:
    from sqlalchemy import inspect

    path = str(tmp_path / "old.db")
    with Store.open(path) as s, s.writing() as conn:
        for name in ("statement_pins", "stance_corrections", "claim_verdicts", "edits"):
            conn.exec_driver_sql(f"DROP TABLE {name}")
        conn.exec_driver_sql("DELETE FROM schema_version WHERE version >= 10")
    with Store.open(path) as s:
        with s.reading() as conn:
            assert {"statement_pins", "claim_verdicts", "edits"} <= set(inspect(conn).get_table_names())
        assert s.audit() == [] and s.verdicts() == {}


def test_speakers_merge_command_is_logged_with_its_editor(db: str, run_cli) -> None:  # type: ignore[no-untyped-def]
    with Store.open(db) as s:
        ids = {sp["name"]: sp["id"] for sp in s.speakers(limit=None)}
    done = run_cli(
        "speakers", "merge", str(ids["Anna Vell"]), str(ids["Mira Holt"]), "--db", db, "--editor", "desk"
    )
    assert done.returncode == 0, done.stderr
    with Store.open(db) as s:
        (entry,) = s.audit()
    assert entry["kind"] == "speaker-merge" and entry["editor"] == "desk"
