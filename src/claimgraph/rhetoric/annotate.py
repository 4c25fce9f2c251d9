"""Cue classes and loaded language of one document (the ``claimgraph_rhetoric`` component).

Runs after attribution: sets ``cue.cls`` on every statement and finds the loaded words of
the whole text, each marked "quoted" (inside a statement's content: ``statement`` is its id; or inside
quotation marks that no statement covers: ``statement`` is None) or "narrator" (the
outlet's own words). The cue words themselves are not loaded language:
their stance is the cue class.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from claimgraph.model import LoadedSpan, Statement
from claimgraph.rhetoric.cues import classify_cue
from claimgraph.rhetoric.loaded import Tok, assign_voices, find_loaded, overlaps, quoted_ranges

# Entity types whose words are names, not word choices ("Supreme Court", "Great Britain").
NAME_TYPES = frozenset(
    {"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "EVENT", "WORK_OF_ART", "LAW", "PRODUCT"}
)


def doc_tokens(doc: Doc) -> list[Tok]:
    return [Tok(t.text, t.idx, t.lemma_, t.tag_, t.ent_type_ in NAME_TYPES) for t in doc if not t.is_space]


_NEXT_WORD = re.compile(r"[^\S\n]*([A-Za-z]+)")


def classify_statements(statements: list[Statement], text: str = "") -> None:
    """Set ``cue.cls`` on every statement that has a cue (the word after it may make a phrase)."""
    for statement in statements:
        cue = statement.cue
        if cue is None:
            continue
        after = _NEXT_WORD.match(text, cue.end) if 0 <= cue.end <= len(text) else None
        cue.cls = classify_cue(cue.lemma, cue.text, after.group(1) if after else None)


def mark_loaded(text: str, tokens: list[Tok], statements: list[Statement]) -> list[LoadedSpan]:
    cues = [(s.cue.start, s.cue.end) for s in statements if s.cue is not None]
    spans = [span for span in find_loaded(tokens, text) if not overlaps(span, cues)]
    contents = [(s.content.start, s.content.end, s.id) for s in statements]
    return assign_voices(spans, contents, quoted_ranges(text))
