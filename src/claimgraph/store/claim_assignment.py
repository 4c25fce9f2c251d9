"""Claims assignment: stored statements given their claims, incrementally.

The assignment works through the statements that have no claim yet, in the order they were
stored, a batch per transaction: each statement gets a vector (``claims.encoder``, kept in
``statement_vectors``), its nearest stored statements come from the vector index
(``claims.index``, in this process, topped up from the table), and it joins the claim of the
best of them or founds a claim (``claims.assign``), with a stance (``claims.stance``). A new
day of news only adds to what is there; nothing is re-clustered. A batch commits whole, so
a run killed part way resumes where it stopped, and a store made before claims existed gets
its claims the same way. One assigner runs at a time per database (a PostgreSQL advisory
lock; SQLite's writer lock), and every decision reads the claims of neighbours from the
database, so two ingests into one store never see stale claims. Reading claims back is
``store.claims`` (no numpy there: the commands that only read never load the encoder).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import Connection, bindparam, func, select, update

from claimgraph.claims.assign import ClaimParams, Incoming, Neighbour, choose_claim
from claimgraph.claims.encoder import DEFAULT_ENCODER, Encoder, from_bytes, get_encoder, to_bytes
from claimgraph.claims.index import HNSW_FROM, ExactIndex, HnswIndex, VectorIndex
from claimgraph.claims.stance import stance
from claimgraph.store import locks, schema
from claimgraph.store.claims import refresh_counts
from claimgraph.store.locks import advisory_lock
from claimgraph.store.names import now

A, S, C = schema.articles, schema.statements, schema.claims
V, AB = schema.statement_vectors, schema.statement_about
BATCH = 200
READ_PAGE = 20_000


@dataclass
class VectorCache:
    """The store's vector index in this process: ``through`` is the last vector row (``seq``)
    it holds. An HNSW index is saved beside a SQLite store (or in ``cache_dir``) with that key,
    the store's identity and its size, and reopened by the next run instead of being rebuilt
    when all three show it is this store's."""

    encoder: Encoder
    encoder_name: str
    path: Path | None = None
    index: VectorIndex | None = None
    through: int = 0
    identity: str = ""  # the store's (schema.store_identity), recorded with the saved index

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
        self.identity = str(conn.execute(select(schema.store_identity.c.identity)).scalar() or "")
        saved = self._saved(conn)
        if saved is not None:
            index, self.through = saved
            return index
        self.path.unlink(missing_ok=True)
        self.path.with_suffix(".json").unlink(missing_ok=True)
        return HnswIndex(self.encoder.dim, self.path)

    def _saved(self, conn: Connection) -> tuple[HnswIndex, int] | None:
        """The cached index when it is provably this store's: the metadata names this store's
        identity and model, and the index holds exactly the vectors stored up to ``through``."""
        assert self.path is not None
        try:
            saved = json.loads(self.path.with_suffix(".json").read_text(encoding="utf-8"))
            through, size = int(saved["through"]), int(saved["size"])
            if (saved.get("store") != self.identity or not self.identity
                    or saved.get("model") != self.encoder.name):
                return None
            stored = conn.execute(
                select(func.count()).select_from(V).where(V.c.seq <= through, V.c.model == self.encoder.name)
            ).scalar()
            if stored != size:
                return None
            index = HnswIndex(self.encoder.dim, self.path)
        except (OSError, ValueError, KeyError, TypeError, RuntimeError):
            return None  # unreadable metadata or index file: rebuilt
        return (index, through) if len(index) == size else None

    def save(self) -> None:
        """The index, then its metadata, each written to a temporary and renamed: a kill between
        the two leaves metadata that does not match the index, which ``_saved`` refuses."""
        if isinstance(self.index, HnswIndex) and self.path is not None:
            self.index.save()
            meta = {"store": self.identity, "model": self.encoder.name, "through": self.through,
                    "size": len(self.index)}
            target = self.path.with_suffix(".json")
            tmp = target.with_suffix(".json.tmp")
            tmp.write_text(json.dumps(meta), encoding="utf-8")
            tmp.replace(target)


def _lock(conn: Connection) -> None:
    advisory_lock(conn, locks.CLAIMS)


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
        # Best first; equal cosines (identical wordings) by the older statement, whatever
        # order the index returned them in, so the choice among ties is reproducible.
        for key, cosine in sorted(zip(keys, sims, strict=True), key=lambda pair: (-pair[1], int(pair[0]))):
            other = known.get(int(key))
            claim = given.get(int(key)) or (other.claim if other else None)
            if other is None or int(key) == row.pk or claim is None:
                continue
            neighbours.append(Neighbour(claim, float(cosine), other.article, other.content, other.speaker,
                                        other.about, other.published))
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


def cache_path(url: str, database: str | None, cache_dir: Path | None, encoder: str) -> Path | None:
    """Where the HNSW index of a store lives: beside a SQLite file, else in ``cache_dir``."""
    import hashlib

    if database and url.startswith("sqlite") and database != ":memory:":
        return Path(f"{database}.{encoder}.claims-index")
    if cache_dir is not None:
        return cache_dir / f"{hashlib.sha256(url.encode()).hexdigest()[:16]}.{encoder}.claims-index"
    return None


def new_cache(encoder_name: str = DEFAULT_ENCODER, path: Path | None = None) -> VectorCache:
    return VectorCache(get_encoder(encoder_name), encoder_name, path)


