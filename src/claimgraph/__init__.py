"""claimgraph: who said what, about whom, and how the outlet told it.

The records (``claimgraph.model``) import at once; ``analyze`` and ``load_pipeline`` load
spaCy on first use, so tools that only read a store start fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from claimgraph.model import (
    About,
    Analysis,
    Article,
    ClaimRef,
    Cue,
    Entity,
    LoadedSpan,
    Mention,
    Span,
    Speaker,
    Statement,
)
from claimgraph.options import AnalysisOptions

if TYPE_CHECKING:
    from claimgraph.pipeline import analyze, analyze_batch, load_pipeline

__all__ = [
    "About",
    "Analysis",
    "AnalysisOptions",
    "Article",
    "ClaimRef",
    "Cue",
    "Entity",
    "LoadedSpan",
    "Mention",
    "Span",
    "Speaker",
    "Statement",
    "analyze",
    "analyze_batch",
    "load_pipeline",
]
__version__ = "0.2.0"

_PIPELINE_NAMES = ("analyze", "analyze_batch", "load_pipeline")


def __getattr__(name: str) -> Any:
    if name in _PIPELINE_NAMES:
        from claimgraph import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'claimgraph' has no attribute {name!r}")
