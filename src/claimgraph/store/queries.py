"""Read queries over the corpus: statements, speakers, articles, outlets.

Every value from the user reaches the database as a bound parameter; the only
SQL that differs per database is the full-text match (:func:`search_clause`).
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Integer,
    Select,
    String,
    column,
    false,
    func,
    literal,
    literal_column,
    or_,
    select,
    table,
)

from claimgraph.errors import InputError
from claimgraph.identity.fold import fold
from claimgraph.model import Analysis, Article, Copy, Entity, LoadedSpan, Mention
from claimgraph.model import Statement as StatementRecord
from claimgraph.readers.language import language_name
from claimgraph.rhetoric.compare import UNKNOWN_OUTLET
from claimgraph.store import schema, search
from claimgraph.store.mapping import LIST_FIELDS, LOADED_FIELDS, STATEMENT_FIELDS, STATEMENT_LISTS, from_row
from claimgraph.store.names import date_of, like_escape
from claimgraph.store.speakers import fuller_speakers, live_speaker

A, S, SP = schema.articles, schema.statements, schema.speakers
KINDS = ("direct", "indirect", "mixed")
MAX_ID = 2**31 - 1  # ids are INTEGER columns on both databases

# The FTS5 table made by the migrations (SQLite only); its own name is its match column.
_FTS = table("statements_fts", column("rowid", Integer), column("statements_fts", String))
SORTS = ("relevance", "newest")


def fts5_query(user_text: str) -> str | None:
    """The user's search (see store.search) as an FTS5 expression; no FTS syntax leaks."""
    return search.fts5_expression(search.parse(user_text))


def _tsquery(query: search.Query) -> ColumnElement[Any] | None:
    """The PostgreSQL tsquery of a parsed search, every word a bound parameter."""
    if query.empty:
        return None
    # 'russian' stems Cyrillic words with Snowball's Russian stemmer and Latin ones with the
    # English stemmer and stop words, as 'english' did (migration 11)
    config = literal_column("'russian'::regconfig")

    def term(words: search.Term) -> ColumnElement[Any]:
        fn = func.phraseto_tsquery if len(words) > 1 else func.plainto_tsquery
        return fn(config, " ".join(words))

    def joined(fn: Any, parts: list[ColumnElement[Any]]) -> ColumnElement[Any]:
        # A balanced tree (the operators are associative): a chain of a few hundred calls
        # is deeper than Python's recursion limit when SQLAlchemy compiles it.
        if len(parts) == 1:
            return parts[0]
        half = len(parts) // 2
        return fn(joined(fn, parts[:half]), joined(fn, parts[half:]))

    tsq = joined(func.tsquery_or, [joined(func.tsquery_and, [term(t) for t in g]) for g in query.groups])
    if query.excluded:
        excluded = [func.tsquery_not(term(words)) for words in query.excluded]
        tsq = func.tsquery_and(tsq, joined(func.tsquery_and, excluded))
    return tsq


_PG_SEARCH = literal_column("statements.search")


def search_clause(conn: Connection, user_text: str) -> ColumnElement[bool]:
    query = search.parse(user_text)
    if conn.dialect.name == "sqlite":
        expression = search.fts5_expression(query)
        if expression is None:
            return false()
        return S.c.pk.in_(select(_FTS.c.rowid).where(_FTS.c.statements_fts.op("MATCH")(expression)))
    tsq = _tsquery(query)
    return false() if tsq is None else _PG_SEARCH.op("@@")(tsq)


def _ranked(conn: Connection, query: Select, user_text: str) -> Select:
    """``query`` ordered by relevance to the search, best first: FTS5's bm25 (smaller is
    better) or PostgreSQL's ts_rank (larger is better)."""
    parsed = search.parse(user_text)
    if conn.dialect.name == "sqlite":
        expression = search.fts5_expression(parsed)
        if expression is None:
            return query
        ranked = (
            select(_FTS.c.rowid.label("pk"), literal_column("bm25(statements_fts)").label("score"))
            .where(_FTS.c.statements_fts.op("MATCH")(expression))
            .subquery("ranked")
        )
        return query.join(ranked, ranked.c.pk == S.c.pk).order_by(ranked.c.score.asc())
    tsq = _tsquery(parsed)
    if tsq is None:
        return query
    return query.order_by(func.ts_rank(_PG_SEARCH, tsq).desc())


def date_bound(value: str, end: bool = False) -> str:
    """The first (or, ``end``, the last) day of YYYY, YYYY-MM or YYYY-MM-DD (an ISO date
    with a time too), as YYYY-MM-DD; ValueError for anything else or an impossible date."""
    text_ = value.strip()
    match = _PERIOD.match(text_)
    if match is None:
        raise ValueError(f"{value!r} is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)")
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        if month is None:
            bound = date(year, 12, 31) if end else date(year, 1, 1)  # type: ignore[arg-type]
        elif day is None:
            first = date(year, month, 1)  # type: ignore[arg-type]
            bound = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1) \
                if end else first
        else:
            bound = date(year, month, day)  # type: ignore[arg-type]
    except ValueError:
        raise ValueError(f"{value!r} is not a real date") from None
    return bound.isoformat()


_PERIOD = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ][0-9:.+\-Z]*)?)?)?$")


def _day(value: str, flag: str, end: bool = False) -> str:
    try:
        return date_bound(value, end)
    except ValueError as err:
        day = date_of(value)  # feeds' dates ("5 May 2025") are read too
        if day is None:
            raise InputError(f"{flag}: {err}") from None
        return day


def _alias_ids(name: str) -> Select:
    """Speakers any of whose names contains the folded ``name`` as whole words."""
    folded = fold(name)
    al = schema.speaker_aliases
    padded = literal(" ") + al.c.alias + literal(" ")
    return select(al.c.speaker_id).where(
        or_(al.c.alias == folded, padded.like(f"% {like_escape(folded)} %", escape="\\"))
    )


NO_OUTLET = UNKNOWN_OUTLET
"""The outlet name that selects articles stored without one ("(unknown)")."""

# The outlet an article is counted under: its own, or NO_OUTLET when it has none.
OUTLET_NAME = func.coalesce(func.nullif(A.c.outlet, ""), literal(NO_OUTLET))


def outlet_is(outlet: str) -> ColumnElement[bool]:
    """Outlet names match ignoring case; SQLite's lower() knows only ASCII, so the exact
    spelling matches too ("Österreich Heute"). ``NO_OUTLET`` selects articles without one."""
    if outlet == NO_OUTLET:
        return or_(A.c.outlet.is_(None), A.c.outlet == "", A.c.outlet == NO_OUTLET)
    return or_(A.c.outlet == outlet, func.lower(A.c.outlet) == outlet.lower())


# Filters on the article's columns; the others are on the statement's own (or its FTS row).
ARTICLE_FILTERS = frozenset({"outlet", "since", "until", "article", "language"})


def needs_articles(filters: dict[str, Any]) -> bool:
    """Whether ``statement_filters(**filters)`` reads the articles table."""
    return any(filters.get(k) for k in ARTICLE_FILTERS)


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
    claim: int | Sequence[int] | None = None,
    stance: str | None = None,
    about: str | None = None,
    language: str | None = None,
) -> list[ColumnElement[bool]]:
    """The statement filters, every one of them: the store's, the API's and the CLI's
    statements, facets, timelines and counts all pass their filters here (by keyword), so
    a new filter is a parameter and its SQL here, and a parameter of the API's filters."""
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
        where.append(A.c.published_date <= _day(until, "--until", end=True))
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
    if isinstance(claim, int):
        where.append(S.c.claim_id == claim if 0 < claim <= MAX_ID else false())
    elif claim is not None:
        where.append(S.c.claim_id.in_(list(claim)))
    if stance:
        where.append(S.c.claim_stance == stance)
    if about:
        where.append(S.c.pk.in_(about_statements(about)))
    if language:
        where.append(A.c.language == language)
    return where


def about_statements(name: str) -> Select:
    """The statements about an entity whose name holds ``name`` (case aside)."""
    AB = schema.statement_about
    pattern = f"%{like_escape(name.lower())}%"
    return select(AB.c.statement_pk).where(func.lower(AB.c.name).like(pattern, escape="\\"))


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
            "language": row.language,
        },
        "speaker_id": row.speaker_id,
    }


def _statements_query(conn: Connection, filters: dict[str, Any]) -> Select:
    return (
        select(S, A.c.id.label("article_id"), A.c.title, A.c.outlet, A.c.published, A.c.url, A.c.language)
        .join(A, S.c.article_pk == A.c.pk)
        .where(*statement_filters(conn, **filters))
    )


def statements(
    conn: Connection, limit: int | None = 50, offset: int = 0, sort: str = "newest", **filters: Any
) -> list[dict[str, Any]]:
    """Statements matching ``filters``, newest article first (``sort="oldest"``: oldest
    first); with a ``search`` and ``sort="relevance"``, best match first (then newest)."""
    if (conn.dialect.name == "sqlite" and sort == "newest" and limit is not None and any(filters.values())
            and not any(filters.get(k) for k in RANGED) and dense(conn, filters, offset + limit)):
        return _newest_walking(conn, filters, limit, offset)
    query = _statements_query(conn, filters)
    if sort == "relevance" and filters.get("search"):
        query = _ranked(conn, query, filters["search"])
    if sort == "oldest":
        query = query.order_by(A.c.published_date.asc().nulls_last(), A.c.pk, S.c.position).offset(offset)
    else:
        query = query.order_by(A.c.published_date.desc().nulls_last(), A.c.pk, S.c.position).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    rows = conn.execute(query).all()
    return statement_records(conn, rows, [_statement_dict(row) for row in rows])


def statement(conn: Connection, article_id: str, local_id: str) -> dict[str, Any] | None:
    """One statement by its article's id and its own id in the article ("s3"): the pair
    stays the same when the same articles are ingested again (the store's row key does not)."""
    query = _statements_query(conn, {"article": article_id}).where(S.c.local_id == local_id)
    row = conn.execute(query).first()
    if row is None:
        return None
    record = statement_records(conn, [row], [_statement_dict(row)])[0]
    if row.claim_id is not None:  # its claim's label too, for the statement's page
        C = schema.claims
        record["claim"]["label"] = conn.execute(select(C.c.label).where(C.c.id == row.claim_id)).scalar()
    return record


DENSE_SHARE = 0.02
"""Filters that at least this share of the statements match (a common word, the most quoted
speaker) are served newest first by walking the articles in date order (``_newest_walking``),
and PostgreSQL walks the claims list's order for them (store.claims.claim_filters)."""
WALK_ARTICLES = 500
# Filters whose index already gives the rows in date order, or a few (a month, one article):
# walking from the newest article would pass every later one first.
RANGED = ("since", "until", "article")


def dense(conn: Connection, filters: dict[str, Any], wanted: int, share: float | None = None) -> bool:
    """Whether at least ``share`` (``DENSE_SHARE``) of the stored statements, and ``wanted``,
    match ``filters``: counted only that far, so a test costs at most that many rows."""
    share = DENSE_SHARE if share is None else share
    enough = max(int((conn.execute(select(func.max(S.c.pk))).scalar() or 0) * share), wanted, 1)
    source = S.join(A, S.c.article_pk == A.c.pk) if needs_articles(filters) else S
    some = select(S.c.pk).select_from(source).where(*statement_filters(conn, **filters)).limit(enough)
    return int(conn.execute(select(func.count()).select_from(some.subquery())).scalar() or 0) >= enough


def _newest_walking(
    conn: Connection, filters: dict[str, Any], limit: int, offset: int
) -> list[dict[str, Any]]:
    """``statements(sort="newest")`` for filters many statements match: the articles are read
    newest first in the date index, a batch at a time, and each batch's matching statements
    taken until the page is full. SQLite's planner would instead gather every match and
    sort them all (a tenth of the store for the most quoted speaker); this reads about
    ``(offset + limit) / share`` statements. The order is the same: date, article, position."""
    article_order = (A.c.published_date.desc().nulls_last(), A.c.pk)
    found: list[Any] = []
    skipped = 0
    for start in itertools.count(0, WALK_ARTICLES):
        batch = [r[0] for r in conn.execute(
            select(A.c.pk).order_by(*article_order).limit(WALK_ARTICLES).offset(start))]
        if not batch:
            break
        rows = conn.execute(
            _statements_query(conn, filters).where(S.c.article_pk.in_(batch))
            .order_by(*article_order, S.c.position)
        ).all()
        take = rows[max(0, offset - skipped):]
        skipped += len(rows) - len(take)
        found.extend(take[: limit - len(found)])
        if len(found) >= limit:
            break
    return statement_records(conn, found, [_statement_dict(row) for row in found])


def statements_after(
    conn: Connection, after: int | None, limit: int, **filters: Any
) -> tuple[list[dict[str, Any]], int | None]:
    """A keyset page: the ``limit`` statements matching ``filters`` stored after the one whose
    key is ``after`` (None: from the first), in the order stored, and the key of the last of
    them (None when there are none). Each page is as quick as the first, unlike OFFSET."""
    query = _statements_query(conn, filters)
    if after is not None:
        query = query.where(S.c.pk > after)
    rows = conn.execute(query.order_by(S.c.pk).limit(limit)).all()
    last = rows[-1].pk if rows else None
    return statement_records(conn, rows, [_statement_dict(row) for row in rows]), last


def statement_records(
    conn: Connection, rows: Sequence[Any], records: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """``records`` (from statement ``rows``) with their list fields (``about``) filled in."""
    pks = [row.pk for row in rows]
    for key, table_name in STATEMENT_LISTS.items():
        table = schema.metadata.tables[table_name]
        items: dict[int, list[dict[str, Any]]] = {pk: [] for pk in pks}
        for chunk in range(0, len(pks), 500):
            found = conn.execute(
                select(table).where(table.c.statement_pk.in_(pks[chunk : chunk + 500]))
                .order_by(table.c.statement_pk, table.c.position)
            )
            for item in found:
                items[item.statement_pk].append(from_row(item, LIST_FIELDS[key]))
        for pk, record in zip(pks, records, strict=True):
            record[key] = items[pk]
    if any("article" in record for record in records):  # not for load_analyses' bare records
        copies = copies_of(conn, sorted({row.article_pk for row in rows}))
        for row, record in zip(rows, records, strict=True):
            if "article" in record:
                record["article"]["copies"] = [c.to_dict() for c in copies.get(row.article_pk, [])]
    return records


def count_statements(conn: Connection, **filters: Any) -> int:
    # Every statement has its article (a foreign key, not null): join only to filter on it.
    source = S.join(A, S.c.article_pk == A.c.pk) if needs_articles(filters) else S
    query = select(func.count()).select_from(source).where(*statement_filters(conn, **filters))
    return int(conn.execute(query).scalar() or 0)


TITLES_SEEN = 500
"""At most this many rows of a speaker's ``titles_seen`` (one per article that titles them: a
head of state has tens of thousands); ``titles_seen_total`` counts them all."""


def _distinct_titles(conn: Connection, ids: Sequence[int], column: str) -> dict[int, list[str]]:
    """Each speaker's distinct titles (or affiliations), in the order first given."""
    st = schema.speaker_titles
    value = st.c[column]
    first = func.min(st.c.id).label("first")
    rows = conn.execute(
        select(st.c.speaker_id, value, first)
        .where(st.c.speaker_id.in_(ids), value.is_not(None), value != "")
        .group_by(st.c.speaker_id, value)
        .order_by(st.c.speaker_id, first)
    )
    found: dict[int, list[str]] = {i: [] for i in ids}
    for sid, text_, _first in rows:
        found[sid].append(text_)
    return found


def _titles_seen(
    conn: Connection, ids: Sequence[int], limit: int | None = None
) -> dict[int, list[dict[str, Any]]]:
    st = schema.speaker_titles
    query = (
        select(st.c.speaker_id, st.c.title, st.c.affiliation, st.c.published, A.c.id)
        .join(A, st.c.article_pk == A.c.pk)
        .where(st.c.speaker_id.in_(ids))
        .order_by(st.c.id)
    )
    if limit is not None:
        query = query.limit(limit)
    rows = conn.execute(query)
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
    # Counted per article first (in the (speaker_id, article_pk) index), then per outlet: one
    # article row read per article, not per statement.
    per_article = (
        select(S.c.speaker_id, S.c.article_pk, func.count().label("n"))
        .where(S.c.speaker_id.in_(ids))
        .group_by(S.c.speaker_id, S.c.article_pk)
        .subquery()
    )
    n = func.sum(per_article.c.n).label("n")
    rows = conn.execute(
        select(per_article.c.speaker_id, A.c.outlet, n)
        .join(A, per_article.c.article_pk == A.c.pk)
        .group_by(per_article.c.speaker_id, A.c.outlet)
    )
    counts: dict[int, list[dict[str, Any]]] = {i: [] for i in ids}
    for sid, outlet, count in rows:
        counts[sid].append({"outlet": outlet, "count": int(count)})
    for items in counts.values():
        # Sorted here, not in SQL: string collation differs between databases.
        items.sort(key=lambda item: (-item["count"], item["outlet"] or ""))
    return counts


def speakers(
    conn: Connection,
    outlet: str | None = None,
    search: str | None = None,
    limit: int | None = 50,
    offset: int = 0,
    ids: Sequence[int] | None = None,
) -> list[dict[str, Any]]:
    # Statements are counted per speaker id first (in the speaker index), names joined after.
    counted = select(S.c.speaker_id.label("id"), func.count().label("n")).where(S.c.speaker_id.is_not(None))
    if outlet:
        counted = counted.join(A, S.c.article_pk == A.c.pk).where(outlet_is(outlet))
    if search:
        counted = counted.where(S.c.speaker_id.in_(_alias_match(search)))
    if ids is not None:
        counted = counted.where(S.c.speaker_id.in_(ids))
    counts = counted.group_by(S.c.speaker_id).subquery()
    n = counts.c.n.label("statement_count")
    query = (
        select(SP.c.id, SP.c.name, SP.c.type, SP.c.country, n)
        .join(counts, counts.c.id == SP.c.id)
        .order_by(counts.c.n.desc(), SP.c.id)
        .offset(offset)
    )
    if limit is not None:
        query = query.limit(limit)
    rows = conn.execute(query).all()
    page = [row.id for row in rows]
    titles = _distinct_titles(conn, page, "title")
    affiliations = _distinct_titles(conn, page, "affiliation")
    outlets = _outlet_counts(conn, page)
    return [
        {
            "id": row.id,
            "name": row.name,
            "type": row.type,
            "titles": titles[row.id],
            "affiliations": affiliations[row.id],
            "country": row.country,
            "statement_count": int(row.statement_count),
            "outlets": [o["outlet"] for o in outlets[row.id] if o["outlet"]],
        }
        for row in rows
    ]


def speaker(
    conn: Connection, asked_id: int, limit: int | None = 100, offset: int = 0
) -> dict[str, Any] | None:
    """One speaker with titles seen, outlets, aliases and a page of statements (newest
    first); ``statement_count`` counts them all. An id merged into another gives that other
    speaker (``redirected_from`` says so)."""
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
    detail["titles_seen"] = _titles_seen(conn, [speaker_id], limit=TITLES_SEEN)[speaker_id]
    st = schema.speaker_titles
    detail["titles_seen_total"] = int(  # each row's article exists (a foreign key): no join
        conn.execute(select(func.count()).select_from(st).where(st.c.speaker_id == speaker_id)).scalar() or 0
    )
    detail["outlets"] = _outlet_counts(conn, [speaker_id])[speaker_id]
    detail["statements"] = statements(conn, limit=limit, offset=offset, speaker=speaker_id)
    return detail


def articles(
    conn: Connection, outlet: str | None = None, limit: int | None = 50, offset: int = 0
) -> list[dict[str, Any]]:
    n = (
        select(func.count(S.c.pk)).where(S.c.article_pk == A.c.pk).scalar_subquery()
    ).label("statement_count")
    query = (
        select(A.c.id, A.c.title, A.c.outlet, A.c.published, A.c.url, A.c.language, A.c.word_count, n)
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


def copies_of(conn: Connection, pks: Sequence[int]) -> dict[int, list[Copy]]:
    """The syndicated copies of the given articles, first met first."""
    AC = schema.article_copies
    found: dict[int, list[Copy]] = {}
    keys = list(pks)
    for chunk in range(0, len(keys), 500):
        rows = conn.execute(
            select(AC.c.article_pk, AC.c.outlet, AC.c.published, AC.c.url, AC.c.title)
            .where(AC.c.article_pk.in_(keys[chunk : chunk + 500]))
            .order_by(AC.c.pk)
        )
        for pk, outlet, published, url, title in rows:
            found.setdefault(pk, []).append(Copy(outlet, published, url, title))
    return found


def load_analyses(conn: Connection, pks: Sequence[int]) -> list[Analysis]:
    """Rebuild :class:`Analysis` objects for the given article keys, in that order."""
    if not pks:
        return []
    arts = {row.pk: row for row in conn.execute(select(A).where(A.c.pk.in_(pks)))}
    sts = _by_article(conn, S, pks)
    ents = _by_article(conn, schema.entities, pks)
    mens = _by_article(conn, schema.mentions, pks)
    spans = _by_article(conn, schema.loaded_spans, pks)
    copies = copies_of(conn, pks)
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
                    url=art.url, copies=copies.get(pk, []), language=art.language,
                ),
                text=art.text,
                statements=[
                    StatementRecord.from_dict(record)
                    for record in statement_records(
                        conn, sts[pk], [from_row(r, STATEMENT_FIELDS) for r in sts[pk]]
                    )
                ],
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



def overview(conn: Connection) -> dict[str, Any]:
    """The corpus at a glance: articles, statements, speakers, outlets (articles without one
    counted as one) and the dates of the first and last dated article."""
    first, last = conn.execute(select(func.min(A.c.published_date), func.max(A.c.published_date))).one()
    counts = totals(conn)
    return {
        "articles": counts["articles"],
        "statements": counts["statements"],
        "speakers": counts["speakers"],
        "outlets": count_outlets(conn),
        "first_published": first,
        "last_published": last,
    }


# -- the web app's reads (issue 12): lists with totals, outlets, facets, timelines -------------
# Everything here aggregates in SQL (GROUP BY) and is paginated, so a page costs a few
# queries whatever the number of outlets, speakers or statements.


def _alias_match(search: str) -> Select:
    """Speakers any of whose names contains the folded ``search`` (the speakers list's search)."""
    al = schema.speaker_aliases
    return select(al.c.speaker_id).where(al.c.alias.like(f"%{like_escape(fold(search))}%", escape="\\"))


def count_speakers(conn: Connection, outlet: str | None = None, search: str | None = None) -> int:
    """How many speakers ``speakers(outlet=, search=)`` lists in all."""
    query = select(S.c.speaker_id).where(S.c.speaker_id.is_not(None))
    if outlet:
        query = query.join(A, S.c.article_pk == A.c.pk).where(outlet_is(outlet))
    if search:
        query = query.where(S.c.speaker_id.in_(_alias_match(search)))
    inner = query.distinct().subquery()
    return int(conn.execute(select(func.count()).select_from(inner)).scalar() or 0)


def count_articles(conn: Connection, outlet: str | None = None) -> int:
    query = select(func.count()).select_from(A)
    if outlet:
        query = query.where(outlet_is(outlet))
    return int(conn.execute(query).scalar() or 0)


def outlet_names(conn: Connection, limit: int = 500) -> list[str]:
    """Outlet names (``NO_OUTLET`` for articles without one), most articles first."""
    n = func.count().label("n")
    query = select(OUTLET_NAME.label("outlet"), n).select_from(A).group_by(OUTLET_NAME)
    return [row.outlet for row in conn.execute(query.order_by(n.desc(), OUTLET_NAME).limit(limit))]


def count_outlets(conn: Connection) -> int:
    inner = select(OUTLET_NAME.label("outlet")).select_from(A).distinct().subquery()
    return int(conn.execute(select(func.count()).select_from(inner)).scalar() or 0)


def outlets(
    conn: Connection, top: int = 5, limit: int | None = None, offset: int = 0, name: str | None = None
) -> list[dict[str, Any]]:
    """Outlets with most articles first (``name``: that one only): articles, statements by
    kind and by cue class, and the ``top`` most quoted speakers. Articles without an outlet
    are counted under ``NO_OUTLET``. Four grouped queries, whatever the number of outlets."""
    n = func.count().label("n")
    query = (
        select(OUTLET_NAME.label("outlet"), n)
        .select_from(A)
        .group_by(OUTLET_NAME)
        .order_by(n.desc(), OUTLET_NAME)
        .offset(offset)
    )
    if name is not None:
        query = query.where(outlet_is(name))
    if limit is not None:
        query = query.limit(limit)
    counts = {
        row.outlet: {
            "outlet": row.outlet,
            "articles": int(row.n),
            "statements": 0,
            **{k: 0 for k in KINDS},
            "cue_classes": {},
            "top_speakers": [],
        }
        for row in conn.execute(query)
    }
    if not counts:
        return []
    names = list(counts)
    on_page = OUTLET_NAME.in_(names)
    # Statements by kind and by cue class in one grouped pass (the articles of the page's
    # outlets, then their statements in the (article_pk, kind, cue_class, speaker_id) index).
    rows = conn.execute(
        select(OUTLET_NAME.label("outlet"), S.c.kind, S.c.cue_class, func.count().label("n"))
        .select_from(A.join(S, S.c.article_pk == A.c.pk))
        .where(on_page)
        .group_by(OUTLET_NAME, S.c.kind, S.c.cue_class)
    )
    for row in rows:
        entry = counts[row.outlet]
        entry["statements"] += int(row.n)
        if row.kind in KINDS:
            entry[row.kind] += int(row.n)
        cls = row.cue_class or "none"
        entry["cue_classes"][cls] = entry["cue_classes"].get(cls, 0) + int(row.n)
    for entry in counts.values():
        entry["cue_classes"] = dict(sorted(entry["cue_classes"].items(), key=lambda kv: (-kv[1], kv[0])))
    # The top speakers of each outlet on the page: ranked per outlet by a window function
    # over speaker ids (names joined to the few ranked in).
    n = func.count()
    per_speaker = (
        select(
            OUTLET_NAME.label("outlet"),
            S.c.speaker_id.label("id"),
            n.label("n"),
            func.row_number()
            .over(partition_by=OUTLET_NAME, order_by=(n.desc(), S.c.speaker_id))
            .label("rank"),
        )
        .select_from(A.join(S, S.c.article_pk == A.c.pk))
        .where(on_page, S.c.speaker_id.is_not(None))
        .group_by(OUTLET_NAME, S.c.speaker_id)
        .subquery()
    )
    rows = conn.execute(
        select(per_speaker.c.outlet, per_speaker.c.id, per_speaker.c.n, SP.c.name)
        .join(SP, SP.c.id == per_speaker.c.id)
        .where(per_speaker.c.rank <= top)
        .order_by(per_speaker.c.outlet, per_speaker.c.rank)
    )
    for row in rows:
        counts[row.outlet]["top_speakers"].append({"id": row.id, "name": row.name, "count": int(row.n)})
    return list(counts.values())


FACETS = ("speaker", "outlet", "kind", "cue_class", "month", "language")


def _per_article(conn: Connection, filters: dict[str, Any]) -> Any:
    """The statements matching ``filters`` counted per article: ``(article_pk, n)``. Counts by
    outlet or date group these, reading one article row per article instead of per statement."""
    source = S.join(A, S.c.article_pk == A.c.pk) if needs_articles(filters) else S
    return (
        select(S.c.article_pk, func.count().label("n"))
        .select_from(source)
        .where(*statement_filters(conn, **filters))
        .group_by(S.c.article_pk)
        .subquery("per_article")
    )


def facets(conn: Connection, top: int = 10, **filters: Any) -> dict[str, list[dict[str, Any]]]:
    """Counts of the statements matching ``filters`` by speaker, outlet, kind, cue class,
    month of publication and language of the article (the ``top`` largest of each; months
    newest first)."""
    where = statement_filters(conn, **filters)
    source = S.join(A, S.c.article_pk == A.c.pk) if needs_articles(filters) else S
    n = func.count().label("n")
    result: dict[str, list[dict[str, Any]]] = {}

    def grouped(key: Any) -> Any:
        query = select(key.label("value"), n).select_from(source).where(*where).group_by(key)
        return conn.execute(query.order_by(n.desc(), key).limit(top))

    speaker_rows = conn.execute(
        select(S.c.speaker_id.label("value"), n)
        .select_from(source)
        .where(*where, S.c.speaker_id.is_not(None))
        .group_by(S.c.speaker_id)
        .order_by(n.desc(), S.c.speaker_id)
        .limit(top)
    ).all()
    names = dict(
        conn.execute(select(SP.c.id, SP.c.name).where(SP.c.id.in_([r.value for r in speaker_rows]))).all()
    )
    result["speaker"] = [
        {"value": str(r.value), "label": names[r.value], "count": int(r.n)} for r in speaker_rows
    ]
    per_article = _per_article(conn, filters)
    by_article = per_article.join(A, A.c.pk == per_article.c.article_pk)
    total = func.sum(per_article.c.n).label("n")
    result["outlet"] = [
        {"value": r.value, "label": r.value, "count": int(r.n)}
        for r in conn.execute(
            select(OUTLET_NAME.label("value"), total)
            .select_from(by_article)
            .group_by(OUTLET_NAME)
            .order_by(total.desc(), OUTLET_NAME)
            .limit(top)
        )
    ]
    result["kind"] = [{"value": r.value, "label": r.value, "count": int(r.n)} for r in grouped(S.c.kind)]
    result["cue_class"] = [
        {"value": r.value, "label": r.value, "count": int(r.n)} for r in grouped(S.c.cue_class)
    ]
    month = func.substr(A.c.published_date, 1, 7)
    result["month"] = [
        {"value": r.value, "label": r.value, "count": int(r.n)}
        for r in conn.execute(
            select(month.label("value"), total)
            .select_from(by_article)
            .group_by(month)
            .order_by(month.desc())
            .limit(top)
        )
        if r.value
    ]
    result["language"] = [
        {"value": r.value, "label": language_name(r.value), "count": int(r.n)}
        for r in conn.execute(
            select(A.c.language.label("value"), total)
            .select_from(by_article)
            .where(A.c.language.is_not(None))
            .group_by(A.c.language)
            .order_by(total.desc(), A.c.language)
            .limit(top)
        )
    ]
    return result


PERIODS = {"day": 10, "month": 7, "year": 4}


def timeline(
    conn: Connection, period: str = "month", by: str | None = None, **filters: Any
) -> list[dict[str, Any]]:
    """Statements matching ``filters`` counted per ``period`` (day, month or year of the
    article's publication) and, with ``by="outlet"``, per outlet too; undated ones are left
    out. Oldest first: ``[{period, outlet?, count}]``."""
    key = func.substr(A.c.published_date, 1, PERIODS[period]).label("period")
    keys: list[Any] = [key]
    if by == "outlet":
        keys.append(OUTLET_NAME.label("outlet"))
    elif by is not None:
        raise ValueError(f"timeline by {by!r}: only 'outlet'")
    per_article = _per_article(conn, filters)
    query = (
        select(*keys, func.sum(per_article.c.n).label("n"))
        .select_from(per_article.join(A, A.c.pk == per_article.c.article_pk))
        .where(A.c.published_date.is_not(None))
        .group_by(*keys)
        .order_by(*keys)
    )
    return [
        {"period": row.period, **({"outlet": row.outlet} if by else {}), "count": int(row.n)}
        for row in conn.execute(query)
    ]
