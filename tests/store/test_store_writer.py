"""store/writer.py: every id an ingest gives an article is one the API and its links take."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from corpus_templates import analysis_of, make_corpus
from fastapi.testclient import TestClient

from claimgraph.app import create_app
from claimgraph.store import Store
from claimgraph.store.writer import id_problem, usable_id

SPECS = make_corpus(6, seed=29)


@pytest.mark.parametrize("wanted,expected", [
    (".", ""), ("..", ""), (" .. ", ""), ("a\nb", "a b"), ("line\r\n", "line"), ("tab\there", "tab here"),
    ("\x85", ""), ("...", "..."), ("2024/05/harbor", "2024/05/harbor"),
])
def test_usable_ids(wanted, expected):
    assert usable_id(wanted) == expected


def test_ingested_articles_with_unusable_ids_can_be_opened_by_their_links(tmp_path):
    db = str(tmp_path / "ids.db")
    given = [".", "..", "two\nlines", "bell\x07", " ", "fine-id"]
    with Store.open(db) as store:
        stored = []
        for spec, wanted in zip(SPECS, given, strict=True):
            analysis = analysis_of(spec)
            analysis.article.id = wanted
            stored.append(store.add_analysis(analysis))
    assert all(id_problem(article_id) is None for article_id in stored)
    assert stored[2:4] == ["two lines", "bell"] and stored[5] == "fine-id"
    with TestClient(create_app(db)) as client:
        for article_id in stored:
            assert client.get(f"/api/articles/{quote(article_id, safe='')}").status_code == 200
            assert client.get(f"/articles/{quote(article_id, safe='')}").status_code == 200
