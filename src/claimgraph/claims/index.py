"""Nearest stored statements of a new one, behind one small interface.

``VectorIndex`` is all the claims assignment asks of an index: add keyed vectors, search the
``k`` nearest (cosine) of one vector. Two implementations live in this process over the
vectors the store keeps (either database): ``ExactIndex`` (numpy, exact; the default below
``HNSW_FROM`` statements) and ``HnswIndex`` (usearch HNSW, approximate, int8, saved to a cache
file beside the store so that an ingest does not rebuild it). A database-side index
(pgvector, for PostgreSQL installations that have it) would be a third class with the same
three methods. ``scripts/bench_claims_index.py`` times a lookup at 10k, 100k and 1M.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

import numpy as np

HNSW_FROM = 50_000


class VectorIndex(Protocol):
    def add(self, keys: np.ndarray, vectors: np.ndarray) -> None:
        """Add unit ``vectors`` (float32, n x dim) under integer ``keys`` (statement keys)."""

    def search(self, vector: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """The keys of the ``k`` nearest stored vectors and their cosines, best first."""

    def search_many(self, vectors: np.ndarray, k: int) -> list[tuple[np.ndarray, np.ndarray]]:
        """``search`` for each row of ``vectors`` (n x dim), in one pass over the index."""

    def __len__(self) -> int: ...


class ExactIndex:
    """A float32 matrix grown in place; a search is one matrix product."""

    BLOCK = 256  # queries per product: 256 x 50,000 cosines is 51 MB of float32

    def __init__(self, dim: int) -> None:
        self.dim = dim
        self._keys = np.zeros(0, np.int64)
        self._vectors = np.zeros((0, dim), np.float32)
        self._size = 0

    def __len__(self) -> int:
        return self._size

    def add(self, keys: np.ndarray, vectors: np.ndarray) -> None:
        n = len(keys)
        if not n:
            return
        if self._size + n > len(self._keys):
            room = max(1024, 2 * (self._size + n))
            self._keys = np.resize(self._keys, room)
            grown = np.zeros((room, self.dim), np.float32)
            grown[: self._size] = self._vectors[: self._size]
            self._vectors = grown
        self._keys[self._size : self._size + n] = keys
        self._vectors[self._size : self._size + n] = vectors
        self._size += n

    def search(self, vector: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        return self.search_many(np.asarray(vector, np.float32).reshape(1, -1), k)[0]

    def search_many(self, vectors: np.ndarray, k: int) -> list[tuple[np.ndarray, np.ndarray]]:
        queries = np.asarray(vectors, np.float32).reshape(-1, self.dim)
        if not self._size:
            return [(np.zeros(0, np.int64), np.zeros(0, np.float32)) for _ in queries]
        k = min(k, self._size)
        found = []
        # A block of queries per matrix product: thousands of lookups (the lists a batch of new
        # statements enters) cost one pass over the stored vectors per block, not one each.
        for start in range(0, len(queries), self.BLOCK):
            sims = queries[start : start + self.BLOCK] @ self._vectors[: self._size].T
            top = np.argpartition(-sims, k - 1, axis=1)[:, :k]
            for row, picked in zip(sims, top, strict=True):
                best = picked[np.argsort(-row[picked])]
                found.append((self._keys[best].copy(), row[best]))
        return found


class HnswIndex:
    """usearch's HNSW graph over int8-quantised vectors (cosine); ``path`` keeps it on disk."""

    CONNECTIVITY = 32
    EXPANSION_ADD = 128
    EXPANSION_SEARCH = 256

    def __init__(self, dim: int, path: Path | None = None) -> None:
        from usearch.index import Index

        self.dim = dim
        self.path = path
        self._index = Index(
            ndim=dim,
            metric="cos",
            dtype="i8",
            connectivity=self.CONNECTIVITY,
            expansion_add=self.EXPANSION_ADD,
            expansion_search=self.EXPANSION_SEARCH,
        )
        if path is not None and path.exists():
            self._index.load(str(path))

    def __len__(self) -> int:
        return len(self._index)

    def add(self, keys: np.ndarray, vectors: np.ndarray) -> None:
        # One thread: vectors inserted in parallel give a different graph each time, so an
        # index topped up after a kill, or rebuilt, would find other neighbours (and claims)
        # than the one built batch by batch; in one thread the graph depends on the order only.
        if len(keys):
            self._index.add(np.asarray(keys, np.uint64), np.asarray(vectors, np.float32), threads=1)

    def search(self, vector: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        return self.search_many(np.asarray(vector, np.float32).reshape(1, -1), k)[0]

    def search_many(self, vectors: np.ndarray, k: int) -> list[tuple[np.ndarray, np.ndarray]]:
        queries = np.asarray(vectors, np.float32).reshape(-1, self.dim)
        if not len(self._index) or not len(queries):
            return [(np.zeros(0, np.int64), np.zeros(0, np.float32)) for _ in queries]
        found = self._index.search(queries, k)
        keys = np.asarray(found.keys, np.int64).reshape(len(queries), -1)
        distances = np.asarray(found.distances, np.float32).reshape(len(queries), -1)
        # One query gives usearch's single Matches (all its rows found), several a BatchMatches
        # whose rows past a query's count are padding (not numbers to compute with).
        counts = np.asarray(getattr(found, "counts", [keys.shape[1]])).reshape(-1)
        return [(keys[n, : counts[n]].copy(), 1.0 - distances[n, : counts[n]]) for n in range(len(queries))]

    def save(self) -> None:
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(self.path.suffix + ".tmp")
            self._index.save(str(tmp))
            tmp.replace(self.path)
