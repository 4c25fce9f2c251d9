"""store/claim_assignment.py: the claims' vector index cached beside the store is used only
when it is provably this store's (same identity, same vectors), else rebuilt."""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from claimgraph.claims.encoder import to_bytes
from claimgraph.claims.index import HnswIndex
from claimgraph.store import Store, claim_assignment
from claimgraph.store.claim_assignment import VectorCache

DIM = 16


@dataclass
class _Encoder:
    name: str = "test-16"
    dim: int = DIM


@pytest.fixture(autouse=True)
def _hnsw_from_ten(monkeypatch):
    monkeypatch.setattr(claim_assignment, "HNSW_FROM", 10)


def _vectors(seed: int, n: int) -> np.ndarray:
    rows = np.random.default_rng(seed).normal(size=(n, DIM)).astype(np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def _store_vectors(db: Path, first_pk: int, vectors: np.ndarray) -> None:
    """Vector rows for statements ``first_pk``... (the statements themselves are not needed)."""
    conn = sqlite3.connect(db)  # foreign keys off: sqlite3's default
    with conn:
        conn.executemany("INSERT INTO statement_vectors (statement_pk, model, vector) VALUES (?, ?, ?)",
                         [(first_pk + n, _Encoder.name, to_bytes(v)) for n, v in enumerate(vectors)])
    conn.close()


def _index(store: Store, path: Path) -> VectorCache:
    """A fresh process's cache: opened from what is on disk, topped up, saved."""
    cache = VectorCache(_Encoder(), _Encoder.name, path)  # type: ignore[arg-type]
    with store.engine.connect() as conn:
        cache.top_up(conn)
    cache.save()
    return cache


def _nearest(cache: VectorCache, vector: np.ndarray) -> tuple[int, float]:
    assert cache.index is not None
    keys, sims = cache.index.search(vector, 1)
    return int(keys[0]), float(sims[0])


def test_a_new_store_at_the_same_path_does_not_take_the_old_stores_index(tmp_path):
    db = tmp_path / "news.db"
    path = tmp_path / "news.db.test.claims-index"
    with Store.open(str(db)) as old:
        _store_vectors(db, 1, _vectors(1, 20))
        assert isinstance(_index(old, path).index, HnswIndex) and path.exists()
    db.unlink()
    fresh_vectors = _vectors(2, 20)
    with Store.open(str(db)) as fresh:  # same path, same size, other statements
        _store_vectors(db, 1, fresh_vectors)
        cache = _index(fresh, path)
    for pk, vector in enumerate(fresh_vectors, start=1):
        key, sim = _nearest(cache, vector)
        assert key == pk and sim > 0.95


def test_an_index_saved_without_its_metadata_is_rebuilt_not_topped_up_twice(tmp_path, monkeypatch):
    db = tmp_path / "news.db"
    path = tmp_path / "news.db.test.claims-index"
    meta = path.with_suffix(".json")
    vectors = _vectors(3, 30)
    with Store.open(str(db)) as store:
        _store_vectors(db, 1, vectors[:20])
        _index(store, path)
        earlier_meta = meta.read_bytes()
        _store_vectors(db, 21, vectors[20:])
        _index(store, path)
        # A kill between the two files' writes: the index holds 30, its metadata says 20.
        meta.write_bytes(earlier_meta)
        cache = _index(store, path)  # raised "Duplicate keys not allowed" here
    assert cache.index is not None and len(cache.index) == 30
    assert _nearest(cache, vectors[25])[0] == 26


def test_a_copied_store_keeps_its_identity_and_its_cache(tmp_path):
    db = tmp_path / "news.db"
    path = tmp_path / "news.db.test.claims-index"
    with Store.open(str(db)) as store:
        _store_vectors(db, 1, _vectors(4, 20))
        _index(store, path)
    saved = path.read_bytes()
    copy = tmp_path / "copy.db"
    copied_index = tmp_path / "copy.db.test.claims-index"
    shutil.copy(db, copy)
    shutil.copy(path, copied_index)
    shutil.copy(path.with_suffix(".json"), copied_index.with_suffix(".json"))
    with Store.open(str(copy)) as store:
        cache = _index(store, copied_index)
    assert cache.through == 20 and copied_index.read_bytes() == saved


def test_a_corrupt_index_file_is_rebuilt(tmp_path):
    db = tmp_path / "news.db"
    path = tmp_path / "news.db.test.claims-index"
    vectors = _vectors(5, 20)
    with Store.open(str(db)) as store:
        _store_vectors(db, 1, vectors)
        _index(store, path)
        path.write_bytes(path.read_bytes()[:100])
        cache = _index(store, path)
    assert cache.index is not None and len(cache.index) == 20
    assert _nearest(cache, vectors[7])[0] == 8


def test_one_speaker_saying_a_thousand_things_is_no_bin(tmp_path):
    """Every statement shares its speaker, the strongest signal after the wording, and many
    share all but a number or a place (scripts/check_one_speaker.py runs it at 10,000): all
    are placed, none is lost, and no claim gathers a tenth of them."""
    import random
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
    from check_one_speaker import article

    rng = random.Random(5)
    store = Store.open(str(tmp_path / "one.db"))
    try:
        for n in range(100):
            store.add_analysis(article(n, rng), claims=False)
        assert store.assign_claims() == 1000
        statements = store.statements(limit=None)
        assert len(statements) == 1000 and all(st["claim"] for st in statements)
        claims = store.claims(limit=None, with_statements=False)
        assert sum(c["counts"]["statements"] for c in claims) == 1000
        assert max(c["counts"]["statements"] for c in claims) < 100
    finally:
        store.close()
