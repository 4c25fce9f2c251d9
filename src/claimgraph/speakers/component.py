"""The ``claimgraph`` spaCy component: statements with resolved speakers on ``doc._.statements``.

Config: ``states`` (default false) also reports internal states and evidence
("she believes ...", "he wants to ...", "a poll shows ...") as statements whose
``act`` says which; by default only speech is reported.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from claimgraph.attribution.extract import extract_statements
from claimgraph.attribution.lexicon import Lexicon
from claimgraph.speakers.resolve import resolve_speakers

for _name in ("statements", "entities", "loaded"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


class StatementFinder:
    def __init__(self, states: bool = False):
        self.lexicon = Lexicon(states=states)

    def __call__(self, doc: Doc) -> Doc:
        candidates = extract_statements(doc, self.lexicon)
        doc._.statements, doc._.entities = resolve_speakers(doc, candidates)
        if doc._.loaded is None:
            doc._.loaded = []
        return doc


@Language.factory("claimgraph", default_config={"states": False})
def make_statement_finder(nlp: Language, name: str, states: bool) -> StatementFinder:
    return StatementFinder(states=states)
