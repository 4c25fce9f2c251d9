"""The store's reads for the web app (issue 12) on SQLite and PostgreSQL alike: search
syntax and ranking, outlets aggregated per page, facets, timelines, counts. Records are
built by hand (no pipeline), texts written for these tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pg_server
import pytest
from queries_corpus import CORPUS

from claimgraph.store import Store


def _open(kind: str, tmp_path: Path) -> Store:
    if kind == "sqlite":
        return Store.open(str(tmp_path / "web.db"))
    server, reason = pg_server.shared()
    if server is None:
        pytest.skip(f"PostgreSQL not available: {reason}")
    return Store.open(server.create_database())


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Any:
    opened = _open(request.param, tmp_path_factory.mktemp(request.param))
    for analysis in CORPUS:
        opened.add_analysis(analysis)
    yield opened
    opened.close()


def contents(items: list[dict[str, Any]]) -> list[str]:
    return [s["content"]["text"] for s in items]


def test_relevance_puts_the_closest_match_first_and_newest_is_by_date(store: Store) -> None:
    best = contents(store.statements(search="ferry", sort="relevance"))
    assert best[0] == "The ferry, the ferry, the ferry is late"
    newest = store.statements(search="ferry", sort="newest")
    assert [s["article"]["id"] for s in newest] == ["other", "new", "old"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('"ferry tickets"', {"Ferry tickets will cost more"}),
        ("ferry -late", {"Ferry tickets will cost more"}),
        ("bridge OR harbour", {"The bridge is closed for repairs", "The harbour stays open"}),
        ("ferry late OR bridge", {
            "The ferry, the ferry, the ferry is late",
            "Among many other things that happened this week the ferry was late again",
            "The bridge is closed for repairs",
        }),
        ("-ferry", set()),
        ("the of", set()),
        ('ferry" OR "(', {  # stray quotes and brackets are words or nothing, never syntax
            "The ferry, the ferry, the ferry is late",
            "Among many other things that happened this week the ferry was late again",
            "Ferry tickets will cost more",
        }),
    ],
)
def test_search_syntax(store: Store, query: str, expected: set[str]) -> None:
    assert set(contents(store.statements(search=query, limit=None))) == expected
    assert store.count_statements(search=query) == len(expected)


def test_a_phrase_with_small_words_still_matches(store: Store) -> None:
    # (PostgreSQL does not index the small words: "ferry is late" matches there too.)
    found = contents(store.statements(search='"ferry was late"', limit=None))
    assert "Among many other things that happened this week the ferry was late again" in found


def test_outlets_are_aggregated_paginated_and_named(store: Store) -> None:
    every = store.outlets()
    assert [o["outlet"] for o in every] == ["Hill Post", "(unknown)", "Vale Times"]
    hill = every[0]
    assert (hill["articles"], hill["statements"], hill["direct"]) == (2, 3, 3)
    assert hill["cue_classes"] == {"neutral": 2, "distancing": 1}
    assert [(t["name"], t["count"]) for t in hill["top_speakers"]] == [("Mara Quist", 2), ("Oren Dahl", 1)]
    assert store.outlets(limit=1, offset=1) == [every[1]]
    assert store.count_outlets() == 3
    assert store.outlets(name="(unknown)") == [every[1]]
    assert store.outlets(name="hill post") == [hill]
    assert store.count_statements(outlet="(unknown)") == 1
    assert store.count_articles(outlet="(unknown)") == 1
    assert [s["name"] for s in store.speakers(outlet="(unknown)")] == ["Lia Brook"]


def test_facets_and_counts(store: Store) -> None:
    facets = store.facets(search="ferry")
    assert [(f["label"], f["count"]) for f in facets["speaker"]] == [("Mara Quist", 2), ("Lia Brook", 1)]
    assert [(f["value"], f["count"]) for f in facets["outlet"]] == [("Hill Post", 2), ("Vale Times", 1)]
    assert [(f["value"], f["count"]) for f in facets["month"]] == [("2024-03", 2), ("2024-01", 1)]
    assert {f["value"]: f["count"] for f in facets["cue_class"]} == {"neutral": 1, "distancing": 2}
    assert store.count_speakers() == 3 and store.count_speakers(outlet="Vale Times", search="brook") == 1


def test_timeline_by_period_and_outlet(store: Store) -> None:
    assert store.timeline(period="month") == [
        {"period": "2023-12", "count": 1},
        {"period": "2024-01", "count": 2},
        {"period": "2024-03", "count": 3},
    ]
    by_outlet = store.timeline(period="year", by="outlet", speaker="Lia Brook")
    assert by_outlet == [
        {"period": "2023", "outlet": "(unknown)", "count": 1},
        {"period": "2024", "outlet": "Vale Times", "count": 1},
    ]


def test_date_periods(store: Store) -> None:
    assert store.count_statements(since="2024-03", until="2024-03") == 3
    assert store.count_statements(since="2024") == 5
    assert store.count_statements(until="2024-01") == 3
