"""Which words report speech: reporting verbs and nouns, their frames, and the optional
internal-state verbs. Word lists live in ``claimgraph/data``; this module only reads them
and tests tokens against them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Token

from claimgraph.model import Cue
from claimgraph.resources import data_lines

_NOT_A_REPORT = ("amod", "compound", "aux", "auxpass", "acl")


@lru_cache(maxsize=1)
def non_statements() -> re.Pattern[str]:
    """Contents that are formulas, not statements ("asked not to be named")."""
    return re.compile("|".join(f"(?:{line})" for line in data_lines("non_statements.txt")), re.I)


@lru_cache(maxsize=1)
def label_stopwords() -> frozenset[str]:
    return frozenset(data_lines("label_stopwords.txt"))


STATE_ACTS = ("belief", "intention", "perception", "emotion", "evidence")
"""Internal states and evidence ("thinks", "wants", "a poll shows"): attributed, but not speech."""

ALWAYS_REPORTED_ACTS = ("evidence", "emotion")
"""State acts reported even without ``states``: a source's finding ("a poll shows that ...")
and a stated fear or worry ("officials worried that ...") put a proposition in someone's
mouth as speech does (on polnear FIT: 17 predictions, 12 right). Beliefs and intentions
("wants", "needs", "tries") mostly are not reports (about half the predictions wrong), and
perception verbs mostly mean seeing ("she saw the reporter")."""


@dataclass(frozen=True)
class VerbEntry:
    frame: str  # clause | object
    preps: frozenset[str]  # prepositions that join the cue ("called on")
    particles: frozenset[str] = frozenset()  # the verb reports only with one ("pointed out")
    document_subject: bool = False  # only with a document as subject ("the sign read")
    needs_as: bool = False  # only with an "as" complement ("cited X as proof")
    needs_complement: bool = False  # only with a second complement ("called the plan a trap")
    as_aside: bool = False  # only in an "as" aside ("as she put it, ...")
    no_as_aside: bool = False  # an "as" clause of it tells when ("as he spoke, ...")
    person_subject: bool = False  # only with somebody as subject ("the plan encourages saving": none)


@lru_cache(maxsize=1)
def reporting_nouns() -> frozenset[str]:
    return frozenset(data_lines("reporting_nouns.txt"))


@lru_cache(maxsize=1)
def reporting_verbs() -> dict[str, VerbEntry]:
    table = {}
    for line in data_lines("reporting_verbs.tsv"):
        lemma, frame, *rest = line.split("\t")
        preps = frozenset(rest[0].split(",")) if rest and rest[0] else frozenset()
        condition = rest[1].strip() if len(rest) > 1 else ""
        particles = frozenset(condition[4:].split(",")) if condition.startswith("prt=") else frozenset()
        table[lemma.strip()] = VerbEntry(
            frame.strip(),
            preps,
            particles,
            document_subject=condition == "subj=document",
            needs_as=condition == "arg=as",
            needs_complement=condition == "arg=complement",
            as_aside=condition == "aside=as",
            no_as_aside=condition == "aside=no",
            person_subject=condition == "subj=somebody",
        )
    return table


@lru_cache(maxsize=1)
def document_nouns() -> frozenset[str]:
    """Nouns for documents and messages (the "document" rows of role_nouns.tsv) and signs."""
    rows = (line.split("\t") for line in data_lines("role_nouns.tsv"))
    return frozenset(row[0].strip() for row in rows if len(row) > 1 and row[1].strip() == "document")


def reporting_frames() -> dict[str, str]:
    return {lemma: entry.frame for lemma, entry in reporting_verbs().items()}


@lru_cache(maxsize=1)
def state_verbs() -> dict[str, str]:
    """Lemma -> act for verbs of belief, intention, perception, emotion and evidence."""
    table: dict[str, str] = {}
    for line in data_lines("cognitive_cues.txt"):
        act, lemma = line.split("\t")[:2]
        if act in STATE_ACTS and " " not in lemma.strip():
            table.setdefault(lemma.strip().lower(), act)
    return table


@dataclass(frozen=True)
class Lexicon:
    """Which verbs introduce statements: speech, evidence and emotion always, the other
    internal states on request."""

    states: bool = False

    def act(self, token: Token) -> str | None:
        """ "speech", a state act, or None when ``token`` introduces nothing."""
        if is_reporting_verb(token):
            return "speech"
        lemma = token.lemma_.lower()
        if token.pos_ not in ("VERB", "AUX") or token.dep_ in _NOT_A_REPORT:
            return None
        if lemma in state_verbs() and lemma not in ("be", "have"):
            if self.states or state_verbs()[lemma] in ALWAYS_REPORTED_ACTS:
                return state_verbs()[lemma]
        return None

    def frame(self, token: Token) -> str:
        lemma = token.lemma_.lower()
        if lemma in reporting_frames():
            return reporting_frames()[lemma]
        return "object" if state_verbs().get(lemma) == "intention" else "clause"


def is_reporting_verb(token: Token) -> bool:
    # Noun modifiers are no reports ("a group called X", "the ability to claim losses")
    # unless they carry a clause ("a news conference announcing that ...").
    if token.pos_ not in ("VERB", "AUX") or token.dep_ in _NOT_A_REPORT:
        if not (token.dep_ == "acl" and any(c.dep_ == "ccomp" for c in token.children)):
            return False
    if token.dep_ in ("dobj", "pobj", "nsubj", "nsubjpass"):
        return False  # "slapped down union [claims] that ...": a noun the tagger took for a verb
    lemma = token.lemma_.lower()
    entry = reporting_verbs().get(lemma)
    if entry is None:
        return False
    # "Asked whether ..., he replied": a bare past participle reports what others did.
    if (
        token.tag_ == "VBN"
        and token.dep_ == "advcl"
        and not any(c.dep_ in ("aux", "auxpass") for c in token.children)
    ):
        return False
    if entry.particles and not any(c.dep_ == "prt" and c.lower_ in entry.particles for c in token.children):
        return False  # "pointed out", "laid out", not "pointed at" or "laid the table"
    if entry.needs_as and not any(
        t.lower_ == "as" and t.dep_ == "prep" and token.i in (t.head.i, t.head.head.i) for t in token.subtree
    ):
        return False
    if entry.needs_complement and not _has_second_complement(token):
        return False
    if entry.as_aside and not is_as_aside(token):
        return False
    if entry.person_subject and not _somebody(token):
        return False
    if entry.document_subject:
        subject = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None and token.dep_ == "relcl":
            subject = token.head  # "a sign that read"
        return subject is not None and subject.lemma_.lower() in document_nouns()
    return True


@lru_cache(maxsize=1)
def people_nouns() -> frozenset[str]:
    """Common nouns for people and organisations (people_nouns.txt and role_nouns.tsv)."""
    rows = (line.split("\t")[0].strip() for line in data_lines("role_nouns.tsv"))
    words = (line.strip() for line in data_lines("people_nouns.txt") if not line.startswith("-"))
    return frozenset(words) | frozenset(rows)


_PERSONAL = ("i", "we", "you", "he", "she", "they", "who")


def _somebody(verb: Token) -> bool:
    """The verb's subject (or, for a participle, its governing verb's) names a person, a
    group or an organisation: "the senator encouraged", not "the tax break encourages"."""
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None and verb.dep_ in ("advcl", "conj", "xcomp") and verb.head.i != verb.i:
        subject = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
    if subject is None:
        return False
    if subject.ent_type_ in ("PERSON", "ORG", "NORP", "GPE"):
        return True
    return subject.lower_ in _PERSONAL or subject.lemma_.lower() in people_nouns()


def is_as_aside(token: Token) -> bool:
    """ "[as the mayor noted], ...", "[as she put it], ...": a clause of comparison made by the
    cue, with no object of its own but "it"."""
    return (
        token.dep_ == "advcl"
        and any(c.dep_ == "mark" and c.lower_ == "as" and c.i < token.i for c in token.children)
        and all(c.lower_ == "it" for c in token.children if c.dep_ in _COMPLEMENTS)
        and joined_prep(token) is None  # "as she called for talks": a time, not a gap
    )


_COMPLEMENTS = ("dobj", "ccomp", "xcomp", "dative", "attr", "oprd")


def _has_second_complement(token: Token) -> bool:
    """ "called the plan [a trap]", "called people “losers”", "called [for] talks", "what he
    called a rant"; not "called Ms Ruiz on Friday [to thank her]"."""
    if joined_prep(token) is not None or token.dep_ in ("acl", "relcl"):
        return True
    if any(t.is_quote for t in token.doc[token.i : token.right_edge.i + 1]):
        return True
    parts = ("dobj", "oprd", "xcomp", "ccomp", "attr", "advcl", "npadvmod", "appos", "dep", "acomp")
    found = [
        c
        for c in token.children
        if c.i > token.i and c.dep_ in parts and c.ent_type_ != "DATE" and not _purpose(c)
    ]
    return len(found) > 1


def _purpose(clause: Token) -> bool:
    """ "called Ms Ruiz [to thank her]": a to-infinitive of purpose is no second complement."""
    return clause.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children)


def joined_prep(token: Token) -> Token | None:
    """The preposition that belongs to the cue: "called [on]", "called [for]"."""
    entry = reporting_verbs().get(token.lemma_.lower())
    if entry is None or not entry.preps or token.i + 1 >= len(token.doc):
        return None
    nxt = token.doc[token.i + 1]
    if nxt.lower_ in entry.preps and nxt.head.i == token.i and nxt.dep_ in ("prep", "prt", "dative"):
        return nxt
    return None


def cue_of(token: Token) -> Cue:
    """The cue: the verb plus an adjacent particle ("pointed out", "called on")."""
    end = joined_prep(token) or token
    for child in token.children:
        if child.dep_ == "prt" and child.i == end.i + 1:
            end = child
    start_char, end_char = token.idx, end.idx + len(end.text)
    lemma = " ".join([token.lemma_.lower()] + [t.lower_ for t in token.doc[token.i + 1 : end.i + 1]])
    text = token.doc[token.i : end.i + 1].text  # doc.text would rebuild the whole text
    return Cue(text=text, start=start_char, end=end_char, lemma=lemma)
