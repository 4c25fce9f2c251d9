"""cli/corpus.py: `claimgraph statements` filters by claim, stance and about, as the API does."""

from __future__ import annotations

import json

import pytest
from readside_corpus import DISPUTING, build, claim_of


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):  # type: ignore[no-untyped-def]
    db = tmp_path_factory.mktemp("cli-corpus") / "c.db"
    store = build(db)
    ferry = claim_of(store, "a1", "s1")
    store.close()
    return str(db), ferry


def _statements(run_cli, db: str, *args: str) -> list[dict]:
    done = run_cli("statements", "--db", db, "--format", "jsonl", "--limit", "0", *args)
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


def test_statements_by_claim_stance_and_about(run_cli, corpus):
    db, ferry = corpus
    by_claim = _statements(run_cli, db, "--claim", ferry)
    assert len(by_claim) >= 2 and {s["claim"]["id"] for s in by_claim} == {ferry}
    disputing = _statements(run_cli, db, "--stance", "disputes")
    assert [(s["article"]["id"], s["id"]) for s in disputing] == [DISPUTING]
    about = _statements(run_cli, db, "--about", "NORTH BRIDGE")
    assert [s["content"]["text"] for s in about] == ["The north bridge is closed for repairs"]


@pytest.mark.parametrize(("args", "message"), [
    (("--claim", "x1"), "not a claim id"),
    (("--stance", "maybe"), "invalid choice"),
])
def test_bad_filter_values_are_one_line_errors(run_cli, corpus, args, message):
    done = run_cli("statements", "--db", corpus[0], *args)
    assert done.returncode == 2 and message in done.stderr and "Traceback" not in done.stderr
