"""Stance: does a statement assert its claim's proposition or dispute it?

A claim's proposition is worded positively unless every statement that states it is
negative (``claims.assign.view``). A statement disputes it when its own polarity differs
from the proposition's ("no shells were fired" against "shells were fired on the
village"), or when its cue denies, rejects or dismisses what follows ("denied targeting
civilians") or its content calls the proposition false ("said the figures were made up");
both together cancel ("rejected claims that nobody was hurt" asserts that somebody was).
Never by which statement came first. Word lists: data/dispute_cues.txt,
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


def stance(negated: bool, disputing: bool, claim_negated: bool) -> str:
    """The stance of a statement of polarity ``negated`` whose wording disputes what it
    reports (``disputing``) towards a proposition of polarity ``claim_negated``."""
    return DISPUTES if (negated != claim_negated) != disputing else ASSERTS
