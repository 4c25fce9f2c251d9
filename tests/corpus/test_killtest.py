"""A few rounds of scripts/killtest.py (the kill -9 campaign; docs/corpus.md has 100 per
database): ingests SIGKILLed at seeded points on SQLite and PostgreSQL, --jobs 1 and 2,
then rerun, end up equal to an ingest done in one go."""

from __future__ import annotations

import sys
from pathlib import Path

import pg_server
import pytest
from store_snapshot import Snapshot, compare

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import killtest  # noqa: E402


def test_the_comparison_sees_lost_doubled_and_changed_articles():
    reference = Snapshot(articles={"a": (("id", "a"),), "b": (("id", "b"),)},
                         statements={"a": [(("content", "x"),)]})
    assert compare(reference, reference).clean
    lost = Snapshot(articles={"a": (("id", "a"),)}, statements={"a": [(("content", "x"),)]})
    assert compare(lost, reference).lost == 1
    doubled = Snapshot(articles=reference.articles, statements={"a": [(("content", "x"),)] * 2})
    assert compare(doubled, reference).duplicated == 1
    changed = Snapshot(articles=reference.articles, statements={"a": [(("content", "y"),)]})
    assert compare(changed, reference).mismatched == 1
    speaker = (("key", "ana ruiz"), ("country", None))
    filled = (("key", "ana ruiz"), ("country", "Spain"))
    diff = compare(Snapshot(reference.articles, reference.statements, [filled]),
                   Snapshot(reference.articles, reference.statements, [speaker]))
    assert (diff.speakers_filled_later, diff.speakers_mismatched) == (1, 0)
    grouped = {frozenset({("a", 0, "asserts"), ("b", 0, "disputes")})}
    apart = {frozenset({("a", 0, "asserts")}), frozenset({("b", 0, "disputes")})}
    split = compare(Snapshot(reference.articles, reference.statements, claims=apart),
                    Snapshot(reference.articles, reference.statements, claims=grouped))
    assert split.claims_mismatched == 3 and not split.clean
    left = compare(Snapshot(reference.articles, reference.statements, claims=grouped, unclaimed=1),
                   Snapshot(reference.articles, reference.statements, claims=grouped))
    assert (left.claims_mismatched, left.unclaimed) == (0, 1) and not left.clean


def test_killed_and_rerun_ingests_equal_one_uninterrupted_ingest(nlp):
    """Replaces the single kill of an `ingest --jobs 2` that test_ingest.py had: the same
    kill (the process group, mid-run) on both databases, compared with far more."""
    backends = ["sqlite"] + (["postgresql"] if pg_server.shared()[0] is not None else [])
    tallies = killtest.campaign(1, backends, [killtest.RUNNERS["jobs2"]], articles=8, seed=5,
                                report=lambda line: None)
    print("\n" + killtest.table(tallies))
    assert all(t.kills for t in tallies.values()), "the seeded points should kill each ingest"
    for (backend, runner), tally in tallies.items():
        d = tally.diff
        assert (d.lost, d.duplicated, d.mismatched, d.speakers_mismatched, d.unclaimed) == (
            0, 0, 0, 0, 0), (backend, runner, d.examples)
    if len(backends) == 1:
        pytest.skip("PostgreSQL not available: only SQLite was killed")


def test_the_index_check_sees_an_index_that_is_not_the_stored_vectors(tmp_path, monkeypatch, analyze):
    """The --base campaign's check of the cached claims index: a cache the claims code would
    reuse must hold exactly the stored vectors; one it refuses is counted as rebuilt."""
    import json

    import numpy as np

    from claimgraph.claims.index import HnswIndex
    from claimgraph.store import Store, claim_assignment

    monkeypatch.setattr(claim_assignment, "HNSW_FROM", 1)  # the cached HNSW index from one vector
    db = str(tmp_path / "small.db")
    with Store.open(db) as store:
        store.add_analysis(analyze("Ana Ruiz said the bridge would reopen in the spring. "
                                   "Tomas Berg told reporters that the port had closed."))
    index_path, meta_path = killtest.index_files(db)
    assert index_path.exists() and meta_path.exists()
    assert killtest.index_check(db) == (True, None)

    dim = claim_assignment.new_cache("use").encoder.dim
    held = np.asarray(HnswIndex(dim, index_path)._index.keys, np.int64)
    index_path.unlink()
    other = HnswIndex(dim, index_path)
    vectors = np.random.default_rng(1).standard_normal((len(held), dim)).astype(np.float32)
    other.add(held + 1000, vectors)  # as many vectors as stored, under keys no statement has
    other.save()
    reused, problem = killtest.index_check(db)
    assert reused and problem and "not stored" in problem

    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta_path.write_text(json.dumps({**meta, "store": "another-store"}), encoding="utf-8")
    assert killtest.index_check(db) == (False, None)
