"""Stance: does a statement assert its claim or dispute it?

A statement disputes when its cue denies, rejects or dismisses what follows ("denied
targeting civilians": the content is the proposition denied), when its content calls the
proposition false ("said the figures were made up"), or when its content's polarity differs
from the claim's founding statement ("Ukraine does not target civilians" against "Kyiv
targets civilians"). Otherwise it asserts. Word lists: data/dispute_cues.txt,
data/dispute_predicates.txt; negation itself is read off the parse
(``attribution.negation``) and arrives as ``Statement.negated``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from claimgraph.resources import data_lines

ASSERTS, DISPUTES = "asserts", "disputes"
_WORD = re.compile(r"[a-z]+(?:['’-][a-z]+)*")


@lru_cache(maxsize=1)
def dispute_cues() -> frozenset[str]:
    return frozenset(line.strip().lower() for line in data_lines("dispute_cues.txt"))


@lru_cache(maxsize=1)
def _falsity_pattern() -> re.Pattern[str]:
    phrases = sorted(
        (line.strip().lower() for line in data_lines("dispute_predicates.txt")), key=len, reverse=True
    )
    return re.compile(r"\b(?:" + "|".join(re.escape(p) for p in phrases) + r")\b")


def cue_disputes(lemma: str | None) -> bool:
    """The cue's lemma ("deny", "slap down", "wave away") or its first word is a dispute cue."""
    if not lemma:
        return False
    words = _WORD.findall(lemma.lower())
    return " ".join(words) in dispute_cues() or bool(words and words[0] in dispute_cues())


def calls_false(content: str) -> bool:
    """The content calls something false, baseless or made up."""
    return bool(_falsity_pattern().search(content.lower().replace("’", "'")))


def disputes_by_wording(cue_lemma: str | None, content: str) -> bool:
    return cue_disputes(cue_lemma) or calls_false(content)


def stance(cue_lemma: str | None, content: str, negated: bool, claim_negated: bool) -> str:
    """The stance of a statement towards a claim whose founding statement had polarity
    ``claim_negated``."""
    if disputes_by_wording(cue_lemma, content) or negated != claim_negated:
        return DISPUTES
    return ASSERTS
