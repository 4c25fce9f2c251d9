"""Stance classes of reporting cues ("said", "claimed", "pointed out") from data/cue_classes.tsv.

Pure functions: a cue's lemma (or, failing that, its text) is looked up in the lexicon,
with light normalisation so that "flatly denied", "Pointed out" or a cue whose lemma the
extractor left empty still find their class. Unknown cues are ``unclassified``; a
statement without a cue is ``none`` (see Statement.to_dict).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from claimgraph.resources import data_lines

CLASSES = (
    "neutral",
    "distancing",
    "endorsing",
    "emphatic",
    "admission",
    "denial",
    "directive",
    "accusation",
)
UNCLASSIFIED = "unclassified"
NONE = "none"  # a statement with no cue at all
ALL_CLASSES = (*CLASSES, UNCLASSIFIED, NONE)

LEXICON_FILE = "cue_classes.tsv"
# A quote attributed by punctuation alone ("Smith: ...", "... ― Jane Roe") has no verb to
# take a stance: it is neutral.
PUNCTUATION_CLASS = "neutral"

# Words that may sit inside a cue phrase without changing its stance ("also said",
# "has repeatedly denied"). Adverbs in -ly are dropped as well.
_FILLERS = frozenset(
    "also again later then once further has have had is was were be been being did does do "
    "will would shall should can could may might must again publicly openly".split()
)
_WORD = re.compile(r"[a-z]+(?:['’-][a-z]+)*")


@dataclass(frozen=True)
class CueEntry:
    phrase: str
    cls: str
    evidence: str


@lru_cache(maxsize=1)
def lexicon() -> dict[str, CueEntry]:
    """The cue lexicon, phrase -> entry (cached; raises ValueError on an unknown class)."""
    table: dict[str, CueEntry] = {}
    for line in data_lines(LEXICON_FILE):
        phrase, cls, evidence = (line.split("\t") + ["", ""])[:3]
        phrase = normalize(phrase)
        cls = cls.strip()
        if cls not in CLASSES:
            raise ValueError(f"{LEXICON_FILE}: unknown class {cls!r} for {phrase!r}")
        table[phrase] = CueEntry(phrase, cls, evidence.strip())
    return table


def normalize(phrase: str) -> str:
    """Lower case, words only, single spaces: " Pointed  out," -> "pointed out"."""
    return " ".join(_WORD.findall(phrase.lower().replace("’", "'")))


def base_forms(word: str) -> list[str]:
    """Candidate base forms of an inflected verb, most likely first ("admitted" -> "admit")."""
    forms = [word]
    for suffix, repl in (("ied", "y"), ("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            stem = word[: len(word) - len(suffix)] + repl
            forms.append(stem)
            if repl == "":
                forms.append(stem + "e")  # noted -> note, urging -> urge
                if len(stem) >= 3 and stem[-1] == stem[-2]:
                    forms.append(stem[:-1])  # admitted -> admit, stressed stays stress
    if word == "said":
        forms.append("say")
    if word in ("told",):
        forms.append("tell")
    if word in ("wrote", "written"):
        forms.append("write")
    if word in ("spoke", "spoken"):
        forms.append("speak")
    if word in ("thought",):
        forms.append("think")
    if word in ("felt",):
        forms.append("feel")
    if word in ("found",):
        forms.append("find")
    if word in ("shown", "showed"):
        forms.append("show")
    return forms


def _content_words(phrase: str) -> list[str]:
    words = phrase.split()
    kept = [w for w in words if w not in _FILLERS and not (w.endswith("ly") and len(w) > 4)]
    return kept or words


def _lookup_phrase(words: list[str], table: dict[str, CueEntry], inflect: bool) -> str | None:
    """Whole phrase, then verb + particle, then each word alone (first match wins)."""
    if not words:
        return None
    options = [words]
    if len(words) > 2:
        options.append(words[:2])
    if len(words) > 1:
        options.extend([w] for w in words)
    for option in options:
        heads = base_forms(option[0]) if inflect else [option[0]]
        for head in heads:
            key = " ".join([head, *option[1:]])
            if key in table:
                return table[key].cls
    return None


def classify_cue(lemma: str | None, text: str | None = None, next_word: str | None = None) -> str:
    """The stance class of a cue given its lemma and/or its text; ``unclassified`` if unknown.

    ``next_word`` is the word after the cue in the text: when the cue and it form a phrasal
    cue of the lexicon ("called" + "on" -> "call on"), that phrase decides.
    """
    table = lexicon()
    given = [p for p in (lemma, text) if p and p.strip()]
    if given and all(_is_punctuation(p) for p in given):
        return PUNCTUATION_CLASS
    after = normalize(next_word or "")
    if after and " " not in after:
        for phrase in (lemma, text):
            words = _content_words(normalize(phrase or ""))
            if len(words) == 1:
                for head in base_forms(words[0]):
                    entry = table.get(f"{head} {after}")
                    if entry:
                        return entry.cls
    for phrase, inflect in ((lemma, False), (lemma, True), (text, True)):
        if not phrase:
            continue
        words = _content_words(normalize(phrase))
        cls = _lookup_phrase(words, table, inflect)
        if cls:
            return cls
    return UNCLASSIFIED


def _is_punctuation(phrase: str) -> bool:
    """True for a cue made of punctuation only (a colon or dash that attributes a quote)."""
    return not any(c.isalnum() for c in phrase)


def cue_key(lemma: str | None, text: str | None = None) -> str:
    """How an unclassified cue is listed (its normalised lemma, else its text)."""
    return normalize(lemma or "") or normalize(text or "") or "(empty)"


def evidence(phrase: str) -> str | None:
    entry = lexicon().get(normalize(phrase))
    return entry.evidence if entry else None
