"""The ``claimgraph`` spaCy component: statements with resolved speakers on ``doc._.statements``."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from claimgraph.attribution.extract import extract_statements
from claimgraph.speakers.resolve import resolve_speakers

for _name in ("statements", "entities", "loaded"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


@Language.component("claimgraph")
def claimgraph_component(doc: Doc) -> Doc:
    candidates = extract_statements(doc)
    doc._.statements, doc._.entities = resolve_speakers(doc, candidates)
    if doc._.loaded is None:
        doc._.loaded = []
    return doc
