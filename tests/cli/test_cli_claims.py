"""cli/claims.py: `claimgraph claims` sorted by outlets and filtered to exclusives."""

from __future__ import annotations

import json

import pytest
from readside_corpus import build


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("cli-claims") / "c.db"
    build(path).close()
    return str(path)


def _claims(run_cli, db: str, *args: str) -> list[dict]:
    done = run_cli("claims", "--db", db, "--format", "json", *args)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)["claims"]


def test_claims_by_outlets_and_exclusives(run_cli, db):
    everything = _claims(run_cli, db)
    by_outlets = [c["counts"]["outlets"] for c in _claims(run_cli, db, "--sort", "outlets")]
    assert by_outlets == sorted(by_outlets, reverse=True) and by_outlets[0] >= 2
    for option, counted in (("--max-articles", "articles"), ("--max-outlets", "outlets")):
        exclusive = _claims(run_cli, db, option, "1")
        assert exclusive and all(c["counts"][counted] == 1 for c in exclusive)
        assert len(exclusive) == sum(1 for c in everything if c["counts"][counted] == 1)


def test_max_articles_of_zero_is_a_one_line_error(run_cli, db):
    done = run_cli("claims", "--db", db, "--max-articles", "0")
    assert done.returncode == 2 and "at least 1" in done.stderr and "Traceback" not in done.stderr
