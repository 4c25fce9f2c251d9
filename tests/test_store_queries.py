"""store/queries.py: the search expression of long queries, on both databases."""

from __future__ import annotations

import pg_server
import pytest
from corpus_templates import analysis_of, make_corpus
from hypothesis import HealthCheck, given, settings
from properties import check_search, search_terms
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
