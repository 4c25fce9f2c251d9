"""claimgraph: who said what, about whom, and how the outlet told it."""

from claimgraph.model import (
    Analysis,
    Article,
    Cue,
    Entity,
    LoadedSpan,
    Mention,
    Span,
    Speaker,
    Statement,
)
from claimgraph.pipeline import analyze, analyze_many, load_pipeline

__all__ = [
    "Analysis",
    "Article",
    "Cue",
    "Entity",
    "LoadedSpan",
    "Mention",
    "Span",
    "Speaker",
    "Statement",
    "analyze",
    "analyze_many",
    "load_pipeline",
]
__version__ = "0.1.0"
