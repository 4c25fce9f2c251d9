"""Claims in the store: stored statements assigned to claims, incrementally, and read back.

The assignment works through the statements that have no claim yet, in the order they were
stored, a batch per transaction: each statement gets a vector (``claims.encoder``, kept in
``statement_vectors``), its nearest stored statements come from the vector index
(``claims.index``, in this process, topped up from the table), and it joins the claim of the
best of them or founds a claim (``claims.assign``), with a stance (``claims.stance``). A new
day of news only adds to what is there; nothing is re-clustered. A batch commits whole, so
a run killed part way resumes where it stopped, and a store made before claims existed gets
its claims the same way. One assigner runs at a time per database (a PostgreSQL advisory
lock; SQLite's writer lock), and every decision reads the claims of neighbours from the
database, so two ingests into one store never see stale claims.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import Connection, bindparam, case, func, select, text, union_all, update

from claimgraph.claims.assign import ClaimParams, Incoming, Neighbour, choose_claim
from claimgraph.claims.encoder import DEFAULT_ENCODER, Encoder, from_bytes, get_encoder, to_bytes
from claimgraph.claims.index import HNSW_FROM, ExactIndex, HnswIndex, VectorIndex
from claimgraph.claims.stance import DISPUTES, stance
from claimgraph.store import schema
from claimgraph.store.names import now

A, S, C = schema.articles, schema.statements, schema.claims
V, AB = schema.statement_vectors, schema.statement_about
# Any constant: the PostgreSQL advisory lock held while a transaction assigns claims.
_PG_CLAIMS_LOCK = 0x636C6743
BATCH = 200
READ_PAGE = 20_000


@dataclass
class VectorCache:
    """The store's vector index in this process: ``through`` is the last vector row (``seq``)
    it holds. An HNSW index is saved beside a SQLite store (or in ``cache_dir``) with that key,
    and reopened by the next run instead of being rebuilt."""

    encoder: Encoder
    encoder_name: str
    path: Path | None = None
    index: VectorIndex | None = None
    through: int = 0

    def top_up(self, conn: Connection) -> VectorIndex:
        """Add every stored vector the index does not hold yet."""
        if self.index is None:
            self.index = self._open(conn)
        model = self.encoder.name
        while True:
            rows = conn.execute(
                select(V.c.seq, V.c.statement_pk, V.c.vector)
                .where(V.c.seq > self.through, V.c.model == model)
                .order_by(V.c.seq)
                .limit(READ_PAGE)
            ).all()
            if not rows:
                return self.index
            keys = np.array([r.statement_pk for r in rows], np.int64)
            self.index.add(keys, from_bytes([r.vector for r in rows], self.encoder.dim))
            self.through = int(rows[-1].seq)

    def _open(self, conn: Connection) -> VectorIndex:
        count = int(conn.execute(select(func.count()).select_from(V)).scalar() or 0)
        if count < HNSW_FROM or self.path is None:
            return ExactIndex(self.encoder.dim)
        meta = self.path.with_suffix(".json")
        newest = int(conn.execute(select(func.max(V.c.seq))).scalar() or 0)
        try:
            saved = json.loads(meta.read_text(encoding="utf-8"))
            if saved.get("model") != self.encoder.name or int(saved["through"]) > newest:
                raise ValueError("stale")
            self.through = int(saved["through"])
            return HnswIndex(self.encoder.dim, self.path)
        except (OSError, ValueError, KeyError):
            self.path.unlink(missing_ok=True)
            return HnswIndex(self.encoder.dim, self.path)

    def save(self) -> None:
        if isinstance(self.index, HnswIndex) and self.path is not None:
            self.index.save()
            meta = {"model": self.encoder.name, "through": self.through}
            self.path.with_suffix(".json").write_text(json.dumps(meta), encoding="utf-8")


def _lock(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_CLAIMS_LOCK})


def pending_count(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(S).where(S.c.claim_id.is_(None))).scalar() or 0)


def _about_names(conn: Connection, pks: Sequence[int]) -> dict[int, tuple[tuple[str, str], ...]]:
    """Each statement's about entries as (name, role), in order."""
    names: dict[int, list[tuple[str, str]]] = {pk: [] for pk in pks}
    if pks:
        rows = conn.execute(
            select(AB.c.statement_pk, AB.c.name, AB.c.role)
            .where(AB.c.statement_pk.in_(pks))
            .order_by(AB.c.position)
        )
        for pk, name, role in rows:
            names[pk].append((name, role))
    return {pk: tuple(v) for pk, v in names.items()}


def _ensure_vectors(conn: Connection, rows: Sequence[Any], encoder: Encoder) -> None:
    """Encode and store the vectors the batch's statements lack."""
    have = {
        pk
        for (pk,) in conn.execute(
            select(V.c.statement_pk).where(
                V.c.statement_pk.in_([r.pk for r in rows]), V.c.model == encoder.name
            )
        )
    }
    missing = [r for r in rows if r.pk not in have]
    if missing:
        vectors = encoder.encode([r.content for r in missing])
        conn.execute(
            V.insert(),
            [
                {"statement_pk": r.pk, "model": encoder.name, "vector": to_bytes(v)}
                for r, v in zip(missing, vectors, strict=True)
            ],
        )


@dataclass
class _Known:
    """What the decision reads of a stored statement, fetched once per batch."""

    claim: int | None
    article: int
    content: str
    speaker: str | None
    about: tuple[tuple[str, str], ...]
    published: str | None


def _known(conn: Connection, pks: Sequence[int]) -> dict[int, _Known]:
    rows = conn.execute(
        select(S.c.pk, S.c.claim_id, S.c.article_pk, S.c.content, S.c.speaker_name, A.c.published_date)
        .join(A, S.c.article_pk == A.c.pk)
        .where(S.c.pk.in_(list(pks)))
    ).all()
    about = _about_names(conn, [r.pk for r in rows])
    return {
        r.pk: _Known(r.claim_id, r.article_pk, r.content, r.speaker_name, about[r.pk], r.published_date)
        for r in rows
    }


def assign_batch(conn: Connection, cache: VectorCache, params: ClaimParams, batch: int = BATCH) -> int:
    """Assign claims to up to ``batch`` statements without one, oldest stored first;
    returns how many (0: none was waiting).

    The batch's neighbours are searched and read in one go (a few queries per batch, not per
    statement); claims given within the batch are kept in ``given``, so a statement sees the
    ones assigned before it exactly as if each had been read back from the database."""
    _lock(conn)
    rows = conn.execute(
        select(
            S.c.pk,
            S.c.article_pk,
            S.c.content,
            S.c.cue_lemma,
            S.c.negated,
            S.c.speaker_name,
            A.c.published_date,
        )
        .join(A, S.c.article_pk == A.c.pk)
        .where(S.c.claim_id.is_(None))
        .order_by(S.c.pk)
        .limit(batch)
    ).all()
    if not rows:
        return 0
    _ensure_vectors(conn, rows, cache.encoder)
    index = cache.top_up(conn)
    pks = [r.pk for r in rows]
    blobs = conn.execute(
        select(V.c.vector)
        .where(V.c.statement_pk.in_(pks), V.c.model == cache.encoder.name)
        .order_by(V.c.statement_pk)
    ).scalars()
    vectors = dict(zip(pks, from_bytes(list(blobs), cache.encoder.dim), strict=True))
    found = {pk: index.search(vectors[pk], params.k + 1) for pk in pks}
    known = _known(conn, sorted({int(k) for keys, _ in found.values() for k in keys} | set(pks)))
    claims_met = sorted({k.claim for k in known.values() if k.claim})
    negated_claims: dict[int, bool] = {
        cid: bool(neg) for cid, neg in conn.execute(select(C.c.id, C.c.negated).where(C.c.id.in_(claims_met)))
    }
    given: dict[int, int] = {}  # statement pk -> claim id, in this batch
    stances: dict[int, str] = {}
    touched: set[int] = set()
    for row in rows:
        keys, sims = found[row.pk]
        neighbours = []
        for key, cosine in zip(keys, sims, strict=True):
            other = known.get(int(key))
            claim = given.get(int(key)) or (other.claim if other else None)
            if other is None or int(key) == row.pk or claim is None:
                continue
            neighbours.append(Neighbour(claim, float(cosine), other.article, other.content, other.speaker,
                                        other.about, other.published))
        neighbours.sort(key=lambda n: -n.cosine)
        me = known[row.pk]
        incoming = Incoming(row.article_pk, row.content, row.speaker_name, me.about, row.published_date,
                            neighbours)
        claim_id = choose_claim(incoming, params)
        if claim_id is None:
            claim_id = conn.execute(
                C.insert().values(
                    label=row.content,
                    founder_pk=row.pk,
                    negated=bool(row.negated),
                    first_seen=row.published_date,
                    last_seen=row.published_date,
                    created_at=now(),
                )
            ).inserted_primary_key[0]
            negated_claims[int(claim_id)] = bool(row.negated)
        position = stance(row.cue_lemma, row.content, bool(row.negated), negated_claims[int(claim_id)])
        given[row.pk] = int(claim_id)
        stances[row.pk] = position
        touched.add(int(claim_id))
    conn.execute(
        update(S)
        .where(S.c.pk == bindparam("spk"))
        .values(claim_id=bindparam("cid"), claim_stance=bindparam("st")),
        [{"spk": pk, "cid": cid, "st": stances[pk]} for pk, cid in given.items()],
    )
    refresh_counts(conn, touched)
    return len(rows)


def carriers(claim_ids: Sequence[int]) -> Any:
    """(claim_id, outlet, day) for every outlet carrying a statement of the given claims:
    the article's own, and every syndicated copy of it (``article_copies``)."""
    AC = schema.article_copies
    ids = sorted(claim_ids)
    return union_all(
        select(S.c.claim_id, A.c.outlet.label("outlet"), A.c.published_date.label("day"))
        .join(A, S.c.article_pk == A.c.pk)
        .where(S.c.claim_id.in_(ids)),
        select(S.c.claim_id, AC.c.outlet.label("outlet"), AC.c.published_date.label("day"))
        .join(AC, S.c.article_pk == AC.c.article_pk)
        .where(S.c.claim_id.in_(ids)),
    ).subquery()


def refresh_counts(conn: Connection, claim_ids: set[int]) -> None:
    """Statements, disputes, articles, outlets (copies too) and first/last seen of the given
    claims."""
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


def cache_path(url: str, database: str | None, cache_dir: Path | None, encoder: str) -> Path | None:
    """Where the HNSW index of a store lives: beside a SQLite file, else in ``cache_dir``."""
    import hashlib

    if database and url.startswith("sqlite") and database != ":memory:":
        return Path(f"{database}.{encoder}.claims-index")
    if cache_dir is not None:
        return cache_dir / f"{hashlib.sha256(url.encode()).hexdigest()[:16]}.{encoder}.claims-index"
    return None


def reset(conn: Connection) -> None:
    conn.execute(update(S).values(claim_id=None, claim_stance=None))
    conn.execute(C.delete())


Progress = Callable[[int, int], None]  # (statements assigned so far, waiting when started)


def new_cache(encoder_name: str = DEFAULT_ENCODER, path: Path | None = None) -> VectorCache:
    return VectorCache(get_encoder(encoder_name), encoder_name, path)


# -- reading ----------------------------------------------------------------------------------

SORTS = ("widespread", "contested", "newest", "first")


def _order(sort: str) -> list[Any]:
    if sort == "contested":
        return [C.c.disputes.desc(), C.c.articles.desc(), C.c.id]
    if sort == "newest":
        return [C.c.last_seen.desc().nulls_last(), C.c.id.desc()]
    if sort == "first":
        return [C.c.first_seen.asc().nulls_last(), C.c.id]
    return [C.c.articles.desc(), C.c.statements.desc(), C.c.first_seen.asc().nulls_last(), C.c.id]


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
) -> list[Any]:
    """Claims with a statement matching the statement-level filters (words, speaker, outlet,
    dates, article), about an entity named ``about``, disputed at least once, in at least
    ``min_articles`` articles."""
    from claimgraph.store.names import like_escape
    from claimgraph.store.queries import statement_filters

    where: list[Any] = []
    per_statement = {
        k: v
        for k, v in dict(
            search=search, speaker=speaker, outlet=outlet, since=since, until=until, article=article
        ).items()
        if v not in (None, "")
    }
    if per_statement:
        where.append(
            C.c.id.in_(
                select(S.c.claim_id)
                .select_from(S.join(A, S.c.article_pk == A.c.pk))
                .where(S.c.claim_id.is_not(None), *statement_filters(conn, **per_statement))
            )
        )
    if about:
        pattern = f"%{like_escape(about.lower())}%"
        where.append(
            C.c.id.in_(
                select(S.c.claim_id)
                .join(AB, AB.c.statement_pk == S.c.pk)
                .where(func.lower(AB.c.name).like(pattern, escape="\\"))
            )
        )
    if contested:
        where.append(C.c.disputes > 0)
    if min_articles:
        where.append(C.c.articles >= min_articles)
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
    if with_statements:
        statements = claim_statements(conn, ids)
        records = {row.id: claim_json(row, statements[row.id]) for row in rows}
        _add_copy_outlets(conn, records)
        return list(records.values())
    summaries = claim_summaries(conn, ids)
    return [{**claim_json(row, None), **summaries[row.id]} for row in rows]


def claim_summaries(conn: Connection, claim_ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """Who asserts and who disputes each claim, and which outlets carry it, counted in SQL
    (what a list of claims shows without reading their statements)."""
    found: dict[int, dict[str, Any]] = {
        cid: {"asserted_by": [], "disputed_by": [], "outlets": []} for cid in claim_ids
    }
    if not claim_ids:
        return found
    people = conn.execute(
        select(S.c.claim_id, S.c.claim_stance, S.c.speaker_name, func.min(S.c.speaker_id), func.count())
        .where(S.c.claim_id.in_(claim_ids), S.c.speaker_name.is_not(None))
        .group_by(S.c.claim_id, S.c.claim_stance, S.c.speaker_name)
    ).all()
    for cid, position, name, speaker_id, n in people:
        key = "disputed_by" if position == DISPUTES else "asserted_by"
        found[cid][key].append({"name": name, "speaker_id": speaker_id, "statements": int(n)})
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
    record = claim_json(row, claim_statements(conn, [claim_id])[claim_id])
    _add_copy_outlets(conn, {claim_id: record})
    return record


def _add_copy_outlets(conn: Connection, records: dict[int, dict[str, Any]]) -> None:
    """Add to each claim's ``outlets`` those that carried it only through a syndicated copy of
    an article (``copy: true``; they have no statements of their own)."""
    AC = schema.article_copies
    copies = conn.execute(
        select(S.c.claim_id, AC.c.outlet, func.min(AC.c.published_date), func.count())
        .join(S, S.c.article_pk == AC.c.article_pk)
        .where(S.c.claim_id.in_(sorted(records)))
        .group_by(S.c.claim_id, AC.c.outlet)
    ).all()
    for cid, outlet, first, n in copies:
        record = records[cid]
        name = outlet or "(unknown)"
        if name not in {o["outlet"] for o in record["outlets"]}:
            record["outlets"].append(
                {"outlet": name, "first_seen": first, "statements": int(n), "cue_classes": {}, "copy": True}
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


def _people(statements: list[dict[str, Any]], position: str) -> list[dict[str, Any]]:
    counts: dict[str, dict[str, Any]] = {}
    for st in statements:
        name = (st.get("speaker") or {}).get("name")
        if st.get("stance") == position and name:
            entry = counts.setdefault(
                name, {"name": name, "speaker_id": st.get("speaker_id"), "statements": 0}
            )
            entry["statements"] += 1
    return sorted(counts.values(), key=lambda e: (-e["statements"], e["name"]))


def claim_json(row: Any, statements: list[dict[str, Any]] | None) -> dict[str, Any]:
    """A claim as ``claimgraph claims --format json`` prints it (../shared/spec/claims.md)."""
    record: dict[str, Any] = {
        "id": f"c{row.id}",
        "label": row.label,
        # The founding wording's polarity: a statement of the other polarity disputes it.
        "polarity": "negative" if row.negated else "positive",
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
        record["asserted_by"] = _people(statements, "asserts")
        record["disputed_by"] = _people(statements, "disputes")
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
