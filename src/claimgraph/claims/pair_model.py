"""The learned same-claim decision: a logistic regression over ``claims.features``.

The weights are a data file (``data/claim_pair_model.json``) written by
``scripts/train_claims.py`` (``make train-claims`` rebuilds it from the stories in
``training/``); this module only reads them and applies them, with numpy. The file names its
features, so weights fitted for another set of features are refused rather than misread.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from claimgraph.claims.features import FEATURES
from claimgraph.resources import data_text

MODEL_FILE = "claim_pair_model.json"


@dataclass(frozen=True)
class PairModel:
    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    threshold: float  # average-link merges clusters whose mean probability reaches this
    edge_floor: float  # pairs below this probability are not kept as candidate edges
    encoders: tuple[str, ...]  # the encoders whose cosines are "cosine" and "cosine_second"

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        """P(same claim) for each row of features."""
        if not len(rows):
            return np.zeros(0)
        z = ((np.asarray(rows, np.float64) - self.mean) / self.scale) @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-z))

    def to_json(self) -> dict[str, object]:
        return {
            "features": list(self.features),
            "mean": self.mean.tolist(),
            "scale": self.scale.tolist(),
            "coef": self.coef.tolist(),
            "intercept": self.intercept,
            "threshold": self.threshold,
            "edge_floor": self.edge_floor,
            "encoders": list(self.encoders),
            "source": "scripts/train_claims.py: logistic regression on labelled statement pairs of "
            "the stories in training/stories/fit and ../shared claims-dev and claims-real-dev",
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> PairModel:
        features = tuple(data["features"])  # type: ignore[arg-type]
        if features != FEATURES:
            raise ValueError(f"the claim pair model was fitted for other features: {features}")
        return cls(
            features=features,
            mean=np.array(data["mean"], np.float64),
            scale=np.array(data["scale"], np.float64),
            coef=np.array(data["coef"], np.float64),
            intercept=float(data["intercept"]),  # type: ignore[arg-type]
            threshold=float(data["threshold"]),  # type: ignore[arg-type]
            edge_floor=float(data["edge_floor"]),  # type: ignore[arg-type]
            encoders=tuple(data["encoders"]),  # type: ignore[arg-type]
        )


@lru_cache(maxsize=1)
def shipped_model() -> PairModel:
    return PairModel.from_json(json.loads(data_text(MODEL_FILE)))
