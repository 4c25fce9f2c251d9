"""Statements in one parsed ``Doc``: direct quotes, indirect speech and mixed forms.

Two passes over the same Doc:

1. Quotations (``quotes.find_quotes``) that stand as speech are paired with the
   reporting verb right after them ("...," she said) or right before them
   (She said: "..."); a quote with no cue that follows a speaker's quote
   continues that speaker.
2. Reporting verbs in the dependency parse give indirect speech: the verb's
   clausal complement ("said [that] ..."), the clause a trailing cue follows
   ("..., he claimed"), or for verbs like urge/describe/accuse their object and
   complements. "According to X" works the same way. Reported speech that
   carries quoted fragments is ``mixed``.

The output is a list of :class:`Candidate`: content and cue offsets plus the
token heading the speaker phrase; ``speakers.resolve`` turns the speaker token
into a named entity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Token

from claimgraph.attribution.quotes import Quote, find_quotes, paragraphs
from claimgraph.model import Cue
from claimgraph.nlp import DATELINE, data_lines

# Verbs whose dependents can carry a speaker's own subject (the participle in
# "..., the diplomat stressed, adding ..."; the second verb in "smiled and said").
_SUBJECT_FROM_HEAD = ("advcl", "xcomp", "conj", "pcomp", "acl", "prep", "acomp", "advmod")
_RELATIVE_PRONOUNS = {"who", "which", "that"}
_NOMINAL = ("PROPN", "NOUN", "PRON")
_NOT_A_REPORT = ("amod", "compound", "aux", "auxpass", "acl")
_TRIM_CHARS = " \t\n,;:—–-.…"
_SENTENCE_END = {".", "!", "?"}
DASHES = {"―", "—", "–", "-", "--"}
_SPEECH_PRECEDERS = set(".?!:;,—–-…([")
_OBJECT_DEPS = ("dobj", "xcomp", "dative", "oprd", "attr", "ccomp")
_ARGUMENT_PREPS = ("as", "of")  # "described it [as ...]", "accused X [of ...]"
MIN_SPEECH_WORDS = 3
AFTER_CUE_WINDOW = 8  # a cue after a quote sits within this many words of it


@dataclass
class Candidate:
    """A statement found in the text, before its speaker is resolved."""

    kind: str  # direct | indirect | mixed
    start: int
    end: int
    cue: Cue | None
    subject: Token | None  # the token heading the phrase that names the speaker
    continues: int | None = None  # index of the earlier candidate whose speaker this one shares
    paragraph: int = 0
    act: str = "speech"  # speech, or an internal state (Lexicon.states)


# "PENCE: Well, look, ..." (transcripts) and "Smith: We will win" (headlines).
_LABELLED = re.compile(r"[\s\"“”']*([A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3})\s*:\s+(\S.*\S)")


@lru_cache(maxsize=1)
def label_stopwords() -> frozenset[str]:
    return frozenset(data_lines("label_stopwords.txt"))


STATE_ACTS = ("belief", "intention", "perception", "emotion", "evidence")
"""Internal states and evidence ("thinks", "wants", "a poll shows"): attributed, but not speech."""


@dataclass(frozen=True)
class VerbEntry:
    frame: str  # clause | object
    preps: frozenset[str]  # prepositions that join the cue ("called on")


@lru_cache(maxsize=1)
def reporting_nouns() -> frozenset[str]:
    return frozenset(data_lines("reporting_nouns.txt"))


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
    return source, _strip_complementizer(list(noun.doc[clause.left_edge.i : clause.right_edge.i + 1]))


@lru_cache(maxsize=1)
def reporting_verbs() -> dict[str, VerbEntry]:
    table = {}
    for line in data_lines("reporting_verbs.tsv"):
        lemma, frame, *rest = line.split("\t")
        preps = frozenset(rest[0].split(",")) if rest and rest[0] else frozenset()
        table[lemma.strip()] = VerbEntry(frame.strip(), preps)
    return table


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
    """Which verbs introduce statements: speech always, internal states on request."""

    states: bool = False

    def act(self, token: Token) -> str | None:
        """"speech", a state act, or None when ``token`` introduces nothing."""
        if is_reporting_verb(token):
            return "speech"
        lemma = token.lemma_.lower()
        if token.pos_ not in ("VERB", "AUX") or token.dep_ in _NOT_A_REPORT:
            return None
        if self.states and lemma in state_verbs() and lemma not in ("be", "have"):
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
    lemma = token.lemma_.lower()
    if lemma not in reporting_frames():
        return False
    # "Asked whether ..., he replied": a bare past participle reports what others did.
    if token.tag_ == "VBN" and token.dep_ == "advcl" and not any(
        c.dep_ in ("aux", "auxpass") for c in token.children
    ):
        return False
    if lemma == "point":  # only "point out"
        return any(c.dep_ == "prt" and c.lower_ == "out" for c in token.children)
    return True


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


def subject_of(verb: Token, depth: int = 0) -> Token | None:
    """The speaker phrase's head: the verb's subject, or its governing verb's for participles."""
    for child in verb.children:
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
    # "X said it would veto a bill that caps prices, calling it ...": a participle after a
    # comma speaks for the sentence's subject, wherever the parser attached it.
    doc = verb.doc
    if depth == 0 and verb.tag_ == "VBG" and verb.dep_ == "advcl" and doc[verb.i - 1].text == ",":
        root = verb.sent.root
        if root.i != verb.i and any(c.dep_ == "nsubj" for c in root.children):
            return subject_of(root, depth + 1)
    # "..., adding", "before asking her", "by telling them": the governing verb's subject.
    if depth < 4 and verb.dep_ in _SUBJECT_FROM_HEAD and verb.head.i != verb.i:
        return subject_of(verb.head, depth + 1)
    return None


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _TRIM_CHARS:
        start += 1
    while end > start and text[end - 1] in _TRIM_CHARS:
        end -= 1
    return start, end


def _char_range(tokens: list[Token]) -> tuple[int, int]:
    first, last = tokens[0], tokens[-1]
    return first.idx, last.idx + len(last.text)


def _strip_complementizer(tokens: list[Token]) -> list[Token]:
    while tokens and (tokens[0].is_punct or tokens[0].is_space):
        tokens = tokens[1:]
    if tokens and tokens[0].lower_ == "that" and tokens[0].dep_ in ("mark", "complm"):
        tokens = tokens[1:]
    return tokens


def _clause_content(verb: Token) -> list[Token] | None:
    """Tokens of the reported clause governed by ``verb``."""
    doc = verb.doc
    clauses = [c for c in verb.children if c.dep_ == "ccomp"]
    if clauses:
        clause = max(clauses, key=lambda c: c.right_edge.i - c.left_edge.i)
        end = clause.right_edge.i + 1
        # "said X, arguing that Y": the participle reports a statement of its own.
        for token in clause.subtree:
            if token.dep_ == "advcl" and token.tag_ == "VBG" and is_reporting_verb(token):
                end = min(end, token.left_edge.i)
        return _strip_complementizer(list(doc[clause.left_edge.i : end]))
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
            return _strip_complementizer(list(doc[token.i : clause.right_edge.i + 1]))
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
        return _strip_complementizer(list(doc[head.left_edge.i : first - 1]))
    # Mid-sentence: a short aside set off by commas on both sides ("X, he said, Y").
    if last - first <= 8 and last + 1 < len(doc) and doc[last + 1].text in {",", "—", "–"}:
        return _strip_complementizer(list(doc[head.left_edge.i : head.right_edge.i + 1]))
    return None


def _only_objects_between(top: Token, token: Token) -> bool:
    """True when ``token`` hangs below ``top`` through objects and prepositions only."""
    while token.i != top.i:
        if token.head.i == token.i or token.dep_ not in ("prep", "pobj", "dobj", "dative"):
            return False
        token = token.head
    return True


def _object_content(verb: Token) -> list[Token] | None:
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
    return _strip_complementizer(tokens)


def _according_to(token: Token) -> tuple[Token, list[Token]] | None:
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


class _Extractor:
    def __init__(self, doc: Doc, lexicon: Lexicon):
        self.doc = doc
        self.lexicon = lexicon
        self.text = doc.text
        self.quotes = find_quotes(self.text)
        self.paragraphs = paragraphs(self.text)
        self.candidates: list[Candidate] = []

    # -- helpers -------------------------------------------------------------------------
    def paragraph_of(self, char: int) -> int:
        for i, (start, end) in enumerate(self.paragraphs):
            if start <= char <= end:
                return i
        return len(self.paragraphs)

    def tokens_between(self, start: int, end: int) -> list[Token]:
        span = self.doc.char_span(start, end, alignment_mode="contract")
        if span is None:
            return []
        return list(span)

    def token_before(self, char: int) -> Token | None:
        span = self.doc.char_span(0, char, alignment_mode="contract")
        return span[-1] if span is not None and len(span) else None

    def inside_quote(self, char: int, quotes: list[Quote]) -> bool:
        return any(q.start <= char < q.end for q in quotes)

    # -- pass 0: labelled paragraphs ------------------------------------------------------
    def labelled_paragraphs(self) -> None:
        for par, (start, end) in enumerate(self.paragraphs):
            match = _LABELLED.match(self.text, start, end)
            if not match or match.group(1).split()[0].lower() in label_stopwords():
                continue
            if len(match.group(2).split()) < 3:
                continue
            label = self.tokens_between(match.start(1), match.end(1))
            if not label or any(t.pos_ in ("VERB", "AUX") for t in label):
                continue
            colon = self.text.index(":", match.end(1))
            cue = Cue(":", colon, colon + 1, ":")
            kind, c_start, c_end = self.classify(*_trimmed(self.text, match.start(2), match.end(2)))
            c_end = match.end(2) if kind != "direct" else c_end
            self.candidates.append(Candidate(kind, c_start, c_end, cue, label[-1], paragraph=par))

    def overlaps_any(self, start: int, end: int) -> bool:
        return any(min(end, c.end) > max(start, c.start) for c in self.candidates)

    # -- pass 1: quotations ---------------------------------------------------------------
    def is_speech(self, quote: Quote) -> bool:
        par_start = self.paragraphs[self.paragraph_of(quote.open_mark)][0]
        before = self.text[par_start : quote.open_mark].rstrip()
        content = self.text[quote.start : quote.end]
        words = len(content.split())
        prev = before[-1:] if before else ""
        full = words >= MIN_SPEECH_WORDS or content.rstrip()[-1:] in ".?!,"
        if not before or prev in _SPEECH_PRECEDERS or prev in "”»’\"'":
            return full and prev not in ("(", "[")
        token = self.token_before(quote.open_mark)
        return token is not None and is_reporting_verb(token) and full

    def speaker_near(self, verb: Token, quote: Quote) -> Token | None:
        """The parse gave the cue a subject inside the quotation (or none): take the noun
        phrase beside the cue outside it ("..., Tulsa police Chief Chuck Jordan said")."""
        lo = quote.after if verb.idx >= quote.after else verb.sent.start_char
        before = [t for t in self.tokens_between(lo, verb.idx) if t.pos_ in _NOMINAL]
        after = [t for t in self.doc[verb.i + 1 : verb.i + 5] if t.pos_ in _NOMINAL]
        token = before[-1] if before else (after[0] if after else None)
        if token is None or quote.open_mark <= token.idx < quote.after:
            return None
        while token.dep_ == "compound" and token.head.i != token.i:
            token = token.head
        return token

    def cue_after(self, quote: Quote, next_open: int) -> Token | None:
        tokens = self.tokens_between(quote.after, next_open)
        if tokens and tokens[0].text in DASHES:
            # “...” ― Jane Doe: a byline-style attribution.
            name = [t for t in tokens[1:4] if t.pos_ == "PROPN" and t.text[:1].isupper()]
            return tokens[0] if name else None
        words = 0
        for token in tokens:
            if token.text in _SENTENCE_END:
                return None
            if is_reporting_verb(token):
                # "“...” Smith said the deal was off": that verb reports its own (unquoted) clause.
                if any(c.dep_ == "ccomp" and c.i > token.i and c.idx < next_open for c in token.children):
                    return None
                return token
            if token.lower_ == "according" and _according_to(token):
                return token
            if not token.is_punct:
                words += 1
                if words >= AFTER_CUE_WINDOW:
                    return None
        return None

    def cue_before(self, quote: Quote, floor: int) -> Token | None:
        before = self.text[floor : quote.open_mark].rstrip()
        prev_token = self.token_before(quote.open_mark)
        if not before:
            return None
        if before[-1] not in ":," and not (prev_token is not None and is_reporting_verb(prev_token)):
            return None
        anchor = self.token_before(quote.open_mark)
        if anchor is None:
            return None
        sent_start = max(floor, anchor.sent.start_char)
        window = self.tokens_between(sent_start, quote.open_mark)
        for token in reversed(window):
            if is_reporting_verb(token):
                return token
        if before[-1] == ":":
            # "The reaction from opposition leader Mark Ellison was swift: “...”"
            people = [t for t in window if t.ent_type_ == "PERSON" and t.ent_iob_ != "O"]
            if people:
                return people[-1]
        return None

    def cue_in_paragraph_before(self, par: int) -> Token | None:
        """ "He said:" as a paragraph of its own, the quotation in the next one."""
        start, end = self.paragraphs[par - 1]
        if not self.text[start:end].rstrip().endswith(":"):
            return None
        for token in reversed(self.tokens_between(start, end)):
            if is_reporting_verb(token):
                return token
        return None

    def direct_statements(self) -> None:
        last_direct: int | None = None
        last_paragraph = -1
        for i, quote in enumerate(self.quotes):
            par = self.paragraph_of(quote.open_mark)
            par_start, par_end = self.paragraphs[par]
            if not self.is_speech(quote) or self.overlaps_any(quote.start, quote.end):
                continue
            nxt = next(
                (q.open_mark for q in self.quotes[i + 1 :] if q.open_mark < par_end), par_end
            )
            prev_after = max(
                [q.after for q in self.quotes[:i] if q.after <= quote.open_mark and q.after > par_start]
                or [par_start]
            )
            verb = None if quote.continues else self.cue_after(quote, nxt)
            if verb is None and not quote.continues:
                verb = self.cue_before(quote, prev_after)
            if verb is None and not quote.continues and par > 0 and quote.open_mark == par_start:
                verb = self.cue_in_paragraph_before(par)
            if verb is not None:
                if verb.text in DASHES:
                    name = next(t for t in self.doc[verb.i + 1 : verb.i + 4] if t.pos_ == "PROPN")
                    subject: Token | None = name.head if name.dep_ == "compound" else name
                    cue = Cue(verb.text, verb.idx, verb.idx + len(verb.text), verb.text)
                elif verb.ent_type_ == "PERSON":
                    subject, cue = verb, None
                elif verb.lower_ == "according":
                    found = _according_to(verb)
                    subject = found[0] if found else None
                    cue = Cue(
                        text=self.text[verb.idx : verb.idx + len("according to")],
                        start=verb.idx,
                        end=verb.idx + len("according to"),
                        lemma="according to",
                    )
                else:
                    subject, cue = subject_of(verb), cue_of(verb)
                    if subject is None or quote.open_mark <= subject.idx < quote.after:
                        subject = self.speaker_near(verb, quote)
                self.candidates.append(
                    Candidate("direct", quote.start, quote.end, cue, subject, paragraph=par)
                )
                last_direct, last_paragraph = len(self.candidates) - 1, par
                continue
            # No cue: a quote that continues the previous speaker's quote
            # (same paragraph, or a new paragraph right after it).
            if last_direct is not None and par - last_paragraph <= 1:
                self.candidates.append(
                    Candidate(
                        "direct", quote.start, quote.end, None, None, continues=last_direct,
                        paragraph=par,
                    )
                )
                last_direct, last_paragraph = len(self.candidates) - 1, par

    # -- pass 2: reported speech ----------------------------------------------------------
    def overlaps_direct(self, start: int, end: int) -> bool:
        for cand in self.candidates:
            if cand.kind != "direct":
                continue
            inter = min(end, cand.end) - max(start, cand.start)
            if inter > 0 and inter >= 0.5 * min(end - start, cand.end - cand.start):
                return True
        return False

    def classify(self, start: int, end: int) -> tuple[str, int, int]:
        """direct/mixed/indirect by the quotation marks inside the content."""
        inside = [q for q in self.quotes if q.start < end and q.end > start]
        if not inside:
            return "indirect", start, end
        if len(inside) == 1:
            q = inside[0]
            if self.text[start : q.open_mark].strip(_TRIM_CHARS) == "" and self.text[
                min(q.after, end) : end
            ].strip(_TRIM_CHARS) == "":
                return "direct", q.start, q.end
        return "mixed", start, end

    def close_open_quote(self, start: int, end: int) -> int:
        """Keep the closing mark of a quote the content opens: 'walked out "without reading."'."""
        for q in self.quotes:
            if start <= q.open_mark < end < q.after and q.closed:
                return q.after
        return end

    def add_reported(
        self, tokens: list[Token] | None, cue: Cue, subject: Token | None, act: str = "speech"
    ) -> None:
        if not tokens or sum(not t.is_punct for t in tokens) < 2:
            return
        # A semicolon starts another clause: "X said A; they only learned B".
        for i, token in enumerate(tokens):
            if token.text == ";" and not self.inside_quote(token.idx, self.quotes):
                tokens = tokens[:i]
                break
        if not tokens:
            return
        start, end = _trimmed(self.text, *_char_range(tokens))
        dateline = DATELINE.match(self.text, start, end)
        if dateline:
            start = dateline.end()
        if end - start < 3 or self.overlaps_direct(start, end):
            return
        kind, start, end = self.classify(start, end)
        if kind == "mixed":
            end = self.close_open_quote(start, end)
        if any(c.start == start and c.end == end for c in self.candidates):
            return
        self.candidates.append(
            Candidate(kind, start, end, cue, subject, paragraph=self.paragraph_of(start), act=act)
        )

    def reported_statements(self) -> None:
        # Words already given to a speaker (quotes, transcript lines) hold no reports of ours.
        owned = [(c.start, c.end) for c in self.candidates]
        for token in self.doc:
            if any(start <= token.idx < end for start, end in owned):
                continue
            if token.lower_ == "according":
                found = _according_to(token)
                if found:
                    source, tokens = found
                    end = token.idx + len("according to")
                    cue = Cue(self.text[token.idx : end], token.idx, end, "according to")
                    self.add_reported(tokens, cue, source)
                continue
            found = noun_report(token)
            if found is not None:
                source, clause = found
                self.add_reported(clause, cue_of(token), source)
                continue
            act = self.lexicon.act(token)
            if act is None:
                continue
            if any(c.dep_ == "neg" for c in token.children):
                continue
            tokens = _clause_content(token)
            if tokens is None and self.lexicon.frame(token) == "object":
                tokens = _object_content(token)
            self.add_reported(tokens, cue_of(token), subject_of(token), act)

    # -- pass 3: quotations left over ------------------------------------------------------
    def orphan_quotes(self) -> None:
        """A full-sentence quotation with no cue of its own, after a statement in the same or
        the previous paragraph, continues that statement's speaker ("... because “A,” she
        said. “B.”" where the first quotation belongs to a mixed statement)."""
        for quote in self.quotes:
            par = self.paragraph_of(quote.open_mark)
            if self.overlaps_any(quote.start, quote.end) or not self.is_speech(quote):
                continue
            before = self.text[max(0, quote.open_mark - 2) : quote.open_mark].strip()
            words = len(self.text[quote.start : quote.end].split())
            if before not in ("", ".", "!", "?") or words < 4:
                continue
            earlier = [
                i
                for i, c in enumerate(self.candidates)
                if c.end <= quote.open_mark and par - c.paragraph <= 1 and c.continues is None
            ]
            if earlier:
                last = max(earlier, key=lambda i: self.candidates[i].end)
                self.candidates.append(
                    Candidate("direct", quote.start, quote.end, None, None, continues=last, paragraph=par)
                )

    def run(self) -> list[Candidate]:
        if not self.text.strip():
            return []
        self.labelled_paragraphs()
        self.direct_statements()
        self.reported_statements()
        self.orphan_quotes()
        order = sorted(range(len(self.candidates)), key=lambda i: self.candidates[i].start)
        remap = {old: new for new, old in enumerate(order)}
        ordered = [self.candidates[i] for i in order]
        for cand in ordered:
            if cand.continues is not None:
                cand.continues = remap[cand.continues]
        return ordered


def extract_statements(doc: Doc, lexicon: Lexicon | None = None) -> list[Candidate]:
    """All statement candidates in ``doc``, ordered by position."""
    return _Extractor(doc, lexicon or Lexicon()).run()

