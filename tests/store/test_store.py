"""The corpus store on SQLite and PostgreSQL, fed with template analyses.

The analyses are built from the templates (what a perfect extractor would give),
so these tests do not depend on the statement extractor's progress.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pg_server
import pytest
from corpus_templates import PEOPLE, analysis_of, make_corpus
from helpers import said_analysis
from sqlalchemy import text

import claimgraph
from claimgraph.errors import StoreError
from claimgraph.model import LoadedSpan
from claimgraph.store import Store
from claimgraph.store.export import export
from claimgraph.store.migrations import MIGRATIONS

SPECS = make_corpus(240, seed=11)


def _analyses():
    analyses = [analysis_of(spec) for spec in SPECS]
    # Loaded-language spans (filled by the rhetoric component) must survive the round trip.
    first = analyses[0]
    st = first.statements[0]
    first.loaded.append(
        LoadedSpan(st.content.text[:5], st.content.start, st.content.start + 5,
                   lexicon="test", score=0.75, voice="quoted", statement=st.id)
    )
    return analyses


ANALYSES = _analyses()


def _open(kind: str, tmp_path: Path) -> Store:
    if kind == "sqlite":
        return Store.open(str(tmp_path / "corpus.db"))
    server, reason = pg_server.shared()
    if server is None:
        pytest.skip(f"PostgreSQL not available: {reason}")
    return Store.open(server.create_database())


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_store(request, tmp_path):
    store = _open(request.param, tmp_path)
    yield store
    store.close()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def loaded(request, tmp_path_factory):
    store = _open(request.param, tmp_path_factory.mktemp(request.param))
    for analysis in ANALYSES:
        store.add_analysis(analysis)
    yield store
    store.close()


def _unclaimed(analysis: dict) -> dict:
    """An analysis as JSON without its statements' claims (the store adds them)."""
    return {**analysis, "statements": [{**s, "claim": None} for s in analysis["statements"]]}


def _expected(pred) -> int:
    return sum(1 for a in ANALYSES for s in a.statements if pred(a, s))


# -- writing ------------------------------------------------------------------


def test_same_article_is_stored_once(empty_store):
    a = ANALYSES[0]
    first = empty_store.add_analysis(a)
    again = empty_store.add_analysis(a)
    # Same text under another id and with re-wrapped whitespace: still the same article.
    copy = analysis_of(SPECS[0])
    copy.article.id = "other-id"
    copy.text = copy.text.replace(" ", "  ", 3)
    third = empty_store.add_analysis(copy)
    assert first == again == third == "art-0000"
    assert empty_store.totals()["articles"] == 1
    assert empty_store.count_statements() == len(a.statements)


def test_colliding_ids_get_distinct_ids(empty_store):
    a, b = analysis_of(SPECS[1]), analysis_of(SPECS[2])
    b.article.id = a.article.id
    ids = {empty_store.add_analysis(a), empty_store.add_analysis(b)}
    assert len(ids) == 2 and a.article.id in ids


def test_migrations_are_versioned_and_run_once(empty_store):
    url = empty_store.url
    with empty_store.engine.connect() as conn:
        versions = [r[0] for r in conn.execute(text("SELECT version FROM schema_version"))]
    assert versions == [number for number, _ in MIGRATIONS]
    # A database made before migration 2 (no statements.act) is upgraded on open.
    with empty_store.engine.begin() as conn:
        conn.execute(text("ALTER TABLE statements DROP COLUMN act"))
        conn.execute(text("DELETE FROM schema_version WHERE version >= 2"))
    empty_store.close()
    reopened = Store.open(url)
    with reopened.engine.connect() as conn:
        versions = [r[0] for r in conn.execute(text("SELECT version FROM schema_version"))]
    assert versions == [number for number, _ in MIGRATIONS]
    analysis = analysis_of(SPECS[3])
    analysis.statements[0].act = "belief"
    reopened.add_analysis(analysis)
    assert reopened.totals()["articles"] == 1
    assert reopened.count_statements(act="belief") == 1
    assert reopened.statements(act="belief")[0]["act"] == "belief"
    reopened.close()


def test_failures_are_one_row_per_record(empty_store):
    empty_store.record_failure("a.jsonl", "line 3", "a.jsonl:3: invalid JSON")
    empty_store.record_failure("a.jsonl", "line 3", "a.jsonl:3: invalid JSON again")
    empty_store.record_failure("a.jsonl", "line 4", "a.jsonl:4: invalid JSON")
    rows = empty_store.failures()
    assert [(r["record"], r["error"]) for r in rows] == [
        ("line 3", "a.jsonl:3: invalid JSON again"),
        ("line 4", "a.jsonl:4: invalid JSON"),
    ]


# -- reading ------------------------------------------------------------------


def test_analyses_round_trip(loaded):
    rebuilt = list(loaded.analyses())
    assert all(s.claim is not None for a in rebuilt for s in a.statements)
    assert [_unclaimed(a.to_dict()) for a in rebuilt] == [_unclaimed(a.to_dict()) for a in ANALYSES]
    assert rebuilt[0].loaded[0].voice == "quoted"
    assert rebuilt[0].statements[0].cue.cls == "neutral"
    assert _unclaimed(loaded.article("art-0005")) == _unclaimed(ANALYSES[5].to_dict())
    assert loaded.article("no-such-article") is None


def test_statement_records_follow_the_contract(loaded):
    rows = loaded.statements(article="art-0007", limit=None)
    want = [s.to_dict() for s in ANALYSES[7].statements]
    # The store gives every statement its claim; the rest is the analysis as it was.
    assert all(r["claim"]["id"].startswith("c") and r["claim"]["stance"] in ("asserts", "disputes")
               for r in rows)
    assert [{k: r[k] for k in want[0] if k != "claim"} for r in rows] == [
        {k: v for k, v in w.items() if k != "claim"} for w in want]
    art = rows[0]["article"]
    assert art == ANALYSES[7].article.to_dict()
    assert all(isinstance(r["speaker_id"], int) for r in rows)


def test_one_speaker_row_per_person_across_name_forms(loaded):
    speakers = loaded.speakers(limit=None)
    assert len(speakers) == len(PEOPLE)
    by_name = {s["name"]: s for s in speakers}
    zak = by_name["Maria Zakharova"]
    assert zak["titles"] == ["spokeswoman"]
    assert zak["affiliations"] == ["Russian Foreign Ministry"]
    assert zak["country"] == "Russia"
    assert zak["statement_count"] == _expected(lambda a, s: s.speaker.name.endswith("Zakharova"))
    detail = loaded.speaker(zak["id"])
    assert {"maria zakharova", "zakharova"} <= set(detail["aliases"])
    seen = detail["titles_seen"]
    assert len(seen) == len({a.article.id for a in ANALYSES
                             for s in a.statements if s.speaker.name.endswith("Zakharova")})
    assert all(t["published"] and t["article_id"] for t in seen)
    assert sum(o["count"] for o in detail["outlets"]) == zak["statement_count"]
    # Accents folded: José Ramírez and Jose Ramirez are one speaker.
    assert sum(1 for s in speakers if s["name"] in ("José Ramírez", "Jose Ramirez")) == 1


def test_speaker_filter_and_search(loaded):
    want = _expected(lambda a, s: "Blinken" in s.speaker.name)
    assert loaded.count_statements(speaker="Blinken") == want
    assert loaded.count_statements(speaker="antony blinken") == want
    assert loaded.count_statements(speaker="Jose Ramirez") == loaded.count_statements(
        speaker="José Ramírez") > 0
    assert loaded.count_statements(speaker="Blink") == 0  # whole words only
    assert [s["name"] for s in loaded.speakers(search="zakh")] == ["Maria Zakharova"]


def test_outlet_date_kind_filters(loaded):
    assert loaded.count_statements(outlet="Daily Ledger") == _expected(
        lambda a, s: a.article.outlet == "Daily Ledger")
    assert loaded.count_statements(outlet="daily ledger") == loaded.count_statements(
        outlet="Daily Ledger")
    assert loaded.count_statements(since="2024-01-10", until="2024-01-20") == _expected(
        lambda a, s: "2024-01-10" <= a.article.published <= "2024-01-20")
    assert loaded.count_statements(kind="indirect") == _expected(lambda a, s: s.kind == "indirect")
    assert loaded.count_statements(cue_class="doubt") == _expected(lambda a, s: s.cue.cls == "doubt")
    rows = loaded.statements(outlet="Metro Wire", kind="direct", limit=None)
    assert rows and all(r["article"]["outlet"] == "Metro Wire" and r["kind"] == "direct"
                        for r in rows)
    dates = [r["article"]["published"] for r in rows]
    assert dates == sorted(dates, reverse=True)


def test_paging(loaded):
    everything = loaded.statements(limit=None)
    assert len(everything) == loaded.count_statements() == _expected(lambda a, s: True)
    pages = [r for off in range(0, len(everything), 50) for r in loaded.statements(offset=off)]
    assert [(r["article"]["id"], r["id"]) for r in pages] == [
        (r["article"]["id"], r["id"]) for r in everything]


def test_full_text_search_stems_words(loaded):
    assert loaded.count_statements(search="sanctions") == _expected(
        lambda a, s: "sanctions" in s.content.text)
    # "delayed" finds "delayed" and stemming makes "delay" find it too.
    want = _expected(lambda a, s: "delayed" in s.content.text)
    assert want > 0
    assert loaded.count_statements(search="delay") == want
    assert loaded.count_statements(search="pipeline project delayed") == want
    assert loaded.count_statements(search="zzzunknownword") == 0


@pytest.mark.parametrize(
    "hostile",
    ["'; DROP TABLE statements; --", 'sanctions" OR "1"="1', "NEAR(a b)", "*", "a:b", "%_%", "",
     "AND OR NOT", "\\", "ceasefire)"],
)
def test_search_text_is_only_a_parameter(loaded, hostile):
    before = loaded.totals()
    loaded.statements(search=hostile)
    loaded.statements(speaker=hostile)
    loaded.speakers(search=hostile)
    assert loaded.totals() == before


def test_bad_dates_are_one_line_errors(loaded):
    with pytest.raises(claimgraph.errors.InputError, match="--since"):
        loaded.statements(since="last tuesday")


def test_outlets_summary(loaded):
    outlets = {o["outlet"]: o for o in loaded.outlets()}
    for name, entry in outlets.items():
        arts = [a for a in ANALYSES if a.article.outlet == name]
        sts = [s for a in arts for s in a.statements]
        assert entry["articles"] == len(arts)
        assert entry["statements"] == len(sts)
        assert entry["direct"] == sum(s.kind == "direct" for s in sts)
        top = Counter(s.speaker.name.split()[-1] for s in sts).most_common(1)[0][1]
        assert entry["top_speakers"][0]["count"] == top


def test_articles_listing(loaded):
    rows = loaded.articles(outlet="Northern Post", limit=None)
    assert len(rows) == sum(a.article.outlet == "Northern Post" for a in ANALYSES)
    assert all(r["statement_count"] >= 1 for r in rows)


def test_exports(loaded, tmp_path):
    import pyarrow.parquet as pq

    total = loaded.count_statements()
    assert export(loaded, str(tmp_path / "s.jsonl"), "jsonl") == total
    lines = (tmp_path / "s.jsonl").read_text().splitlines()
    assert len(lines) == total and json.loads(lines[0])["content"]["text"]
    assert export(loaded, str(tmp_path / "s.csv"), "csv", outlet="Harbor Times") == (
        loaded.count_statements(outlet="Harbor Times"))
    with (tmp_path / "s.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    assert {r["outlet"] for r in rows} == {"Harbor Times"}
    assert export(loaded, str(tmp_path / "s.parquet"), "parquet") == total
    table = pq.read_table(tmp_path / "s.parquet")
    assert table.num_rows == total and "speaker_name" in table.column_names


# -- the two databases agree -------------------------------------------------

QUERIES = [
    {},
    {"speaker": "Zakharova"},
    {"speaker": "Olaf Scholz", "outlet": "Metro Wire"},
    {"outlet": "Harbor Times", "since": "2024-01-15"},
    {"until": "2024-01-05", "kind": "direct"},
    {"search": "grain exports"},
    {"search": "inflation slowing", "outlet": "Daily Ledger"},
    {"cue_class": "doubt", "speaker": "NATO"},
]


def claims_by_members(rows: list[dict]) -> list[dict]:
    """Statements with each claim named by its statements (claim row ids depend on how often
    claims were re-made, which the two databases' id sequences count differently)."""
    members: dict[str, list[tuple[str, str]]] = {}
    for row in rows:
        members.setdefault((row["claim"] or {}).get("id"), []).append((row["article"]["id"], row["id"]))
    return [
        {**row, "claim": row["claim"] and {**row["claim"], "id": sorted(members[row["claim"]["id"]])}}
        for row in rows
    ]


def test_sqlite_and_postgresql_give_the_same_answers(tmp_path):
    server, reason = pg_server.shared()
    if server is None:
        pytest.skip(f"PostgreSQL not available: {reason}")
    stores = [Store.open(str(tmp_path / "p.db")), Store.open(server.create_database())]
    for store in stores:
        for analysis in ANALYSES:
            store.add_analysis(analysis)
    lite, pg = stores
    for query in QUERIES:
        assert claims_by_members(lite.statements(limit=None, **query)) == claims_by_members(
            pg.statements(limit=None, **query)
        ), query
        assert lite.count_statements(**query) == pg.count_statements(**query) > 0, query
    assert lite.speakers(limit=None) == pg.speakers(limit=None)
    assert lite.speakers(outlet="Daily Ledger") == pg.speakers(outlet="Daily Ledger")
    assert lite.outlets() == pg.outlets()
    assert lite.articles(limit=None) == pg.articles(limit=None)
    zak = next(s["id"] for s in lite.speakers(search="zakharova"))
    one, other = lite.speaker(zak), pg.speaker(zak)
    assert one is not None and other is not None
    assert {**one, "statements": claims_by_members(one["statements"])} == {
        **other, "statements": claims_by_members(other["statements"])}
    for store in stores:
        store.close()


# -- opening -----------------------------------------------------------------


@pytest.mark.parametrize(
    "url, words",
    [
        ("postgresql://nobody@127.0.0.1:1/none", "127.0.0.1"),
        ("/no/such/folder/corpus.db", "does not exist"),
        ("mysql+nodriver://x/y", "mysql"),
    ],
)
def test_bad_database_is_a_one_line_store_error(url, words):
    with pytest.raises(StoreError) as info:
        Store.open(url)
    message = str(info.value)
    assert words in message and "\n" not in message


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    src = str(Path(claimgraph.__file__).parents[1])
    env = {"PYTHONPATH": src, "PATH": "/usr/bin:/bin", "HOME": str(cwd)}
    return subprocess.run([sys.executable, "-m", "claimgraph.cli", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def test_cli_queries(tmp_path):
    store = Store.open(str(tmp_path / "cli.db"))
    for analysis in ANALYSES[:60]:
        store.add_analysis(analysis)
    want = store.statements(speaker="Blinken", limit=None)
    store.close()
    db = str(tmp_path / "cli.db")
    out = _cli("statements", "--db", db, "--speaker", "Blinken", "--limit", "0", "--format", "json",
               cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == want
    out = _cli("statements", "--db", db, "--search", "sanctions", "--format", "csv", cwd=tmp_path)
    assert out.returncode == 0 and out.stdout.startswith("article_id,")
    out = _cli("speakers", "--db", db, "--format", "jsonl", cwd=tmp_path)
    assert len(out.stdout.splitlines()) == len(PEOPLE)
    out = _cli("speakers", "--db", db, cwd=tmp_path)
    assert "Maria Zakharova" in out.stdout
    out = _cli("export", "--db", db, str(tmp_path / "all.parquet"), cwd=tmp_path)
    assert out.returncode == 0 and "exported" in out.stderr


def test_cli_bad_db_is_one_line(tmp_path):
    out = _cli("statements", "--db", "postgresql://nobody@127.0.0.1:1/none", cwd=tmp_path)
    assert out.returncode == 2
    assert out.stderr.count("\n") == 1 and "Traceback" not in out.stderr
    assert out.stderr.startswith("claimgraph: ")


def test_two_writers_at_once_store_each_article_once(empty_store):
    from concurrent.futures import ThreadPoolExecutor

    from claimgraph.store import Pending

    other = Store.open(empty_store.url)
    batches = [[Pending(a) for a in ANALYSES[i : i + 5]] for i in range(0, 60, 5)]
    with ThreadPoolExecutor(2) as pool:
        list(pool.map(lambda s: [s.write_batch(b) for b in batches], [empty_store, other]))
    other.close()
    totals = empty_store.totals()
    assert totals["articles"] == 60
    assert totals["statements"] == sum(len(a.statements) for a in ANALYSES[:60])
    assert totals["speakers"] == len(PEOPLE)


def test_speaker_merge_rules_in_any_order(empty_store):
    names = ["Zakharova", "Russian Foreign Ministry spokeswoman Maria Zakharova",
             "Maria Zakharova", "MARIA ZAKHAROVA"]
    for i, name in enumerate(names):
        empty_store.add_analysis(said_analysis(f"z{i}", name, title="spokeswoman" if i else None))
    # Two people share a surname: the bare surname is ambiguous and stays apart.
    for i, name in enumerate(["John Smith", "Jane Smith", "Smith"]):
        empty_store.add_analysis(said_analysis(f"s{i}", name))
    # Organisations are not merged by their last word.
    empty_store.add_analysis(said_analysis("o1", "Foreign Ministry", "ORG"))
    empty_store.add_analysis(said_analysis("o2", "Ministry", "ORG"))
    by_name = {s["name"]: s for s in empty_store.speakers(limit=None)}
    assert by_name["Maria Zakharova"]["statement_count"] == 4
    assert by_name["Maria Zakharova"]["titles"] == ["spokeswoman"]
    assert {"John Smith", "Jane Smith", "Smith", "Foreign Ministry", "Ministry"} <= set(by_name)
    assert len(by_name) == 6


def test_over_long_metadata_is_cut_not_fatal(empty_store):
    # PostgreSQL enforces VARCHAR lengths; a feed's verbose date or outlet must not stop an
    # ingest (SQLite would have taken them whole).
    a = analysis_of(SPECS[3])
    a.article.published = "Tuesday, 14 August 2024 10:23:00 GMT+0200 (Central European Summer Time)"
    a.article.outlet = "Outlet " * 100
    article_id = empty_store.add_analysis(a)
    stored = empty_store.article(article_id)
    assert stored is not None
    assert len(stored["article"]["outlet"]) <= 300
    assert stored["article"]["published"].startswith("Tuesday, 14 August 2024")
    assert empty_store.count_statements(outlet=a.article.outlet) == len(a.statements)


def test_non_ascii_outlet_and_out_of_range_speaker_ids(empty_store):
    a = analysis_of(SPECS[4])
    a.article.outlet = "Österreich Heute"
    empty_store.add_analysis(a)
    assert empty_store.count_statements(outlet="Österreich Heute") == len(a.statements)
    assert empty_store.count_statements(outlet="österreich heute") >= 0  # no error either way
    assert empty_store.statements(speaker=10**30) == []
    assert empty_store.speaker(10**30) is None
