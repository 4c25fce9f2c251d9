"""Property tests (hypothesis): any text, any record, any bytes; the properties are in
``properties.py``, which ``scripts/fuzz.py`` runs for as long as asked.

Examples are few and derandomized here so the suite stays fast and repeatable; the fuzzing
run draws fresh ones (docs/corpus.md has its figures).
"""

from __future__ import annotations

import pg_server
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from properties import (
    NUL,
    SURROGATES,
    built_analyses,
    check_analyze,
    check_nested,
    check_reader,
    check_store_keeps_or_refuses,
    mutated_files,
    nested_reports,
    news_texts,
    texts,
)

from claimgraph.errors import InputError
from claimgraph.store import Store

FAST = settings(deadline=None, database=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def examples(n: int) -> settings:
    return settings(FAST, max_examples=n)


@pytest.fixture(scope="module")
def sqlite_store(tmp_path_factory):
    store = Store.open(str(tmp_path_factory.mktemp("props") / "props.db"))
    yield store
    store.close()


@pytest.fixture(scope="module")
def pg_store():
    server, reason = pg_server.shared()
    if server is None:
        pytest.skip(f"PostgreSQL not available: {reason}")
    store = Store.open(server.create_database())
    yield store
    store.close()


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("reader-props")


@examples(120)
@given(text=texts)
def test_analyze_keeps_its_invariants_and_round_trips(text, sqlite_store, nlp):
    check_analyze(text, sqlite_store)


@pytest.mark.parametrize("bad", [SURROGATES, st.just(NUL)], ids=["lone surrogate", "NUL"])
@examples(25)
@given(data=st.data(), where=st.floats(0, 1))
def test_a_lone_surrogate_or_a_nul_anywhere_is_an_input_error(bad, data, where, nlp):
    """Fault 4 of issue 13: ``analyze("a\\ud800")`` raised UnicodeEncodeError from spaCy."""
    from claimgraph.pipeline import analyze

    text = data.draw(news_texts())
    at = int(len(text) * where)
    with pytest.raises(InputError):
        analyze(text[:at] + data.draw(bad) + text[at:])


@examples(80)
@given(analysis=built_analyses())
def test_sqlite_store_keeps_a_record_whole_or_refuses_it(analysis, sqlite_store):
    check_store_keeps_or_refuses(analysis, sqlite_store)


@examples(40)
@given(analysis=built_analyses())
def test_postgresql_store_keeps_a_record_whole_or_refuses_it(analysis, pg_store):
    check_store_keeps_or_refuses(analysis, pg_store)


@examples(120)
@given(case=mutated_files())
def test_readers_give_articles_or_one_line_failures(case, folder):
    data, suffix = case
    check_reader(data, suffix, folder)


@pytest.mark.slow
@examples(4)
@given(text=nested_reports())
def test_a_long_sentence_of_nested_reports_is_analysed_and_stored(text, sqlite_store, nlp):
    check_nested(text, sqlite_store)
