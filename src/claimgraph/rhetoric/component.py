"""The ``claimgraph_rhetoric`` component: cue classes and loaded language (placeholder)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("claimgraph_rhetoric")
def claimgraph_rhetoric(doc: Doc) -> Doc:
    doc._.loaded = []
    return doc
