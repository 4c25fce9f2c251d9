"""A fact-checker's workflow: statements moved between claims, stances corrected, verdicts
recorded, all kept across re-ingest and reclustering, logged in the audit log, exported as
schema.org ClaimReview, and offered as CSRF-safe forms only on a server that allows edits.
Every text here is written for these tests."""

from __future__ import annotations

from pathlib import Path

import pg_server
import pytest

from claimgraph.claims.review import Verdict
from claimgraph.model import Analysis, Article, Cue, Entity, Span, Speaker, Statement
from claimgraph.store import Store
from claimgraph.store.edits import NotFound

BRIDGE = "the old rail bridge over the Wenna river would close for repairs in June"
BRIDGE_AGAIN = "the old rail bridge over the Wenna river would be closed for repairs in June"
SCHOOL = "the school board had cut the music budget of every primary school by a third"
FERRY = "a new ferry line would link Ostrand and Millby from next spring"


def said(article_id: str, speaker: str, contents: list[str], outlet: str, day: str) -> Analysis:
    """An article in which ``speaker`` says each of ``contents`` (one statement each)."""
    parts, statements = [], []
    offset = 0
    for n, content in enumerate(contents, start=1):
        sentence = f"{speaker} said that {content}. "
        start = offset + len(speaker) + len(" said that ")
        statements.append(Statement(
            f"s{n}", "indirect", Span(content, start, start + len(content)),
            Cue("said", offset + len(speaker) + 1, offset + len(speaker) + 5, lemma="say", cls="neutral"),
            Speaker(Span(speaker, offset, offset + len(speaker)), "e1", speaker),
        ))
        parts.append(sentence)
        offset += len(sentence)
    entity = Entity("e1", speaker, "PERSON", mentions=[])
    article = Article(id=article_id, outlet=outlet, published=day, url=f"https://{outlet.lower()}.example/{article_id}")
    return Analysis(article, "".join(parts).strip(), statements, [entity])


CORPUS = [
    said("ledger-1", "Mira Holt", [BRIDGE, SCHOOL], "Ledger", "2025-04-01"),
    said("courier-1", "Tomas Brek", [BRIDGE_AGAIN], "Courier", "2025-04-02"),
    said("courier-2", "Anna Vell", [FERRY], "Courier", "2025-04-03"),
]


def _open(kind: str, tmp_path: Path) -> Store:
    if kind == "sqlite":
        return Store.open(str(tmp_path / "facts.db"))
    server, reason = pg_server.shared()
    if server is None:
        pytest.skip(f"PostgreSQL not available: {reason}")
    return Store.open(server.create_database())


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    opened = _open(request.param, tmp_path)
    for analysis in CORPUS:
        opened.add_analysis(analysis)
    yield opened
    opened.close()


def claim_id_of(store: Store, article_id: str, local_id: str = "s1") -> int:
    found = store.statement(article_id, local_id)
    assert found is not None and found["claim"]
    return int(found["claim"]["id"].lstrip("c"))


def test_the_corpus_has_the_claims_the_tests_need(store: Store) -> None:
    assert claim_id_of(store, "ledger-1") == claim_id_of(store, "courier-1")
    assert len({claim_id_of(store, a, s) for a, s in
                (("ledger-1", "s1"), ("ledger-1", "s2"), ("courier-2", "s1"))}) == 3


def test_a_moved_statement_stays_through_reingest_and_reclustering(store: Store) -> None:
    bridge, ferry = claim_id_of(store, "ledger-1"), claim_id_of(store, "courier-2")
    assert store.move_statement("courier-1", "s1", ferry, editor="ed") == ferry
    assert claim_id_of(store, "courier-1") == ferry and claim_id_of(store, "ledger-1") == bridge
    # The same article again changes nothing; new statements of the bridge recluster its part.
    store.add_analysis(CORPUS[1])
    store.add_analysis(said("post-1", "Ines Dal", [BRIDGE_AGAIN, BRIDGE], "Post", "2025-04-05"))
    assert claim_id_of(store, "post-1") == claim_id_of(store, "ledger-1")
    assert claim_id_of(store, "courier-1") == claim_id_of(store, "courier-2")
    claim = store.claim(claim_id_of(store, "courier-2"))
    assert claim is not None and claim["counts"]["statements"] == 2
    moved = [st for st in claim["statements"] if st["moved_by_hand"]]
    assert [(st["article"]["id"], st["id"]) for st in moved] == [("courier-1", "s1")]
    log = store.audit()
    assert log[0]["kind"] == "statement-move" and log[0]["editor"] == "ed"
    assert log[0]["before"]["claim"] == f"c{bridge}" and log[0]["after"]["claim"] == f"c{ferry}"


def test_a_statement_moved_to_a_claim_of_its_own(store: Store) -> None:
    bridge = claim_id_of(store, "ledger-1")
    own = store.move_statement("courier-1", "s1", None)
    assert own not in {bridge, claim_id_of(store, "courier-2"), claim_id_of(store, "ledger-1", "s2")}
    store.add_analysis(said("post-1", "Ines Dal", [BRIDGE_AGAIN], "Post", "2025-04-05"))
    assert claim_id_of(store, "courier-1") == own
    claim = store.claim(own)
    assert claim is not None and claim["label"] == BRIDGE_AGAIN and claim["counts"]["statements"] == 1


def test_a_hand_stance_wins_where_stance_is_shown_and_counted(store: Store) -> None:
    bridge = claim_id_of(store, "ledger-1")
    store.correct_stance("courier-1", "s1", "disputes", editor="ed")
    claim = store.claim(bridge)
    assert claim is not None and claim["counts"]["disputes"] == 1
    assert [p["name"] for p in claim["disputed_by"]] == ["Tomas Brek"]
    (listed,) = [c for c in store.claims(limit=None, with_statements=False) if c["id"] == f"c{bridge}"]
    assert [p["name"] for p in listed["disputed_by"]] == ["Tomas Brek"]
    sources = {st["id"] + "@" + st["article"]["id"]: st["stance_source"] for st in claim["statements"]}
    assert sources == {"s1@courier-1": "hand", "s1@ledger-1": "computed"}
    # Reclustering the claim's part computes stances again: the hand one is put back.
    store.add_analysis(said("post-1", "Ines Dal", [BRIDGE], "Post", "2025-04-05"))
    statement = store.statement("courier-1", "s1")
    assert statement is not None and statement["claim"]["stance"] == "disputes"
    assert store.claim(claim_id_of(store, "ledger-1"))["counts"]["disputes"] == 1  # type: ignore[index]


def test_verdicts_are_checked_stored_and_logged(store: Store) -> None:
    bridge = claim_id_of(store, "ledger-1")
    verdict = Verdict("Mostly false", "2025-05-01", 2, 5, 1, "The works start in August.",
                      ("https://rail.example/notice",), "R. Quill")
    store.record_verdict(bridge, verdict, editor="R. Quill")
    claim = store.claim(bridge)
    assert claim is not None and claim["verdict"]["rating"] == "Mostly false"
    assert claim["verdict"]["sources"] == ["https://rail.example/notice"]
    with pytest.raises(NotFound):
        store.record_verdict(99999, verdict)
    from claimgraph.errors import InputError

    for bad in (Verdict("False", "2025-02-30"), Verdict("", "2025-05-01"),
                Verdict("False", "2025-05-01", 7, 5, 1), Verdict("False", "2025-05-01", sources=("ftp://x",))):
        with pytest.raises(InputError):
            store.record_verdict(bridge, bad)
    store.add_analysis(said("post-1", "Ines Dal", [BRIDGE], "Post", "2025-04-05"))
    assert store.verdicts()[claim_id_of(store, "ledger-1")]["rating"] == "Mostly false"
    assert [e["kind"] for e in store.audit()] == ["verdict"]


def test_unknown_statements_are_not_found(store: Store) -> None:
    with pytest.raises(NotFound):
        store.move_statement("nowhere", "s1", None)
    with pytest.raises(NotFound):
        store.move_statement("ledger-1", "s1", 424242)
    with pytest.raises(NotFound):
        store.correct_stance("ledger-1", "s9", "asserts")
