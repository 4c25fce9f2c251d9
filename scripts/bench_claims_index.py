#!/usr/bin/env python
"""How fast the claims assignment finds a statement's candidate claims at 10k, 100k and 1M
stored statements (generated vectors), with the two indexes of ``claimgraph.claims.index``.

Vectors are 256-dimensional (WordLlama's) unit vectors shaped like sentence embeddings: a
decaying spectrum (most variance in few directions) and claims of 1 to 20 statements each
(a statement is its claim's centre plus noise). Each query is a new statement of a stored
claim, as at ingest. Printed per size: build time, memory, and per-lookup p50/p95 of the
exact numpy index and of the HNSW index (usearch, int8, the store's settings), with the
HNSW's recall of the exact nearest statement and how often a statement of the query's
claim is among the k=20 it returns (what the assignment needs). One run, one machine: the
machine is noisy, so compare within a run.

    .venv/bin/python scripts/bench_claims_index.py [--sizes 10000 100000 1000000] [--queries 200]
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
try:
    import claimgraph  # noqa: F401
except ModuleNotFoundError:
    sys.path.insert(0, str(ROOT / "src"))

DIM = 256
K = 20


def generate(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """(vectors, claim of each vector)."""
    sizes = np.minimum(rng.zipf(2.0, size=n), 20)
    claims = np.repeat(np.arange(len(sizes)), sizes)[:n]
    n_claims = int(claims.max()) + 1
    scale = (np.arange(1, DIM + 1) ** -0.7).astype(np.float32)
    basis = np.linalg.qr(rng.normal(size=(DIM, DIM)))[0].astype(np.float32)
    centres = (rng.normal(size=(n_claims, DIM)).astype(np.float32) * scale) @ basis
    vectors = np.empty((n, DIM), np.float32)
    for start in range(0, n, 100_000):
        stop = min(n, start + 100_000)
        noise = (rng.normal(size=(stop - start, DIM)).astype(np.float32) * scale) @ basis
        vectors[start:stop] = centres[claims[start:stop]] + 0.6 * noise
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors, claims


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentiles(times: list[float]) -> str:
    ms = np.array(times) * 1000
    return f"{np.percentile(ms, 50):7.2f} / {np.percentile(ms, 95):7.2f}"


def main() -> int:
    from claimgraph.claims.index import ExactIndex, HnswIndex

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    rng = np.random.default_rng(7)
    print(
        f"{'stored':>9} {'index':<6} {'build s':>8} {'RSS MB':>7} {'lookup ms p50 / p95':>20} "
        f"{'top-1 = exact':>14} {'claim in top-20':>16}"
    )
    for n in args.sizes:
        vectors, all_claims = generate(n + args.queries, rng)
        # Each query is a statement of a claim with other statements stored, held out.
        counts = np.bincount(all_claims)
        picked = rng.choice(np.flatnonzero(counts[all_claims] >= 2), size=args.queries, replace=False)
        keep = np.ones(len(vectors), bool)
        keep[picked] = False
        stored, queries = vectors[keep], vectors[picked]
        claims, query_claims = all_claims[keep], all_claims[picked]
        n = len(stored)
        keys = np.arange(n, dtype=np.int64)
        has_mate = np.isin(query_claims, claims)
        start = time.perf_counter()
        exact = ExactIndex(DIM)
        exact.add(keys, stored)
        exact_build = time.perf_counter() - start
        times, exact_top, mate = [], [], []
        for q, c, ok in zip(queries, query_claims, has_mate, strict=True):
            t = time.perf_counter()
            found, _ = exact.search(q, K)
            times.append(time.perf_counter() - t)
            exact_top.append(found[0])
            if ok:
                mate.append(bool(np.any(claims[found] == c)))
        print(
            f"{n:>9} {'exact':<6} {exact_build:>8.1f} {rss_mb():>7.0f} {percentiles(times):>20} "
            f"{1.0:>14.3f} {np.mean(mate):>16.3f}"
        )
        del exact
        start = time.perf_counter()
        hnsw = HnswIndex(DIM)
        hnsw._index.add(keys.astype(np.uint64), stored, threads=2)
        hnsw_build = time.perf_counter() - start
        times, same_top, mate = [], [], []
        for q, top, c, ok in zip(queries, exact_top, query_claims, has_mate, strict=True):
            t = time.perf_counter()
            found, _ = hnsw.search(q, K)
            times.append(time.perf_counter() - t)
            same_top.append(len(found) and found[0] == top)
            if ok:
                mate.append(bool(np.any(claims[found] == c)))
        print(
            f"{n:>9} {'hnsw':<6} {hnsw_build:>8.1f} {rss_mb():>7.0f} {percentiles(times):>20} "
            f"{np.mean(same_top):>14.3f} {np.mean(mate):>16.3f}"
        )
        del hnsw, vectors, stored
    return 0


if __name__ == "__main__":
    sys.exit(main())
