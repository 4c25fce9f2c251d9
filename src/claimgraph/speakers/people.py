"""Which common nouns denote people: a speaker phrase headed by one is somebody.

Reads data/people_nouns.txt (nouns and suffixes), data/role_nouns.tsv and
data/representative_nouns.txt; an "-er"/"-or" noun counts when the rest of it is a verb
the spaCy model's lemmatizer tables know ("supporter", "organizer"), not for "paper".
"""

from __future__ import annotations

from functools import lru_cache

from claimgraph.nlp import lemma_index
from claimgraph.resources import data_lines, data_table

AGENT_SUFFIXES = ("er", "or")  # need a verb stem: "support-er", "organiz(e)-r"
MIN_SUFFIX_WORD = 6  # "list" and "twist" are no "-ist" nouns
MIN_AGENT_STEM = 5  # "numb-er", "corn-er", "let-ter", "man-ner" are no agent nouns


@lru_cache(maxsize=1)
def _people_data() -> tuple[frozenset[str], tuple[str, ...]]:
    words, suffixes = set(), []
    for line in data_lines("people_nouns.txt"):
        word = line.strip().lower()
        if word.startswith("-"):
            suffixes.append(word[1:])
        else:
            words.add(word)
    return frozenset(words), tuple(suffixes)


@lru_cache(maxsize=1)
def representative_nouns() -> frozenset[str]:
    return frozenset(w.strip().lower() for w in data_lines("representative_nouns.txt"))


@lru_cache(maxsize=1)
def untitled_nouns() -> frozenset[str]:
    """Nouns for a person that say nothing of a role ("woman"): never a title."""
    return frozenset(w.strip().lower() for w in data_lines("untitled_people_nouns.txt"))


@lru_cache(maxsize=1)
def role_kinds() -> dict[str, str]:
    return data_table("role_nouns.tsv")


def verb_lemmas() -> frozenset[str]:
    """Base verbs of the spaCy model's lemmatizer index (WordNet's)."""
    return lemma_index().get("verb", frozenset())


def _agent_stem(word: str) -> str | None:
    """The verb in an agent noun: "support" for "supporter", "organize" for "organizer"."""
    if len(word) < MIN_SUFFIX_WORD or word[-2:] not in AGENT_SUFFIXES:
        return None
    verbs = verb_lemmas()
    stem = word[:-2]
    candidates = [stem, stem + "e", word[:-1]]  # support-er, organiz-er, vote-r
    if len(stem) > 2 and stem[-1] == stem[-2]:
        candidates.append(stem[:-1])  # plann-er
    return next((c for c in candidates if len(c) >= MIN_AGENT_STEM and c in verbs), None)


def _forms(word: str) -> list[str]:
    """The word and its possible singulars ("officials", "parties" -> "party")."""
    forms = [word]
    if word.endswith("ies"):
        forms.append(word[:-3] + "y")
    if word.endswith("es"):
        forms.append(word[:-2])
    if word.endswith("s") and not word.endswith("ss"):
        forms.append(word[:-1])
    return forms


def _reason(word: str) -> str | None:
    words, suffixes = _people_data()
    if word in words:
        return f"people noun '{word}' (data/people_nouns.txt)"
    kind = role_kinds().get(word)
    if kind in ("person", "group", "org"):
        return f"{kind} noun '{word}' (data/role_nouns.tsv)"
    if word in representative_nouns():
        return f"representative noun '{word}' (data/representative_nouns.txt)"
    if len(word) >= MIN_SUFFIX_WORD:
        for suffix in suffixes:
            if suffix not in AGENT_SUFFIXES and word.endswith(suffix):
                return f"'-{suffix}' noun '{word}' (data/people_nouns.txt)"
    stem = _agent_stem(word)
    if stem is not None:
        return f"agent noun '{word}' (verb '{stem}' + -{word[-2:]})"
    return None


def people_reason(lemma: str) -> str | None:
    """Why the common noun ``lemma`` (or its plural) denotes people, or None."""
    word = lemma.lower().strip()
    for form in _forms(word) if word else []:
        reason = _reason(form)
        if reason is not None:
            return reason
    return None
