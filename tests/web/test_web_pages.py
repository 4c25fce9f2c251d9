"""web/pages.py: query values a page refuses with its 422 form, never a 500."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from claimgraph.app import create_app
from claimgraph.store import Store


@pytest.fixture(scope="module")
def client(tmp_path_factory):  # type: ignore[no-untyped-def]
    db = str(tmp_path_factory.mktemp("pages") / "pages.db")
    Store.open(db).close()
    with TestClient(create_app(db)) as c:
        yield c


@pytest.mark.parametrize("value", ["²", "١٢", "Ⅻ", "-1", "1.5", "x"])
def test_claims_min_articles_that_is_no_whole_number_is_a_422(client, value):
    response = client.get("/claims", params={"min_articles": value})
    assert response.status_code == 422 and "whole number" in response.text


def test_claims_min_articles_as_digits_is_a_filter(client):
    assert client.get("/claims", params={"min_articles": "2"}).status_code == 200


# -- the read side: home page, statement permalinks, propositions, filters -------------------

import re  # noqa: E402

from readside_corpus import DISPUTING, build, claim_of  # noqa: E402


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):  # type: ignore[no-untyped-def]
    db = tmp_path_factory.mktemp("readside") / "r.db"
    store = build(db)
    ferry = claim_of(store, "a1", "s1")
    store.close()
    with TestClient(create_app(str(db))) as c:
        yield c, ferry


def _list(html: str, list_id: str) -> str:
    found = re.search(rf'<(ol|ul|dl|dd)[^>]* id="{list_id}"[^>]*>(.*?)</\1>', html, re.S)
    assert found, list_id
    return found.group(2)


def test_home_overviews_a_corpus_and_links_to_analyze(corpus):
    client, ferry = corpus
    html = client.get("/").text
    overview = _list(html, "overview")
    assert re.search(r"Articles</dt><dd><a[^>]*>4<", overview)
    assert re.search(r"Outlets</dt><dd><a[^>]*>3<", overview)  # Hill Post, Vale Times, (unknown)
    assert "2023-12-31" in _list(html, "date-range") and "2024-03-20" in html
    assert f'href="/claims/{ferry}"' in _list(html, "most-carried").split("</li>")[0]
    assert f'href="/claims/{ferry}"' in _list(html, "most-contested")
    assert 'href="/analyze"' in html and 'name="text"' not in html


def test_analyze_has_its_own_address_and_an_empty_store_starts_there(corpus, client):
    assert 'name="text"' in corpus[0].get("/analyze").text
    assert 'name="text"' in client.get("/").text  # the module's empty store


def test_statement_permalink_page_shows_claim_stance_and_proposition(corpus):
    client, ferry = corpus
    article_id, local_id = DISPUTING
    html = client.get(f"/statements/{article_id}/{local_id}").text
    assert re.search(r'id="statement-content">The island ferry is late again<', html)
    claim = _list(html, "statement-claim")
    assert f'href="/claims/{ferry}"' in claim and "disputes" in claim
    proposition = _list(html, "statement-proposition")
    assert "island ferry" in proposition and "Subject" in proposition
    assert f'href="/api/statements/{article_id}/{local_id}"' in html
    # an article id holding "/" is one quoted segment, and works
    assert client.get("/statements/folder%2Fa4/s1").status_code == 200
    missing = client.get("/statements/a1/s99")
    assert missing.status_code == 404 and "no statement" in missing.text


def test_claim_page_shows_its_proposition_and_its_statements_exports(corpus):
    client, ferry = corpus
    html = client.get(f"/claims/{ferry}").text
    subject = client.get(f"/api/claims/{ferry}").json()["proposition"]["subject"]
    assert subject and f"<dd>{subject}</dd>" in _list(html, "claim-proposition")
    assert f'href="/api/claims/{ferry}/statements.csv"' in html
    assert 'href="/statements/a1/s1"' in html


def test_search_filters_by_claim_stance_and_about_and_exports_the_same(corpus):
    client, ferry = corpus
    html = client.get("/search", params={"claim": ferry, "stance": "disputes"}).text
    assert html.count('class="result"') == 1 and 'href="/statements/a2/s1"' in html
    assert f"claim={ferry}" in html and "stance=disputes" in html  # the API and CSV links
    about = client.get("/search", params={"about": "north"}).text
    assert about.count('class="result"') == 1 and "north bridge" in about
    assert client.get("/search", params={"claim": "twelve"}).status_code == 422


def test_claims_page_sorts_by_outlets_and_lists_exclusives(corpus):
    client, ferry = corpus
    by_outlets = client.get("/claims", params={"sort": "outlets"}).text
    assert 'aria-current="page">Most outlets' in by_outlets
    first = re.search(r'href="/claims/(c\d+)"', by_outlets)
    assert first and first.group(1) == ferry
    exclusive = client.get("/claims", params={"max_outlets": "1"}).text
    assert f'href="/claims/{ferry}"' not in exclusive and "max_outlets=1" in exclusive
    assert f'href="/claims/{ferry}"' not in client.get("/claims", params={"max_articles": "1"}).text


def test_a_search_shows_what_it_found_over_time_with_its_series(corpus):
    client, ferry = corpus
    html = client.get("/search", params={"claim": ferry, "sort": "newest"}).text
    assert 'id="search-time"' in html
    link = re.search(r'href="(/api/statements/timeline\.csv\?[^"]+)"', html)
    assert link and "sort=" not in link.group(1) and f"claim={ferry}" in link.group(1)
    rows = client.get(link.group(1).replace("&amp;", "&")).text.strip().splitlines()
    assert len(rows) > 1  # a header and the claim's days
    assert 'id="search-time"' not in client.get("/search").text  # nothing searched: no chart
