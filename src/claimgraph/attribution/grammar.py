"""Where a report's parts sit in the dependency parse: the speaker phrase, the reported
clause, the object frame ("urged X to ..."), "according to X", and reporting nouns.

Pure functions over spaCy tokens; the extraction passes (``extract``) call them.
"""

from __future__ import annotations

import weakref
from bisect import bisect_left

from spacy.tokens import Doc, Span, Token

from claimgraph.attribution.lexicon import (
    is_as_aside,
    is_reporting_verb,
    joined_prep,
    reporting_nouns,
    reporting_verbs,
)

# Verbs whose dependents can carry a speaker's own subject (the participle in
# "..., the diplomat stressed, adding ..."; the second verb in "smiled and said").
_SUBJECT_FROM_HEAD = ("advcl", "xcomp", "conj", "pcomp", "acl", "prep", "acomp", "advmod")
_RELATIVE_PRONOUNS = {"who", "which", "that"}
_OBJECT_DEPS = ("dobj", "xcomp", "dative", "oprd", "attr", "ccomp")
_ARGUMENT_PREPS = ("as", "of")  # "described it [as ...]", "accused X [of ...]"

# A report's words: a list, or a Span for a run of the document's words (a reported clause),
# which is read without copying its words: a sentence of nested reports holds hundreds of
# clauses that run to its end.
Tokens = list[Token] | Span


class Marks:
    """The words of a document that cut a reported clause (coordinated verbs, semicolons,
    reporting participles), found once so that a clause is cut without being read."""

    def __init__(self, doc: Doc) -> None:
        self.conjuncts = [t.i for t in doc if t.dep_ == "conj"]
        self.semicolons = [t.i for t in doc if t.text == ";"]
        self.participles = [
            t.i for t in doc if t.dep_ == "advcl" and t.tag_ == "VBG" and is_reporting_verb(t)
        ]


_MARKS: weakref.WeakKeyDictionary[Doc, Marks] = weakref.WeakKeyDictionary()


def marks(doc: Doc) -> Marks:
    found = _MARKS.get(doc)
    if found is None:
        found = _MARKS[doc] = Marks(doc)
    return found


def positions_between(positions: list[int], start: int, end: int) -> list[int]:
    """The sorted ``positions`` from ``start`` to ``end`` (excluded)."""
    return positions[bisect_left(positions, start) : bisect_left(positions, end)]


def has_words(tokens: Tokens, n: int) -> bool:
    """At least ``n`` words that are no punctuation (counting stops at ``n``)."""
    for token in tokens:
        if not token.is_punct:
            n -= 1
            if n <= 0:
                return True
    return n <= 0


def subject_of(verb: Token, depth: int = 0) -> Token | None:
    """The speaker phrase's head: the verb's subject, or its governing verb's for participles."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if len(subjects) > 1 and depth == 0:
        # "OSTREL, March 9 (MNA) — the bureau said": a dateline the parser made a second
        # subject; the subject next to the verb is the one that speaks.
        before = [c for c in subjects if c.i < verb.i]
        subjects = [before[-1]] if before else subjects[:1]
    for child in verb.children:
        if child.dep_ == "nsubj" and child.i != subjects[0].i:
            continue
        if child.dep_ == "nsubj":
            # "an architect who said ...": the relative pronoun stands for the noun.
            if child.lower_ in _RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                return verb.head
            return child
        if child.dep_ == "nsubjpass" and depth > 0:
            # "X was quoted as saying", "X could be heard yelling": the passive subject
            # of the governing verb does the speaking.
            return child
        if child.dep_ in ("nsubjpass", "expl"):
            return None
    # "Diplomats briefed on the talks said a deal was possible": the parser read the
    # subject and its participle as a clause of their own.
    before = [c for c in verb.children if c.dep_ == "ccomp" and c.i < verb.i]
    if depth == 0 and before and any(c.dep_ == "ccomp" and c.i > verb.i for c in verb.children):
        subject = next((c for c in before[0].children if c.dep_ == "nsubj"), None)
        if subject is not None:
            return subject
    # "X said it would veto a bill that caps prices, calling it ...": a participle after a
    # comma speaks for the sentence's subject, wherever the parser attached it.
    doc = verb.doc
    if depth == 0 and verb.tag_ == "VBG" and verb.dep_ == "advcl" and doc[verb.i - 1].text == ",":
        root = verb.sent.root
        if root.i != verb.i and any(c.dep_ == "nsubj" for c in root.children):
            return subject_of(root, depth + 1)
    if depth == 0:
        stray = _subject_before_in_broken_tree(verb)
        if stray is not None:
            return stray
        # "said the ferries would run again and warned against ...": the parser coordinated
        # the second report with the first one's clause; the first report's speaker speaks.
        if verb.dep_ == "conj" and not is_reporting_verb(verb.head):
            report = _reporting_ancestor(verb.head)
            if report is not None:
                return subject_of(report, depth + 1)
    # "..., adding", "before asking her", "by telling them": the governing verb's subject.
    if depth < 4 and verb.dep_ in _SUBJECT_FROM_HEAD and verb.head.i != verb.i:
        return subject_of(verb.head, depth + 1)
    return None


def _reporting_ancestor(token: Token) -> Token | None:
    """The reporting verb whose clause holds ``token`` ("said [the ferries would run]")."""
    while token.head.i != token.i:
        if token.dep_ == "ccomp" and is_reporting_verb(token.head):
            return token.head
        token = token.head
    return None


def _subject_before_in_broken_tree(verb: Token) -> Token | None:
    """The noun phrase standing before a finite reporting verb that the parser left without
    a subject, where the tree cannot be right:

    * "Minister Adrian Kessler, who has called ..., repeated that ...": the sentence's root is
      the name and the verb hangs on it as a modifier;
    * "X complained that ...; the ministry's spokeswoman, Lidia Marenko, retorted that ...":
      the verb is coordinated across a semicolon with the phrase before it made an object.
    """
    doc = verb.doc
    head = verb.head
    if verb.tag_ not in ("VBD", "VBZ", "VBP", "VBN") or head.i == verb.i:
        return None
    if (
        verb.dep_ in ("acl", "relcl")
        and head.dep_ == "ROOT"
        and head.pos_ in ("PROPN", "NOUN")
        and head.i < verb.i
        and not any(c.dep_ == "aux" for c in verb.children)
        and any(c.dep_ == "ccomp" for c in verb.children)
    ):
        return head
    if verb.dep_ == "conj" and head.i < verb.i:
        semicolons = [t for t in doc[head.i + 1 : verb.i] if t.text == ";"]
        if semicolons:
            window = doc[semicolons[-1].i + 1 : verb.i]
            tops = [
                t
                for t in window
                if t.pos_ in ("PROPN", "NOUN", "PRON") and not window.start <= t.head.i < window.end
            ]
            if tops:
                return tops[-1]
    return None


def strip_complementizer(tokens: Tokens) -> Tokens:
    while tokens and (tokens[0].is_punct or tokens[0].is_space):
        tokens = tokens[1:]
    # "that" as a complementizer, whatever dependency the parser gave it ("told officers that")
    first = tokens[0] if tokens else None
    complementizer = first is not None and (first.dep_ in ("mark", "complm") or first.tag_ == "IN")
    if complementizer and first is not None and first.lower_ == "that":
        tokens = tokens[1:]
    return tokens


def clause_content(verb: Token) -> Tokens | None:
    """Tokens of the reported clause governed by ``verb``."""
    doc = verb.doc
    clauses = [c for c in verb.children if c.dep_ == "ccomp"]
    if clauses:
        # With a clause on each side, the one after the verb is what was said; the one
        # before is a subject the parser misread ("Diplomats briefed on the talks said ...").
        after = [c for c in clauses if c.i > verb.i]
        if after and len(after) < len(clauses):
            clauses = after
        clause = max(clauses, key=lambda c: c.right_edge.i - c.left_edge.i)
        start, end = clause.left_edge.i, clause.right_edge.i + 1
        # "A, but B, the source added": clauses joined before the cue are all reported.
        before = sorted(c for c in clauses if c.i < verb.i)
        if len(before) > 1 and len(before) == len(clauses):
            joined = any(t.dep_ == "cc" for t in doc[before[0].right_edge.i : before[-1].left_edge.i + 1])
            if joined or any(c.dep_ == "cc" for c in before[0].children):
                start, end = before[0].left_edge.i, before[-1].right_edge.i + 1
                clause = before[-1]
        # "said X, arguing that Y": the participle reports a statement of its own.
        for i in positions_between(marks(doc).participles, start, end):
            end = min(end, doc[i].left_edge.i)
        return strip_complementizer(doc[start:end])
    # "said after the meeting he would resign": the parser took the clause for an adverbial
    # one; a finite clause with its own subject and no subordinator is what was said.
    for child in verb.children:
        if (
            child.dep_ in ("advcl", "dep")
            and child.i > verb.i
            and child.tag_ in ("VBD", "VBZ", "VBP", "VB", "VBN", "MD")
            and any(c.dep_ in ("nsubj", "nsubjpass") and c.i < child.i for c in child.children)
            and _finite(child)
            and not any(c.dep_ == "mark" or c.tag_ in ("WRB", "WDT", "WP") for c in child.children)
            and not any(c.dep_ == "dobj" for c in verb.children)
        ):
            start = min(c.left_edge.i for c in child.children if c.dep_ in ("nsubj", "nsubjpass"))
            return strip_complementizer(list(doc[start : child.right_edge.i + 1]))
    # "told analysts on a call that ...": the parser hung the that-clause on a noun.
    for token in verb.subtree:
        if (
            token.i > verb.i
            and token.dep_ == "mark"
            and token.lower_ == "that"
            and token.head.dep_ in ("relcl", "acl")
            and any(c.dep_ in ("nsubj", "nsubjpass") for c in token.head.children)
            and _only_objects_between(verb, token.head.head)
            and token.head.head.lemma_.lower() not in reporting_nouns()  # "the claim that": its own
        ):
            clause = token.head
            end = clause.right_edge.i + 1
            # The parser hung the clause's tail elsewhere ("... was “tired but [in good
            # spirits]”"): a verbless rest of the sentence is the clause's too.
            rest = [t for t in doc[end : clause.sent.end] if not t.is_punct and not t.is_space]
            if rest and not any(t.pos_ in ("VERB", "AUX") for t in rest):
                end = rest[-1].i + 1
            return strip_complementizer(list(doc[token.i : end]))
    # "..., he claimed." / "But to prevent problems, he said, officials should ...": the cue is
    # a parenthetical hanging off the clause it reports.
    head = verb.head
    if (
        verb.dep_ not in ("ccomp", "parataxis", "conj")
        or head.i == verb.i
        or not any(c.dep_ == "nsubj" for c in verb.children)
    ):
        return None
    aside = [t for t in verb.subtree if not t.is_punct]
    first, last = aside[0].i, aside[-1].i
    if first == 0 or doc[first - 1].text not in {",", "—", "–"}:
        return None
    if head.i < verb.i:
        # "A, but B, the source added": the cue reports both coordinated clauses.
        while head.dep_ == "conj" and head.head.i < head.i and head.head.pos_ in ("VERB", "AUX"):
            head = head.head
        before = strip_complementizer(list(doc[head.left_edge.i : first - 1]))
        # "A, the agency said in a report, and B" / "A, he said, until B": the sentence goes
        # on after the aside and the cue reports that part too (content_parts cuts the gap).
        return before + _after_aside(verb)
    # Mid-sentence: a short aside set off by commas on both sides ("X, he said, Y").
    if last - first <= 8 and last + 1 < len(doc) and doc[last + 1].text in {",", "—", "–"}:
        return strip_complementizer(list(doc[head.left_edge.i : head.right_edge.i + 1]))
    return None


_ASIDE_END = {",", "—", "–"}
MAX_ASIDE_TAIL = 6  # words after the cue inside the aside: "said [in a June report],"


def _after_aside(verb: Token) -> list[Token]:
    """The words after a parenthetical cue that close its sentence ("A, he said, [until B]"),
    or nothing: no second mark near the cue, too few words, or a report of their own
    ("..., he said, adding that ...")."""
    doc, sent = verb.doc, verb.sent
    end = verb.i + 1
    while end < sent.end and doc[end].text not in _ASIDE_END and not doc[end].is_sent_end:
        if doc[end].is_quote or end - verb.i > MAX_ASIDE_TAIL:
            return []
        end += 1
    if end >= sent.end or doc[end].text not in _ASIDE_END:
        return []
    rest = [t for t in doc[end + 1 : sent.end] if not t.is_space]
    while rest and rest[-1].is_punct and not rest[-1].is_quote:
        rest = rest[:-1]
    if sum(not t.is_punct for t in rest) < 3:
        return []
    if rest[0].tag_ == "VBG" or any(is_reporting_verb(t) and t.i != verb.i for t in rest):
        return []
    return rest


def _finite(verb: Token) -> bool:
    """A tensed verb or one with an auxiliary ("he [would] resign")."""
    return verb.tag_ in ("VBD", "VBZ", "VBP") or any(c.dep_ in ("aux", "auxpass") for c in verb.children)


def as_aside_content(verb: Token) -> list[Token] | None:
    """The clause an "as" aside reports: "[As experts have pointed out,] the senator is free
    to publish", "The port[, as the mayor noted,] rarely closes" (the aside's gap is left out)."""
    entry = reporting_verbs().get(verb.lemma_.lower())
    if entry is None or entry.no_as_aside or not is_as_aside(verb) or verb.head.i == verb.i:
        return None
    aside = range(verb.left_edge.i, verb.right_edge.i + 1)
    tokens = [t for t in verb.head.subtree if t.i not in aside]
    return strip_complementizer(tokens) if sum(not t.is_punct for t in tokens) >= 3 else None


def _only_objects_between(top: Token, token: Token) -> bool:
    """True when ``token`` hangs below ``top`` through objects and prepositions only."""
    while token.i != top.i:
        # "told Radio Aldenia as she left the centre that ...": an adverbial clause between.
        if token.head.i == token.i or token.dep_ not in ("prep", "pobj", "dobj", "dative", "advcl"):
            return False
        token = token.head
    return True


def reported_object(verb: Token) -> list[Token] | None:
    """The proposition of a report the verb takes as object: "rejected [the suggestion that]
    X", "slapped down union [claims that] X" -> X (the verb's subject disputes X)."""
    for child in verb.children:
        if child.dep_ != "dobj" or child.i < verb.i or child.lemma_.lower() not in reporting_nouns():
            continue
        for clause in child.children:
            if clause.dep_ in ("acl", "ccomp", "relcl") and any(
                m.dep_ == "mark" and m.lower_ == "that" for m in clause.children
            ):
                return strip_complementizer(list(verb.doc[clause.left_edge.i : clause.right_edge.i + 1]))
    return None


def object_content(verb: Token) -> list[Token] | None:
    """Object and complements after the verb: "urged [the UN to act]", "described [it as X]"."""
    prep = joined_prep(verb)
    parts = [
        c
        for c in verb.children
        if c.i > verb.i
        and c.dep_ not in ("punct", "cc", "advcl", "prt", "advmod", "npadvmod", "nsubj")
        and not (c.dep_ == "conj" and c.pos_ in ("VERB", "AUX"))  # "and then left": no content
    ]
    core = [
        c
        for c in parts
        if c.dep_ in _OBJECT_DEPS or c.lower_ in _ARGUMENT_PREPS or (prep is not None and c.i == prep.i)
    ]
    if not core:
        return None
    # Adjuncts after the object stay ("called for more investment in a statement on Thursday":
    # cutting them cost 0.4 points of F1 on PolNeAR); a participle clause (", calling it ...")
    # is no part.
    tokens = list(verb.doc[parts[0].left_edge.i : parts[-1].right_edge.i + 1])
    if prep is not None and tokens and tokens[0].i == prep.i:
        tokens = tokens[1:]
    if _refers_back(tokens):
        return None
    return strip_complementizer(without_aside_tail(tokens))


def without_aside_tail(tokens: list[Token]) -> list[Token]:
    """``tokens`` without a closing non-restrictive relative clause or apposition set off by
    a comma ("praised the plan[, which includes ...]", "met Mr. Lee[, the party's leader]"):
    it is the writer's description of the object, not part of what was reported."""
    if not tokens:
        return tokens
    doc, first, last = tokens[0].doc, tokens[0].i, tokens[-1].i
    while last > first and doc[last].is_punct and not doc[last].is_quote:
        last -= 1
    for token in tokens:
        if token.dep_ not in ("relcl", "appos") or token.right_edge.i < last:
            continue
        comma = token.left_edge.i - 1
        if comma <= first or doc[comma].text not in (",", "--", "—", "–"):
            continue
        if token.dep_ == "relcl" and doc[token.left_edge.i].tag_ not in ("WDT", "WP", "WP$"):
            continue
        if any(doc[i].is_quote for i in range(comma, last + 1)):
            continue  # the quote goes on: the words are the speaker's
        return [t for t in tokens if t.i < comma]
    return tokens


_ANAPHORIC_DETERMINERS = ("this", "that", "these", "those", "such")


def _refers_back(tokens: list[Token]) -> bool:
    """A short object that only points at words said before ("citing the same principle",
    "repeated this point"): it reports nothing of its own."""
    words = [t for t in tokens if not t.is_punct]
    if not words or len(words) > 3:
        return False
    first = words[0].lower_
    same = first == "the" and len(words) > 1 and words[1].lower_ == "same"
    return same or (first in _ANAPHORIC_DETERMINERS and words[0].dep_ == "det")


def according_to(token: Token) -> tuple[Token, list[Token]] | None:
    """("X", content tokens) for "according to X, ..." / "..., according to X"."""
    if token.lower_ != "according" or token.i + 1 >= len(token.doc):
        return None
    to = token.doc[token.i + 1]
    if to.lower_ != "to":
        return None
    source = next((c for c in to.children if c.dep_ == "pobj"), None)
    if source is None:
        return None
    sent = token.sent
    phrase = {t.i for t in token.subtree} | {t.i for t in to.subtree}
    runs: list[list[Token]] = [[]]
    for t in sent:
        if t.i in phrase:
            runs.append([])
        else:
            runs[-1].append(t)
    best = max(runs, key=lambda run: sum(not t.is_punct for t in run))
    if sum(not t.is_punct for t in best) < 3:
        return None
    return source, best


def noun_report(noun: Token) -> tuple[Token, list[Token]] | None:
    """(source, clause) for "Trump's claim that ...", "a warning by the ministry that ..."."""
    if noun.pos_ != "NOUN" or noun.lemma_.lower() not in reporting_nouns():
        return None
    source = next((c for c in noun.children if c.dep_ == "poss"), None)
    if source is None:
        by = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ in ("by", "from")), None)
        source = next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None
    clause = next(
        (
            c
            for c in noun.children
            if c.dep_ in ("acl", "ccomp", "relcl")
            and c.i > noun.i
            and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
        ),
        None,
    )
    if source is None or clause is None:
        return None
    return source, strip_complementizer(list(noun.doc[clause.left_edge.i : clause.right_edge.i + 1]))
