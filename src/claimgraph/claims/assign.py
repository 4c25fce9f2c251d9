"""Which statements share a claim, and how each stands to it: the decision, pure.

1. **Candidates.** Each statement's ``k`` nearest statements by the primary encoder's cosine
   (the vector index in the store; all pairs of a small set here).
2. **Edges.** Each candidate pair gets its probability of sharing a claim from the learned
   pair model (``claims.models`` over ``claims.features``: wording, speaker, article,
   and the two propositions' subject, predicate, object, numbers, places, polarity); pairs
   below the model's ``edge_floor`` are dropped.
3. **Claims.** Average-link clustering over the edges (``claims.cluster``), component by
   component: no claim grows by chaining nearest neighbours, and the result does not depend
   on the order statements came in.
4. **Stance and label.** A claim's proposition is positive unless every statement that
   states it (rather than denies it) is negative; each statement asserts or disputes that
   proposition by its own polarity and its cue (``claims.stance``), never by which
   statement came first; where the learned stance model is given (``claims.models``), it
   also reads how far a statement's wording sits from the claim's others (a counter-claim).
   The label is the clearest wording among the earliest published statements that assert
   it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from claimgraph.claims.cluster import average_link, components
from claimgraph.claims.features import (
    ClaimItem,
    WordVectors,
    pair_features,
    soft_overlaps,
    stance_features,
    word_matrix,
)
from claimgraph.claims.models import PairModel, StanceModel
from claimgraph.claims.stance import ASSERTS, DISPUTES

Key = tuple[str, int, int, str]  # (article content hash, start, end, statement id)
MIN_WORDS = 3


@dataclass(frozen=True)
class ClaimView:
    """A claim's members read together: its polarity, each member's stance, its label."""

    members: tuple[Key, ...]
    negated: bool
    stances: Mapping[Key, str]
    label: Key


def top_pairs(vectors: np.ndarray, k: int) -> list[tuple[int, int, float]]:
    """Each row's ``k`` nearest other rows (cosine; unit rows), as (i, j, cosine) with i < j."""
    n = len(vectors)
    if n < 2:
        return []
    sims = vectors @ vectors.T
    np.fill_diagonal(sims, -np.inf)
    k = min(k, n - 1)
    found: dict[tuple[int, int], float] = {}
    for i in range(n):
        for j in np.argpartition(-sims[i], k - 1)[:k]:
            a, b = (i, int(j)) if i < j else (int(j), i)
            found[(a, b)] = float(sims[a, b])
    return [(a, b, c) for (a, b), c in sorted(found.items())]


def too_short(item: ClaimItem) -> bool:
    """A content of fewer than ``MIN_WORDS`` words ("No.", "Absolutely") says too little to
    share a claim with anything but its own words."""
    return item.words < MIN_WORDS  # counted once per statement: pairs are many, contents long


def pair_rows(
    items: Sequence[ClaimItem],
    pairs: Sequence[tuple[int, int, float, float | None]],
    word_vectors: WordVectors | None = None,
) -> tuple[list[tuple[int, int]], list[list[float] | None]]:
    """The candidate pairs worth deciding and their features; a pair of too-short contents is
    kept only when both say the same words (its row is None: certain)."""
    decided: list[tuple[int, int, float, float | None]] = []
    kept: list[tuple[int, int]] = []
    rows: list[list[float] | None] = []
    for i, j, cosine, second in pairs:
        a, b = items[i], items[j]
        if too_short(a) or too_short(b):
            if a.content_words and a.content.lower().split() == b.content.lower().split():
                kept.append((i, j))
                rows.append(None)
            continue
        decided.append((i, j, cosine, second))
    soft = _soft_overlaps(items, [(i, j) for i, j, _, _ in decided], word_vectors)
    for (i, j, cosine, second), overlap in zip(decided, soft, strict=True):
        kept.append((i, j))
        rows.append(pair_features(items[i], items[j], cosine, second, overlap))
    return kept, rows


def _soft_overlaps(
    items: Sequence[ClaimItem], pairs: Sequence[tuple[int, int]], word_vectors: WordVectors | None
) -> list[float]:
    """``features.soft_overlaps`` of each pair, one matrix product per statement and its partners."""
    matrices = {n: word_matrix(items[n], word_vectors) for n in sorted({n for pair in pairs for n in pair})}
    partners: dict[int, list[int]] = {}
    for at, (i, _) in enumerate(pairs):
        partners.setdefault(i, []).append(at)
    out = [0.0] * len(pairs)
    for i, ats in partners.items():
        values = soft_overlaps(matrices[i], [matrices[pairs[at][1]] for at in ats])
        for at, value in zip(ats, values, strict=True):
            out[at] = value
    return out


def edges_from_rows(
    kept: Sequence[tuple[int, int]], rows: Sequence[list[float] | None], model: PairModel
) -> dict[tuple[int, int], float]:
    """The pairs whose probability reaches the model's edge floor, with it."""
    features = np.array([r for r in rows if r is not None], np.float64)
    probs = iter(model.probabilities(features)) if len(features) else iter(())
    out: dict[tuple[int, int], float] = {}
    for pair, row in zip(kept, rows, strict=True):
        p = 1.0 if row is None else float(next(probs))
        if p >= model.edge_floor:
            out[pair] = p
    return out


def edge_probabilities(
    items: Sequence[ClaimItem],
    pairs: Sequence[tuple[int, int, float, float | None]],
    model: PairModel,
    word_vectors: WordVectors | None = None,
) -> dict[tuple[int, int], float]:
    """P(same claim) for each candidate pair (i, j, cosine, second cosine) kept as an edge."""
    return edges_from_rows(*pair_rows(items, pairs, word_vectors), model)


def partition(
    keys: Sequence[Key],
    edges: Mapping[tuple[Key, Key], float],
    threshold: float,
    wordings: Mapping[Key, str | None] | None = None,
) -> list[list[Key]]:
    """Claims over ``keys``: average-link inside each connected component of the edges.

    Statements of one wording (``wordings``: key -> ``features.wording``) are one node, the
    first by key standing for them, with the mean of their edges to each other node: a quote
    carried by a hundred outlets is one claim and counts once, not a hundred times, in the
    averages."""
    stand: dict[Key, Key] = {}
    if wordings:
        first: dict[str, Key] = {}
        for key in sorted(keys):
            said = wordings.get(key)
            stand[key] = first.setdefault(said, key) if said else key
    nodes = sorted({stand.get(k, k) for k in keys})
    sums: dict[tuple[Key, Key], list[float]] = {}
    for (a, b), p in edges.items():
        a, b = stand.get(a, a), stand.get(b, b)
        if a != b:
            sums.setdefault((min(a, b), max(a, b)), []).append(p)
    merged = {pair: sum(ps) / len(ps) for pair, ps in sums.items()}
    members: dict[Key, list[Key]] = {}
    for key in keys:
        members.setdefault(stand.get(key, key), []).append(key)
    claims: list[list[Key]] = []
    for component in components(nodes, merged.keys()):
        if len(component) == 1:
            found = [component]
        else:
            inside = set(component)
            found = average_link(
                component, {pair: p for pair, p in merged.items() if pair[0] in inside}, threshold
            )
        claims += [sorted(k for node in cluster for k in members[node]) for cluster in found]
    return sorted(claims, key=lambda c: c[0])


_QUESTION_END = re.compile(r"\?[\s\"'\u201d\u2019\u00bb)]*$")
_INDIRECT_QUESTION = re.compile(r"^whether\b", re.IGNORECASE)


def _asks(item: ClaimItem) -> bool:
    """The content is a question: it ends with a question mark, or is an indirect question
    ("whether the dam held"). Russian "ли" is left out: "вряд ли" and "едва ли" hedge a
    statement rather than ask."""
    text = item.content.strip()
    return bool(_QUESTION_END.search(text) or _INDIRECT_QUESTION.match(text))


def _clarity(item: ClaimItem) -> tuple[int, int]:
    """Higher is clearer: a proposition with its subject and predicate, 8-30 words."""
    p = item.proposition
    parts = int(bool(p and p.subject)) + int(bool(p and p.predicate))
    words = item.words
    return parts, -abs(min(max(words, 8), 30) - words)


def view(
    members: Sequence[ClaimItem],
    vectors: Sequence[np.ndarray] = (),
    stance_model: StanceModel | None = None,
) -> ClaimView:
    """The claim these statements make: polarity, stances, label (see the module doc).

    With ``vectors`` (the members' rows of the primary and, if any, second encoder) and a
    ``stance_model``, a member disputes when the learned model says so; else by the rules."""
    from claimgraph.claims.stance import stance

    stating = [m for m in members if not m.disputing]
    negated = bool(stating) and all(m.negated for m in stating)
    rule = {m.key: stance(m.negated, m.disputing, negated) for m in members}
    asserting = [m for m in members if rule[m.key] == ASSERTS] or list(members)
    # A question asks about the claim but states nothing: it labels a claim only when
    # nothing else there does ("Did she pay the tax?" beside "she paid no tax").
    asserting = [m for m in asserting if not _asks(m)] or asserting
    earliest = min((m.published or "9999") for m in asserting)
    first = [m for m in asserting if (m.published or "9999") == earliest]
    label = max(first, key=lambda m: (_clarity(m), tuple(-ord(c) for c in m.key[0]), -m.key[1]))
    stances = dict(rule)
    if stance_model is not None and vectors and len(members) > 1:
        at = next(i for i, m in enumerate(members) if m.key == label.key)
        rows = stance_features(
            members,
            vectors[0],
            vectors[1] if len(vectors) > 1 else None,
            negated,
            at,
            [rule[m.key] == DISPUTES for m in members],
        )
        for m, p in zip(members, stance_model.probabilities(rows), strict=True):
            stances[m.key] = DISPUTES if p >= stance_model.threshold else ASSERTS
    return ClaimView(tuple(m.key for m in members), negated, stances, label.key)


__all__ = ["ASSERTS", "DISPUTES", "ClaimView", "edge_probabilities", "partition", "top_pairs", "view"]
