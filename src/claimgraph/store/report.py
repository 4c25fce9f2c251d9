"""One outlet's report (rhetoric.compare) counted in SQL: the page reads grouped counts, not
every article's analysis.

The statements of the outlet's first ``max_articles`` articles are grouped by what the
report reads of each (its speaker's name, entity and mention words, its cue), the loaded
words by text, voice and the speaker of their statement, the articles summed; each group
is then counted into :class:`rhetoric.compare.OutletReport` as ``n`` statements. Groups are
read in the order of their first row, so every counter fills in the order the analyses
would have (``rhetoric.compare.outlet_report`` over ``Store.analyses`` gives the same report).
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from sqlalchemy import Connection, and_, func, select

from claimgraph.model import Cue, Entity, Span, Speaker, Statement
from claimgraph.rhetoric.compare import UNKNOWN_OUTLET, OutletReport, statement_class
from claimgraph.rhetoric.cues import cue_key
from claimgraph.rhetoric.sides import UNKNOWN, speaker_side
from claimgraph.store import schema
from claimgraph.store.queries import outlet_is

A, S, E, L = schema.articles, schema.statements, schema.entities, schema.loaded_spans

# What the report reads of a statement's speaker: its columns and its entity's.
_SPEAKER = (S.c.speaker_name, S.c.mention_text, S.c.speaker_entity,
            E.c.name, E.c.type, E.c.titles, E.c.affiliation, E.c.country)


def _side(row: Any, sides: dict[tuple[Any, ...], str]) -> str:
    key = tuple(row[c.name if c.table is S else f"e_{c.name}"] for c in _SPEAKER)
    if key not in sides:
        entity = None
        if row["e_name"] is not None:
            entity = Entity(row["speaker_entity"], row["e_name"], row["e_type"] or "",
                            titles=json.loads(row["e_titles"] or "[]"), affiliation=row["e_affiliation"],
                            country=row["e_country"])
        sides[key] = speaker_side(entity, row["speaker_name"], row["mention_text"])
    return sides[key]


def _speaker_columns() -> list[Any]:
    return [c if c.table is S else c.label(f"e_{c.name}") for c in _SPEAKER]


def outlet_report(conn: Connection, outlet: str, max_articles: int = 2000) -> dict[str, Any] | None:
    """The report of ``outlet`` (``(unknown)``: articles without one) over its first
    ``max_articles`` articles, with its cue verbs (``cues``) and ``articles_read``; None when
    no article has that outlet."""
    chosen = select(A.c.pk).where(outlet_is(outlet)).order_by(A.c.pk).limit(max_articles).subquery()
    in_chosen = A.c.pk.in_(select(chosen.c.pk))
    articles = conn.execute(
        select(func.count(), func.coalesce(func.sum(A.c.word_count), 0),
               func.coalesce(func.sum(A.c.narrator_words), 0), func.min(A.c.pk)).where(in_chosen)
    ).one()
    if not articles[0]:
        return None
    first_outlet = conn.execute(select(A.c.outlet).where(A.c.pk == articles[3])).scalar()
    name = UNKNOWN_OUTLET if outlet == UNKNOWN_OUTLET else (first_outlet or outlet)
    report = OutletReport(name, articles=int(articles[0]), words=int(articles[1]),
                          narrator_words=int(articles[2]))
    cues: Counter[tuple[str, str]] = Counter()
    sides: dict[tuple[Any, ...], str] = {}
    speaker_entity = and_(E.c.article_pk == S.c.article_pk, E.c.local_id == S.c.speaker_entity)
    cue = (S.c.cue_text, S.c.cue_lemma, S.c.cue_class)
    first = func.min(S.c.pk).label("first")
    rows = conn.execute(
        select(*_speaker_columns(), *cue, func.count().label("n"), first)
        .select_from(S.outerjoin(E, speaker_entity))
        .where(S.c.article_pk.in_(select(chosen.c.pk)))
        .group_by(*_SPEAKER, *cue)
        .order_by(first)
    ).mappings()
    for row in rows:
        statement = Statement(
            "", "", Span("", 0, 0),
            None if row["cue_text"] is None else Cue(row["cue_text"], 0, 0, lemma=row["cue_lemma"] or "",
                                                     cls=row["cue_class"] or ""),
            Speaker(None, row["speaker_entity"], row["speaker_name"]),
        )
        n = int(row["n"])
        report.add_statement(statement, _side(row, sides), n)
        if statement.cue is not None:
            cues[(cue_key(statement.cue.lemma, statement.cue.text), statement_class(statement))] += n
    quoted = and_(S.c.article_pk == L.c.article_pk, S.c.local_id == L.c.statement)
    first = func.min(L.c.pk).label("first")
    rows = conn.execute(
        select(L.c.text, L.c.voice, S.c.local_id, *_speaker_columns(), func.count().label("n"), first)
        .select_from(L.outerjoin(S, quoted).outerjoin(E, speaker_entity))
        .where(L.c.article_pk.in_(select(chosen.c.pk)))
        .group_by(L.c.text, L.c.voice, S.c.local_id, *_SPEAKER)
        .order_by(first)
    ).mappings()
    for row in rows:
        side = UNKNOWN if row["local_id"] is None else _side(row, sides)
        report.add_loaded(row["text"], row["voice"], side, int(row["n"]))
    found = report.to_dict()
    found["cues"] = [
        {"cue": key, "class": cls, "count": n}
        for (key, cls), n in sorted(cues.items(), key=lambda item: (-item[1], item[0]))
    ]
    found["articles_read"] = report.articles
    return found
