"""A fact-checker's corrections, each one transaction that makes the edit, keeps it where
later ingests and reclustering respect it (``store.edits``) and logs it in the audit log:
a statement moved to another claim (or to a claim of its own), a stance set by hand, a
verdict on a claim. Imports the claims assignment (numpy, the encoders): ``Store`` loads
this module only when an edit is made."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from claimgraph.claims.models import PairModel
from claimgraph.claims.review import Verdict
from claimgraph.errors import InputError
from claimgraph.store import edits, locks, schema
from claimgraph.store.claim_assignment import MAX_COMPONENT, claim_items, component, own_claim, recluster
from claimgraph.store.claims import refresh_counts
from claimgraph.store.locks import advisory_lock

S, C = schema.statements, schema.claims
STANCES = ("asserts", "disputes")


def _claim_ref(claim_id: int | None) -> str | None:
    return None if claim_id is None else f"c{claim_id}"


def _members(conn: Connection, claim_id: int | None) -> set[int]:
    if claim_id is None:
        return set()
    return set(conn.execute(select(S.c.pk).where(S.c.claim_id == claim_id)).scalars())


def claim_exists(conn: Connection, claim_id: int) -> bool:
    return conn.execute(select(C.c.id).where(C.c.id == claim_id)).first() is not None


def move_statement(
    conn: Connection,
    article_id: str,
    local_id: str,
    claim_id: int | None,
    model: PairModel,
    editor: str | None = None,
) -> int:
    """Move the statement ARTICLE_ID/LOCAL_ID to claim ``claim_id`` (None: a new claim of its
    own) and pin it there; returns the claim it is in. NotFound for an unknown statement or
    claim. The parts of the claims graph it leaves and joins are clustered again."""
    advisory_lock(conn, locks.CLAIMS)
    row = edits.statement_row(conn, article_id, local_id)
    if claim_id is not None and not claim_exists(conn, claim_id):
        raise edits.NotFound(f"no claim c{claim_id}")
    before = {"claim": _claim_ref(row.claim_id), "stance": row.claim_stance}
    if edits.clear_stance(conn, article_id, local_id):  # it was a stance toward the claim it leaves
        before["stance_source"] = "hand"
    if claim_id is None:
        claim_id = own_claim(conn, row.pk, claim_items(conn, [row.pk])[row.pk])
    else:
        edits.set_pin(conn, article_id, local_id, claim_id)
    seeds = {row.pk} | _members(conn, row.claim_id) | _members(conn, claim_id)
    recluster(conn, component(conn, seeds, MAX_COMPONENT), model)
    now_in = edits.statement_row(conn, article_id, local_id)
    after = {"claim": _claim_ref(now_in.claim_id), "stance": now_in.claim_stance}
    edits.log_edit(conn, "statement-move", f"{article_id}/{local_id}", before, after, editor)
    return int(now_in.claim_id)


def correct_stance(
    conn: Connection, article_id: str, local_id: str, stance: str, editor: str | None = None
) -> dict[str, Any]:
    """Set the statement's stance on its claim by hand (asserts or disputes): it wins over
    the computed one from now on. Returns the statement's claim and stance."""
    if stance not in STANCES:
        raise InputError(f"stance: {stance!r} is not one of {', '.join(STANCES)}")
    advisory_lock(conn, locks.CLAIMS)
    row = edits.statement_row(conn, article_id, local_id)
    source = "hand" if edits.hand_stances(conn, [row.pk]) else "computed"
    before = {"stance": row.claim_stance, "stance_source": source}
    edits.set_stance(conn, article_id, local_id, stance)
    refresh_counts(conn, edits.apply_hand_stances(conn, [row.pk]))
    after = {"claim": _claim_ref(row.claim_id), "stance": stance, "stance_source": "hand"}
    edits.log_edit(conn, "stance", f"{article_id}/{local_id}", before, after, editor)
    return after


def record_verdict(
    conn: Connection, claim_id: int, verdict: Verdict, editor: str | None = None
) -> dict[str, Any]:
    """Record (or replace) the verdict on a claim; InputError naming what is wrong with it,
    NotFound for an unknown claim. Returns the verdict as stored."""
    problems = verdict.problems()
    if problems:
        raise InputError("; ".join(problems))
    advisory_lock(conn, locks.CLAIMS)  # a re-clustering cannot delete the claim meanwhile
    if not claim_exists(conn, claim_id):
        raise edits.NotFound(f"no claim c{claim_id}")
    before = edits.verdicts(conn, [claim_id]).get(claim_id)
    edits.set_verdict(conn, claim_id, verdict)
    after = edits.verdicts(conn, [claim_id])[claim_id]
    edits.log_edit(conn, "verdict", f"c{claim_id}", _without_time(before), _without_time(after), editor)
    return after


def _without_time(verdict: dict[str, Any] | None) -> dict[str, Any] | None:
    return None if verdict is None else {k: v for k, v in verdict.items() if k != "recorded_at"}
