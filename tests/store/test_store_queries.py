"""store/queries.py: the search expression of long queries, on both databases."""

from __future__ import annotations

import pg_server
import pytest
from corpus_templates import analysis_of, make_corpus
from hypothesis import HealthCheck, given, settings
from properties import check_search, check_web_search, search_terms
from sqlalchemy.dialects import postgresql

from claimgraph.store import Store, queries, search

SPECS = make_corpus(4, seed=17)


def _words(n: int) -> list[str]:
    return [f"w{i}x" for i in range(n)]


@pytest.mark.parametrize("joiner", [" ", " OR ", " -"])
def test_a_postgresql_query_of_hundreds_of_terms_compiles(joiner):
    # 250 terms: more than the 500-character search limit can hold.
    text = "harbor" + joiner + joiner.join(_words(250))
    expression = queries._tsquery(search.parse(text))
    assert expression is not None
    sql = str(expression.compile(dialect=postgresql.dialect()))
    assert sql.count("plainto_tsquery(") == 251


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_search_of_many_terms_answers_on_both_databases(backend, tmp_path):
    with Store.open(pg_server.database(backend, tmp_path / "q.db")) as store:
        for spec in SPECS:
            store.add_analysis(analysis_of(spec))
        word = next(w for w in store.statements(limit=1)[0]["content"]["text"].split() if len(w) > 4)
        word = "".join(ch for ch in word if ch.isalnum())
        found = store.statements(search=word, limit=None)
        assert found
        # ORs of words that are nowhere change nothing; ANDs of them find nothing.
        assert store.statements(search=" OR ".join([word, *_words(120)]), limit=None) == found
        assert store.statements(search=" ".join([word, *_words(120)]), limit=None) == []
        assert store.statements(search=" -".join([word, *_words(120)]), limit=None) == found


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def searched_store(request, tmp_path_factory):  # type: ignore[no-untyped-def]
    url = pg_server.database(request.param, tmp_path_factory.mktemp("search") / "s.db")
    with Store.open(url) as store:
        for spec in SPECS:
            store.add_analysis(analysis_of(spec))
        yield store


@settings(max_examples=40, deadline=None, database=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(query=search_terms)
def test_any_search_under_the_limit_answers(query, searched_store):
    check_search(query, searched_store)


@pytest.fixture(scope="module")
def searched_client(searched_store):  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    from claimgraph.app import create_app

    return TestClient(create_app(searched_store.url), raise_server_exceptions=False)


@settings(max_examples=15, deadline=None, database=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
@given(query=search_terms)
def test_every_search_route_answers_any_search_without_a_server_error(query, searched_client):
    check_web_search(query, searched_client)


# -- the statement filters: one definition, claim / stance / about, one statement --------------


def test_a_statement_filter_is_defined_once_for_the_store_the_api_and_the_cli():
    """A new filter is a parameter of queries.statement_filters (and its SQL); the API's
    filters and the CLI's options must name the same ones, so none is missing anywhere."""
    import inspect

    from claimgraph.api.routes import statement_filters as api_filters
    from claimgraph.cli.corpus import STATEMENT_FILTERS

    store_side = set(inspect.signature(queries.statement_filters).parameters) - {"conn"}
    assert set(inspect.signature(api_filters).parameters) == store_side
    assert set(STATEMENT_FILTERS) == store_side


@pytest.fixture(scope="module")
def readside(tmp_path_factory):  # type: ignore[no-untyped-def]
    from readside_corpus import build

    store = build(tmp_path_factory.mktemp("readside") / "q.db")
    yield store
    store.close()


def _ids(found: list[dict]) -> list[tuple[str, str]]:
    return sorted((s["article"]["id"], s["id"]) for s in found)


def test_stance_about_and_claim_filters_in_sql(readside):
    from readside_corpus import DISPUTING, claim_of

    assert _ids(readside.statements(stance="disputes")) == [DISPUTING]
    assert readside.count_statements(stance="asserts") == readside.count_statements() - 1
    # part of a name, any case; a "%" or "_" in it is a character, not a wildcard
    assert _ids(readside.statements(about="ISLAND")) == [("a1", "s1"), ("a2", "s1")]
    assert readside.count_statements(about="%") == 0 and readside.count_statements(about="_") == 0
    ferry = int(claim_of(readside, "a1", "s1")[1:])
    in_claim = readside.statements(claim=ferry, limit=None)
    assert ("a1", "s1") in _ids(in_claim) and len(in_claim) == readside.count_statements(claim=ferry)
    both = readside.statements(claim=ferry, stance="disputes", about="ferry")
    assert _ids(both) == [DISPUTING]


def test_one_statement_by_article_and_id(readside):
    found = readside.statement("folder/a4", "s1")
    assert found is not None and found["content"]["text"] == "The harbour stays open all night"
    assert found["claim"]["label"]  # its claim's label for the permalink page
    assert readside.statement("folder/a4", "s2") is None and readside.statement("a4", "s1") is None


def test_overview_counts_and_dates(readside):
    assert readside.overview() == {
        "articles": 4, "statements": 5, "speakers": 3, "outlets": 3,
        "first_published": "2023-12-31", "last_published": "2024-03-20",
    }
