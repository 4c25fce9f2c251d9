"""Is a statement's content negated? ("Ukraine does not target civilians", "nobody was hurt")

A negator counts when it negates the content's main clause: its head is a head of the
content (the verb the reported clause hangs on, or a sentence root inside a quotation), or
it is the determiner of that verb's subject or object ("no connection", "nobody is going
to"). Negators in relative clauses ("a dispute they had no say in"), in conjuncts and
contrasts ("facts, not opinions"), and inside fixed phrases that assert ("leaves no doubt",
"nothing but") or call something false ("has nothing to do with", which is a dispute by
itself: claims.stance) do not make the content negated. Word lists: data/negators.txt,
data/negation_idioms.txt, data/dispute_predicates.txt.
"""

from __future__ import annotations

import weakref
from bisect import bisect_left
from functools import lru_cache

from spacy.tokens import Doc

from claimgraph.resources import data_lines

_ARGUMENTS = frozenset({"nsubj", "nsubjpass", "dobj", "attr", "dative", "oprd", "expl"})
_NEGATING = frozenset({"neg", "advmod", "nsubj", "nsubjpass", "dobj", "attr", "npadvmod"})


@lru_cache(maxsize=1)
def negators() -> frozenset[str]:
    return frozenset(line.strip().lower() for line in data_lines("negators.txt"))


@lru_cache(maxsize=1)
def _fixed_phrases() -> tuple[tuple[str, ...], ...]:
    lines = data_lines("negation_idioms.txt") + data_lines("dispute_predicates.txt")
    return tuple(tuple(line.strip().lower().split()) for line in lines if line.strip())


class Negation:
    """The article's negators and fixed phrases, found once, so that each content is
    answered from the negators inside it rather than by reading it again (a sentence of
    nested reports holds hundreds of contents that run to its end)."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.negators = [t.i for t in doc if t.lower_ in negators()]
        lowered = [t.lower_ for t in doc]
        # negator word -> the fixed phrases (first word, end) that cover it
        self.phrases: dict[int, list[tuple[int, int]]] = {}
        for phrase in _fixed_phrases():
            if not negators().intersection(phrase):
                continue
            n = len(phrase)
            for i in range(len(lowered) - n + 1):
                if lowered[i] == phrase[0] and tuple(lowered[i : i + n]) == phrase:
                    for j in range(i, i + n):
                        self.phrases.setdefault(j, []).append((i, i + n))

    def negated(self, start: int, end: int) -> bool:
        """Whether the content at ``doc.text[start:end]`` is negated in its main clause:
        a negator (not inside a fixed phrase inside the content) whose head is a head of
        the content, or the determiner of such a head's subject or object."""
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span):
            return False
        lo, hi = span.start, span.end

        def is_head(i: int) -> bool:
            head = self.doc[i].head.i
            return lo <= i < hi and (head == i or not lo <= head < hi)

        for i in self.negators[bisect_left(self.negators, lo) : bisect_left(self.negators, hi)]:
            if any(lo <= first and last <= hi for first, last in self.phrases.get(i, ())):
                continue
            token = self.doc[i]
            if token.dep_ in _NEGATING and is_head(token.head.i):
                return True
            if token.dep_ == "det" and token.head.dep_ in _ARGUMENTS and is_head(token.head.head.i):
                return True
        return False


# The index of each document being analysed, dropped with the document.
_INDEXES: weakref.WeakKeyDictionary[Doc, Negation] = weakref.WeakKeyDictionary()


def content_negated(doc: Doc, start: int, end: int) -> bool:
    """Whether the content at ``doc.text[start:end]`` is negated in its main clause (the
    document's negators are found at its first content, once)."""
    index = _INDEXES.get(doc)
    if index is None:
        index = _INDEXES[doc] = Negation(doc)
    return index.negated(start, end)
