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
