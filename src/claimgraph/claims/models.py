"""The learned parts of claims: logistic regressions applied with numpy.

- ``PairModel``: the probability that two statements share a claim, over
  ``claims.features.FEATURES``; its ``threshold`` is the mean probability at which
  average-link merges two clusters, ``edge_floor`` the least probability kept as an edge,
  ``encoders`` the sentence encoders whose cosines are "cosine" and "cosine_second".
- ``StanceModel``: the probability that a statement disputes its claim, over
  ``claims.features.STANCE_FEATURES`` (the polarity and cue rules of ``claims.stance`` and how
  far the statement's wording sits from the claim's others: a counter-claim is in the claim
  it disputes while worded far from it).

The weights are one data file (``data/claim_models.json``) written by
``scripts/train_claims.py`` (``make train-claims`` rebuilds it from the stories in
``training/``); each model names its features, so weights fitted for other features are
refused rather than misread.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

import numpy as np

from claimgraph.claims.features import FEATURES, STANCE_FEATURES
from claimgraph.resources import data_text

MODEL_FILE = "claim_models.json"


@dataclass(frozen=True)
class Logistic:
    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    threshold: float

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        if not len(rows):
            return np.zeros(0)
        z = ((np.asarray(rows, np.float64) - self.mean) / self.scale) @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-z))

    def to_json(self) -> dict[str, Any]:
        return {
            "features": list(self.features),
            "mean": self.mean.tolist(),
            "scale": self.scale.tolist(),
            "coef": self.coef.tolist(),
            "intercept": self.intercept,
            "threshold": self.threshold,
        }

    @staticmethod
    def parts(data: dict[str, Any], expected: tuple[str, ...]) -> dict[str, Any]:
        features = tuple(data["features"])
        if features != expected:
            raise ValueError(f"a claims model was fitted for other features: {features}")
        return {
            "features": features,
            "mean": np.array(data["mean"], np.float64),
            "scale": np.array(data["scale"], np.float64),
            "coef": np.array(data["coef"], np.float64),
            "intercept": float(data["intercept"]),
            "threshold": float(data["threshold"]),
        }


@dataclass(frozen=True)
class StanceModel(Logistic):
    @classmethod
    def from_json(cls, data: dict[str, Any]) -> StanceModel:
        return cls(**Logistic.parts(data, STANCE_FEATURES))


@dataclass(frozen=True)
class PairModel(Logistic):
    edge_floor: float = 0.1
    encoders: tuple[str, ...] = ("wordllama",)
    stance: StanceModel | None = None

    def with_threshold(self, threshold: float) -> PairModel:
        return replace(self, threshold=threshold)

    def to_json(self) -> dict[str, Any]:
        return {
            "source": "scripts/train_claims.py: logistic regressions fitted on labelled statements of "
            "the stories in training/stories/fit and ../shared claims-dev and claims-real-dev",
            "pair": {**super().to_json(), "edge_floor": self.edge_floor, "encoders": list(self.encoders)},
            "stance": self.stance.to_json() if self.stance else None,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PairModel:
        pair = data["pair"]
        return cls(
            **Logistic.parts(pair, FEATURES),
            edge_floor=float(pair["edge_floor"]),
            encoders=tuple(pair["encoders"]),
            stance=StanceModel.from_json(data["stance"]) if data.get("stance") else None,
        )


@lru_cache(maxsize=1)
def shipped_model() -> PairModel:
    return PairModel.from_json(json.loads(data_text(MODEL_FILE)))
