"""api/routes.py: the statement filters claim, stance and about (JSON and CSV), statement
permalinks, a claim's statements (JSON and CSV), claims by outlets and exclusives."""

from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient
from readside_corpus import DISPUTING, build, claim_of

from claimgraph.app import create_app


@pytest.fixture(scope="module")
def ferry_claim(tmp_path_factory):  # type: ignore[no-untyped-def]
    db = tmp_path_factory.mktemp("routes") / "r.db"
    store = build(db)
    ferry = claim_of(store, "a1", "s1")
    store.close()
    return db, ferry


@pytest.fixture(scope="module")
def client(ferry_claim):  # type: ignore[no-untyped-def]
    with TestClient(create_app(str(ferry_claim[0]))) as c:
        yield c


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def _texts(page: dict) -> list[str]:
    return sorted(s["content"]["text"] for s in page["items"])


def test_claim_filter_on_statements_json_and_csv(client, ferry_claim):
    ferry = ferry_claim[1]
    page = client.get("/api/statements", params={"claim": ferry}).json()
    assert page["total"] >= 2 and {s["claim"]["id"] for s in page["items"]} == {ferry}
    assert "The island ferry is late again" in _texts(page)
    rows = _rows(client.get("/api/statements.csv", params={"claim": ferry}).text)
    assert len(rows) == page["total"] and {r["claim_id"] for r in rows} == {ferry}
    # "12" is the same claim as "c12"
    assert client.get("/api/statements", params={"claim": ferry[1:]}).json()["total"] == page["total"]


def test_stance_filter_tells_asserting_from_disputing(client):
    disputing = client.get("/api/statements", params={"stance": "disputes"}).json()
    assert [(s["article"]["id"], s["id"]) for s in disputing["items"]] == [DISPUTING]
    asserting = client.get("/api/statements", params={"stance": "asserts"}).json()
    everything = client.get("/api/statements").json()
    assert asserting["total"] == everything["total"] - 1
    rows = _rows(client.get("/api/statements.csv", params={"stance": "disputes"}).text)
    assert [r["claim_stance"] for r in rows] == ["disputes"]


def test_about_filter_matches_part_of_a_name_in_any_case(client):
    page = client.get("/api/statements", params={"about": "island fer"}).json()
    assert _texts(page) == ["The island ferry is late again"] * 2
    assert client.get("/api/statements", params={"about": "Nowhere Land"}).json()["total"] == 0
    facets = client.get("/api/statements/facets", params={"about": "north bridge"}).json()
    assert facets["total"] == 1


def test_a_statement_permalink_in_json(client, ferry_claim):
    found = client.get("/api/statements/a1/s1").json()
    assert found["content"]["text"] == "The island ferry is late again"
    assert found["claim"]["id"] == ferry_claim[1] and found["claim"]["label"]
    assert found["stance"] == "asserts" and found["proposition"]["subject"] == "island ferry"
    # an article id with "/" in it: the last "/" splits
    assert client.get("/api/statements/folder/a4/s1").json()["article"]["id"] == "folder/a4"
    for missing in ("a1/s99", "nope/s1", "a1"):
        answer = client.get(f"/api/statements/{missing}")
        assert answer.status_code == 404 and answer.json()["message"].startswith("no statement")


def test_a_claims_statements_as_json_and_csv(client, ferry_claim):
    ferry = ferry_claim[1]
    page = client.get(f"/api/claims/{ferry}/statements").json()
    assert page["total"] == client.get(f"/api/claims/{ferry}").json()["counts"]["statements"]
    dates = [s["article"]["published"] for s in page["items"]]
    assert dates == sorted(dates)  # oldest first, as the claim lists them
    assert {s["stance"] for s in page["items"]} == {"asserts", "disputes"}
    one = client.get(f"/api/claims/{ferry}/statements", params={"limit": 1}).json()
    assert len(one["items"]) == 1 and one["next"]
    answer = client.get(f"/api/claims/{ferry}/statements.csv")
    assert answer.headers["content-type"].startswith("text/csv")
    assert f"claim-{ferry}-statements.csv" in answer.headers["content-disposition"]
    rows = _rows(answer.text)
    assert [r["content"] for r in rows] == [s["content"]["text"] for s in page["items"]]
    for missing in ("c999999", "x", "c"):
        assert client.get(f"/api/claims/{missing}/statements").status_code == 404
        assert client.get(f"/api/claims/{missing}/statements.csv").status_code == 404


def test_claims_sorted_by_outlets(client):
    items = client.get("/api/claims", params={"sort": "outlets"}).json()["items"]
    outlets = [c["counts"]["outlets"] for c in items]
    assert outlets == sorted(outlets, reverse=True) and outlets[0] >= 2
    rows = _rows(client.get("/api/claims.csv", params={"sort": "outlets"}).text)
    assert [int(r["outlets"]) for r in rows] == outlets


@pytest.mark.parametrize("key", ["max_articles", "max_outlets"])
def test_claims_exclusives(client, key):
    everything = client.get("/api/claims").json()
    exclusive = client.get("/api/claims", params={key: 1}).json()
    counted = key.removeprefix("max_")
    assert 0 < exclusive["total"] < everything["total"]
    assert all(c["counts"][counted] == 1 for c in exclusive["items"])
    expected = sum(1 for c in everything["items"] if c["counts"][counted] <= 1)
    assert exclusive["total"] == expected
    rows = _rows(client.get("/api/claims.csv", params={key: 1}).text)
    assert {r["id"] for r in rows} == {c["id"] for c in exclusive["items"]}
