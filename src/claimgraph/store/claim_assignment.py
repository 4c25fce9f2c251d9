"""Claims assignment: stored statements given their claims, incrementally.

The assignment works through the statements that have no claim yet, in the order they were
stored, a batch per transaction: each statement gets its vectors (``claims.encoder``, kept in
``statement_vectors``; the pair model names the encoders), its nearest stored statements
come from the vector index (``claims.index``, in this process, topped up from the table),
each such pair gets its probability of sharing a claim (``claims.models``) and is kept
as an edge (``claim_edges``), and the part of the edge graph the batch touches is clustered
again (``claims.assign``): its claims, their stances, labels and propositions, and the
competing links between claims (``claim_links``, ``claims.competing``). The claims depend on
the graph, not on the order statements came in. A batch commits whole, so a run killed part
way resumes where it stopped, and a store made before claims existed gets its claims the
same way. One assigner runs at a time per database (a PostgreSQL advisory
lock; SQLite's writer lock), and every decision reads the claims of neighbours from the
database, so two ingests into one store never see stale claims. Reading claims back is
``store.claims`` (no numpy there: the commands that only read never load the encoder).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sqlalchemy import Connection, bindparam, func, or_, select, update

from claimgraph.claims.assign import edge_probabilities, partition, view
from claimgraph.claims.competing import competing
from claimgraph.claims.encoder import Encoder, from_bytes, get_encoder, to_bytes, word_vectors
from claimgraph.claims.features import READ_CHARS, ClaimItem, item, wording
from claimgraph.claims.index import HNSW_FROM, ExactIndex, HnswIndex, VectorIndex
from claimgraph.claims.models import PairModel, shipped_model
from claimgraph.claims.pins import place, successors
from claimgraph.claims.stance import disputes_by_wording, stance
from claimgraph.errors import StoreError
from claimgraph.model import Proposition
from claimgraph.store import edits, locks, schema
from claimgraph.store.claims import refresh_counts
from claimgraph.store.locks import advisory_lock
from claimgraph.store.names import now

A, S, C = schema.articles, schema.statements, schema.claims
V, AB, E, L = schema.statement_vectors, schema.statement_about, schema.claim_edges, schema.claim_links
N, W = schema.statement_neighbours, schema.statement_wordings
BATCH = 200
K = 20  # nearest neighbours per statement: the candidate pairs
WIDE = 60  # how far around a new statement stored statements are checked for it
MAX_SEARCH = 5_000  # a wording carried more often than this loses its far neighbours
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
            if (
                saved.get("store") != self.identity
                or not self.identity
                or saved.get("model") != self.encoder.name
            ):
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
            meta = {
                "store": self.identity,
                "model": self.encoder.name,
                "through": self.through,
                "size": len(self.index),
            }
            target = self.path.with_suffix(".json")
            tmp = target.with_suffix(".json.tmp")
            tmp.write_text(json.dumps(meta), encoding="utf-8")
            tmp.replace(target)


def _lock(conn: Connection) -> None:
    advisory_lock(conn, locks.CLAIMS)


def _ensure_vectors(
    conn: Connection, pks: Sequence[int], contents: Mapping[int, str], encoder: Encoder
) -> None:
    """Encode and store the vectors these statements lack for ``encoder``."""
    have = {
        pk
        for (pk,) in conn.execute(
            select(V.c.statement_pk).where(V.c.statement_pk.in_(list(pks)), V.c.model == encoder.name)
        )
    }
    missing = [pk for pk in pks if pk not in have]
    if missing:
        vectors = encoder.encode([contents[pk][:READ_CHARS] for pk in missing])
        conn.execute(
            V.insert(),
            [
                {"statement_pk": pk, "model": encoder.name, "vector": to_bytes(v)}
                for pk, v in zip(missing, vectors, strict=True)
            ],
        )


def _vectors(conn: Connection, pks: Sequence[int], encoder: Encoder) -> dict[int, np.ndarray]:
    found: dict[int, np.ndarray] = {}
    for chunk in _chunks(sorted(pks)):
        rows = conn.execute(
            select(V.c.statement_pk, V.c.vector).where(V.c.statement_pk.in_(chunk), V.c.model == encoder.name)
        ).all()
        for (pk, _), vector in zip(rows, from_bytes([r.vector for r in rows], encoder.dim), strict=True):
            found[pk] = vector
    return found


def _chunks(values: Sequence[int], size: int = 500) -> list[list[int]]:
    """IN lists stay far below PostgreSQL's 65,535 parameters."""
    return [list(values[i : i + size]) for i in range(0, len(values), size)]


def claim_items(conn: Connection, pks: Iterable[int]) -> dict[int, ClaimItem]:
    """What the decision reads of each statement, keyed by its pk."""
    found: dict[int, ClaimItem] = {}
    for chunk in _chunks(sorted(pks)):
        rows = conn.execute(
            select(
                S.c.pk,
                S.c.article_pk,
                S.c.content,
                S.c.content_start,
                S.c.content_end,
                S.c.local_id,
                S.c.cue_lemma,
                S.c.cue_class,
                S.c.negated,
                S.c.speaker_name,
                S.c.proposition,
                A.c.content_hash,
                A.c.published_date,
            )
            .join(A, S.c.article_pk == A.c.pk)
            .where(S.c.pk.in_(chunk))
        ).all()
        about: dict[int, list[str]] = {r.pk: [] for r in rows}
        for pk, name in conn.execute(
            select(AB.c.statement_pk, AB.c.name).where(AB.c.statement_pk.in_(chunk)).order_by(AB.c.position)
        ):
            about[pk].append(name)
        for r in rows:
            found[r.pk] = item(
                (r.content_hash, r.content_start, r.content_end, r.local_id),
                str(r.article_pk),
                r.content,
                speaker=r.speaker_name,
                published=r.published_date,
                about=tuple(about[r.pk]),
                proposition=Proposition.from_dict(json.loads(r.proposition)) if r.proposition else None,
                negated=bool(r.negated),
                # A denial cue in either language (the cue lexicons class them) or falsity wording.
                disputing=r.cue_class == "denial" or disputes_by_wording(r.cue_lemma, r.content),
            )
    return found


def _edges_among(conn: Connection, pks: set[int]) -> dict[tuple[int, int], float]:
    found: dict[tuple[int, int], float] = {}
    for chunk in _chunks(sorted(pks)):
        for a, b, p in conn.execute(select(E.c.a_pk, E.c.b_pk, E.c.p).where(E.c.a_pk.in_(chunk))):
            if b in pks:
                found[(a, b)] = p
    return found


def component(conn: Connection, seeds: set[int], cap: int) -> set[int]:
    """The statements reachable from ``seeds`` over the candidate edges and shared wordings, at
    most about ``cap`` (a component past that is cut: its far end is clustered when a batch
    reaches it, and its claims are then what that part of the graph gives)."""
    seen, frontier = set(seeds), set(seeds)
    while frontier and len(seen) < cap:
        reached: set[int] = set()
        for chunk in _chunks(sorted(frontier)):
            for a, b in conn.execute(
                select(E.c.a_pk, E.c.b_pk).where(or_(E.c.a_pk.in_(chunk), E.c.b_pk.in_(chunk)))
            ):
                reached.update((a, b))
            same = select(W.c.wording).where(W.c.pk.in_(chunk)).scalar_subquery()
            reached.update(conn.execute(select(W.c.pk).where(W.c.wording.in_(same))).scalars())
            if len(seen | reached) >= cap:
                break
        frontier = set(sorted(reached - seen)[: max(cap - len(seen), 0)])
        seen |= frontier
    return seen


MAX_COMPONENT = 3000


def _neighbour_lists(conn: Connection, pks: Sequence[int]) -> dict[int, list[tuple[int, float]]]:
    """Each statement's stored nearest neighbours (other pk, cosine)."""
    found: dict[int, list[tuple[int, float]]] = {pk: [] for pk in pks}
    for chunk in _chunks(sorted(pks)):
        for pk, other, cosine in conn.execute(
            select(N.c.pk, N.c.other_pk, N.c.cosine).where(N.c.pk.in_(chunk))
        ):
            found[pk].append((other, cosine))
    return found


def _wordings(conn: Connection, pks: Sequence[int]) -> dict[int, str]:
    found: dict[int, str] = {}
    for chunk in _chunks(sorted(pks)):
        found.update(conn.execute(select(W.c.pk, W.c.wording).where(W.c.pk.in_(chunk))).all())
    return found


def _ensure_wordings(conn: Connection, pks: Sequence[int]) -> None:
    """Give these statements their wording rows where they have none. A content of fewer than
    ``MIN_WORDS`` words has a wording of its own (its pk): it is nobody's copy."""
    have = set(_wordings(conn, pks))
    missing = sorted(set(pks) - have)
    for chunk in _chunks(missing):
        rows = conn.execute(select(S.c.pk, S.c.content).where(S.c.pk.in_(chunk))).all()
        if rows:
            conn.execute(
                W.insert(), [{"pk": pk, "wording": wording(content) or f"#{pk}"} for pk, content in rows]
            )


def _copies(conn: Connection, wordings: set[str]) -> dict[str, int]:
    """How many statements have each wording."""
    counts: dict[str, int] = {}
    for chunk in range(0, len(wordings), 500):
        part = sorted(wordings)[chunk : chunk + 500]
        counts.update(
            conn.execute(
                select(W.c.wording, func.count()).where(W.c.wording.in_(part)).group_by(W.c.wording)
            ).all()
        )
    return counts


def _nearest(
    conn: Connection,
    index: VectorIndex,
    vectors: Mapping[int, np.ndarray],
    wordings: Mapping[int, str],
    copies: Mapping[str, int],
    pks: Sequence[int],
    k: int,
) -> dict[int, list[tuple[int, float]]]:
    """Each statement's ``k`` nearest statements of another wording (those of the same
    wording are the same vector: they are one node of the claims graph, never each other's
    neighbours)."""
    wanted = {pk: min(k + copies.get(wordings[pk], 1), MAX_SEARCH) for pk in pks}
    found: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    # One search per size asked (almost all ask k + 1: a wording with no copies).
    for size in sorted(set(wanted.values())):
        group = [pk for pk in pks if wanted[pk] == size]
        hits = index.search_many(np.array([vectors[pk] for pk in group]), size)
        found.update(zip(group, hits, strict=True))
    others = _wordings(conn, sorted({int(o) for keys, _ in found.values() for o in keys}))
    return {
        pk: [(int(o), float(c)) for o, c in zip(ks, cs, strict=True) if others.get(int(o)) != wordings[pk]][
            :k
        ]
        for pk, (ks, cs) in found.items()
    }


def _refresh_neighbours(
    conn: Connection,
    index: VectorIndex,
    vectors: Mapping[int, np.ndarray],
    wordings: Mapping[int, str],
    copies: Mapping[str, int],
    pks: Sequence[int],
) -> None:
    """Store each statement's ``K`` nearest statements of other wordings, as the index finds
    them now."""
    for chunk in _chunks(sorted(pks)):
        conn.execute(N.delete().where(N.c.pk.in_(chunk)))
    near = _nearest(conn, index, vectors, wordings, copies, pks, K)
    rows = [{"pk": pk, "other_pk": other, "cosine": cosine} for pk in pks for other, cosine in near[pk]]
    if rows:
        conn.execute(N.insert(), rows)


def _candidates(conn: Connection, pks: set[int]) -> set[tuple[int, int]]:
    """The candidate pairs touching ``pks``: x and y are candidates when either is among the
    other's nearest neighbours (a symmetric rule: it does not depend on which came first)."""
    pairs: set[tuple[int, int]] = set()
    for chunk in _chunks(sorted(pks)):
        for a, b in conn.execute(
            select(N.c.pk, N.c.other_pk).where(or_(N.c.pk.in_(chunk), N.c.other_pk.in_(chunk)))
        ):
            pairs.add((min(a, b), max(a, b)))
    return pairs


def assign_batch(
    conn: Connection, cache: VectorCache, model: PairModel | None = None, batch: int = BATCH
) -> int:
    """Give up to ``batch`` statements without a claim (oldest stored first) their claims;
    returns how many (0: none was waiting).

    Candidates are pairs where either statement is among the other's ``K`` nearest (kept in
    ``statement_neighbours``): the new statements' lists are made, and so are again the lists
    of stored statements a new one now belongs in (found among its ``WIDE`` nearest, against
    each one's ``K``-th cosine). Every candidate pair touching a changed list gets its
    probability (``claims.models``) and is kept as an edge when it reaches the model's
    floor; then the part of the edge graph they touch is clustered again (``recluster``).
    The graph, and so the claims, are those of the corpus, whatever order it came in (up to
    a stored statement whose list a new one enters from beyond its ``WIDE`` nearest)."""
    model = model or shipped_model()
    _lock(conn)
    rows = conn.execute(
        select(S.c.pk, S.c.content).where(S.c.claim_id.is_(None)).order_by(S.c.pk).limit(batch)
    ).all()
    if not rows:
        return 0
    pending = [r.pk for r in rows]
    contents = {r.pk: r.content for r in rows}
    encoders = [get_encoder(name) for name in model.encoders]
    for encoder in encoders:
        _ensure_vectors(conn, pending, contents, encoder)
    index = cache.top_up(conn)
    primary = _vectors(conn, pending, encoders[0])
    _ensure_wordings(conn, pending)
    wordings = _wordings(conn, pending)
    copies = _copies(conn, set(wordings.values()))
    near = _nearest(conn, index, primary, wordings, copies, pending, WIDE)
    nearby = sorted({o for found in near.values() for o, _ in found} - set(pending))
    lists = _neighbour_lists(conn, nearby)
    changed = set(pending)
    for found in near.values():
        for other, cosine in found:
            mine = lists.get(other)
            if mine is not None and (len(mine) < K or cosine >= min(c for _, c in mine)):
                changed.add(other)
    vectors = {**primary, **_vectors(conn, sorted(changed - set(pending)), encoders[0])}
    _ensure_wordings(conn, sorted(changed - set(pending)))
    wordings.update(_wordings(conn, sorted(changed - set(pending))))
    copies.update(_copies(conn, set(wordings.values()) - set(copies)))
    before = _candidates(conn, changed)
    _refresh_neighbours(conn, index, vectors, wordings, copies, sorted(changed))
    pairs = sorted(_candidates(conn, changed))
    involved = sorted({pk for pair in pairs for pk in pair} | changed)
    items = claim_items(conn, involved)
    first = _vectors(conn, involved, encoders[0])
    second = _vectors(conn, involved, encoders[1]) if len(encoders) > 1 else {}
    position = {pk: n for n, pk in enumerate(involved)}
    candidates = [
        (
            position[a],
            position[b],
            float(first[a] @ first[b]),
            float(second[a] @ second[b]) if a in second and b in second else None,
        )
        for a, b in pairs
        if a in items and b in items and a in first and b in first
    ]
    edges = edge_probabilities([items[pk] for pk in involved], candidates, model, word_vectors())
    for chunk in _chunks(sorted(changed)):
        conn.execute(E.delete().where(or_(E.c.a_pk.in_(chunk), E.c.b_pk.in_(chunk))))
    if edges:
        conn.execute(
            E.insert(),
            [{"a_pk": involved[i], "b_pk": involved[j], "p": p} for (i, j), p in sorted(edges.items())],
        )
    # Statements that lost a candidate pair may now belong elsewhere: their part is redone too.
    seeds = changed | {pk for pair in before for pk in pair}
    recluster(conn, component(conn, seeds, MAX_COMPONENT), model)
    left = conn.execute(
        select(func.count()).select_from(S).where(S.c.pk.in_(pending), S.c.claim_id.is_(None))
    )
    if left.scalar():  # a statement the clustering did not place would be taken again for ever
        raise StoreError(f"claims: {len(pending)} statements were clustered but not all were given a claim")
    return len(rows)


def _group_edges(
    items: Mapping[int, ClaimItem],
    words: Mapping[tuple[str, int, int, str], str | None],
    stored: Mapping[tuple[int, int], float],
    vectors: Sequence[Mapping[int, np.ndarray]],
    model: PairModel,
) -> dict[tuple[tuple[str, int, int, str], tuple[str, int, int, str]], float]:
    """The edges between the graph's nodes, keyed by statement keys. Statements of one wording
    are one node, stood for by the copy with the smallest key; two nodes joined by any stored
    edge are decided on their representatives (the stored edge itself when it joins them
    already), so the edge does not depend on which copies happened to be each other's
    neighbours (that depends on the order they came in)."""
    rep: dict[str, int] = {}
    for pk, it in items.items():
        said = words[it.key]
        if said and (said not in rep or it.key < items[rep[said]].key):
            rep[said] = pk
    stand = {pk: rep.get(words[it.key] or "", pk) for pk, it in items.items()}
    pairs = sorted(
        {
            (min(stand[a], stand[b]), max(stand[a], stand[b]))
            for a, b in stored
            if a in stand and b in stand and stand[a] != stand[b]
        }
    )
    # A stored edge between two representatives was decided on them already (the same
    # features, the same model): only pairs that reach a node through another copy are new.
    found = {(a, b): stored[(a, b)] for a, b in pairs if (a, b) in stored}
    fresh = [(a, b) for a, b in pairs if (a, b) not in stored]
    nodes = sorted({pk for pair in fresh for pk in pair})
    position = {pk: n for n, pk in enumerate(nodes)}
    first = vectors[0] if vectors else {}
    second = vectors[1] if len(vectors) > 1 else {}
    candidates = [
        (
            position[a],
            position[b],
            float(first[a] @ first[b]),
            float(second[a] @ second[b]) if a in second and b in second else None,
        )
        for a, b in fresh
        if a in first and b in first
    ]
    decided = edge_probabilities([items[pk] for pk in nodes], candidates, model, word_vectors())
    found.update({(nodes[i], nodes[j]): p for (i, j), p in decided.items()})
    return {(items[a].key, items[b].key): p for (a, b), p in found.items()}


def recluster(conn: Connection, pks: set[int], model: PairModel) -> None:
    """Cluster these statements again into claims, keeping the ids of the claims they had
    where a new claim is mostly an old one; stances, labels, propositions, counts and
    competing links of every claim touched follow. Statements a fact-checker moved by hand
    (``store.edits`` pins) are left out of the clustering and put back into their claim or
    its successor (``claims.pins``); hand stances are put back over the computed ones."""
    pins = edits.pins_of(conn, pks)
    # Statements pinned to a claim this part holds come too: they follow it.
    pins.update(edits.pinned_to(conn, {c for c in _claims_of(conn, pks).values() if c is not None}))
    items = claim_items(conn, set(pks) - set(pins))
    by_key = {it.key: pk for pk, it in items.items()}
    words = {it.key: wording(it.content) for it in items.values()}
    encoders = [get_encoder(name) for name in model.encoders]
    vectors = [_vectors(conn, sorted(items), encoder) for encoder in encoders]
    edges = _group_edges(items, words, _edges_among(conn, set(items)), vectors, model)
    clusters = [
        [by_key[k] for k in members] for members in partition(list(by_key), edges, model.threshold, words)
    ]
    old = _claims_of(conn, items)
    ids = _keep_ids(clusters, old)
    was = _claims_of(conn, pins)
    part = set(items) | set(pins)
    into, stay = place(pins, clusters, ids, old, _held_elsewhere(conn, set(pins.values()), part))
    pinned = claim_items(conn, set(pins))
    gone = {c for c in (*old.values(), *was.values()) if c is not None} - {i for i in ids if i is not None}
    touched: set[int] = set()
    updates = []
    final: list[int] = []
    for n, (members, claim_id) in enumerate(zip(clusters, ids, strict=True)):
        rows = [
            np.array([found[pk] for pk in members]) for found in vectors if all(pk in found for pk in members)
        ]
        v = view([items[pk] for pk in members], rows, model.stance)
        label = by_key[v.label]
        proposition = items[label].proposition
        values = {
            "label": items[label].content,
            "founder_pk": label,
            "negated": v.negated,
            "proposition": json.dumps(
                {**(proposition.to_dict() if proposition else {}), "negated": v.negated}, ensure_ascii=False
            ),
        }
        if claim_id is None:
            claim_id = int(
                conn.execute(C.insert().values(created_at=now(), **values)).inserted_primary_key[0]
            )
        else:
            conn.execute(update(C).where(C.c.id == claim_id).values(**values))
        touched.add(claim_id)
        final.append(claim_id)
        updates += [{"spk": pk, "cid": claim_id, "st": v.stances[items[pk].key]} for pk in members]
        updates += [_pinned_update(pinned[pk], pk, claim_id, v.negated) for pk, at in into.items() if at == n]
    for pk, claim_id in sorted(stay.items()):
        negated = conn.execute(select(C.c.negated).where(C.c.id == claim_id)).scalar()
        if negated is None:  # the claim it was pinned to is gone: it becomes its own
            claim_id = own_claim(conn, pk, pinned[pk])
            negated = pinned[pk].negated
        touched.add(claim_id)
        updates.append(_pinned_update(pinned[pk], pk, claim_id, bool(negated)))
    if updates:
        conn.execute(
            update(S)
            .where(S.c.pk == bindparam("spk"))
            .values(claim_id=bindparam("cid"), claim_stance=bindparam("st")),
            updates,
        )
    touched |= edits.apply_hand_stances(conn, part)
    # Claims left without statements go (their pins and verdict pass to the claim that took
    # most of their statements); one a statement outside this part still holds stays.
    still = set()
    for chunk in _chunks(sorted(gone)):
        still |= set(conn.execute(select(S.c.claim_id).where(S.c.claim_id.in_(chunk)).distinct()).scalars())
    touched |= still
    empty = sorted(gone - still)
    after = successors(clusters, old)
    edits.follow(conn, {c: final[after[c]] for c in empty if c in after})
    edits.drop_verdicts(conn, empty)
    for chunk in _chunks(empty):
        conn.execute(L.delete().where(or_(L.c.a_id.in_(chunk), L.c.b_id.in_(chunk))))
        conn.execute(C.delete().where(C.c.id.in_(chunk)))
    refresh_counts(conn, touched)
    _link_competing(conn, touched)


def _claims_of(conn: Connection, pks: Iterable[int]) -> dict[int, int | None]:
    """Each statement's claim now."""
    found: dict[int, int | None] = {}
    for chunk in _chunks(sorted(pks)):
        found.update(conn.execute(select(S.c.pk, S.c.claim_id).where(S.c.pk.in_(chunk))).all())
    return found


def _held_elsewhere(conn: Connection, claim_ids: set[int], part: set[int]) -> frozenset[int]:
    """Those of ``claim_ids`` that statements outside ``part`` hold."""
    held = set()
    for chunk in _chunks(sorted(claim_ids)):
        for claim_id, pk in conn.execute(select(S.c.claim_id, S.c.pk).where(S.c.claim_id.in_(chunk))):
            if pk not in part:
                held.add(claim_id)
    return frozenset(held)


def _pinned_update(it: ClaimItem, pk: int, claim_id: int, claim_negated: bool) -> dict[str, object]:
    """A pinned statement in its claim, its stance by the rules (the learned stance model reads
    a claim's members together; a hand-moved statement is not one of them)."""
    return {"spk": pk, "cid": claim_id, "st": stance(it.negated, it.disputing, claim_negated)}


def own_claim(conn: Connection, pk: int, it: ClaimItem) -> int:
    """A new claim of this statement alone (a statement moved by hand to a claim of its own)."""
    proposition = it.proposition
    claim_id = int(conn.execute(C.insert().values(
        created_at=now(), label=it.content, founder_pk=pk, negated=it.negated,
        proposition=json.dumps({**(proposition.to_dict() if proposition else {}), "negated": it.negated},
                               ensure_ascii=False),
    )).inserted_primary_key[0])
    article_id, local_id = conn.execute(
        select(A.c.id, S.c.local_id).join(A, S.c.article_pk == A.c.pk).where(S.c.pk == pk)
    ).one()
    edits.set_pin(conn, article_id, local_id, claim_id)
    return claim_id


def _keep_ids(clusters: Sequence[Sequence[int]], old: Mapping[int, int | None]) -> list[int | None]:
    """For each new cluster, the old claim id it keeps (the one most of its members had, each
    old id kept once, biggest overlaps first), or None for a new claim."""
    overlaps = []
    for n, members in enumerate(clusters):
        counts: dict[int, int] = {}
        for pk in members:
            if old.get(pk) is not None:
                counts[old[pk]] = counts.get(old[pk], 0) + 1  # type: ignore[index]
        overlaps += [(-count, claim_id, n) for claim_id, count in counts.items()]
    ids: list[int | None] = [None] * len(clusters)
    used: set[int] = set()
    for _, claim_id, n in sorted(overlaps):
        if ids[n] is None and claim_id not in used:
            ids[n] = claim_id
            used.add(claim_id)
    return ids


def _link_competing(conn: Connection, claim_ids: set[int]) -> None:
    """Link each touched claim to the claims it competes with: joined by a candidate edge,
    and their propositions share a frame with a conflicting value (``claims.competing``)."""
    if not claim_ids:
        return
    ids = sorted(claim_ids)
    for chunk in _chunks(ids):
        conn.execute(L.delete().where(or_(L.c.a_id.in_(chunk), L.c.b_id.in_(chunk))))
    Sa, Sb = S.alias("sa"), S.alias("sb")
    neighbours: set[tuple[int, int]] = set()
    for chunk in _chunks(ids):
        for ca, cb in conn.execute(
            select(Sa.c.claim_id, Sb.c.claim_id)
            .select_from(E.join(Sa, Sa.c.pk == E.c.a_pk).join(Sb, Sb.c.pk == E.c.b_pk))
            .where(or_(Sa.c.claim_id.in_(chunk), Sb.c.claim_id.in_(chunk)), Sa.c.claim_id != Sb.c.claim_id)
            .distinct()
        ):
            neighbours.add((min(ca, cb), max(ca, cb)))
    if not neighbours:
        return
    wanted = sorted({c for pair in neighbours for c in pair})
    propositions: dict[int, Proposition | None] = {}
    for chunk in _chunks(wanted):
        for cid, text_ in conn.execute(select(C.c.id, C.c.proposition).where(C.c.id.in_(chunk))):
            propositions[cid] = Proposition.from_dict(json.loads(text_)) if text_ else None
    links = [
        {"a_id": a, "b_id": b, "kind": "competing"}
        for a, b in sorted(neighbours)
        if competing(propositions.get(a), propositions.get(b))
    ]
    if links:
        conn.execute(L.insert(), links)


def cache_path(url: str, database: str | None, cache_dir: Path | None, encoder: str) -> Path | None:
    """Where the HNSW index of a store lives: beside a SQLite file, else in ``cache_dir``."""
    import hashlib

    if database and url.startswith("sqlite") and database != ":memory:":
        return Path(f"{database}.{encoder}.claims-index")
    if cache_dir is not None:
        return cache_dir / f"{hashlib.sha256(url.encode()).hexdigest()[:16]}.{encoder}.claims-index"
    return None


def new_cache(encoder_name: str, path: Path | None = None) -> VectorCache:
    return VectorCache(get_encoder(encoder_name), encoder_name, path)
