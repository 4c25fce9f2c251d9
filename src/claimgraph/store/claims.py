"""Claims in the store, read back: lists with filters and orders, one claim with its
statements, the JSON of ../shared/spec/claims.md; and each claim's counts, kept on its row
as statements join (``store.claim_assignment``) and as syndicated copies of their articles
are met (``store.writer``). No numpy here: reading claims never loads the encoder.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, bindparam, case, func, or_, select, union_all, update

from claimgraph.claims.stance import DISPUTES
from claimgraph.store import edits, schema

A, S, C = schema.articles, schema.statements, schema.claims


def pending_count(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(S).where(S.c.claim_id.is_(None))).scalar() or 0)


def competing_claims(conn: Connection, claim_ids: Sequence[int]) -> dict[int, list[dict[str, Any]]]:
    """The claims each of these competes with (same frame, conflicting value), id and label."""
    L = schema.claim_links
    found: dict[int, list[dict[str, Any]]] = {cid: [] for cid in claim_ids}
    for chunk in range(0, len(claim_ids), 500):
        ids = list(claim_ids[chunk : chunk + 500])
        pairs = conn.execute(
            select(L.c.a_id, L.c.b_id).where(or_(L.c.a_id.in_(ids), L.c.b_id.in_(ids)))
        ).all()
        others = sorted({x for pair in pairs for x in pair})
        labels = dict(conn.execute(select(C.c.id, C.c.label).where(C.c.id.in_(others))).all())
        for a, b in pairs:
            for mine, other in ((a, b), (b, a)):
                if mine in found:
                    found[mine].append({"id": f"c{other}", "label": labels.get(other)})
    for entries in found.values():
        entries.sort(key=lambda e: int(e["id"][1:]))
    return found


# -- reading ----------------------------------------------------------------------------------

SORTS = ("widespread", "outlets", "contested", "newest", "first")


def _order(sort: str) -> list[Any]:
    if sort == "outlets":
        return [C.c.outlets.desc(), C.c.articles.desc(), C.c.statements.desc(), C.c.id]
    if sort == "contested":
        return [C.c.disputes.desc(), C.c.articles.desc(), C.c.id]
    if sort == "newest":
        return [C.c.last_seen.desc().nulls_last(), C.c.id.desc()]
    if sort == "first":
        return [C.c.first_seen.asc().nulls_last(), C.c.id]
    return [C.c.articles.desc(), C.c.statements.desc(), C.c.first_seen.asc().nulls_last(), C.c.id]


WALK_CLAIMS_SHARE = 0.05
"""Statement filters at least this share of the statements pass (an outlet, speaker or word
of a sixth of them) leave PostgreSQL to walk the claims list's order (``claim_filters``)."""


def claim_filters(
    conn: Connection,
    search: str | None = None,
    speaker: str | int | None = None,
    outlet: str | None = None,
    since: str | None = None,
    until: str | None = None,
    about: str | None = None,
    contested: bool = False,
    min_articles: int | None = None,
    article: str | None = None,
    max_articles: int | None = None,
    max_outlets: int | None = None,
    language: str | None = None,
) -> list[Any]:
    """Claims with a statement matching the statement-level filters (words, speaker, outlet,
    dates, article, the article's language), about an entity named ``about``, disputed at
    least once, in at least ``min_articles`` articles, in at most ``max_articles`` articles
    and ``max_outlets`` outlets (1: exclusives)."""
    from claimgraph.store.queries import about_statements, statement_filters

    where: list[Any] = []
    per_statement = {
        k: v
        for k, v in dict(
            search=search, speaker=speaker, outlet=outlet, since=since, until=until, article=article,
            language=language,
        ).items()
        if v not in (None, "")
    }
    if per_statement:
        from claimgraph.store.queries import dense, needs_articles

        matched = (
            select(S.c.claim_id)
            .select_from(S.join(A, S.c.article_pk == A.c.pk) if needs_articles(per_statement) else S)
            .where(S.c.claim_id.is_not(None), *statement_filters(conn, **per_statement))
            .cte("matched")
        )
        # PostgreSQL's planner walks the claims in the list's order and looks up each one's
        # statements until a page matches: quick for a filter many statements pass (the
        # largest outlet: 0.9 s against 2.4 s materialised first), seconds for one few pass
        # (a month, 2 % of the statements: 2.8 s against 0.5 s). Those are materialised first.
        if conn.dialect.name == "postgresql" and not dense(conn, per_statement, 1, share=WALK_CLAIMS_SHARE):
            matched = matched.prefix_with("MATERIALIZED")
        where.append(C.c.id.in_(select(matched.c.claim_id)))
    if about:
        where.append(C.c.id.in_(select(S.c.claim_id).where(S.c.pk.in_(about_statements(about)))))
    if contested:
        where.append(C.c.disputes > 0)
    if min_articles:
        where.append(C.c.articles >= min_articles)
    if max_articles:
        where.append(C.c.articles <= max_articles)
    if max_outlets:
        where.append(C.c.outlets <= max_outlets)
    return where


def claims(
    conn: Connection,
    limit: int | None = 50,
    offset: int = 0,
    sort: str = "widespread",
    with_statements: bool = True,
    **filters: Any,
) -> list[dict[str, Any]]:
    query = select(C).where(*claim_filters(conn, **filters)).order_by(*_order(sort)).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    rows = conn.execute(query).all()
    ids = [r.id for r in rows]
    rivals = competing_claims(conn, ids)
    if with_statements:
        statements = claim_statements(conn, ids)
        people = {st.get("speaker_id") for sts in statements.values() for st in sts} - {None}
        names = speaker_names(conn, people)  # type: ignore[arg-type]
        records = {
            row.id: {**claim_json(row, statements[row.id], names), "competing": rivals[row.id]}
            for row in rows
        }
        _add_copy_outlets(conn, records)
        return list(records.values())
    summaries = claim_summaries(conn, ids)
    return [{**claim_json(row, None), **summaries[row.id], "competing": rivals[row.id]} for row in rows]


def claim_summaries(conn: Connection, claim_ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """Who asserts and who disputes each claim, and which outlets carry it, counted in SQL
    (what a list of claims shows without reading their statements)."""
    found: dict[int, dict[str, Any]] = {
        cid: {"asserted_by": [], "disputed_by": [], "outlets": []} for cid in claim_ids
    }
    if not claim_ids:
        return found
    # One person is one entry however the statements spell them ("Putin", "Владимир Путин"):
    # statements are counted by speaker row, named as the row is.
    unnamed = case((S.c.speaker_id.is_(None), S.c.speaker_name), else_=None)
    people = conn.execute(
        select(S.c.claim_id, S.c.claim_stance, S.c.speaker_id, func.min(S.c.speaker_name), func.count())
        .where(S.c.claim_id.in_(claim_ids), S.c.speaker_name.is_not(None))
        .group_by(S.c.claim_id, S.c.claim_stance, S.c.speaker_id, unnamed)
    ).all()
    names = speaker_names(conn, {r[2] for r in people if r[2] is not None})
    for cid, position, speaker_id, name, n in people:
        key = "disputed_by" if position == DISPUTES else "asserted_by"
        entry = {"name": names.get(speaker_id, name), "speaker_id": speaker_id, "statements": int(n)}
        found[cid][key].append(entry)
    by = carriers(claim_ids)
    outlet = func.coalesce(func.nullif(by.c.outlet, ""), "(unknown)")
    carried = conn.execute(
        select(by.c.claim_id, outlet.label("outlet"), func.min(by.c.day), func.count())
        .group_by(by.c.claim_id, outlet)
    ).all()
    for cid, name, first, n in carried:
        found[cid]["outlets"].append({"outlet": name, "first_seen": first, "statements": int(n)})
    for entry in found.values():
        for key in ("asserted_by", "disputed_by"):
            entry[key].sort(key=lambda e: (-e["statements"], e["name"]))
        entry["outlets"].sort(key=lambda e: (e["first_seen"] or "9999", e["outlet"]))
    return found


def count_claims(conn: Connection, **filters: Any) -> int:
    query = select(func.count()).select_from(C).where(*claim_filters(conn, **filters))
    return int(conn.execute(query).scalar() or 0)


def claim(conn: Connection, claim_id: int) -> dict[str, Any] | None:
    row = conn.execute(select(C).where(C.c.id == claim_id)).first()
    if row is None:
        return None
    statements = claim_statements(conn, [claim_id])[claim_id]
    names = speaker_names(conn, {st["speaker_id"] for st in statements if st.get("speaker_id") is not None})
    record = claim_json(row, statements, names)
    record["competing"] = competing_claims(conn, [claim_id])[claim_id]
    record["verdict"] = edits.verdicts(conn, [claim_id]).get(claim_id)
    marks = edits.hand_marks(conn, [claim_id])
    for st in statements:
        mark = marks.get(((st.get("article") or {}).get("id"), st.get("id")), {})
        st["stance_source"] = "hand" if mark.get("stance") else "computed"
        st["moved_by_hand"] = bool(mark.get("moved"))
    _add_copy_outlets(conn, {claim_id: record})
    return record


def _add_copy_outlets(conn: Connection, records: dict[int, dict[str, Any]]) -> None:
    """Add to each claim's ``outlets`` those that carried it only through a syndicated copy of
    an article (``copy: true``; they have no statements of their own)."""
    AC = schema.article_copies
    ids = sorted(records)
    for chunk in range(0, len(ids), 500):  # IN lists stay far below PostgreSQL's 65,535 limit
        copies = conn.execute(
            select(S.c.claim_id, AC.c.outlet, func.min(AC.c.published_date), func.count())
            .join(S, S.c.article_pk == AC.c.article_pk)
            .where(S.c.claim_id.in_(ids[chunk : chunk + 500]), AC.c.outlet.is_not(None), AC.c.outlet != "")
            .group_by(S.c.claim_id, AC.c.outlet)
        ).all()
        for cid, outlet, first, n in copies:
            record = records[cid]
            if outlet not in {o["outlet"] for o in record["outlets"]}:
                record["outlets"].append(
                    {"outlet": outlet, "first_seen": first, "statements": int(n), "cue_classes": {},
                     "copy": True}
                )


def claim_statements(conn: Connection, claim_ids: Sequence[int]) -> dict[int, list[dict[str, Any]]]:
    """Every statement of the given claims, oldest first, as the statement record plus its
    article, speaker id and ``stance``."""
    from claimgraph.store.queries import statements

    found: dict[int, list[dict[str, Any]]] = {cid: [] for cid in claim_ids}
    for chunk in range(0, len(claim_ids), 500):
        ids = list(claim_ids[chunk : chunk + 500])
        for record in statements(conn, limit=None, sort="oldest", claim=ids):
            claim_ref = record.get("claim") or {}
            record["stance"] = claim_ref.get("stance")
            found[int(str(claim_ref["id"]).lstrip("c"))].append(record)
    return found


def speaker_names(conn: Connection, ids: set[int]) -> dict[int, str]:
    """The name of each speaker row (what its pages show)."""
    SP = schema.speakers
    return dict(conn.execute(select(SP.c.id, SP.c.name).where(SP.c.id.in_(sorted(ids)))).all()) if ids else {}


def speaker_types(conn: Connection, ids: set[int]) -> dict[int, str | None]:
    """The entity type of each speaker row (PERSON, ORG, ...)."""
    SP = schema.speakers
    return dict(conn.execute(select(SP.c.id, SP.c.type).where(SP.c.id.in_(sorted(ids)))).all()) if ids else {}


def _people(
    statements: list[dict[str, Any]], position: str, names: dict[int, str] | None = None
) -> list[dict[str, Any]]:
    """Who takes this position, one entry per speaker row (else per name), with counts."""
    counts: dict[Any, dict[str, Any]] = {}
    for st in statements:
        name, speaker_id = (st.get("speaker") or {}).get("name"), st.get("speaker_id")
        if st.get("stance") == position and name:
            shown = (names or {}).get(speaker_id, name) if speaker_id is not None else name
            entry = counts.setdefault(
                speaker_id if speaker_id is not None else name,
                {"name": shown, "speaker_id": speaker_id, "statements": 0},
            )
            entry["statements"] += 1
    return sorted(counts.values(), key=lambda e: (-e["statements"], e["name"]))


def claim_json(
    row: Any, statements: list[dict[str, Any]] | None, names: dict[int, str] | None = None
) -> dict[str, Any]:
    """A claim as ``claimgraph claims --format json`` prints it (../shared/spec/claims.md)."""
    record: dict[str, Any] = {
        "id": f"c{row.id}",
        "label": row.label,
        # The proposition's polarity: statements of the other polarity dispute it.
        "polarity": "negative" if row.negated else "positive",
        "proposition": json.loads(row.proposition) if row.proposition else None,
        "first_seen": row.first_seen,
        "last_seen": row.last_seen,
        "counts": {
            "statements": row.statements,
            "articles": row.articles,
            "outlets": row.outlets,
            "disputes": row.disputes,
        },
    }
    if statements is not None:
        record["asserted_by"] = _people(statements, "asserts", names)
        record["disputed_by"] = _people(statements, "disputes", names)
        outlets: dict[str, dict[str, Any]] = {}
        for st in statements:
            art = st.get("article") or {}
            entry = outlets.setdefault(
                art.get("outlet") or "(unknown)",
                {
                    "outlet": art.get("outlet") or "(unknown)",
                    "first_seen": art.get("published"),
                    "statements": 0,
                    "cue_classes": {},
                },
            )
            entry["statements"] += 1
            cls = st.get("cue_class") or "none"
            entry["cue_classes"][cls] = entry["cue_classes"].get(cls, 0) + 1
        record["outlets"] = list(outlets.values())
        record["statements"] = statements
    return record


def _names(people: list[dict[str, Any]]) -> str:
    return "; ".join(p["name"] + (f" ({p['statements']})" if p["statements"] > 1 else "") for p in people)


def flat_claim(claim: dict[str, Any]) -> dict[str, Any]:
    counts = claim.get("counts") or {}
    return {
        "id": claim.get("id"),
        "label": claim.get("label"),
        "first_seen": claim.get("first_seen"),
        "last_seen": claim.get("last_seen"),
        "statements": counts.get("statements"),
        "articles": counts.get("articles"),
        "outlets": counts.get("outlets"),
        "disputes": counts.get("disputes"),
        "asserted_by": _names(claim.get("asserted_by") or []),
        "disputed_by": _names(claim.get("disputed_by") or []),
        "outlet_names": "; ".join(o["outlet"] for o in claim.get("outlets") or []),
    }


def carriers(claim_ids: Sequence[int]) -> Any:
    """(claim_id, outlet, day) for every outlet carrying a statement of the given claims:
    the article's own, and every syndicated copy of it (``article_copies``)."""
    AC = schema.article_copies
    ids = sorted(claim_ids)
    return union_all(
        select(S.c.claim_id, A.c.outlet.label("outlet"), A.c.published_date.label("day"))
        .join(A, S.c.article_pk == A.c.pk)
        .where(S.c.claim_id.in_(ids)),
        # A copy without an outlet (only a URL) says where, not who: no outlet counted.
        select(S.c.claim_id, AC.c.outlet.label("outlet"), AC.c.published_date.label("day"))
        .join(AC, S.c.article_pk == AC.c.article_pk)
        .where(S.c.claim_id.in_(ids), AC.c.outlet.is_not(None), AC.c.outlet != ""),
    ).subquery()


def refresh_counts(conn: Connection, claim_ids: set[int]) -> None:
    """Statements, disputes, articles, outlets (copies too) and first/last seen of the given
    claims, 500 at a time (IN lists far below PostgreSQL's 65,535 parameters)."""
    ids = sorted(claim_ids)
    for start in range(0, len(ids), 500):
        _refresh_counts(conn, set(ids[start : start + 500]))


def _refresh_counts(conn: Connection, claim_ids: set[int]) -> None:
    if not claim_ids:
        return
    rows = conn.execute(
        select(
            S.c.claim_id,
            func.count().label("n"),
            func.sum(case((S.c.claim_stance == DISPUTES, 1), else_=0)).label("disputes"),
            func.count(func.distinct(S.c.article_pk)).label("articles"),
        )
        .where(S.c.claim_id.in_(sorted(claim_ids)))
        .group_by(S.c.claim_id)
    ).all()
    carried = carriers(claim_ids)
    spread = {
        r.claim_id: r
        for r in conn.execute(
            select(
                carried.c.claim_id,
                func.count(func.distinct(func.coalesce(carried.c.outlet, ""))).label("outlets"),
                func.min(carried.c.day).label("first"),
                func.max(carried.c.day).label("last"),
            ).group_by(carried.c.claim_id)
        )
    }
    conn.execute(
        update(C)
        .where(C.c.id == bindparam("cid"))
        .values(
            statements=bindparam("n"),
            disputes=bindparam("d"),
            articles=bindparam("a"),
            outlets=bindparam("o"),
            first_seen=bindparam("f"),
            last_seen=bindparam("l"),
        ),
        [
            {
                "cid": r.claim_id,
                "n": r.n,
                "d": int(r.disputes or 0),
                "a": r.articles,
                "o": spread[r.claim_id].outlets,
                "f": spread[r.claim_id].first,
                "l": spread[r.claim_id].last,
            }
            for r in rows
        ],
    )
