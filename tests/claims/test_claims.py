"""Claims across articles: grouping, stance, incremental assignment, the CLI, exports and
the API. Every text here is written for these tests."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pg_server
import pytest
from conftest import cli_env

from claimgraph.claims.assign import partition, view
from claimgraph.claims.cluster import average_link
from claimgraph.claims.competing import competing
from claimgraph.claims.features import FEATURES, item, pair_features, same_referent
from claimgraph.claims.index import ExactIndex, HnswIndex
from claimgraph.claims.stance import DISPUTES, calls_false, cue_disputes, stance
from claimgraph.corpus import ingest
from claimgraph.evaluate_claims import score_story, summarize_claims
from claimgraph.model import Article, Proposition, Quantity
from claimgraph.readers.items import Item
from claimgraph.store import Store

# Three outlets tell one dam story; the ministry's claim is retold in other words and denied.
DAY_ONE = [
    (
        "tide-1",
        "Tidewater Gazette",
        "2025-05-02",
        "The water ministry said on Friday that the Karsa dam had cracked along its eastern wall. "
        "Engineers were sent to the site overnight.\n"
        "Mayor Lena Oster said that the town of Brill would be evacuated if the crack widened.",
    ),
    (
        "north-1",
        "Northern Herald",
        "2025-05-03",
        "Officials at the water ministry warned that the eastern wall of the Karsa dam was cracked. "
        "The dam holds back the Sava reservoir.\n"
        "The operator, Karsa Hydro, denied that the dam had cracked. "
        "Karsa Hydro said the wall had been inspected in April.",
    ),
]
DAY_TWO = [
    (
        "plains-1",
        "Plains Courier",
        "2025-05-09",
        "A week after the alarm, the water ministry said again that the Karsa dam had cracked along "
        "its eastern wall.\n"
        "Farmers near Brill said the reservoir had been lowered by three metres since Monday.",
    ),
]


def items(articles: list[tuple[str, str, str, str]]) -> list[Item]:
    return [
        Item("dam.jsonl", f"line {i}", text.encode(), Article(id=aid, outlet=outlet, published=day))
        for i, (aid, outlet, day, text) in enumerate(articles, start=1)
    ]


def claim_of(store: Store, fragment: str, article: str | None = None) -> dict[str, Any]:
    found = [
        c
        for c in store.claims(limit=None)
        if any(
            fragment in st["content"]["text"] and article in (None, st["article"]["id"])
            for st in c["statements"]
        )
    ]
    assert len(found) == 1, [
        (c["id"], [s["content"]["text"] for s in c["statements"]]) for c in store.claims(limit=None)
    ]
    return found[0]


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    with Store.open(str(tmp_path / "claims.db")) as s:
        yield s


def test_one_claim_across_outlets_asserted_and_disputed(store: Store) -> None:
    ingest(items(DAY_ONE), store)
    claim = claim_of(store, "cracked along its eastern wall")
    texts = {st["content"]["text"]: st["stance"] for st in claim["statements"]}
    assert any("eastern wall of the Karsa dam was cracked" in t for t in texts), texts
    denial = next(s for s in claim["statements"] if s["cue"] and s["cue"]["lemma"] == "deny")
    assert denial["stance"] == DISPUTES and denial["speaker"]["name"] == "Karsa Hydro"
    assert claim["counts"]["articles"] == 2 and claim["counts"]["outlets"] == 2
    assert claim["counts"]["disputes"] == 1 and claim["first_seen"] == "2025-05-02"
    assert [p["name"] for p in claim["disputed_by"]] == ["Karsa Hydro"]
    # The mayor's evacuation warning is another claim.
    assert claim_of(store, "would be evacuated")["id"] != claim["id"]
    # Every stored statement belongs to exactly one claim.
    statements = store.statements(limit=None)
    assert all(st["claim"] and st["claim"]["id"].startswith("c") for st in statements)
    assert sum(c["counts"]["statements"] for c in store.claims(limit=None)) == len(statements)


def test_a_new_day_joins_the_claims_already_there(store: Store) -> None:
    ingest(items(DAY_ONE), store)
    before = {c["id"]: c["label"] for c in store.claims(limit=None)}
    ingest(items(DAY_TWO), store)
    after = {c["id"]: c["label"] for c in store.claims(limit=None)}
    # Re-clustering may join claims the new statement bridges; those it leaves keep id and label.
    assert sum(after.get(cid) == label for cid, label in before.items()) >= len(before) - 2
    claim = claim_of(store, "cracked", article="plains-1")
    assert claim["id"] in before and claim["counts"]["outlets"] == 3 and claim["last_seen"] == "2025-05-09"


def test_a_store_without_claims_gets_them_in_resumable_batches(store: Store, tmp_path: Path) -> None:
    ingest(items(DAY_ONE + DAY_TWO), store, claims=False)
    waiting = store.pending_claims()
    assert waiting == len(store.statements(limit=None)) > 3
    from claimgraph.claims.models import shipped_model
    from claimgraph.store import claim_assignment as claim_store

    cache = claim_store.new_cache(shipped_model().encoders[0])
    with store.writing() as conn:  # one small committed batch, as a run cut short leaves it
        assert claim_store.assign_batch(conn, cache, batch=2) == 2
    assert store.pending_claims() == waiting - 2
    out = subprocess.run(
        [sys.executable, "-m", "claimgraph.cli", "claims", "--db", str(tmp_path / "claims.db"), "--assign"],
        capture_output=True,
        text=True,
        env=cli_env(),
        timeout=300,
    )
    assert out.returncode == 0, out.stderr
    assert f"{waiting - 2} statements given their claims" in out.stderr
    assert store.pending_claims() == 0



def test_stance_is_read_against_the_proposition_never_the_first_statement() -> None:
    assert cue_disputes("deny") and cue_disputes("wave away") and not cue_disputes("say")
    assert calls_false("the figures were made up") and not calls_false("the figures were published")
    # stance(negated, disputing, claim negated)
    assert stance(True, False, False) == DISPUTES  # "the town was not flooded" against "was flooded"
    assert stance(False, True, False) == DISPUTES  # "rejected that the town was flooded"
    assert stance(True, True, False) == "asserts"  # "rejected claims that nobody was hurt"
    assert stance(True, False, True) == "asserts"  # a negative proposition nobody states positively
    first_denial = [
        item(("a", 0), "1", "no shells were fired at the village", negated=True, published="2025-01-01"),
        item(("b", 0), "2", "shells were fired at the village", published="2025-01-02"),
        item(("c", 0), "3", "the army fired shells at the village", published="2025-01-03"),
    ]
    seen = view(first_denial)
    assert not seen.negated and seen.stances[("a", 0)] == DISPUTES
    assert seen.stances[("b", 0)] == seen.stances[("c", 0)] == "asserts"
    assert seen.label == ("b", 0)  # the earliest statement that asserts it
    asked_first = [
        item(("a", 0), "1", "Did the army fire shells at the village?", published="2025-01-01"),
        item(("b", 0), "2", "whether shells had hit the school", published="2025-01-01"),
        item(("c", 0), "3", "the army fired shells at the village", published="2025-01-02"),
    ]
    assert view(asked_first).label == ("c", 0)  # a question labels a claim only when nothing states it
    assert view(asked_first[:1]).label == ("a", 0)
    only_negative = view([item(("a", 0), "1", "nobody was hurt in the blast", negated=True)])
    assert only_negative.negated and only_negative.stances[("a", 0)] == "asserts"


def test_average_link_does_not_chain_and_ignores_order() -> None:
    # A-B and B-C are near, A-C is no pair: single link would make one claim of three.
    edges = {("a", "b"): 0.9, ("b", "c"): 0.9}
    assert average_link(["a", "b", "c"], edges, 0.5) in ([["a", "b"], ["c"]], [["a"], ["b", "c"]])
    edges[("a", "c")] = 0.8
    assert average_link(["a", "b", "c"], edges, 0.5) == [["a", "b", "c"]]
    rng = np.random.default_rng(7)
    nodes = [f"s{i:02d}" for i in range(30)]
    pairs = {(nodes[i], nodes[j]): float(rng.random()) for i in range(30) for j in range(i + 1, 30)
             if rng.random() < 0.3}
    expected = partition(nodes, pairs, 0.6)
    for _ in range(5):
        shuffled = dict(sorted(pairs.items(), key=lambda _: rng.random()))
        assert partition(list(rng.permutation(nodes)), shuffled, 0.6) == expected


def test_features_read_the_propositions() -> None:
    def stated(subject: str, predicate: str, value: float | None = None, obj: str | None = None) -> Any:
        numbers = [Quantity(value=value, unit="person")] if value is not None else []
        return Proposition(subject=subject, predicate=predicate, object=obj, numbers=numbers)

    a = item(("a", 0), "1", "the blast killed 27 people", proposition=stated("the blast", "kill", 27))
    b = item(("b", 0), "2", "at least 61 people were killed by the blast",
             proposition=stated("blast", "kill", 61))
    row = dict(zip(FEATURES, pair_features(a, b, 0.8), strict=True))
    assert row["subject_same"] == 1 and row["predicate_same"] == 1 and row["numbers_conflict"] == 1
    assert competing(a.proposition, b.proposition)
    army = stated("the army", "strike", obj="market")
    rebels = stated("the rebels", "strike", obj="market")
    assert competing(army, rebels) and not competing(army, army)
    assert same_referent("Calloway", "Ruth Calloway") and same_referent("the union", "rail union")
    assert same_referent("Kyiv", "Moscow") is False and same_referent(None, "Moscow") is None


def test_the_proposition_of_a_content_comes_from_its_parse() -> None:
    from claimgraph import analyze

    text = ("The regional governor said on Monday that 27 people had died in the fire at the Vesta "
            "warehouse in Manchester.\nFirefighters said the fire would not spread to nearby homes.")
    statements = analyze(text).statements
    first = statements[0].proposition
    assert first is not None and first.predicate == "die" and first.tense == "past"
    assert [(q.value, q.unit) for q in first.numbers] == [(27.0, "people")]
    assert "Manchester" in first.places
    second = statements[1].proposition
    assert second is not None and second.negated and second.modality == "would"
    assert second.predicate == "spread"
    assert second.subject == "the fire"


def test_exact_and_hnsw_indexes_agree_and_hnsw_reopens(tmp_path: Path) -> None:
    rng = np.random.default_rng(3)
    vectors = rng.normal(size=(600, 32)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    keys = np.arange(10, 610, dtype=np.int64)
    exact, hnsw = ExactIndex(32), HnswIndex(32, tmp_path / "v.claims-index")
    exact.add(keys, vectors)
    hnsw.add(keys, vectors)
    query = vectors[123] + 0.05 * rng.normal(size=32).astype(np.float32)
    e_keys, e_sims = exact.search(query / np.linalg.norm(query), 5)
    h_keys, _ = hnsw.search(query / np.linalg.norm(query), 5)
    assert e_keys[0] == 133 and h_keys[0] == 133 and e_sims[0] > 0.9
    # Many queries at once give what each gives alone (blocks of queries past the first too).
    queries = vectors[[5, 77, 123, 400]]
    exact.BLOCK = 3
    for index in (exact, hnsw):
        many = index.search_many(queries, 4)
        assert [list(k) for k, _ in many] == [list(index.search(q, 4)[0]) for q in queries]
        assert [k[0] for k, _ in many] == [15, 87, 133, 410]
    assert ExactIndex(32).search_many(queries, 4)[0][0].size == 0
    hnsw.save()
    again = HnswIndex(32, tmp_path / "v.claims-index")
    assert len(again) == 600 and again.search(vectors[5], 1)[0][0] == 15


def test_the_hnsw_index_is_the_same_however_its_vectors_were_added() -> None:
    """A cached index topped up after a kill, or rebuilt, must answer as the index built
    batch by batch during an uninterrupted ingest: the claims depend on the neighbours."""
    rng = np.random.default_rng(5)
    vectors = rng.normal(size=(6000, 64)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    keys = np.arange(1, 6001, dtype=np.int64)
    queries = rng.normal(size=(200, 64)).astype(np.float32)
    at_once, in_batches = HnswIndex(64), HnswIndex(64)
    at_once.add(keys, vectors)
    for part in np.array_split(np.arange(6000), 300):
        in_batches.add(keys[part], vectors[part])
    for query in queries:
        assert list(at_once.search(query, 20)[0]) == list(in_batches.search(query, 20)[0])


@pytest.mark.slow
def test_the_claims_of_a_report_of_reports_read_a_bounded_part_of_each_content(
    store: Store, analyze: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each report in "A said that B claimed that ..." runs to the sentence's end, so the
    contents together grow as the square of the text: the claims stage (encoders, words)
    reads the first READ_CHARS of each, and its cost stays linear in the text."""
    from claimgraph.claims import encoder as encoders
    from claimgraph.claims.features import READ_CHARS

    names = ["Ana Ruiz", "Tomas Berg", "Li Wei", "Olu Adeyemi"]
    parts = [f"{names[i % 4]} {('said', 'claimed', 'insisted')[i % 3]} that" for i in range(160)]
    text = " ".join(parts) + " the talks had failed."
    assert len(text) > 3 * READ_CHARS
    encoded: list[int] = []
    for name in ("use", "wordllama"):
        loaded = encoders.get_encoder(name)
        real = loaded.encode
        monkeypatch.setattr(loaded, "encode", lambda texts, real=real: (encoded.extend(map(len, texts)),
                                                                         real(texts))[1])
    analysis = analyze(text)
    longest = max(len(s.content.text) for s in analysis.statements)
    assert longest > 2 * READ_CHARS
    store.add_analysis(analysis)
    assert encoded and max(encoded) <= READ_CHARS
    assert store.pending_claims() == 0
    many_words = " ".join(f"word{i}" for i in range(3 * READ_CHARS))
    assert all(w in many_words[:READ_CHARS] for w in item(("h", 0, 1, "s1"), "a", many_words).content_words)


def test_claims_command_json_follows_the_spec(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    with Store.open(str(db)) as s:
        ingest(items(DAY_ONE), s)
    out = subprocess.run(
        [sys.executable, "-m", "claimgraph.cli", "claims", "--db", str(db), "--format", "json"],
        capture_output=True,
        text=True,
        env=cli_env(),
        timeout=300,
    )
    assert out.returncode == 0, out.stderr
    claims = json.loads(out.stdout)["claims"]
    texts = {aid: text for aid, _, _, text in DAY_ONE}
    for claim in claims:
        assert set(claim) >= {"id", "label", "first_seen", "statements"}
        for st in claim["statements"]:
            assert set(st) >= {"id", "article", "content", "speaker", "cue", "about", "stance"}
            assert st["stance"] in ("asserts", "disputes")
            text = texts[st["article"]["id"]]
            assert text[st["content"]["start"] : st["content"]["end"]] == st["content"]["text"]
    out = subprocess.run(
        [sys.executable, "-m", "claimgraph.cli", "claims", "--db", str(db), "--contested", "--format", "csv"],
        capture_output=True,
        text=True,
        env=cli_env(),
        timeout=300,
    )
    rows = out.stdout.strip().splitlines()
    assert rows[0].startswith("id,label,first_seen") and len(rows) == 2 and "Karsa Hydro" in rows[1]
    out = subprocess.run(
        [sys.executable, "-m", "claimgraph.cli", "claims", "--db", str(db), "--min-articles", "-1"],
        capture_output=True,
        text=True,
        env=cli_env(),
        timeout=300,
    )
    assert out.returncode == 2 and out.stderr.count("\n") == 1


def test_graph_export_for_gephi_and_networkx(tmp_path: Path) -> None:
    import networkx as nx

    from claimgraph.store.export import export

    with Store.open(str(tmp_path / "g.db")) as s:
        ingest(items(DAY_ONE + DAY_TWO), s)
        claim = claim_of(s, "cracked", article="plains-1")["id"]
        assert export(s, str(tmp_path / "g.graphml"), "graphml") == len(s.claims(limit=None))
        export(s, str(tmp_path / "g.gexf"), "gexf")
    graph = nx.read_graphml(tmp_path / "g.graphml")
    node = f"claim:{claim}"
    relations = {(graph.nodes[a]["label"], d["relation"]) for a, b, d in graph.in_edges(node, data=True)}
    assert ("Karsa Hydro", "disputes") in relations
    assert {"Tidewater Gazette", "Northern Herald", "Plains Courier"} <= {
        label for label, rel in relations if rel == "reports"
    }
    assert nx.read_gexf(tmp_path / "g.gexf").number_of_nodes() == graph.number_of_nodes()


def test_short_contents_and_a_story_in_another_language(store: Store) -> None:
    """A one-word answer gets a claim of its own; an article claimgraph does not read (not
    English) is recorded as a failure while the rest of the run gets its claims."""
    articles = [
        ("short-1", "Tidewater Gazette", "2025-05-02",
         'Asked whether the dam would hold, the engineer said: "No." '
         "The water ministry said the Karsa dam had cracked along its eastern wall."),
        ("other-1", "Der Bote", "2025-05-02",
         "Das Ministerium erklärte am Freitag, der Damm habe an der Ostmauer einen Riss. "
         "Die Ingenieure wurden noch während der Nacht zur Baustelle geschickt, sagte ein Sprecher. "
         "Der Bürgermeister sagte, die Stadt werde geräumt, wenn der Riss größer werde. "
         "Die Betreiberfirma bestritt, dass der Damm beschädigt sei."),
        *DAY_TWO,
    ]
    report = ingest(items(articles), store)
    assert report.failed == 1 and "dam.jsonl:2: input does not look like English" in report.failures[0]
    statements = store.statements(limit=None)
    assert statements and all(st["claim"] for st in statements)
    assert claim_of(store, "No.")["counts"]["statements"] == 1
    assert claim_of(store, "cracked along its eastern wall", "plains-1")["counts"]["articles"] == 2


def test_syndicated_copies_make_one_claim(store: Store) -> None:
    base = "The port authority said that the northern terminal would close for repairs in {month}."
    months = ["June", "July", "August"] * 10
    copies = [
        (f"wire-{i}", f"Outlet {i}", "2025-06-01", base.format(month=m) + f" Story {i}.")
        for i, m in enumerate(months)
    ]
    ingest(items(copies), store)
    claim = claim_of(store, "the northern terminal would close for repairs in June")
    assert claim["counts"]["statements"] >= 10 and claim["counts"]["outlets"] >= 10


def test_claims_scoring_matches_what_it_counts() -> None:
    story = {
        "id": "s",
        "articles": [{"id": "a", "text": "X said A. Y said B."}, {"id": "b", "text": "Z said A."}],
        "claims": [
            {"id": "g1", "statements": [{"article": "a", "content": "A"}, {"article": "b", "content": "A"}]},
            {"id": "g2", "statements": [{"article": "a", "content": "B", "stance": "disputes"}]},
        ],
    }

    def st(article: str, start: int, stance: str = "asserts") -> dict[str, Any]:
        return {"article": {"id": article}, "content": {"start": start, "end": start + 1}, "stance": stance}

    perfect = {
        "claims": [
            {"id": "c1", "statements": [st("a", 7), st("b", 7)]},
            {"id": "c2", "statements": [st("a", 17, "disputes")]},
        ]
    }
    s = summarize_claims([score_story(story, perfect)])
    assert s["b3_f1"] == 1.0 and s["cross_pairs_f1"] == 1.0 and s["disputes_f1"] == 1.0
    split = {
        "claims": [
            {"id": "c1", "statements": [st("a", 7)]},
            {"id": "c2", "statements": [st("b", 7)]},
            {"id": "c3", "statements": [st("a", 17)]},
        ]
    }
    s = summarize_claims([score_story(story, split)])
    assert s["cross_pairs_r"] == 0.0 and s["b3_p"] == 1.0 and s["disputes_r"] == 0.0


def test_postgresql_gives_the_claims_sqlite_gives(tmp_path: Path) -> None:
    server, reason = pg_server.shared()
    if server is None:
        pytest.skip(reason)
    results = []
    for url in (str(tmp_path / "lite.db"), server.create_database()):
        with Store.open(url) as s:
            ingest(items(DAY_ONE + DAY_TWO), s)
            results.append(
                sorted(
                    (sorted(st["content"]["text"] for st in c["statements"]), c["counts"]["disputes"])
                    for c in s.claims(limit=None)
                )
            )
    assert results[0] == results[1]


def test_claims_in_the_api(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from claimgraph.app import create_app

    db = tmp_path / "api.db"
    with Store.open(str(db)) as s:
        ingest(items(DAY_ONE), s)
        claim = claim_of(s, "cracked along its eastern wall")["id"]
    with TestClient(create_app(str(db))) as client:
        page = client.get("/api/claims", params={"contested": "true"}).json()
        assert page["total"] == 1 and page["items"][0]["id"] == claim
        assert page["items"][0]["disputed_by"][0]["name"] == "Karsa Hydro"
        one = client.get(f"/api/claims/{claim}").json()
        assert len(one["statements"]) == one["counts"]["statements"]
        assert client.get("/api/claims/c0").status_code == 404
        assert client.get("/api/claims", params={"kind": "direct"}).status_code == 422
        assert "/api/claims/{claim_id}" in client.get("/api/openapi.json").json()["paths"]
        html = client.get(f"/claims/{claim}").text
        assert "Karsa Hydro" in html and 'id="disputed-by"' in html
        assert client.get("/claims", params={"since": "2025-13"}).status_code == 422


def test_five_ingest_orders_give_one_partition(tmp_path: Path) -> None:
    corpus = DAY_ONE + DAY_TWO
    rng = np.random.default_rng(3)
    partitions = []
    for n in range(5):
        order = [corpus[i] for i in rng.permutation(len(corpus))]
        with Store.open(str(tmp_path / f"order{n}.db")) as s:
            for article in order:  # one article per ingest: claims assigned after each
                ingest(items([article]), s)
            partitions.append({
                frozenset((st["article"]["id"], st["content"]["text"]) for st in c["statements"])
                for c in s.claims(limit=None)
            })
    assert all(p == partitions[0] for p in partitions[1:])


MIXED = [
    ("harbour-1", "Harbour Wire", "2026-05-02",
     "MOSCOW, May 2 (Harbour Wire) - Russian Foreign Ministry spokeswoman Maria Zakharova said on "
     "Friday that the grain terminal in Novorossiysk had been closed for three days after a drone "
     "attack.\nPresident Vladimir Putin told reporters that the attack would not go unanswered."),
    ("vestnik-1", "Вестник", "2026-05-02",
     "Официальный представитель МИД России Мария Захарова заявила в пятницу, что зерновой терминал "
     "в Новороссийске был закрыт на три дня после атаки беспилотника.\nПрезидент Владимир Путин "
     "сказал журналистам, что атака не останется без ответа."),
]


def test_one_person_and_one_claim_across_languages(store: Store) -> None:
    ingest(items(MIXED), store)
    putin = [s for s in store.speakers(limit=None) if "Putin" in s["name"] or "Путин" in s["name"]]
    assert len(putin) == 1, putin  # "Vladimir Putin" and "Владимир Путин": one speaker row
    claim = claim_of(store, "would not go unanswered")
    assert {st["article"]["id"] for st in claim["statements"]} == {"harbour-1", "vestnik-1"}
    assert len(claim["asserted_by"]) == 1 and claim["asserted_by"][0]["statements"] == 2
