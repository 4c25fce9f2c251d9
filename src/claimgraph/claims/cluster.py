"""Statements into claims: average-link clustering over the candidate graph.

Nodes are statements, edges the candidate pairs with their probability of sharing a claim
(``claims.models``); a pair that is no edge counts as probability 0. Two clusters merge
while the mean probability over ALL their cross pairs reaches the threshold, best pair of
clusters first. A chain A-B-C whose ends have no edge does not become one claim (single
link would), and the result depends only on the graph: nodes are ordered by their stable
keys, never by the order they were stored in, so a corpus ingested in any order gives the
same claims.
"""

from __future__ import annotations

import heapq
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import TypeVar

K = TypeVar("K", bound=Hashable)


def components(nodes: Iterable[K], edges: Iterable[tuple[K, K]]) -> list[list[K]]:
    """Connected components (union-find), each sorted, in the order of their first node."""
    parent: dict[K, K] = {n: n for n in nodes}

    def find(x: K) -> K:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)  # type: ignore[type-var]
    groups: dict[K, list[K]] = {}
    for n in sorted(parent):  # type: ignore[type-var]
        groups.setdefault(find(n), []).append(n)
    return list(groups.values())


def average_link(nodes: Sequence[K], edges: Mapping[tuple[K, K], float], threshold: float) -> list[list[K]]:
    """Clusters of ``nodes`` (each sorted; clusters in the order of their smallest node).

    ``edges`` maps a pair (either order) to its probability; absent pairs count 0."""
    order = sorted(set(nodes))  # type: ignore[type-var]
    index = {n: i for i, n in enumerate(order)}
    members: dict[int, list[int]] = {i: [i] for i in range(len(order))}
    # Sum of edge probabilities between live clusters, sparse.
    links: dict[int, dict[int, float]] = {i: {} for i in members}
    for (a, b), p in edges.items():
        if a not in index or b not in index or a == b or p <= 0:
            continue
        i, j = index[a], index[b]
        links[i][j] = max(links[i].get(j, 0.0), p)  # a pair given twice counts once
        links[j][i] = links[i][j]
    heap: list[tuple[float, int, int]] = []
    for i, nbrs in links.items():
        for j, total in nbrs.items():
            if i < j and total >= threshold:
                heapq.heappush(heap, (-total, i, j))
    while heap:
        negative, i, j = heapq.heappop(heap)
        if i not in members or j not in members:
            continue
        total = links[i].get(j, 0.0)
        mean = total / (len(members[i]) * len(members[j]))
        if abs(-negative - mean) > 1e-12:
            continue  # stale entry; the current mean was pushed when it changed
        if mean < threshold:
            continue
        # Merge j into i (i < j keeps the smaller node's cluster id: deterministic).
        members[i].extend(members.pop(j))
        links[i].pop(j, None)
        for k, total_jk in links.pop(j).items():
            if k == i:
                continue
            links[k].pop(j, None)
            links[i][k] = links[i].get(k, 0.0) + total_jk
            links[k][i] = links[i][k]
        for k, total_ik in links[i].items():
            mean_ik = total_ik / (len(members[i]) * len(members[k]))
            if mean_ik >= threshold:
                heapq.heappush(heap, (-mean_ik, min(i, k), max(i, k)))
    clusters = [sorted(order[m] for m in ms) for ms in members.values()]
    return sorted(clusters, key=lambda c: c[0])  # type: ignore[no-any-return]
