"""A fact-checker's edits as stored: statements pinned to claims, hand stances, verdicts and
the audit log (schema: ``statement_pins``, ``stance_corrections``, ``claim_verdicts``,
``edits``). Persistence only: what an edit does is ``store.corrections``; how a pin is placed
after reclustering is ``claims.pins``; a verdict's checks and JSON-LD are ``claims.review``.
Statements are named by their permalink (article id, id in the article), which survives a
re-ingest of the same article."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Row, and_, delete, func, insert, select, update

from claimgraph.claims.review import Verdict
from claimgraph.errors import InputError
from claimgraph.store import schema
from claimgraph.store.names import now

S, A, C = schema.statements, schema.articles, schema.claims
P, H, V, LOG = schema.statement_pins, schema.stance_corrections, schema.claim_verdicts, schema.edits
KINDS = ("speaker-merge", "speaker-split", "statement-move", "stance", "verdict")


class NotFound(InputError):
    """An edit names a statement or a claim that does not exist."""


def _chunks(values: Sequence[int], size: int = 500) -> list[list[int]]:
    return [list(values[i : i + size]) for i in range(0, len(values), size)]


def log_edit(conn: Connection, kind: str, target: str, before: Any, after: Any, editor: str | None) -> None:
    """Add one edit to the audit log (in the edit's own transaction)."""
    conn.execute(
        insert(LOG).values(
            made_at=now(),
            kind=kind,
            target=target,
            editor=editor or None,
            before=None if before is None else json.dumps(before, ensure_ascii=False, sort_keys=True),
            after=None if after is None else json.dumps(after, ensure_ascii=False, sort_keys=True),
        )
    )


def audit(
    conn: Connection, limit: int | None = 50, offset: int = 0, kind: str | None = None
) -> list[dict[str, Any]]:
    """The audit log, newest first."""
    query = select(LOG).order_by(LOG.c.id.desc()).offset(offset)
    if kind:
        query = query.where(LOG.c.kind == kind)
    if limit is not None:
        query = query.limit(limit)
    return [
        {
            "id": r.id,
            "made_at": r.made_at,
            "kind": r.kind,
            "target": r.target,
            "editor": r.editor,
            "before": json.loads(r.before) if r.before else None,
            "after": json.loads(r.after) if r.after else None,
        }
        for r in conn.execute(query)
    ]


def count_audit(conn: Connection, kind: str | None = None) -> int:
    query = select(func.count()).select_from(LOG)
    if kind:
        query = query.where(LOG.c.kind == kind)
    return int(conn.execute(query).scalar() or 0)


# -- statements --------------------------------------------------------------------------------


def statement_row(conn: Connection, article_id: str, local_id: str) -> Row[Any]:
    """The stored statement ARTICLE_ID/LOCAL_ID (its key, claim, stance and what a stance is
    read from); NotFound otherwise."""
    row = conn.execute(
        select(
            S.c.pk,
            S.c.local_id,
            S.c.claim_id,
            S.c.claim_stance,
            S.c.negated,
            S.c.cue_lemma,
            S.c.cue_class,
            S.c.content,
            S.c.proposition,
            A.c.id.label("article_id"),
        )
        .join(A, S.c.article_pk == A.c.pk)
        .where(A.c.id == article_id, S.c.local_id == local_id)
    ).first()
    if row is None:
        raise NotFound(f"no statement {article_id}/{local_id}")
    return row


def _keyed(table: Any) -> Any:
    """Statements joined to the rows of ``table`` that name them by permalink."""
    return S.join(A, S.c.article_pk == A.c.pk).join(
        table, and_(table.c.article_id == A.c.id, table.c.local_id == S.c.local_id)
    )


def pins_of(conn: Connection, pks: Iterable[int]) -> dict[int, int]:
    """Pinned statements among ``pks``: statement pk -> the claim it is pinned to."""
    found: dict[int, int] = {}
    for chunk in _chunks(sorted(pks)):
        query = select(S.c.pk, P.c.claim_id).select_from(_keyed(P)).where(S.c.pk.in_(chunk))
        found.update(conn.execute(query).all())
    return found


def pinned_to(conn: Connection, claim_ids: Iterable[int]) -> dict[int, int]:
    """Statements pinned to any of ``claim_ids``: statement pk -> claim id."""
    found: dict[int, int] = {}
    for chunk in _chunks(sorted(claim_ids)):
        query = select(S.c.pk, P.c.claim_id).select_from(_keyed(P)).where(P.c.claim_id.in_(chunk))
        found.update(conn.execute(query).all())
    return found


def set_pin(conn: Connection, article_id: str, local_id: str, claim_id: int) -> None:
    conn.execute(delete(P).where(P.c.article_id == article_id, P.c.local_id == local_id))
    conn.execute(insert(P).values(article_id=article_id, local_id=local_id, claim_id=claim_id, made_at=now()))


def follow(conn: Connection, moved: Mapping[int, int]) -> None:
    """Claims whose statements were clustered into another claim (old id -> successor id):
    pins follow them, and so does a verdict where the successor has none of its own."""
    for old, new in sorted(moved.items()):
        conn.execute(update(P).where(P.c.claim_id == old).values(claim_id=new))
        if conn.execute(select(V.c.claim_id).where(V.c.claim_id == new)).first() is None:
            conn.execute(update(V).where(V.c.claim_id == old).values(claim_id=new))


# -- stances -----------------------------------------------------------------------------------


def hand_stances(conn: Connection, pks: Iterable[int]) -> dict[int, str]:
    """Statements among ``pks`` whose stance was set by hand: pk -> stance."""
    return {pk: stance for pk, (stance, _, _) in _hand_rows(conn, pks).items()}


def _hand_rows(conn: Connection, pks: Iterable[int]) -> dict[int, tuple[str, str | None, int | None]]:
    """pk -> (hand stance, stored stance, claim id) of the statements with a hand stance."""
    found: dict[int, tuple[str, str | None, int | None]] = {}
    for chunk in _chunks(sorted(pks)):
        for pk, hand, stored, claim_id in conn.execute(
            select(S.c.pk, H.c.stance, S.c.claim_stance, S.c.claim_id)
            .select_from(_keyed(H))
            .where(S.c.pk.in_(chunk))
        ):
            found[pk] = (hand, stored, claim_id)
    return found


def apply_hand_stances(conn: Connection, pks: Iterable[int]) -> set[int]:
    """Put hand stances back on these statements (a recluster computed theirs again); returns
    the claims whose counts this changes."""
    touched: set[int] = set()
    for pk, (hand, stored, claim_id) in sorted(_hand_rows(conn, pks).items()):
        if hand != stored:
            conn.execute(update(S).where(S.c.pk == pk).values(claim_stance=hand))
            if claim_id is not None:
                touched.add(claim_id)
    return touched


def clear_stance(conn: Connection, article_id: str, local_id: str) -> bool:
    """Forget a hand stance (its statement moved to another claim, where it meant nothing);
    True when there was one."""
    gone = conn.execute(delete(H).where(H.c.article_id == article_id, H.c.local_id == local_id))
    return bool(gone.rowcount)


def set_stance(conn: Connection, article_id: str, local_id: str, stance: str) -> None:
    conn.execute(delete(H).where(H.c.article_id == article_id, H.c.local_id == local_id))
    conn.execute(insert(H).values(article_id=article_id, local_id=local_id, stance=stance, made_at=now()))


def hand_marks(conn: Connection, claim_ids: Sequence[int]) -> dict[tuple[str, str], dict[str, bool]]:
    """Which statements of these claims were moved or given their stance by hand, by
    (article id, statement id)."""
    marks: dict[tuple[str, str], dict[str, bool]] = {}
    for chunk in _chunks(sorted(claim_ids)):
        for table, key in ((P, "moved"), (H, "stance")):
            rows = conn.execute(
                select(A.c.id, S.c.local_id).select_from(_keyed(table)).where(S.c.claim_id.in_(chunk))
            ).all()
            for article_id, local_id in rows:
                marks.setdefault((article_id, local_id), {"moved": False, "stance": False})[key] = True
    return marks


def marks_of(conn: Connection, article_id: str, local_id: str) -> dict[str, bool]:
    """Whether this statement was moved, and its stance set, by hand."""
    return {
        key: conn.execute(
            select(table.c.local_id).where(table.c.article_id == article_id, table.c.local_id == local_id)
        ).first()
        is not None
        for table, key in ((P, "moved"), (H, "stance"))
    }


# -- verdicts ----------------------------------------------------------------------------------


def verdict_json(row: Any) -> dict[str, Any]:
    return {
        "rating": row.rating,
        "rating_value": row.rating_value,
        "best_rating": row.best_rating,
        "worst_rating": row.worst_rating,
        "note": row.note,
        "sources": json.loads(row.sources or "[]"),
        "checked": row.checked,
        "reviewer": row.reviewer,
        "recorded_at": row.made_at,
    }


def verdict_of(row: Mapping[str, Any]) -> Verdict:
    """The :class:`Verdict` of a verdict as :func:`verdict_json` gives it."""
    return Verdict(
        rating=row["rating"],
        checked=row["checked"],
        rating_value=row["rating_value"],
        best_rating=row["best_rating"],
        worst_rating=row["worst_rating"],
        note=row["note"],
        sources=tuple(row["sources"]),
        reviewer=row["reviewer"],
    )


def verdicts(conn: Connection, claim_ids: Sequence[int] | None = None) -> dict[int, dict[str, Any]]:
    """Verdicts by claim id (of these claims; of every claim that has one with None)."""
    query = select(V).order_by(V.c.claim_id)
    if claim_ids is not None:
        found: dict[int, dict[str, Any]] = {}
        for chunk in _chunks(sorted(claim_ids)):
            rows = conn.execute(query.where(V.c.claim_id.in_(chunk)))
            found.update({r.claim_id: verdict_json(r) for r in rows})
        return found
    return {r.claim_id: verdict_json(r) for r in conn.execute(query)}


def drop_verdicts(conn: Connection, claim_ids: Sequence[int]) -> None:
    """The verdicts of claims that are deleted with nobody to follow them (the claim's
    statements went to claims with verdicts of their own, or were moved away): kept in the
    audit log, never left for a later claim given the same id."""
    for claim_id, verdict in sorted(verdicts(conn, claim_ids).items()):
        log_edit(conn, "verdict", f"c{claim_id}", verdict, None, "claimgraph: its claim was emptied")
    for chunk in _chunks(sorted(claim_ids)):
        conn.execute(delete(V).where(V.c.claim_id.in_(chunk)))


def set_verdict(conn: Connection, claim_id: int, verdict: Verdict) -> None:
    conn.execute(delete(V).where(V.c.claim_id == claim_id))
    conn.execute(
        insert(V).values(
            claim_id=claim_id,
            rating=verdict.rating,
            rating_value=verdict.rating_value,
            best_rating=verdict.best_rating,
            worst_rating=verdict.worst_rating,
            note=verdict.note,
            sources=json.dumps(list(verdict.sources)),
            checked=verdict.checked,
            reviewer=verdict.reviewer,
            made_at=now(),
        )
    )
