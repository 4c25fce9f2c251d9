"""What two statements share, as numbers: the features of the same-claim decision.

Each statement is a ``ClaimItem`` (what the store and the training script both know of it);
``pair_features`` compares two of them: their wording (cosines of one or two sentence
encoders, content-word overlap), who said them and where (same speaker, same article), and
their propositions (``model.Proposition``): the same or clashing subject, the same predicate
and object, numbers that agree or conflict in the same unit, places named in one and not the
other, polarity. The weights of these features are learned from labelled pairs
(``claims.models``, fitted by ``scripts/train_claims.py``). Every feature stays in the range
the training pairs cover: days apart is none, since the training stories span days while
corpora span years (a learned weight would read a year as a strong signal it never saw).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from claimgraph.identity.fold import fold
from claimgraph.model import Proposition
from claimgraph.readers.language import cyrillic_share
from claimgraph.resources import data_lines

WordVectors = Callable[[Sequence[str]], np.ndarray]  # words -> unit rows

FEATURES: tuple[str, ...] = (
    "cosine",
    "cosine_second",
    "cosine_squared",
    "word_overlap",
    "soft_overlap",
    "same_speaker",
    "same_article",
    "subject_same",
    "subject_clash",
    "predicate_same",
    "object_same",
    "numbers_shared",
    "numbers_conflict",
    "places_conflict",
    "about_overlap",
    "polarity_differs",
    "either_disputes",
    "length_ratio",
    "cross_script",
    "cosine_cross_script",
)

_WORD = re.compile(r"\w+", re.UNICODE)
_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her"})


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    return frozenset(w.strip().lower() for w in data_lines("label_stopwords.txt"))


@dataclass(frozen=True)
class ClaimItem:
    """One statement as the claims decision sees it."""

    # (article content hash, content start, end, statement id): the same in any ingest order,
    # one per statement (two statements may start, even end, at one place: a report in a report)
    key: tuple[str, int, int, str]
    article: str
    content: str
    speaker: str | None = None
    published: str | None = None
    about: tuple[str, ...] = ()
    proposition: Proposition | None = None
    negated: bool = False
    disputing: bool = False  # its cue denies or its content calls something false
    content_words: frozenset[str] = field(default=frozenset(), compare=False)
    cyrillic: bool = field(default=False, compare=False)  # most of its letters are
    words: int = field(default=0, compare=False)  # how many words the content has


def content_words(text: str) -> frozenset[str]:
    return frozenset(w for w in _WORD.findall(text.lower()) if w not in stopwords() and len(w) > 1)


WORDING_MIN_WORDS = 3


def wording(text: str) -> str | None:
    """The content's words, lower-cased, hashed: statements of one wording are one claim whatever
    else differs (a quote carried word for word by several outlets). None for a content of
    fewer than three words ("No.", a stray quotation mark): that says too little to be a copy."""
    words = _WORD.findall(text.lower())
    if len(words) < WORDING_MIN_WORDS:
        return None
    return hashlib.sha256(" ".join(words).encode()).hexdigest()[:32]


# The claims decision reads a content's first READ_CHARS characters (its words, its vectors):
# in a report of reports each content runs to the end of the sentence, so reading contents
# whole costs the square of the text (151 statements of a 3,000-character sentence took
# 42 s to assign); a news statement's content is far shorter than this.
READ_CHARS = 1_000


def item(key: tuple[str, int, int, str], article: str, content: str, **kwargs: object) -> ClaimItem:
    read = content[:READ_CHARS]
    return ClaimItem(key, article, content, content_words=content_words(read), cyrillic=_cyrillic(read),
                     words=len(content.split()), **kwargs)  # type: ignore[arg-type]


@lru_cache(maxsize=65_536)
def _cyrillic(text: str) -> bool:
    return cyrillic_share(text) > 0.5


@lru_cache(maxsize=65_536)  # a statement meets dozens of candidates: its names fold once
def fold_name(name: str | None) -> tuple[str, ...]:
    """A name or noun phrase as its words, folded as every name is (``identity.fold``: case,
    accents, Cyrillic in Latin letters), without leading determiners."""
    words = fold(name or "").split()
    while words and words[0] in _DETERMINERS:
        words = words[1:]
    return tuple(words)


def same_referent(a: str | None, b: str | None) -> bool | None:
    """True when two subjects name one referent (one's words inside the other's, or the same
    last word: "Calloway" and "Ruth Calloway"), False when both are named and differ, None
    when either is unknown."""
    fa, fb = fold_name(a), fold_name(b)
    if not fa or not fb:
        return None
    if set(fa) <= set(fb) or set(fb) <= set(fa) or fa[-1] == fb[-1]:
        return True
    return False


def _numbers(p: Proposition | None) -> dict[str | None, set[float]]:
    out: dict[str | None, set[float]] = {}
    for q in p.numbers if p else []:
        out.setdefault(q.unit, set()).add(round(q.value, 3))
    return out


def _jaccard(a: Sequence[str] | frozenset[str], b: Sequence[str] | frozenset[str]) -> float:
    sa, sb = set(a), set(b)
    return len(sa & sb) / len(sa | sb) if sa and sb else 0.0


def word_matrix(it: ClaimItem, word_vectors: WordVectors | None) -> np.ndarray | None:
    """The unit word vectors of a statement's content words (None without word vectors or
    words): computed once per statement, compared with each of its candidates."""
    if word_vectors is None or not it.content_words:
        return None
    return word_vectors(sorted(it.content_words))


def soft_overlaps(va: np.ndarray | None, others: Sequence[np.ndarray | None]) -> list[float]:
    """The soft overlap of one statement with each of ``others`` (``va`` and each other: their
    ``word_matrix``): how well each content word of one finds a near word in the other, the
    mean best cosine both ways. Paraphrases share meaning in other words ("killed" and
    "died", "blaze" and "fire") that the two sentences' mean vectors blur. One matrix product
    for all the others: a statement meets dozens of candidates."""
    out = [0.0] * len(others)
    present = [n for n, vb in enumerate(others) if vb is not None]
    if va is None or not present:
        return out
    blocks = [others[n] for n in present]
    sizes = np.array([len(b) for b in blocks])  # type: ignore[arg-type]
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    sims = va @ np.vstack(blocks).T  # (words of va) x (words of all others)
    row_best = np.maximum.reduceat(sims, starts, axis=1)  # each word of va, its best in each other
    col_best = sims.max(axis=0)  # each word of each other, its best in va
    forward = row_best.mean(axis=0)
    backward = np.add.reduceat(col_best, starts) / sizes
    for n, f, b in zip(present, forward, backward, strict=True):
        out[n] = float((f + b) / 2)
    return out


def pair_features(
    a: ClaimItem, b: ClaimItem, cosine: float, cosine_second: float | None = None, soft: float = 0.0
) -> list[float]:
    """The features of ``FEATURES``, in that order, for statements ``a`` and ``b``."""
    pa, pb = a.proposition, b.proposition
    subject = same_referent(pa.subject if pa else None, pb.subject if pb else None)
    na, nb = _numbers(pa), _numbers(pb)
    shared_units = set(na) & set(nb)
    numbers_shared = any(na[u] & nb[u] for u in shared_units)
    numbers_conflict = any(not (na[u] & nb[u]) for u in shared_units)
    places_a = {" ".join(fold_name(x)) for x in (pa.places if pa else [])}
    places_b = {" ".join(fold_name(x)) for x in (pb.places if pb else [])}
    places_conflict = bool(places_a and places_b and not places_a & places_b)
    len_a, len_b = max(len(a.content_words), 1), max(len(b.content_words), 1)
    second = cosine if cosine_second is None else cosine_second
    # Statements in two scripts (a Russian and an English one) share no words: only the
    # (multilingual, primary) encoder's cosine can say they mean the same.
    cross = a.cyrillic != b.cyrillic
    return [
        cosine,
        second,
        cosine * cosine,
        _jaccard(a.content_words, b.content_words),
        soft,
        float(bool(a.speaker) and same_referent(a.speaker, b.speaker) is True),
        float(a.article == b.article),
        float(subject is True),
        float(subject is False),
        float(bool(pa and pb and pa.predicate and pa.predicate == pb.predicate)),
        float(bool(pa and pb and pa.object and pa.object == pb.object)),
        float(numbers_shared),
        float(numbers_conflict),
        float(places_conflict),
        _jaccard([" ".join(fold_name(n)) for n in a.about], [" ".join(fold_name(n)) for n in b.about]),
        float(a.negated != b.negated),
        float(a.disputing or b.disputing),
        min(len_a, len_b) / max(len_a, len_b),
        float(cross),
        cosine * cross,
    ]


STANCE_FEATURES: tuple[str, ...] = (
    "rule_disputes",
    "polarity_differs",
    "disputing",
    "calls_false",
    "mean_cosine",
    "max_cosine_second",
    "mean_cosine_second",
    "cosine_second_to_label",
    "is_label",
    "label_speaker",
    "size",
)


def stance_features(
    members: Sequence[ClaimItem],
    primary: np.ndarray,
    second: np.ndarray | None,
    negated: bool,
    label: int,
    rule: Sequence[bool],
) -> np.ndarray:
    """The rows of ``STANCE_FEATURES`` for each member of one claim: ``primary``/``second``
    are the members' vectors (unit rows, same order), ``negated`` the claim's polarity,
    ``label`` the label statement's position, ``rule`` each member's stance by the rules."""
    from claimgraph.claims.stance import calls_false

    second = primary if second is None else second
    sims_1, sims_2 = primary @ primary.T, second @ second.T
    n = len(members)
    rows = []
    for i, m in enumerate(members):
        others = [j for j in range(n) if j != i]
        mean_1 = float(sims_1[i, others].mean()) if others else 1.0
        mean_2 = float(sims_2[i, others].mean()) if others else 1.0
        max_2 = float(sims_2[i, others].max()) if others else 1.0
        rows.append(
            [
                float(rule[i]),
                float(m.negated != negated),
                float(m.disputing),
                float(calls_false(m.content)),
                mean_1,
                max_2,
                mean_2,
                float(sims_2[i, label]),
                float(i == label),
                float(bool(m.speaker) and m.speaker == members[label].speaker),
                min(n, 10) / 10,  # past ten statements a claim reads as ten: few are bigger in training
            ]
        )
    return np.array(rows, np.float64)
