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

from functools import lru_cache

from spacy.tokens import Doc, Span, Token

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


def _in_fixed_phrase(tokens: list[Token]) -> set[int]:
    """Positions (in ``tokens``) covered by a fixed phrase holding a negator."""
    lowered = [t.lower_ for t in tokens]
    covered: set[int] = set()
    for phrase in _fixed_phrases():
        if not negators().intersection(phrase):
            continue
        n = len(phrase)
        for i in range(len(lowered) - n + 1):
            if tuple(lowered[i : i + n]) == phrase:
                covered.update(range(i, i + n))
    return covered


def _negates_main_clause(token: Token, heads: set[int]) -> bool:
    if token.head.i in heads and token.dep_ in _NEGATING:
        return True
    return token.dep_ == "det" and token.head.dep_ in _ARGUMENTS and token.head.head.i in heads


def span_negated(span: Span) -> bool:
    tokens = list(span)
    if not tokens:
        return False
    inside = {t.i for t in tokens}
    heads = {t.i for t in tokens if t.head.i not in inside or t.head.i == t.i}
    skip = _in_fixed_phrase(tokens)
    return any(
        t.lower_ in negators() and i not in skip and _negates_main_clause(t, heads)
        for i, t in enumerate(tokens)
    )


def content_negated(doc: Doc, start: int, end: int) -> bool:
    """Whether the content at ``doc.text[start:end]`` is negated in its main clause."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is not None and span_negated(span)
