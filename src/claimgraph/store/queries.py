"""Read queries over the corpus: statements, speakers, articles, outlets.

Every value from the user reaches the database as a bound parameter; the only
SQL that differs per database is the full-text match (:func:`search_clause`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Integer,
    Select,
    String,
    bindparam,
    case,
    column,
    false,
    func,
    literal,
    or_,
    select,
    table,
    text,
)

from claimgraph.errors import InputError
from claimgraph.model import Analysis, Article, Entity, LoadedSpan, Mention
from claimgraph.model import Statement as StatementRecord
from claimgraph.store import schema
from claimgraph.store.mapping import LOADED_FIELDS, STATEMENT_FIELDS, from_row
from claimgraph.store.names import date_of, fold, like_escape
from claimgraph.store.speakers import fuller_speakers, live_speaker

A, S, SP = schema.articles, schema.statements, schema.speakers
KINDS = ("direct", "indirect", "mixed")
MAX_ID = 2**31 - 1  # ids are INTEGER columns on both databases

# PostgreSQL's english configuration drops these words from a query; dropping them
# from FTS5 queries too keeps the two databases' answers the same.
_STOPWORDS = frozenset(
    "a an and are as at be but by for from had has have he her his i if in into is it its "
    "me my no not of on or our she so than that the their them then there these they this "
    "to was we were what when which who will with would you your".split()
)
_WORD = re.compile(r"\w+")
# The FTS5 table made by the migrations (SQLite only); its own name is its match column.
_FTS = table("statements_fts", column("rowid", Integer), column("statements_fts", String))


def fts5_query(user_text: str) -> str | None:
    """User words as an FTS5 query of quoted terms (all must match); no FTS syntax leaks."""
    words = [w for w in _WORD.findall(user_text.lower()) if w not in _STOPWORDS]
    return " ".join(f'"{w}"' for w in words) or None


def search_clause(conn: Connection, user_text: str) -> ColumnElement[bool]:
    if conn.dialect.name == "sqlite":
        query = fts5_query(user_text)
        if query is None:
            return false()
        return S.c.pk.in_(select(_FTS.c.rowid).where(_FTS.c.statements_fts.op("MATCH")(query)))
    # plainto_tsquery reads any text as plain words: no operators reach the parser.
    return text("statements.search @@ plainto_tsquery('english', :ts_q)").bindparams(
        bindparam("ts_q", user_text)
    )


def _day(value: str, flag: str) -> str:
    day = date_of(value)
    if day is None:
        raise InputError(f"{flag}: cannot read the date {value!r} (use YYYY-MM-DD)")
    return day


def _alias_ids(name: str) -> Select:
    """Speakers any of whose names contains the folded ``name`` as whole words."""
    folded = fold(name)
    al = schema.speaker_aliases
    padded = literal(" ") + al.c.alias + literal(" ")
    return select(al.c.speaker_id).where(
        or_(al.c.alias == folded, padded.like(f"% {like_escape(folded)} %", escape="\\"))
    )


def outlet_is(outlet: str) -> ColumnElement[bool]:
    """Outlet names match ignoring case; SQLite's lower() knows only ASCII, so the exact
    spelling matches too ("Österreich Heute")."""
    return or_(A.c.outlet == outlet, func.lower(A.c.outlet) == outlet.lower())


def statement_filters(
    conn: Connection,
    speaker: str | int | None = None,
    outlet: str | None = None,
    since: str | None = None,
    until: str | None = None,
    search: str | None = None,
    kind: str | None = None,
    cue_class: str | None = None,
    article: str | None = None,
    act: str | None = None,
) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if isinstance(speaker, int):
        # An id no integer column can hold matches nothing (and must not reach the driver).
        # A merged speaker's id stands for the speaker it was merged into.
        live = live_speaker(conn, speaker) if 0 < speaker <= MAX_ID else None
        where.append(S.c.speaker_id == live if live is not None else false())
    elif speaker:
        where.append(S.c.speaker_id.in_(_alias_ids(speaker)))
    if outlet:
        where.append(outlet_is(outlet))
    if since:
        where.append(A.c.published_date >= _day(since, "--since"))
    if until:
        where.append(A.c.published_date <= _day(until, "--until"))
    if search:
        where.append(search_clause(conn, search))
    if kind:
        where.append(S.c.kind == kind)
    if cue_class:
        where.append(S.c.cue_class == cue_class)
    if article:
        where.append(A.c.id == article)
    if act:
        where.append(S.c.act == act)
    return where


def _statement_dict(row: Any) -> dict[str, Any]:
    """A stored statement as JSON: the statement record plus its article and speaker id."""
    return {
        **from_row(row, STATEMENT_FIELDS),
        "article": {
            "id": row.article_id,
            "title": row.title,
            "outlet": row.outlet,
            "published": row.published,
            "url": row.url,
        },
        "speaker_id": row.speaker_id,
    }


def statements(
    conn: Connection, limit: int | None = 50, offset: int = 0, **filters: Any
) -> list[dict[str, Any]]:
    query = (
        select(S, A.c.id.label("article_id"), A.c.title, A.c.outlet, A.c.published, A.c.url)
        .join(A, S.c.article_pk == A.c.pk)
        .where(*statement_filters(conn, **filters))
        .order_by(A.c.published_date.desc().nulls_last(), A.c.pk, S.c.position)
        .offset(offset)
    )
    if limit is not None:
        query = query.limit(limit)
    return [_statement_dict(row) for row in conn.execute(query)]


def count_statements(conn: Connection, **filters: Any) -> int:
    query = (
        select(func.count())
        .select_from(S.join(A, S.c.article_pk == A.c.pk))
        .where(*statement_filters(conn, **filters))
    )
    return int(conn.execute(query).scalar() or 0)


def _titles_seen(conn: Connection, ids: Sequence[int]) -> dict[int, list[dict[str, Any]]]:
    st = schema.speaker_titles
    rows = conn.execute(
        select(st.c.speaker_id, st.c.title, st.c.affiliation, st.c.published, A.c.id)
        .join(A, st.c.article_pk == A.c.pk)
        .where(st.c.speaker_id.in_(ids))
        .order_by(st.c.id)
    )
    seen: dict[int, list[dict[str, Any]]] = {i: [] for i in ids}
    for sid, title, affiliation, published, article_id in rows:
        seen[sid].append(
            {
                "title": title,
                "affiliation": affiliation,
                "article_id": article_id,
                "published": published,
            }
        )
    return seen


def _outlet_counts(conn: Connection, ids: Sequence[int]) -> dict[int, list[dict[str, Any]]]:
    n = func.count().label("n")
    rows = conn.execute(
        select(S.c.speaker_id, A.c.outlet, n)
        .join(A, S.c.article_pk == A.c.pk)
        .where(S.c.speaker_id.in_(ids))
        .group_by(S.c.speaker_id, A.c.outlet)
    )
    counts: dict[int, list[dict[str, Any]]] = {i: [] for i in ids}
    for sid, outlet, count in rows:
        counts[sid].append({"outlet": outlet, "count": int(count)})
    for items in counts.values():
        # Sorted here, not in SQL: string collation differs between databases.
        items.sort(key=lambda item: (-item["count"], item["outlet"] or ""))
    return counts


def _unique(values: list[str | None]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def speakers(
    conn: Connection,
    outlet: str | None = None,
    search: str | None = None,
    limit: int | None = 50,
    offset: int = 0,
    ids: Sequence[int] | None = None,
) -> list[dict[str, Any]]:
    n = func.count(S.c.pk).label("statement_count")
    query = (
        select(SP.c.id, SP.c.name, SP.c.type, SP.c.country, n)
        .join(S, S.c.speaker_id == SP.c.id)
        .join(A, S.c.article_pk == A.c.pk)
        .group_by(SP.c.id, SP.c.name, SP.c.type, SP.c.country)
        .order_by(n.desc(), SP.c.id)
        .offset(offset)
    )
    if outlet:
        query = query.where(outlet_is(outlet))
    if search:
        folded = fold(search)
        al = schema.speaker_aliases
        query = query.where(
            SP.c.id.in_(
                select(al.c.speaker_id).where(
                    al.c.alias.like(f"%{like_escape(folded)}%", escape="\\")
                )
            )
        )
    if ids is not None:
        query = query.where(SP.c.id.in_(ids))
    if limit is not None:
        query = query.limit(limit)
    rows = conn.execute(query).all()
    page = [row.id for row in rows]
    titles = _titles_seen(conn, page)
    outlets = _outlet_counts(conn, page)
    return [
        {
            "id": row.id,
            "name": row.name,
            "type": row.type,
            "titles": _unique([t["title"] for t in titles[row.id]]),
            "affiliations": _unique([t["affiliation"] for t in titles[row.id]]),
            "country": row.country,
            "statement_count": int(row.statement_count),
            "outlets": [o["outlet"] for o in outlets[row.id] if o["outlet"]],
        }
        for row in rows
    ]


def speaker(conn: Connection, asked_id: int, limit: int | None = 100) -> dict[str, Any] | None:
    """One speaker in full; an id merged into another gives that other speaker."""
    speaker_id = live_speaker(conn, asked_id)
    if speaker_id is None:
        return None
    found = speakers(conn, ids=[speaker_id], limit=1)
    if not found:
        row = conn.execute(select(SP).where(SP.c.id == speaker_id)).first()
        if row is None:
            return None
        found = [
            {
                "id": row.id,
                "name": row.name,
                "type": row.type,
                "titles": [],
                "affiliations": [],
                "country": row.country,
                "statement_count": 0,
                "outlets": [],
            }
        ]
    detail = found[0]
    if speaker_id != asked_id:
        detail["redirected_from"] = asked_id
    al = schema.speaker_aliases
    names = sorted(  # sorted here, not in SQL: collation differs between databases
        conn.execute(
            select(al.c.alias, al.c.name, al.c.reason, al.c.by_hand).where(al.c.speaker_id == speaker_id)
        ).all(),
        key=lambda r: r.alias,
    )
    detail["aliases"] = [r.alias for r in names]
    detail["alias_reasons"] = [
        {"alias": r.alias, "name": r.name or r.alias, "reason": r.reason, "by_hand": bool(r.by_hand)}
        for r in names
    ]
    fuller = fuller_speakers(conn, speaker_id)
    detail["fuller_names"] = [
        {"id": r.id, "name": r.name}
        for r in conn.execute(select(SP.c.id, SP.c.name).where(SP.c.id.in_(fuller)).order_by(SP.c.id))
    ]
    dec = schema.speaker_decisions
    detail["decisions"] = [
        dict(r._mapping)
        for r in conn.execute(
            select(dec.c.action, dec.c.speaker_id, dec.c.other_id, dec.c.alias, dec.c.made_at)
            .where(or_(dec.c.speaker_id == speaker_id, dec.c.other_id == speaker_id))
            .order_by(dec.c.id)
        )
    ]
    detail["titles_seen"] = _titles_seen(conn, [speaker_id])[speaker_id]
    detail["outlets"] = _outlet_counts(conn, [speaker_id])[speaker_id]
    detail["statements"] = statements(conn, limit=limit, speaker=speaker_id)
    return detail


def articles(
    conn: Connection, outlet: str | None = None, limit: int | None = 50, offset: int = 0
) -> list[dict[str, Any]]:
    n = (
        select(func.count(S.c.pk)).where(S.c.article_pk == A.c.pk).scalar_subquery()
    ).label("statement_count")
    query = (
        select(A.c.id, A.c.title, A.c.outlet, A.c.published, A.c.url, A.c.word_count, n)
        .order_by(A.c.published_date.desc().nulls_last(), A.c.pk)
        .offset(offset)
    )
    if outlet:
        query = query.where(outlet_is(outlet))
    if limit is not None:
        query = query.limit(limit)
    return [dict(row._mapping) for row in conn.execute(query)]


def article_pks(conn: Connection, outlet: str | None = None) -> list[int]:
    query = select(A.c.pk).order_by(A.c.pk)
    if outlet:
        query = query.where(outlet_is(outlet))
    return [row[0] for row in conn.execute(query)]


def _by_article(conn: Connection, table: Any, pks: Sequence[int]) -> dict[int, list[Any]]:
    grouped: dict[int, list[Any]] = {pk: [] for pk in pks}
    rows = conn.execute(
        select(table).where(table.c.article_pk.in_(pks)).order_by(table.c.article_pk, table.c.position)
    )
    for row in rows:
        grouped[row.article_pk].append(row)
    return grouped


def load_analyses(conn: Connection, pks: Sequence[int]) -> list[Analysis]:
    """Rebuild :class:`Analysis` objects for the given article keys, in that order."""
    if not pks:
        return []
    arts = {row.pk: row for row in conn.execute(select(A).where(A.c.pk.in_(pks)))}
    sts = _by_article(conn, S, pks)
    ents = _by_article(conn, schema.entities, pks)
    mens = _by_article(conn, schema.mentions, pks)
    spans = _by_article(conn, schema.loaded_spans, pks)
    result = []
    for pk in pks:
        if pk not in arts:
            continue
        art = arts[pk]
        mentions_of: dict[str | None, list[Mention]] = {}
        for m in mens[pk]:
            mentions_of.setdefault(m.entity_local_id, []).append(
                Mention(m.text, m.start, m.end, entity=m.entity_local_id)
            )
        entities = [
            Entity(
                id=e.local_id,
                name=e.name,
                type=e.type,
                titles=json.loads(e.titles or "[]"),
                affiliation=e.affiliation,
                mentions=mentions_of.get(e.local_id, []),
                country=e.country,
                gender=e.gender,
            )
            for e in ents[pk]
        ]
        loaded = [LoadedSpan.from_dict(from_row(s, LOADED_FIELDS)) for s in spans[pk]]
        result.append(
            Analysis(
                article=Article(
                    id=art.id, title=art.title, outlet=art.outlet, published=art.published,
                    url=art.url,
                ),
                text=art.text,
                statements=[StatementRecord.from_dict(from_row(r, STATEMENT_FIELDS)) for r in sts[pk]],
                entities=entities,
                loaded=loaded,
            )
        )
    return result


def article(conn: Connection, article_id: str) -> dict[str, Any] | None:
    row = conn.execute(select(A.c.pk).where(A.c.id == article_id)).first()
    if row is None:
        return None
    return load_analyses(conn, [row[0]])[0].to_dict()


def outlets(conn: Connection, top: int = 5) -> list[dict[str, Any]]:
    counts = {
        row.outlet: {"outlet": row.outlet, "articles": int(row.n), "statements": 0,
                     **{k: 0 for k in KINDS}, "top_speakers": []}
        for row in conn.execute(select(A.c.outlet, func.count().label("n")).group_by(A.c.outlet))
    }
    kind_sums = [func.sum(case((S.c.kind == k, 1), else_=0)).label(k) for k in KINDS]
    rows = conn.execute(
        select(A.c.outlet, func.count().label("n"), *kind_sums)
        .join(S, S.c.article_pk == A.c.pk)
        .group_by(A.c.outlet)
    )
    for row in rows:
        entry = counts[row.outlet]
        entry["statements"] = int(row.n)
        for k in KINDS:
            entry[k] = int(getattr(row, k) or 0)
    per_speaker = conn.execute(
        select(A.c.outlet, SP.c.id, SP.c.name, func.count().label("n"))
        .select_from(S.join(A, S.c.article_pk == A.c.pk).join(SP, S.c.speaker_id == SP.c.id))
        .group_by(A.c.outlet, SP.c.id, SP.c.name)
    )
    tops: dict[str | None, list[tuple[int, int, str]]] = {}
    for row in per_speaker:
        tops.setdefault(row.outlet, []).append((-int(row.n), row.id, row.name))
    for outlet, items in tops.items():
        items.sort()
        counts[outlet]["top_speakers"] = [{"name": n, "count": -c} for c, _, n in items[:top]]
    return sorted(counts.values(), key=lambda e: (-e["articles"], e["outlet"] or ""))


def failures(conn: Connection, limit: int | None = 100) -> list[dict[str, Any]]:
    fl = schema.failures
    query = select(fl.c.source, fl.c.record, fl.c.error, fl.c.at).order_by(fl.c.id)
    if limit is not None:
        query = query.limit(limit)
    return [dict(row._mapping) for row in conn.execute(query)]


def known_source_hashes(conn: Connection, hashes: Sequence[str]) -> set[str]:
    if not hashes:
        return set()
    rows = conn.execute(select(A.c.source_hash).where(A.c.source_hash.in_(hashes)))
    return {row[0] for row in rows}


def totals(conn: Connection) -> dict[str, int]:
    def n(table: Any) -> int:
        return int(conn.execute(select(func.count()).select_from(table)).scalar() or 0)

    return {
        "articles": n(A),
        "statements": n(S),
        "speakers": n(SP),
        "failures": n(schema.failures),
    }

