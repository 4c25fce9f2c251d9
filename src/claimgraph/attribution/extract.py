"""Statements in one parsed ``Doc``: direct quotes, indirect speech and mixed forms.

Four passes over the same Doc, each leaving alone what an earlier one took:

0. Labelled paragraphs ("PENCE: Well, look, ...") are the label's words.
1. Quotations (``quotes.find_quotes``) that stand as speech are paired with the
   reporting word right after them ("...," she said; "..." ― Jane Doe) or right
   before them (She said: "..."); a quote with no cue that follows a speaker's
   quote continues that speaker.
2. Reporting verbs and nouns in the dependency parse (``grammar``) give indirect
   speech; reported speech that carries quoted fragments is ``mixed``.
3. Full-sentence quotations still left continue the preceding statement's speaker.

The output is a list of :class:`Candidate`: content and cue offsets plus the
token heading the speaker phrase; ``speakers.resolve`` turns the speaker token
into a named entity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from claimgraph.attribution.grammar import (
    Tokens,
    according_to,
    as_aside_content,
    clause_content,
    has_words,
    marks,
    noun_report,
    object_content,
    positions_between,
    reported_object,
    strip_complementizer,
    subject_of,
)
from claimgraph.attribution.lexicon import (
    Lexicon,
    cue_of,
    is_reporting_verb,
    joined_prep,
    label_stopwords,
    non_statements,
)
from claimgraph.attribution.negation import negators
from claimgraph.attribution.quotes import Quote, find_quotes, paragraphs
from claimgraph.model import Cue
from claimgraph.nlp import DATELINE, common_word

_NOMINAL = ("PROPN", "NOUN", "PRON")
_TRIM_CHARS = " \t\n,;:—–-.…"
_SENTENCE_END = {".", "!", "?"}
DASHES = {"―", "—", "–", "-", "--"}
_SPEECH_PRECEDERS = set(".?!:;,—–-…([")
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


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _TRIM_CHARS:
        start += 1
    while end > start and text[end - 1] in _TRIM_CHARS:
        end -= 1
    return start, end


def _char_range(tokens: list[Token]) -> tuple[int, int]:
    first, last = tokens[0], tokens[-1]
    return first.idx, last.idx + len(last.text)


_ASIDE_MARKS = {",", "—", "–", "--"}
_ASIDE_NP = ("DET", "ADJ", "PROPN", "NOUN", "PRON", "NUM", "PART", "ADV")
MAX_LEAD_IN = 12  # tokens of a phrase that leads into a quotation in its sentence
MAX_ASIDE = 9  # tokens between the commas of "..., Chief Justice Roberts said, ..."


def aside_report(verb: Token) -> tuple[Token, list[list[Token]]] | None:
    """(speaker, content fragments) for a cue set off as an aside, found in the tokens when the
    parse gave the verb no content: "To understand X, Chief Justice Roberts said, one should
    visit", "Hawaii, as one of his advisers pointed out, rarely gets ...", "..., Graham said."
    """
    sent = verb.sent
    if verb.tag_ not in ("VBD", "VBZ", "VBP"):
        return None
    i = verb.i - 1
    while i > sent.start and sent.doc[i].text not in _ASIDE_MARKS and verb.i - i <= MAX_ASIDE:
        # The aside is a noun phrase and the verb: "[Chief Justice Roberts] said", "[as one
        # of his advisers] pointed out"; no clause, preposition or relative pronoun.
        word = sent.doc[i]
        if word.pos_ not in _ASIDE_NP or word.tag_ in ("WDT", "WP") or word.is_quote:
            if not (word.lower_ in ("of", "as") or word.is_punct and word.text in ".-'’"):
                return None
        i -= 1
    if i <= sent.start or sent.doc[i].text not in _ASIDE_MARKS:
        return None
    left = i
    window = [t for t in sent.doc[left + 1 : verb.i] if t.lower_ != "as"]
    nominals = [t for t in window if t.pos_ in ("PROPN", "NOUN", "PRON")]
    tops = [t for t in nominals if not (left < t.head.i < verb.i) or t.head.i == t.i]
    if not tops:
        return None
    j = verb.i + 1
    rest = [t for t in sent.doc[verb.i + 1 : sent.end] if not t.is_punct and not t.is_space]
    verbless = all(t.pos_ not in ("VERB", "AUX") for t in rest)
    if rest and len(rest) <= 6 and rest[0].pos_ == "ADP" and verbless:
        j = sent.end  # "..., the Secret Service said in a statement."
    while j < sent.end and sent.doc[j].text not in _ASIDE_MARKS and not sent.doc[j].is_sent_end:
        word = sent.doc[j]  # "said [on Monday],", "argues [again],"
        dated = word.pos_ == "ADP" and word.i + 1 < len(word.doc) and word.nbor().ent_type_ == "DATE"
        timely = word.ent_type_ in ("DATE", "TIME") or dated
        if not (word.pos_ in ("ADV", "PART") or timely) or j - verb.i > 4:
            return None
        j += 1
    before = [t for t in sent.doc[sent.start : left] if not t.is_space]
    after = [t for t in sent.doc[j + 1 : sent.end] if not t.is_space] if j < sent.end else []
    if after and after[-1].is_punct:
        after = after[:-1]
    parts = [p for p in (before, after) if sum(not t.is_punct for t in p) >= 2]
    return (tops[-1], parts) if parts else None


def content_parts(tokens: Tokens | None, verb: Token, subject: Token | None) -> list[Tokens]:
    """The reported words as contiguous fragments, without the report's own cue, speaker or
    any other report coordinated with it:

    * "Climate change, he often says, is the greatest threat": two fragments around the aside;
    * "said that A and that B": one fragment per that-clause;
    * "said A and warned against B": A only ("warned" reports B by itself).
    """
    if not tokens:
        return []
    first, last = tokens[0].i, tokens[-1].i
    parts: list[Tokens] = [tokens]
    if first < verb.i <= last:
        frame = {verb.i} | {c.i for c in verb.children if c.dep_ in ("prt", "advmod", "aux", "neg")}
        if subject is not None and first <= subject.i <= last:
            frame |= {t.i for t in subject.subtree}
        lo, hi = min(frame), max(frame)
        parts = [[t for t in tokens if t.i < lo], [t for t in tokens if t.i > hi]]
    out: list[Tokens] = []
    for part in parts:
        out.extend(_split_coordinated(part, verb))
    return [p for p in out if has_words(p, 2)]


def _split_coordinated(tokens: Tokens, verb: Token) -> list[Tokens]:
    """Cut ``tokens`` before a coordinated that-clause or a coordinated reporting verb."""
    if isinstance(tokens, Span):
        doc = tokens.doc
        conjuncts = [doc[i] for i in positions_between(marks(doc).conjuncts, tokens.start, tokens.end)]
        inside: range | set[int] = range(tokens.start, tokens.end)
    else:
        conjuncts = [t for t in tokens if t.dep_ == "conj"]
        inside = {t.i for t in tokens}
    for token in conjuncts:
        if token.i == tokens[0].i or token.head.i not in inside:
            continue
        own_that = any(c.dep_ == "mark" and c.lower_ == "that" for c in token.children)
        other_report = is_reporting_verb(token) and not any(
            c.dep_ in ("nsubj", "nsubjpass") for c in token.children
        )
        if not (own_that or other_report):
            continue
        start = token.left_edge.i
        cc = [c for c in token.head.children if c.dep_ == "cc" and c.i < start]
        cut = min([c.i for c in cc if c.i > token.head.i] + [start])
        before = _before(tokens, cut)
        if own_that:
            after = _from(tokens, start)
            return _split_coordinated(before, verb) + _split_coordinated(strip_complementizer(after), verb)
        return [before]
    return [tokens]


def _before(tokens: Tokens, end: int) -> Tokens:
    """The words before word ``end``."""
    if isinstance(tokens, Span):
        return tokens.doc[tokens.start : max(tokens.start, min(end, tokens.end))]
    return [t for t in tokens if t.i < end]


def _from(tokens: Tokens, start: int) -> Tokens:
    """The words from word ``start`` on."""
    if isinstance(tokens, Span):
        return tokens.doc[min(max(start, tokens.start), tokens.end) : tokens.end]
    return [t for t in tokens if t.i >= start]


_TITLE_SMALL_WORDS = frozenset("a an the of in on at to and or for nor but by with from as is are vs".split())
MIN_TITLE_WORDS, MAX_TITLE_WORDS = 3, 10


def _is_title(content: str) -> bool:
    """Title Case words, as headlines, books and films are named: “Coal Isn't the Villain.”"""
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", content)]
    if not MIN_TITLE_WORDS <= len(words) <= MAX_TITLE_WORDS:
        return False
    return all(w[0].isupper() or w.lower() in _TITLE_SMALL_WORDS for w in words) and words[-1][0].isupper()


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
            first = re.sub(r"[’']s?$", "", match.group(1).split()[0].lower()) if match else ""
            if not match or first in label_stopwords():  # "Editor’s note:" too
                continue
            if len(match.group(2).split()) < 3:
                continue
            label = self.tokens_between(match.start(1), match.end(1))
            if not label or any(t.pos_ in ("VERB", "AUX") for t in label):
                continue
            # A label names somebody: "PENCE:", "Smith:", "Sen. Tim Kaine:"; a headline
            # before a colon ("Stealth Over Health: ...") names nobody.
            named = any(t.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") for t in label)
            lone_name = len(label) == 1 and not common_word(label[0].text)  # "Poll:" names nobody
            if not (named or match.group(1).isupper() or lone_name):
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
        token = self.token_before(quote.open_mark)
        cued = token is not None and (is_reporting_verb(token) or token.text == ":")
        if _is_title(content) and not cued:
            return False  # “All Bets Are Off.”, “Collapse: How Societies Fail”: a work's title
        if not before or prev in _SPEECH_PRECEDERS or prev in "”»’\"'":
            return full and prev not in ("(", "[")
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

    def speaker_between(self, quote: Quote, verb: Token) -> Token | None:
        """ '“...,” Flynn, a top adviser, said on Fox News's “Fox and Friends.”': a noun
        phrase between the quotation and its cue is the speaker, whatever noun after the
        verb the parser made its subject (subject-verb inversion needs nothing between)."""
        between = [t for t in self.tokens_between(quote.after, verb.idx) if t.pos_ in _NOMINAL]
        if not between:
            return None
        token = between[0]
        while token.dep_ == "compound" and token.head.i != token.i and token.head.i < verb.i:
            token = token.head
        return token

    def lead_in(self, quote: Quote, floor: int) -> int | None:
        """Where a sentence starts that sets the speaker's quotation in the speaker's own
        frame ("[With 9,000 polling places,] “there is no single point of failure,” he said"):
        a short verbless phrase before the opening mark, ending in a comma, is part of what
        was reported (the statement is mixed); None when the quotation opens its sentence."""
        mark = self.token_before(quote.open_mark + 1)
        if mark is None:
            return None
        sent = mark.sent
        lead = [t for t in self.doc[sent.start : mark.i] if not t.is_space and t.idx >= floor]
        if not lead or lead[-1].text != "," or len(lead) > MAX_LEAD_IN:
            return None
        words = [t for t in lead if not t.is_punct]
        if len(words) < 2 or any(t.pos_ in ("VERB", "AUX") or t.is_quote for t in lead):
            return None
        return lead[0].idx

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
            if token.lower_ == "according" and according_to(token):
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
                # "said that if he won, “she would sign it”": the report begins before the
                # quotation, which is only its end; the reported pass makes it mixed.
                lead = [t for t in window if t.i > token.i and not t.is_punct]
                if any(t.dep_ == "mark" or t.pos_ in ("VERB", "AUX") for t in lead):
                    return None
                return token
        if before[-1] == ":":
            # "The reaction from opposition leader Mark Ellison was swift: “...”"
            people = [t for t in window if t.ent_type_ == "PERSON" and t.ent_iob_ != "O"]
            if people:
                return people[-1]
        return None

    def in_reported_clause(self, quote: Quote) -> bool:
        """The quotation lies in the clause of a reporting verb before it in its sentence."""
        tokens = self.tokens_between(quote.start, quote.end)
        if not tokens:
            return False
        token = tokens[0]
        while token.head.i != token.i:
            if token.dep_ == "ccomp" and is_reporting_verb(token.head) and token.head.i < tokens[0].i:
                return True
            token = token.head
        return False

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
            nxt = next((q.open_mark for q in self.quotes[i + 1 :] if q.open_mark < par_end), par_end)
            prev_after = max(
                [q.after for q in self.quotes[:i] if q.after <= quote.open_mark and q.after > par_start]
                or [par_start]
            )
            verb = None if quote.continues else self.cue_after(quote, nxt)
            # 'An agent shouted "Gun!", according to the Secret Service': the verb right before
            # the quotation is its cue; the later "according to" reports the whole sentence.
            if verb is not None and verb.lower_ == "according" and not quote.continues:
                verb = self.cue_before(quote, prev_after) or verb
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
                    found = according_to(verb)
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
                    elif subject.i > verb.i and verb.idx >= quote.after:
                        subject = self.speaker_between(quote, verb) or subject
                start, kind = quote.start, "direct"
                if verb.idx >= quote.after:
                    lead = self.lead_in(quote, prev_after)
                    if lead is not None:
                        start, kind = lead, "mixed"
                self.candidates.append(Candidate(kind, start, quote.end, cue, subject, paragraph=par))
                last_direct, last_paragraph = len(self.candidates) - 1, par
                continue
            # No cue: a quote that continues the previous speaker's quote
            # (same paragraph, or a new paragraph right after it), unless it is part of a
            # report in its own sentence ('said via email that, “...” against ...': mixed).
            if last_direct is not None and par - last_paragraph <= 1 and not self.in_reported_clause(quote):
                self.candidates.append(
                    Candidate(
                        "direct",
                        quote.start,
                        quote.end,
                        None,
                        None,
                        continues=last_direct,
                        paragraph=par,
                    )
                )
                last_direct, last_paragraph = len(self.candidates) - 1, par

    def introduced_paragraphs(self) -> None:
        """A paragraph without quotation marks after one that ends "The governor added:" is
        the speaker's words, set off as a block quotation (whose marks the text lost)."""
        for par in range(1, len(self.paragraphs)):
            start, end = _trimmed(self.text, *self.paragraphs[par])
            if end - start < 3 or any(start <= q.open_mark < end for q in self.quotes):
                continue
            if self.overlaps_any(start, end) or len(self.text[start:end].split()) < MIN_SPEECH_WORDS:
                continue
            verb = self.cue_in_paragraph_before(par)
            if verb is None:
                continue
            subject = subject_of(verb)
            if subject is None:
                continue
            end = self.paragraphs[par][1]
            while end > start and self.text[end - 1].isspace():
                end -= 1
            self.candidates.append(Candidate("indirect", start, end, cue_of(verb), subject, paragraph=par))

    # -- pass 2: reported speech ----------------------------------------------------------
    def overlaps_direct(self, start: int, end: int) -> bool:
        for cand in self.candidates:
            if cand.kind != "direct":
                continue
            # A report that holds another one whole, cue and all, is a report of its own:
            # 'An agent shouted "Gun!", according to the Secret Service' (nested reports).
            if cand.cue is not None and start <= cand.cue.start and cand.cue.end <= end:
                if start <= cand.start and cand.end <= end:
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
            if (
                self.text[start : q.open_mark].strip(_TRIM_CHARS) == ""
                and self.text[min(q.after, end) : end].strip(_TRIM_CHARS) == ""
            ):
                return "direct", q.start, q.end
        return "mixed", start, end

    def close_open_quote(self, start: int, end: int) -> int:
        """Keep the closing mark of a quote the content opens: 'walked out "without reading."'."""
        for q in self.quotes:
            if start <= q.open_mark < end < q.after and q.closed:
                return q.after
        return end

    def add_reported(
        self, tokens: Tokens | None, cue: Cue, subject: Token | None, act: str = "speech"
    ) -> None:
        if not tokens or not has_words(tokens, 2):
            return
        # A semicolon starts another clause: "X said A; they only learned B".
        if isinstance(tokens, Span):
            found = positions_between(marks(self.doc).semicolons, tokens.start, tokens.end)
            semicolons = [self.doc[i] for i in found]
        else:
            semicolons = [t for t in tokens if t.text == ";"]
        for token in semicolons:
            if not self.inside_quote(token.idx, self.quotes):
                tokens = _before(tokens, token.i)
                break
        if not tokens:
            return
        start, end = _trimmed(self.text, *_char_range(tokens))
        dateline = DATELINE.match(self.text, start, end)
        if dateline:
            start = dateline.end()
        if end - start < 3 or self.overlaps_direct(start, end):
            return
        if non_statements().match(self.text, start, end):
            return
        kind, start, end = self.classify(start, end)
        if kind == "mixed":
            end = self.close_open_quote(start, end)
        # The same words may be reported twice: asserted by one source and disputed by
        # another ("X rejected Moscow's allegation that ..."), never twice by one cue.
        if any(c.start == start and c.end == end and c.cue == cue for c in self.candidates):
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
                found = according_to(token)
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
            tokens = as_aside_content(token)
            if tokens is None and self.lexicon.frame(token) == "object":
                tokens = reported_object(token)
            tokens = tokens or clause_content(token)
            # "warned of a shortage", "commented on the plan": a cue preposition brings the
            # content even for verbs that otherwise report clauses.
            # "told his advisers to find a way": an object and a to-infinitive are a directive.
            directive = any(c.dep_ == "dobj" and c.i > token.i for c in token.children) and any(
                c.dep_ == "xcomp" and c.i > token.i and any(a.lower_ == "to" for a in c.children)
                for c in token.children
            )
            if tokens is None and (self.lexicon.frame(token) == "object" or joined_prep(token) or directive):
                tokens = object_content(token)
            subject = subject_of(token)
            if _nobody(subject) or _extraposed(token, subject):
                continue  # "no one can state that ...", "it is too early to tell whether ...": nobody says it
            if tokens is None:
                aside = aside_report(token)
                if aside is not None:
                    subject, parts = aside
                    for part in parts:
                        self.add_reported(part, cue_of(token), subject, act)
                    continue
            for part in content_parts(tokens, token, subject):
                self.add_reported(part, cue_of(token), subject, act)

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
        self.introduced_paragraphs()
        self.reported_statements()
        self.orphan_quotes()
        order = sorted(range(len(self.candidates)), key=lambda i: self.candidates[i].start)
        remap = {old: new for new, old in enumerate(order)}
        ordered = [self.candidates[i] for i in order]
        for cand in ordered:
            if cand.continues is not None:
                cand.continues = remap[cand.continues]
        return ordered


def _nobody(subject: Token | None) -> bool:
    """A negative subject ("nobody", "none of them", "no one", "no official")."""
    if subject is None:
        return False
    return subject.lower_ in negators() or any(
        c.dep_ == "det" and c.lower_ in negators() for c in subject.children
    )


def _extraposed(verb: Token, subject: Token | None) -> bool:
    """ "it was too early to tell whether ...", "it is hard to say if ...": the subject "it"
    of an adjective with a to-infinitive is expletive; the verb reports no one's words."""
    return (
        subject is not None
        and subject.lower_ == "it"
        and verb.dep_ == "xcomp"
        and (verb.head.pos_ == "ADJ" or any(c.dep_ == "acomp" for c in verb.head.children))
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    )


def extract_statements(doc: Doc, lexicon: Lexicon | None = None) -> list[Candidate]:
    """All statement candidates in ``doc``, ordered by position."""
    return _Extractor(doc, lexicon or Lexicon()).run()
