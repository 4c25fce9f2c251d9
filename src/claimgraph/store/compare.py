"""What the comparison of two outlets or two speakers counts of each side, in SQL.

A side is a set of statement filters (``{"outlet": name}`` or ``{"speaker": id}``, as
``queries.statement_filters`` takes them). Its voice (statements, articles, speakers,
outlets), its stances and its cue classes are grouped counts; cue classes are classed by
``rhetoric.compare.statement_class`` over the distinct cues (as the outlet report counts
them, store.report), so a statement stored before its cue was classed counts in its class.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, case, func, select

from claimgraph.claims.stance import DISPUTES
from claimgraph.model import Cue, Span, Speaker, Statement
from claimgraph.rhetoric.compare import GroupCounts, statement_class
from claimgraph.store import schema
from claimgraph.store.queries import OUTLET_NAME, statement_filters

A, S, C = schema.articles, schema.statements, schema.claims


def _matching(conn: Connection, filters: dict[str, Any]) -> Any:
    return S.join(A, S.c.article_pk == A.c.pk), statement_filters(conn, **filters)


def side_counts(conn: Connection, **filters: Any) -> dict[str, Any]:
    """Voice and stances of the statements matching ``filters``: ``statements``, distinct
    ``articles``, ``speakers`` (known speakers quoted) and ``outlets``; ``asserts`` and
    ``disputes`` (statements with a stance on their claim)."""
    source, where = _matching(conn, filters)
    row = conn.execute(
        select(
            func.count(),
            func.count(func.distinct(S.c.article_pk)),
            func.count(func.distinct(S.c.speaker_id)),
            func.count(func.distinct(OUTLET_NAME)),
            func.coalesce(func.sum(case((S.c.claim_stance == DISPUTES, 1), else_=0)), 0),
            func.coalesce(func.sum(case((S.c.claim_stance.is_not(None), 1), else_=0)), 0),
        )
        .select_from(source)
        .where(*where)
    ).one()
    statements, articles, speakers, outlets, disputes, with_stance = (int(v or 0) for v in row)
    return {
        "statements": statements,
        "articles": articles,
        "speakers": speakers,
        "outlets": outlets,
        "asserts": with_stance - disputes,
        "disputes": disputes,
    }


def cue_classes(conn: Connection, **filters: Any) -> GroupCounts:
    """The cue classes of the statements matching ``filters`` (``none``: no cue)."""
    source, where = _matching(conn, filters)
    rows = conn.execute(
        select(S.c.cue_text, S.c.cue_lemma, S.c.cue_class, func.count())
        .select_from(source)
        .where(*where)
        .group_by(S.c.cue_text, S.c.cue_lemma, S.c.cue_class)
    ).all()
    counts = GroupCounts()
    for text, lemma, cls, n in rows:
        cue = None if text is None else Cue(text, 0, 0, lemma=lemma or "", cls=cls or "")
        statement = Statement("", "", Span("", 0, 0), cue, Speaker(None, None, None))
        counts.classes[statement_class(statement)] += n
    return counts


def claim_counts(conn: Connection, **filters: Any) -> dict[int, int]:
    """The statements matching ``filters`` per claim they belong to: ``{claim id: n}``."""
    source, where = _matching(conn, filters)
    rows = conn.execute(
        select(S.c.claim_id, func.count())
        .select_from(source)
        .where(*where, S.c.claim_id.is_not(None))
        .group_by(S.c.claim_id)
    )
    return {int(cid): int(n) for cid, n in rows}


def claim_labels(conn: Connection, ids: list[int]) -> dict[int, dict[str, Any]]:
    """Label and spread of the claims ``ids``: ``{id: {label, articles, outlets}}``."""
    if not ids:
        return {}
    rows = conn.execute(select(C.c.id, C.c.label, C.c.articles, C.c.outlets).where(C.c.id.in_(ids)))
    return {
        int(r.id): {"label": r.label, "articles": int(r.articles), "outlets": int(r.outlets)} for r in rows
    }
