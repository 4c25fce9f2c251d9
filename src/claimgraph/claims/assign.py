"""Whether a statement joins a claim, and which: the decision, given its nearest neighbours.

A new statement's candidate claims are the claims of its ``k`` nearest stored statements
(``index``). Each candidate scores the best cosine between the statement and the claim's
retrieved statements, adjusted by what the records know (each weight 0 turns a signal off;
``scripts/evaluate_claims.py`` measures what each one buys):

- ``about_weight`` x the share of the statement's ``about`` names the neighbour shares;
- ``subject_clash_penalty`` when both name the subject they speak of (``about`` role
  subject) and no subject is shared: "Kyiv shells the town" and "Moscow shells the town"
  are near in wording and two claims;
- ``speaker_weight`` when the neighbour, in another article, has the same speaker (one
  speaker's words retold by several outlets);
- ``same_article_penalty`` when the neighbour is in the same article (an article seldom
  says one thing twice; what it says twice are often two claims about one subject);
- ``window_days``: neighbours published more than this many days apart are no candidates.

The statement joins the best candidate scoring at least ``threshold``, else it founds a
claim. A content of fewer than ``min_words`` words ("No.", "Absolutely") joins only a claim
holding the same wording: its vector says too little. Nothing stored is ever re-clustered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

_WORDS = re.compile(r"\w+")


@dataclass(frozen=True)
class ClaimParams:
    threshold: float = 0.45
    k: int = 20
    about_weight: float = 0.0
    subject_clash_penalty: float = 0.0
    speaker_weight: float = 0.15
    same_article_penalty: float = 0.0
    window_days: int | None = 365
    min_words: int = 3


@dataclass
class Neighbour:
    """A stored statement near the new one, with what the decision reads of it."""

    claim: int
    cosine: float
    article: int
    content: str = ""
    speaker: str | None = None
    about: tuple[tuple[str, str], ...] = ()  # (name, role)
    published: str | None = None  # YYYY-MM-DD


@dataclass
class Incoming:
    article: int
    content: str
    speaker: str | None = None
    about: tuple[tuple[str, str], ...] = ()  # (name, role)
    published: str | None = None
    neighbours: list[Neighbour] = field(default_factory=list)


def words(text: str) -> list[str]:
    return _WORDS.findall(text.lower())


def _days_apart(a: str | None, b: str | None) -> int | None:
    try:
        return abs((date.fromisoformat(a[:10]) - date.fromisoformat(b[:10])).days) if a and b else None
    except ValueError:
        return None


def _folded(about: tuple[tuple[str, str], ...], role: str | None = None) -> list[str]:
    return [name.lower() for name, r in about if role is None or r == role]


def _shared(names: list[str], others: list[str]) -> float:
    """The share of ``names`` also among ``others`` (folded, either one inside the other)."""
    if not names:
        return 0.0
    hits = sum(1 for n in names if any(n in o or o in n for o in others))
    return hits / len(names)


def score(statement: Incoming, neighbour: Neighbour, params: ClaimParams) -> float | None:
    """How well ``statement`` fits ``neighbour``'s claim; None when it is no candidate."""
    if params.window_days is not None:
        apart = _days_apart(statement.published, neighbour.published)
        if apart is not None and apart > params.window_days:
            return None
    value = neighbour.cosine
    if params.about_weight:
        value += params.about_weight * _shared(_folded(statement.about), _folded(neighbour.about))
    if params.subject_clash_penalty:
        mine, theirs = _folded(statement.about, "subject"), _folded(neighbour.about, "subject")
        if mine and theirs and not _shared(mine, theirs):
            value -= params.subject_clash_penalty
    if (
        params.speaker_weight
        and statement.speaker
        and statement.speaker == neighbour.speaker
        and statement.article != neighbour.article
    ):
        value += params.speaker_weight
    if params.same_article_penalty and statement.article == neighbour.article:
        value -= params.same_article_penalty
    return value


def choose_claim(statement: Incoming, params: ClaimParams) -> int | None:
    """The claim ``statement`` joins, or None when it founds a new one."""
    if len(words(statement.content)) < params.min_words:
        same = [n for n in statement.neighbours if words(n.content) == words(statement.content)]
        return same[0].claim if same else None
    best: tuple[float, int] | None = None
    for neighbour in statement.neighbours:
        value = score(statement, neighbour, params)
        if value is not None and value >= params.threshold and (best is None or value > best[0]):
            best = (value, neighbour.claim)
    return best[1] if best else None
