"""The claims graph for Gephi and networkx: speakers, claims and outlets as nodes; who
asserts and who disputes each claim, and which outlets report it, as edges with dates.

``claimgraph export --format gexf|graphml OUT`` writes it. Node ids say what a node is
("speaker:12", "claim:c3", "outlet:Daily Bugle"); every node has ``kind`` and ``label``;
every edge has ``relation`` (asserts, disputes, reports; competes, between two claims with
the same frame and a conflicting value), ``statements`` (how many) and ``first``/``last``
(publication days), plus ``start``/``end`` for Gephi's timeline.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import networkx as nx

from claimgraph.store.store import Store

PAGE = 500


def _claims(store: Store, **filters: Any) -> Iterator[dict[str, Any]]:
    offset = 0
    while True:
        page = store.claims(limit=PAGE, offset=offset, sort="first", **filters)
        yield from page
        if len(page) < PAGE:
            return
        offset += PAGE


def _edge(graph: nx.MultiDiGraph, source: str, target: str, relation: str, day: str | None) -> None:
    if graph.has_edge(source, target, key=relation):
        data = graph.edges[source, target, relation]
        data["statements"] += 1
        if day:
            data["first"] = min(filter(None, (data["first"], day)))
            data["last"] = max(filter(None, (data["last"], day)))
    else:
        graph.add_edge(
            source, target, key=relation, relation=relation, statements=1, first=day or "", last=day or ""
        )


def claims_graph(store: Store, **filters: Any) -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph(name="claimgraph")
    rivals: list[tuple[str, str, str | None]] = []  # competing claims, linked once both are nodes
    for claim in _claims(store, **filters):
        node = f"claim:{claim['id']}"
        rivals += [(node, f"claim:{r['id']}", claim.get("first_seen")) for r in claim.get("competing") or []]
        counts = claim["counts"]
        graph.add_node(
            node,
            kind="claim",
            label=claim["label"][:200],
            first=claim.get("first_seen") or "",
            statements=counts["statements"],
            articles=counts["articles"],
            disputes=counts["disputes"],
        )
        for st in claim["statements"]:
            day = ((st.get("article") or {}).get("published") or "")[:10] or None
            outlet = (st.get("article") or {}).get("outlet") or "(unknown)"
            graph.add_node(f"outlet:{outlet}", kind="outlet", label=outlet)
            _edge(graph, f"outlet:{outlet}", node, "reports", day)
            speaker_id, name = st.get("speaker_id"), (st.get("speaker") or {}).get("name")
            if speaker_id is not None and name:
                graph.add_node(f"speaker:{speaker_id}", kind="speaker", label=name)
                _edge(graph, f"speaker:{speaker_id}", node, st.get("stance") or "asserts", day)
    for node, rival, day in rivals:
        if rival in graph and not graph.has_edge(rival, node, key="competes"):
            _edge(graph, node, rival, "competes", day)
    for _, _, data in graph.edges(data=True):
        data["start"], data["end"] = data["first"], data["last"]
    return graph


def write_graph(store: Store, out: str, fmt: str, **filters: Any) -> int:
    """Write the graph as GEXF or GraphML to ``out``; returns the number of claims."""
    graph = claims_graph(store, **filters)
    if fmt == "gexf":
        nx.write_gexf(graph, out)
    else:
        nx.write_graphml(graph, out)
    return sum(1 for _, kind in graph.nodes(data="kind") if kind == "claim")
