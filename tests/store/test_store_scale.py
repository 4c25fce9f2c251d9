"""The store's reads rewritten to stay fast at a million statements (docs/scale.md, "A large
store") give what the slow ones gave: the outlet report counted in SQL against
rhetoric.compare over the stored analyses, keyset export pages against the whole list,
migration 6's narrator word counts against the ones counted from the text. SQLite and
PostgreSQL; texts written for these tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pg_server
import pytest
from sqlalchemy import text, update

from claimgraph.model import Analysis, Article, Cue, Entity, LoadedSpan, Span, Speaker, Statement
from claimgraph.rhetoric.compare import UNKNOWN_OUTLET, cue_counts, narrator_word_count, outlet_report
from claimgraph.store import Store, schema
from claimgraph.store.export import export
from claimgraph.store.stats import backfill_narrator_words

# (speaker entity or None, speaker name, mention words, cue words, lemma, class, content)
Said = tuple[Entity | None, str | None, str | None, str | None, str, str, str]


def _analysis(art: dict[str, Any], said: list[Said], loaded: list[tuple[str, str, str | None]],
              extra: list[Entity] = ()) -> Analysis:  # type: ignore[assignment]
    """An article of one line per statement (``Mention cue: "content".``), then a narrator
    line; ``loaded``: (word, voice, statement id), the word found in the text."""
    text_, statements, entities = "", [], list(extra)
    for i, (entity, name, mention, cue, lemma, cls, content) in enumerate(said, 1):
        if entity is not None and entity not in entities:
            entities.append(entity)
        line = f"{mention or 'Someone'} {cue or 'wrote'}: \u201c{content}.\u201d "
        m_start = len(text_)
        c_start = m_start + len(line) - len(content) - 4
        cue_start = m_start + len(mention or "Someone") + 1
        statements.append(Statement(
            f"s{i}", "direct", Span(content, c_start, c_start + len(content)),
            None if cue is None else Cue(cue, cue_start, cue_start + len(cue), lemma=lemma, cls=cls),
            Speaker(None if mention is None else Span(mention, m_start, m_start + len(mention)),
                    None if entity is None else entity.id, name),
        ))
        text_ += line
    text_ += "The reckless plan of the Regime was voted down by the council on a rainy evening."
    spans = [LoadedSpan(w, text_.index(w), text_.index(w) + len(w), "test", 0.5, voice, sid)
             for w, voice, sid in loaded]
    return Analysis(Article(**art), text_, statements, entities, spans)


MINISTER = Entity("e1", "Tove Harrald", "PERSON", titles=["Norwegian minister"])
ENVOY = Entity("e2", "Pell Ardane", "PERSON", affiliation="Canadian Embassy")
GROUP = Entity("e3", "Western nations", "GROUP")
ABROAD = Entity("e4", "Irma Quell", "PERSON", country="Atlantis")

CORPUS = [
    _analysis(
        {"id": "a1", "title": "Harbour", "outlet": "Fjord Courier", "published": "2024-02-01"},
        [(MINISTER, "Tove Harrald", "Minister Harrald", "said", "say", "neutral", "The harbour stays shut"),
         (ENVOY, "Pell Ardane", "Ardane", "claimed", "claim", "distancing", "Nothing RECKLESS was signed"),
         (None, None, "A Kremlin aide", "grumbled", "grumble", "unclassified", "the plan is late"),
         (None, None, None, None, "", "none", "Tickets sold out")],
        [("reckless", "narrator", None), ("RECKLESS", "quoted", "s2"), ("Regime", "narrator", None)],
    ),
    _analysis(
        {"id": "a2", "title": "Bridge", "outlet": "fjord courier", "published": "2024-03-01"},
        [(GROUP, "Western nations", "Western nations", "insisted", "insist", "", "The bridge is safe"),
         (ABROAD, "Irma Quell", "Quell", "said", "say", "neutral", "Ferries run late"),
         (MINISTER, "Tove Harrald", "Harrald", "grumbled", "grumble", "unclassified", "Rain is coming")],
        [("reckless", "narrator", None), ("Regime", "quoted", "s9")],  # s9: no such statement
    ),
    _analysis(
        {"id": "a3", "title": "Other", "outlet": "Vale Times", "published": "2024-03-02"},
        [(ENVOY, "Pell Ardane", "Ardane", "said", "say", "neutral", "The vote is Tuesday")],
        [("reckless", "narrator", None)],
    ),
    _analysis(
        {"id": "a4", "title": "No outlet"},
        [(None, "Irma Quell", "Quell", "said", "say", "neutral", "Nobody came")],
        [],
    ),
]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Any:
    if request.param == "sqlite":
        opened = Store.open(str(tmp_path_factory.mktemp("scale") / "scale.db"))
    else:
        server, reason = pg_server.shared()
        if server is None:
            pytest.skip(f"PostgreSQL not available: {reason}")
        opened = Store.open(server.create_database())
    for analysis in CORPUS:
        opened.add_analysis(analysis)
    yield opened
    opened.close()


def _report_from_analyses(store: Store, outlet: str, max_articles: int) -> dict[str, Any] | None:
    """The outlet report as it was made before store.report: from every stored analysis."""
    analyses = list(store.analyses(outlet=outlet))[:max_articles]
    if not analyses:
        return None
    name = UNKNOWN_OUTLET if outlet == UNKNOWN_OUTLET else (analyses[0].article.outlet or outlet)
    for analysis in analyses:
        analysis.article.outlet = name
    report = outlet_report(analyses, name).to_dict()
    report["cues"] = [{"cue": c, "class": k, "count": n}
                      for (c, k), n in sorted(cue_counts(analyses).items(), key=lambda i: (-i[1], i[0]))]
    report["articles_read"] = len(analyses)
    return report


@pytest.mark.parametrize("outlet", ["Fjord Courier", "FJORD COURIER", "Vale Times", UNKNOWN_OUTLET,
                                    "Nowhere"])
@pytest.mark.parametrize("max_articles", [1, 2000])
def test_outlet_report_in_sql_is_the_report_of_the_analyses(store: Store, outlet: str,
                                                            max_articles: int) -> None:
    expected = _report_from_analyses(store, outlet, max_articles)
    found = store.outlet_report(outlet, max_articles=max_articles)
    assert found == expected
    if outlet == "Fjord Courier" and max_articles > 1:
        assert found is not None
        # What the fixture was written to exercise: sides from titles, affiliation, group name
        # and mention; a country kept as written; unclassified cues; quoted words by side.
        assert set(found["by_side"]) == {"Norway", "Canada", "West", "Russia", "Atlantis", "(unknown)"}
        assert found["unclassified_cues"] == {"grumble": 2}
        assert found["quoted_terms_by_side"] == {"Canada": {"reckless": 1}, "(unknown)": {"regime": 1}}
        assert found["narrator_terms"] == {"reckless": 2, "regime": 1}
        assert found["articles_read"] == 2


def test_keyset_export_yields_every_statement_once(store: Store, tmp_path: Path) -> None:
    def keys(items: Any) -> list[tuple[str, str]]:
        return [(s["article"]["id"], s["id"]) for s in items]

    everything = keys(store.statements(limit=None, sort="oldest"))
    for page in (1, 2, 3, 1000):
        streamed = keys(store.iter_statements(page=page))
        assert len(streamed) == len(set(streamed)) == len(everything)
        assert set(streamed) == set(everything)
    only = list(store.iter_statements(page=2, outlet="Fjord Courier"))
    assert len(only) == store.count_statements(outlet="Fjord Courier") == 7
    import pyarrow.parquet as pq

    out = tmp_path / "all.parquet"
    assert export(store, str(out), "parquet") == len(everything)
    table = pq.read_table(out)
    assert sorted(zip(table.column("article_id").to_pylist(), table.column("statement_id").to_pylist(),
                      strict=True)) == sorted(everything)


def test_migration_6_fills_narrator_words_of_older_stores(store: Store) -> None:
    expected = {a.article.id: narrator_word_count(a) for a in CORPUS}
    A = schema.articles
    with store.engine.begin() as conn:
        stored = dict(conn.execute(A.select().with_only_columns(A.c.id, A.c.narrator_words)).all())
        assert stored == expected
        conn.execute(update(A).values(narrator_words=None))
        assert backfill_narrator_words(conn) == len(CORPUS)
        assert dict(conn.execute(text("SELECT id, narrator_words FROM articles")).all()) == expected


@pytest.mark.parametrize("filters", [{"outlet": "Fjord Courier"}, {"speaker": "Pell Ardane"},
                                     {"search": "late"}, {"kind": "direct"}, {"outlet": "Nowhere"}])
def test_newest_first_by_walking_the_dates_is_the_sorted_order(
    store: Store, filters: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from claimgraph.store import queries

    def page(share: float, limit: int, offset: int) -> list[tuple[str, str]]:
        monkeypatch.setattr(queries, "DENSE_SHARE", share)
        found = store.statements(limit=limit, offset=offset, **filters)
        return [(s["article"]["id"], s["id"]) for s in found]

    monkeypatch.setattr(queries, "WALK_ARTICLES", 1)  # a batch per article: pages cross batches
    for limit, offset in ((1, 0), (2, 1), (3, 2), (25, 0), (5, 6)):
        assert page(0.0, limit, offset) == page(10.0, limit, offset)  # walking == the planner's sort
    assert len(page(0.0, 25, 0)) == store.count_statements(**filters)


@pytest.mark.parametrize("filters", [{}, {"outlet": "Fjord Courier"}, {"speaker": "Pell Ardane"},
                                     {"search": "late"}, {"since": "2024-03", "until": "2024-03"}])
def test_claims_list_is_the_same_materialised_or_walked(
    store: Store, filters: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from claimgraph.store import claims

    def listed(share: float) -> tuple[list[str], int]:
        monkeypatch.setattr(claims, "WALK_CLAIMS_SHARE", share)
        found = store.claims(limit=3, sort="widespread", with_statements=False, **filters)
        return [c["id"] for c in found], store.count_claims(**filters)

    walked, materialised = listed(0.0), listed(10.0)
    assert walked == materialised
    if filters:
        expected = {s["claim"]["id"] for s in store.statements(limit=None, **filters)}
        assert materialised[1] == len(expected) and set(materialised[0]) <= expected
