"""A syndicated story: the same text carried by several outlets is one article with copies,
and its claims count every outlet that carried them (issue 12, bug 3: a second outlet
carrying the same wire text is a fact users want)."""

from __future__ import annotations

import json
from pathlib import Path

import pg_server
import pytest
from fastapi.testclient import TestClient

from claimgraph.app import create_app
from claimgraph.corpus import ingest
from claimgraph.store import Store

WIRE = (
    "The port authority said on Monday that the northern terminal would close for repairs in June. "
    "Dock workers were told to report to the southern terminal.\n"
    "Harbour master Ines Falk said the closure would last six weeks."
)
OWN = "Ines Falk told the council that the southern terminal could take the extra ships."


def _jsonl(path: Path, rows: list[dict[str, str]]) -> str:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_syndicated_text_is_one_article_with_its_copies(backend: str, tmp_path: Path) -> None:
    first = _jsonl(tmp_path / "day1.jsonl", [
        {"id": "gazette-1", "text": WIRE, "outlet": "Harbour Gazette", "published": "2025-05-02",
         "url": "https://gazette.example/port"},
        {"id": "gazette-2", "text": OWN, "outlet": "Harbour Gazette", "published": "2025-05-03"},
    ])
    second = _jsonl(tmp_path / "day2.jsonl", [
        # the wire text again: two other outlets, and the first outlet under another file
        {"id": "coast-1", "text": WIRE.replace(" ", "  ", 2), "outlet": "Coast Daily",
         "published": "2025-05-01", "url": "https://coast.example/a"},
        {"id": "plains-1", "text": WIRE, "outlet": "Plains Post", "published": "2025-05-04"},
    ])
    again = _jsonl(tmp_path / "again.jsonl", [
        {"id": "g", "text": WIRE, "outlet": "Harbour Gazette", "url": "https://gazette.example/port"},
        {"id": "p", "text": WIRE, "outlet": "plains  post", "published": "2025-05-04"},
    ])
    with Store.open(pg_server.database(backend, tmp_path / "copies.db")) as store:
        ingest([first], store)
        before = {c["id"]: c["counts"]["outlets"] for c in store.claims(limit=None)}
        report = ingest([second], store)
        assert (report.added, report.duplicates) == (0, 2)
        assert ingest([again], store).added == 0
        assert store.totals()["articles"] == 2
        article = store.article("gazette-1")
        assert article is not None
        copies = article["article"]["copies"]
        assert [(c["outlet"], c["published"], c["url"]) for c in copies] == [
            ("Coast Daily", "2025-05-01", "https://coast.example/a"),
            ("Plains Post", "2025-05-04", None),
        ]
        # The claims of the wire text are carried by three outlets now, first seen on the
        # earliest copy; the claim of the other article is untouched.
        closure = next(c for c in store.claims(limit=None)
                       if "northern terminal would close" in c["label"])
        assert before[closure["id"]] == 1
        assert closure["counts"]["outlets"] == 3 and closure["counts"]["articles"] == 1
        assert closure["first_seen"] == "2025-05-01"
        assert {o["outlet"] for o in closure["outlets"]} == {"Harbour Gazette", "Coast Daily", "Plains Post"}
        detail = store.claim(int(closure["id"][1:]))
        assert detail is not None
        assert {o["outlet"]: o.get("copy", False) for o in detail["outlets"]} == {
            "Harbour Gazette": False, "Coast Daily": True, "Plains Post": True}
        other = next(c for c in store.claims(limit=None) if "extra ships" in c["label"])
        assert other["counts"]["outlets"] == 1
        # A statement's article carries its copies too.
        carried = store.statements(article="gazette-1", limit=None)
        assert all(len(st["article"]["copies"]) == 2 for st in carried)


def test_posting_the_same_text_from_another_outlet_records_the_copy(tmp_path: Path) -> None:
    with TestClient(create_app(str(tmp_path / "w.db"), allow_ingest=True)) as app:
        first = app.post("/api/articles", json={"text": WIRE, "outlet": "Harbour Gazette"})
        assert first.status_code == 201
        copy = app.post("/api/articles", json={"text": WIRE, "outlet": "Coast Daily", "title": "Port"})
        assert copy.status_code == 200 and copy.json()["created"] is False
        assert "'Coast Daily' is recorded as another outlet carrying it" in copy.json()["message"]
        same = app.post("/api/articles", json={"text": WIRE, "outlet": "Coast Daily"})
        assert "recorded as another outlet" not in same.json()["message"]
        stored = app.get(f"/api/articles/{first.json()['id']}").json()
        assert stored["article"]["outlet"] == "Harbour Gazette"
        assert [c["outlet"] for c in stored["article"]["copies"]] == ["Coast Daily"]
        page = app.get(f"/articles/{first.json()['id']}").text
        assert "Also carried by" in page and "Coast Daily" in page
        assert "/outlets/Coast" not in page  # no outlet page of its own to link to
        # A copy known only by its address is recorded, but names no outlet to count.
        by_url = app.post("/api/articles", json={"text": WIRE, "url": "https://mirror.example/port"})
        assert "recorded as another outlet" in by_url.json()["message"]
        claims = app.get("/api/claims").json()["items"]
        closure = next(c for c in claims if "northern terminal" in c["label"])
        assert closure["counts"]["outlets"] == 2
        claim_page = app.get(f"/claims/{closure['id']}").text
        assert 'id="claim-copies"' in claim_page and "Coast Daily" in claim_page
