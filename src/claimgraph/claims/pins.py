"""Hand-moved statements ("pins") placed among freshly clustered claims, pure.

A fact-checker who moves a statement to a claim pins it there: reclustering leaves pinned
statements out of the clustering (they neither join nor bridge claims) and puts each back
into the claim it was pinned to, or, when that claim's statements were clustered into
another claim this time, into the claim that took most of them (its successor).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def successors(clusters: Sequence[Sequence[int]], old: Mapping[int, int | None]) -> dict[int, int]:
    """For each old claim id, the new cluster (its index) holding most of its statements
    (ties: the first cluster)."""
    counts: dict[int, dict[int, int]] = {}
    for n, members in enumerate(clusters):
        for pk in members:
            claim_id = old.get(pk)
            if claim_id is not None:
                counts.setdefault(claim_id, {}).setdefault(n, 0)
                counts[claim_id][n] += 1
    return {claim_id: min(by, key=lambda n: (-by[n], n)) for claim_id, by in counts.items()}


def place(
    pins: Mapping[int, int],
    clusters: Sequence[Sequence[int]],
    ids: Sequence[int | None],
    old: Mapping[int, int | None],
    held_elsewhere: frozenset[int] = frozenset(),
) -> tuple[dict[int, int], dict[int, int]]:
    """Where each pinned statement goes: (pinned pk -> cluster index, for those whose claim
    is among the clusters by id or by successor; pinned pk -> claim id, for those whose
    claim was not clustered here, or still has statements outside this part
    (``held_elsewhere``), and stays as it is)."""
    by_id = {claim_id: n for n, claim_id in enumerate(ids) if claim_id is not None}
    after = successors(clusters, old)
    into: dict[int, int] = {}
    stay: dict[int, int] = {}
    for pk, claim_id in sorted(pins.items()):
        if claim_id in by_id:
            into[pk] = by_id[claim_id]
        elif claim_id in after and claim_id not in held_elsewhere:
            into[pk] = after[claim_id]
        else:
            stay[pk] = claim_id
    return into, stay
