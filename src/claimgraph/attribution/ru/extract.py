"""Russian statements from a natasha-parsed ``Doc``: direct quotes, the dash form, reported
clauses with что/чтобы, source frames (по словам X), "как заявил X" asides, postposed and
interposed cues, and "Об этом заявил X" pointing back to the sentence before.

Pure functions of the ``Doc`` and the lexicons; who the source is, beyond its head token, is
the speakers stage's work (claimgraph.speakers.ru).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from spacy.tokens import Doc, Span, Token

from claimgraph.attribution.ru.quotes import QUOTE_CHARS, enclosing, inside_quote, quote_spans
from claimgraph.lexicons import ReportingNoun, ReportingVerb, SourceFrame

TEXT_KEY = "claimgraph_ru_text"
DASHES = frozenset("-–—")
EDGE_PUNCT = frozenset(",:;.—–-") | {"..."}
COMPLEMENTISERS = frozenset({"что", "чтобы"})
BACK_REFERENCES = frozenset({"это", "то", "так", "что"})
CONTENT_DEPS = frozenset({"parataxis", "ccomp", "conj", "advcl", "csubj"})
DEMONSTRATIVES = frozenset({"такой", "этот", "подобный", "данный"})
OBJECT_DEPS = frozenset({"obj", "iobj", "xcomp", "ccomp", "obl"})


@dataclass(frozen=True)
class RussianLexicon:
    """The Russian lexicons an extractor needs, keyed for look-up."""

    verbs: dict[str, ReportingVerb]
    nouns: dict[str, ReportingNoun]
    frames: dict[tuple[str, str], SourceFrame]
    markers: dict[str, str]  # distance particle -> stance ("якобы" -> distancing)

    @classmethod
    def from_lexicons(cls, lexicons: dict[str, tuple[Any, ...]]) -> RussianLexicon:
        return cls(
            verbs={v.lemma: v for v in lexicons["reporting_verbs"]},
            nouns={n.lemma: n for n in lexicons["reporting_nouns"]},
            frames={(f.preposition, f.noun): f for f in lexicons["source_frames"]},
            markers={m.lemma: m.stance for m in lexicons["distance_markers"]},
        )


@dataclass
class Found:
    """A statement found in the text: its content and cue (character offsets), the source's
    head token (``None`` for an impersonal report), and the words around it."""

    kind: str
    content: tuple[int, int]
    cue: tuple[int, int] | None  # None for a quoted paragraph that goes on the one before
    cue_lemma: str
    stance: str
    act: str
    source: Token | None


def text_of(doc: Doc) -> str:
    """The document's text, built once: spaCy rebuilds ``doc.text`` on every access, which
    made a third of the analysis time. Kept in ``user_data`` while the statements are found
    (:func:`find_statements` drops it again)."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return str(text)


def words(span: Span | Doc) -> list[Token]:
    return [t for t in span if not t.is_space]


def negated(token: Token) -> bool:
    return any(c.lower_ == "не" for c in token.children if c.i < token.i)


def subject(token: Token) -> Token | None:
    """The verb's subject (for "как заявил X" and inverted word order too)."""
    for child in token.children:
        if child.dep_ in ("nsubj", "nsubj:pass"):
            return child
    if (
        token.head.i != token.i
        and token.head.pos_ in ("VERB", "ADJ")
        and (token.dep_ == "conj" or token.morph.get("VerbForm") == ["Conv"])
    ):
        # a verb joined to another, or a verbal adverb ("заявив, что ..."), shares its subject
        return subject(token.head)
    return None


def trim(tokens: list[Token]) -> list[Token]:
    """Without edge punctuation (commas, dashes, colons, the final period)."""
    while tokens and (tokens[0].text in EDGE_PUNCT or tokens[0].is_space):
        tokens = tokens[1:]
    while tokens and (tokens[-1].text in EDGE_PUNCT or tokens[-1].is_space):
        tokens = tokens[:-1]
    return tokens


def content_of(
    doc: Doc, tokens: list[Token], quotes: list[tuple[int, int]]
) -> tuple[str, tuple[int, int]] | None:
    """Kind and character span of the content made of ``tokens``: direct when one quotation
    holds it all (the marks left out), mixed when it holds a quoted fragment that is not a
    name, indirect otherwise."""
    tokens = trim(tokens)
    if not tokens:
        return None
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    text = text_of(doc)
    if text[start] in QUOTE_CHARS:
        whole = enclosing(quotes, start + 1, end - 1)
        if whole and whole[0] == start and end - 2 <= whole[1] < end:
            inner_end = whole[1]
            a, b = start + 1, inner_end
            while b > a and text[b - 1] in ",:; ":
                b -= 1
            return ("direct", (a, b)) if b > a else None
    opened = next(((a, b) for a, b in quotes if a == start and b >= end), None)
    closed = next(((a, b) for a, b in quotes if b == end - 1 and a < start), None)
    if opened or closed:
        # one part of a quotation split by its cue: «Мы готовы, — сказал он, — говорить»
        a, b = (start + 1 if opened else start), (end - 1 if closed else end)
        while b > a and text[b - 1] in ",:; ":
            b -= 1
        return ("direct", (a, b)) if b > a else None
    fragments = [(a, b) for a, b in quotes if start <= a and b < end]
    if any(not looks_like_name(text[a + 1 : b]) for a, b in fragments):
        return "mixed", (start, end)
    return "indirect", (start, end)


def looks_like_name(fragment: str) -> bool:
    """A quoted title or name ("«Культура»", "«Что строят на Болоте?»"): capitalised, short."""
    parts = fragment.split()
    return bool(parts) and parts[0][:1].isupper() and len(parts) <= 5


def clause_after(doc: Doc, sent: list[Token], token: Token) -> list[Token]:
    """The rest of the sentence after ``token``."""
    return [t for t in sent if t.i > token.i]


def complement(
    doc: Doc, sent: list[Token], cue: Token, markers: dict[str, str], verbs: dict[str, ReportingVerb]
) -> Token | None:
    """The что/чтобы that opens the cue's reported clause: its clause hangs on the cue
    (directly, or through "о том, что" / "тем, что"), or it follows the comma right after the
    cue and its subject ("..., заявил он, что ..."). A что after another reporting verb is
    that verb's ("призывают ... и понимают, что ...") whatever the parser hung it on."""
    for t in sent:
        if t.i <= cue.i or (t.lower_ not in COMPLEMENTISERS and t.lower_ not in markers):
            continue
        if any(x.lemma_ in verbs and x.pos_ == "VERB" for x in sent if cue.i < x.i < t.i):
            return None
        clause = t.head
        if clause.head.i == cue.i and clause.i != cue.i:
            return t
        if clause.head.lemma_ in ("то", "тот") and clause.head.head.i == cue.i:
            return t
        prev = doc[t.i - 1] if t.i else None
        between = [x for x in sent if cue.i < x.i < t.i]
        if (
            prev is not None
            and prev.text == ","
            and len(between) <= 6
            and not any(x.pos_ in ("VERB", "AUX") for x in between)
        ):
            return t
    return None


def colon_after(sent: list[Token], cue: Token) -> Token | None:
    """A colon that follows the cue and its subject (X заявил: «...»)."""
    for t in sent:
        if t.i > cue.i and t.text == ":":
            between = [x for x in sent if cue.i < x.i < t.i]
            if len(between) <= 8 and not any(x.text in (".", "!", "?") for x in between):
                return t
            return None
    return None


def object_content(cue: Token, sent: list[Token], whole: bool, about: frozenset[str]) -> list[Token]:
    """The object, its infinitive or predicate (призвал стороны сесть за стол; отверг
    обвинения; назвал его декадентским) when ``whole``, else only an infinitive; and a
    complement with a preposition of ``about`` (заявил об отсутствии решения, указал на
    ошибку); never the clauses joined to the verb."""
    parts: list[Token] = []
    if any(c.dep_ == "obj" and c.lemma_ in BACK_REFERENCES for c in cue.children):
        # "мотивировал это нехваткой денег", "объяснил это усталостью": the reason given
        for child in cue.children:
            if child.i > cue.i and child.dep_ == "obl" and child.morph.get("Case") == ["Ins"]:
                if not any(c.dep_ == "case" for c in child.children):
                    return [t for t in sent if child.left_edge.i <= t.i <= child.right_edge.i]
    for child in cue.children:
        if child.i < cue.i or child.dep_ not in OBJECT_DEPS:
            continue
        if not whole and child.dep_ != "obl" and child.morph.get("VerbForm") != ["Inf"]:
            continue
        if child.dep_ == "obl":
            case = [c for c in child.children if c.dep_ == "case"]
            if not case or case[0].lower_ not in about or child.lemma_ in BACK_REFERENCES:
                continue  # "пишет об этом": a pronoun is no content
            parts.extend(t for t in child.subtree if t.i > case[0].i)
        else:
            parts.extend(child.subtree)
    parts = [t for t in parts if t.i > cue.i]  # a misparsed subtree may reach back over the cue
    if not parts:
        return []
    first, last = min(t.i for t in parts), max(t.i for t in parts)
    return [t for t in sent if first <= t.i <= last]


def cue_span(cue: Token) -> tuple[int, int]:
    return cue.idx, cue.idx + len(cue.text)


def find_statements(doc: Doc, lexicon: RussianLexicon) -> list[Found]:
    """Every statement of the document, in text order. The first line, when a line break
    ends it, is a headline and has none."""
    try:
        quotes = quote_spans(text_of(doc))
        units = quoted_units([words(s) for s in doc.sents if words(s)], quotes)
        found: list[Found] = []
        end = _span(units[0])[1] if units else 0
        start = 1 if units and "\n" in text_of(doc)[end : end + 2] else 0
        for n in range(start, len(units)):
            previous = units[n - 1] if n > start else []
            items = _sentence_statements(doc, units[n], previous, lexicon, quotes, found)
            if not items and found and dialogue_goes_on(doc, units[n], previous, found[-1]):
                items = [replace(found[-1], content=_span(trim(units[n])), cue=None)]
            for item in items:
                found.extend(paragraphs(doc, item))
    finally:
        doc.user_data.pop(TEXT_KEY, None)
    return sorted(found, key=lambda f: f.content[0])


def dialogue_goes_on(doc: Doc, sent: list[Token], previous: list[Token], last: Found) -> bool:
    """A sentence that opens with a dash in the paragraph of a direct statement in the
    dialogue form carries on its words ("— Мы готовы, — сказал он. — Ждём ответа.")."""
    if not previous or not trim(sent) or last.kind != "direct" or sent[0].text not in DASHES:
        return False
    start, end = _span(previous)
    if not start <= last.content[0] < end or "\n" in text_of(doc)[end : sent[0].idx]:
        return False
    return previous[0].text in DASHES


def quoted_units(sents: list[list[Token]], quotes: list[tuple[int, int]]) -> list[list[Token]]:
    """Sentences, those that one quotation runs across joined into one unit, and a sentence
    that ends in a colon joined to the quotation after it ("Мэр добавил:" / «...»)."""
    units: list[list[Token]] = []
    for sent in sents:
        if units and (
            any(a < sent[0].idx <= b and a < units[-1][-1].idx for a, b in quotes)
            or (units[-1][-1].text == ":" and (sent[0].text in QUOTE_CHARS or sent[0].text in DASHES))
        ):
            units[-1] = units[-1] + sent
        else:
            units.append(sent)
    return units


def paragraphs(doc: Doc, item: Found) -> list[Found]:
    """A direct quotation over several paragraphs as one statement per paragraph: the first
    keeps the cue, the others go on from it."""
    a, b = item.content
    if item.kind != "direct" or "\n" not in text_of(doc)[a:b]:
        return [item]
    out = []
    at = a
    for piece in text_of(doc)[a:b].split("\n"):
        start = at + len(piece) - len(piece.lstrip())
        end = at + len(piece.rstrip().rstrip('"«»“”„'))
        if end > start:
            out.append(replace(item, content=(start, end), cue=item.cue if not out else None))
        at += len(piece) + 1
    return out


def _sentence_statements(
    doc: Doc,
    sent: list[Token],
    previous: list[Token],
    lexicon: RussianLexicon,
    quotes: list[tuple[int, int]],
    earlier: list[Found],
) -> list[Found]:
    out: list[Found] = []
    frames = [(t, f) for t in sent if not inside_quote(quotes, t.idx) and (f := _frame(t, lexicon))]
    # two frames joined by a conjunction ("..., по данным МВД, ..., а по данным профсоюзов -
    # ..."): each frame's part ends (or starts) at it
    joins = [frame_join(sent, frames[k][0], frames[k + 1][0]) for k in range(len(frames) - 1)]
    for k, (prep, frame) in enumerate(frames):
        lo, hi, more = sent[0].i, sent[-1].i, False
        if k:
            join = joins[k - 1]
            lo = join.i if join is not None else frame_phrase(frames[k - 1][0], sent)[1] + 1
        if k + 1 < len(frames):
            join = joins[k]
            hi = join.i - 1 if join is not None else frames[k + 1][0].i - 1
            more = join is None
        stmt = _frame_statement(doc, sent, prep, frame, quotes, lo, hi, more=more)
        if stmt:
            out.append(stmt)
    for token in sent:
        if inside_quote(quotes, token.idx) and not splits_quote(token):
            continue  # attributions inside a quotation are the quoted speaker's
        noun = lexicon.nouns.get(token.lemma_) if token.pos_ == "NOUN" else None
        if noun is not None:
            for stmt in _noun_statement(doc, sent, token, noun, quotes):
                if not any(duplicate(stmt, o) for o in out):
                    out.append(stmt)
            continue
        verb = lexicon.verbs.get(token.lemma_)
        if verb is None or token.pos_ not in ("VERB", "ADJ", "AUX") or negated(token):
            continue
        form = token.morph.get("VerbForm")
        if token.pos_ == "VERB" and form not in (["Fin"], ["Part"], ["Conv"], []):
            continue
        if form == ["Part"] and token.morph.get("Variant") != ["Short"]:
            continue  # "было заявлено, что ...", not "заявленные цели"
        if token.pos_ == "ADJ" and token.morph.get("Variant") != ["Short"]:
            continue
        if token.lemma_ == "известный" and not became_known(token):
            continue  # "как известно": what everybody knows (Rosenthal's introductory words), no report
        if (
            token.morph.get("Person") == ["1"]
            and subject(token) is None
            or token.morph.get("Mood") == ["Imp"]
        ):
            continue  # the narrator's own "Напомним, что ...", "Отметим ...": no source
        for stmt in _verb_statement(doc, sent, previous, token, verb, quotes, earlier, lexicon):
            if not any(duplicate(stmt, o) for o in out):
                out.append(stmt)
    return out


def became_known(token: Token) -> bool:
    """ "стало известно" (to somebody): news that came in, a report; "известно" alone is
    common knowledge."""
    return (token.dep_ == "xcomp" and token.head.lemma_ == "стать") or any(
        c.lemma_ == "стать" or c.dep_ == "iobj" for c in token.children
    )


def splits_quote(token: Token) -> bool:
    """A cue set inside a quotation between dashes: «Мы готовы, — сказал он, — говорить»."""
    doc = token.doc
    before = [t for t in doc[max(token.i - 3, 0) : token.i] if not t.is_space]
    return bool(before) and before[-1].text in DASHES


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return min(a[1], b[1]) > max(a[0], b[0])


def duplicate(a: Found, b: Found) -> bool:
    """One statement found twice: mostly the same words, and neither cue inside the other's
    content (a report inside a report, "В полиции ожидают ..., пишут СМИ", is two)."""
    nested = any(f.cue is not None and g.content[0] <= f.cue[0] < g.content[1] for f, g in ((a, b), (b, a)))
    return _same(a.content, b.content) and not nested


def _same(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Two contents that are mostly the same words (one statement found twice)."""
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    return inter / (max(a[1], b[1]) - min(a[0], b[0])) >= 0.5


def _frame(token: Token, lexicon: RussianLexicon) -> SourceFrame | None:
    """ "По словам", "по мнению", "согласно": the preposition of a source frame."""
    if token.pos_ != "ADP":
        return None
    if (token.lower_, "") in lexicon.frames:
        return lexicon.frames[(token.lower_, "")]
    head = token.head
    if head.i == token.i + 1 or (
        head.i > token.i and all(t.dep_ in ("det", "amod") for t in token.doc[token.i + 1 : head.i])
    ):
        return lexicon.frames.get((token.lower_, head.lemma_))
    return None


def frame_join(sent: list[Token], prep: Token, next_prep: Token) -> Token | None:
    """The conjunction (и, а, но) between a frame's phrase and the next frame, if any."""
    end = frame_phrase(prep, sent)[1]
    joins = [t for t in sent if end < t.i < next_prep.i and t.pos_ == "CCONJ"]
    return joins[-1] if joins else None


def frame_phrase(prep: Token, sent: list[Token]) -> tuple[int, int]:
    """Token range of a source frame: the preposition, its noun and the source after it, up
    to the first comma ("по словам министра обороны", "согласно докладу ООН")."""
    noun = prep.head
    first = prep.i
    last = max([t.i for t in noun.subtree if t.i >= prep.i] + [prep.i])
    for t in sent:
        if prep.i < t.i <= last and t.text in (",", "-", "—", "–"):
            return first, t.i - 1
    return first, last


def frame_source(prep: Token, frame: SourceFrame) -> Token | None:
    """The source a frame names: the genitive or possessive of its noun ("по словам
    министра", "по его словам"), or the object of "согласно"."""
    if not frame.noun:
        return prep.head
    for child in prep.head.children:
        if (
            child.dep_ in ("nmod", "det", "appos", "amod")
            and child.i > prep.i
            and (child.pos_ in ("PROPN", "NOUN", "PRON") or child.lower_ in ("его", "ее", "её", "их"))
        ):
            return child
    return None


def _frame_statement(
    doc: Doc,
    sent: list[Token],
    prep: Token,
    frame: SourceFrame,
    quotes: list[tuple[int, int]],
    lo: int,
    hi: int,
    more: bool,
) -> Found | None:
    """A frame's statement. Its content is the rest of its part of the sentence (``lo`` to
    ``hi``, between other frames): what follows a frame that opens it, what precedes a frame
    that closes it, the whole part around a frame set inside it; with a frame after it
    (``more``: "X, по оценке полиции, и Y - по данным профсоюзов") only what precedes it."""
    first, last = frame_phrase(prep, sent)
    part = [t for t in sent if lo <= t.i <= hi]
    before = trim([t for t in part if t.i < first])
    while before and before[0].pos_ == "CCONJ":
        before = trim(before[1:])
    after = trim([t for t in part if t.i > last])
    if before and (more or not after):
        tokens = before
    elif before and after:
        # interposed: the clause the frame is set in, the cue inside
        clause = prep.head.head if prep.head.head.i != prep.head.i else prep.head
        tokens = [t for t in part if clause.left_edge.i <= t.i <= clause.right_edge.i] or part
    else:
        tokens = after
    while tokens and tokens[0].dep_ == "cc":
        tokens = tokens[1:]
    got = content_of(doc, tokens, quotes)
    if got is None:
        return None
    cue_end = prep.head if frame.noun else prep
    cue = (prep.idx, cue_end.idx + len(cue_end.text))
    lemma = f"{prep.lower_} {prep.head.lemma_}" if frame.noun else prep.lower_
    return Found(got[0], got[1], cue, lemma, frame.stance, "speech", frame_source(prep, frame))


def _verb_statement(
    doc: Doc,
    sent: list[Token],
    previous: list[Token],
    cue: Token,
    verb: ReportingVerb,
    quotes: list[tuple[int, int]],
    earlier: list[Found],
    lexicon: RussianLexicon,
) -> list[Found]:
    """The statements a reporting verb introduces (two for a quotation split by its cue)."""
    source = subject(cue) or place_source(cue) or unattached_subject(cue, sent)
    relayed = next((c for c in cue.children if c.lemma_ == "ссылка"), None)
    if relayed is not None:
        # "сообщает агентство со ссылкой на источник": the one cited is the source
        source = next((c for c in relayed.children if c.dep_ in ("nmod", "obl")), source)
    if verb.frame == "relay":
        # "цитирует «Росбалт» канцлера": the one quoted speaks, not the one who relays
        source = next((c for c in cue.children if c.dep_ == "obj"), source)
    aside_only = verb.frame in ("aside", "relay")
    if aside_only and (source is None or source.i < cue.i):
        return []  # the author's words put the verb first: "..., продолжил он"

    def make(tokens: list[Token]) -> list[Found]:
        got = content_of(doc, tokens, quotes)
        return (
            [Found(got[0], got[1], cue_span(cue), cue.lemma_, verb.stance, verb.act, source)] if got else []
        )

    colon = None if aside_only else colon_after(sent, cue)
    if colon is not None:
        return make(clause_after(doc, sent, colon))
    that = None if aside_only else complement(doc, sent, cue, lexicon.markers, lexicon.verbs)
    if that is not None:
        found = make(reported_clause(sent, that, cue, lexicon.verbs))
        if that.lower_ in lexicon.markers:
            # "заявил, будто ...", "утверждает, якобы ...": the narrator keeps its distance
            found = [replace(f, stance=lexicon.markers[that.lower_]) for f in found]
        return found
    # "Об этом заявил X": the sentence before is the content
    back = [c for c in cue.children if c.i < cue.i and c.dep_ in ("obl", "obj") and points_back(c)]
    if back and not aside_only and previous:
        return [] if any(_overlap(f.content, _span(previous)) for f in earlier) else make(previous)
    lead = [t for t in sent if t.i < cue.i]
    if source is not None and source.i < cue.i:
        lead = [t for t in lead if t.i < source.left_edge.i]
    # the cue's own clause ends with its last own dependent; a clause hung on it after it
    # ("Эти меры, считает министр, помогут ...") is the reported words going on
    own = [c for c in cue.children if c.i > cue.i and not c.is_punct and c.dep_ not in CONTENT_DEPS]
    clause_end = max([c.right_edge.i for c in own] + [cue.i])
    if source is not None:
        clause_end = max(clause_end, source.right_edge.i)
    governors = [cue, cue.head] if cue.dep_ == "xcomp" else [cue]  # "как стало известно"
    if any(c.lower_ == "как" and c.i < cue.i for g in governors for c in g.children):
        # "как заявил X, ...": the rest of the sentence around the aside
        rest = [t for t in sent if t.i > clause_end]
        return make(rest if trim(rest) else [t for t in sent if t.i < min(t.i for t in cue.subtree)])
    if trim(lead) and lead[-1].text in (",", "—", "–", "-") and not circumstance(lead, cue):
        # postposed, interposed or splitting cue: «...», — сказал он. / Богатые, говорят
        # социологи, не ... / «..., — сказал он, — ...»
        after = trim([t for t in sent if t.i > clause_end])
        if (
            after
            and _starts_new_quote(doc, after, quotes)
            or (after and _inside_one_quote(lead, after, quotes))
        ):
            return make(lead) + make(after)
        if after:
            return make(sent)
        found = make(lead)
        if found and found[0].kind == "indirect" and opens_dialogue(lead[0]):
            found[0] = replace(found[0], kind="direct")
        return found
    if not aside_only and (cue.morph.get("VerbForm") != ["Conv"] or verb.frame == "label"):
        # object frames take an object; any reporting verb takes an infinitive ("надеются
        # вывести", "обещал помочь") and, for speech, an "о + noun" complement ("заявил о
        # ..."); a verbal adverb with only these names a topic ("говоря о ценах, ..."); a
        # label verb needs its object and the label ("назвал решение ошибкой"), and says
        # something as a verbal adverb too ("..., назвав решение ошибкой")
        if verb.frame == "label" and not has_label(cue):
            return []
        tokens = object_content(
            cue,
            sent,
            whole=verb.frame in ("object", "label"),
            about=verb.content_prepositions if verb.act == "speech" else frozenset(),
        )
        if not tokens and verb.act == "speech":
            tokens = preposed_topic(cue, sent)
        if tokens:
            return make(tokens)
    return []


def has_label(cue: Token) -> bool:
    """A label verb's label: a predicate after it ("назвал решение ошибкой"), or an
    instrumental word in its object the parser hung there ("назвав систему «несправедливой»":
    назвать кого кем/каким)."""
    if any(c.dep_ in ("xcomp", "obl") and c.i > cue.i for c in cue.children):
        return True
    objects = [c for c in cue.children if c.dep_ == "obj" and c.i > cue.i]
    return any(
        t.morph.get("Case") == ["Ins"] and t.pos_ in ("ADJ", "NOUN") and t.i != o.i
        for o in objects
        for t in o.subtree
    )


def preposed_topic(cue: Token, sent: list[Token]) -> list[Token]:
    """An о-complement that opens the sentence before its cue, the topic put first ("О
    планах закрыть завод сообщил директор"): its words without the preposition."""
    for child in cue.children:
        if child.i > cue.i or child.dep_ != "obl" or child.left_edge.i != sent[0].i:
            continue
        case = [c for c in child.children if c.dep_ == "case"]
        about = bool(case) and case[0].lower_ in ("о", "об", "обо")
        if about and not points_back(child) and child.right_edge.i < cue.i:
            return [t for t in sent if case[0].i < t.i <= child.right_edge.i]
    return []


def _noun_statement(
    doc: Doc, sent: list[Token], cue: Token, noun: ReportingNoun, quotes: list[tuple[int, int]]
) -> list[Found]:
    """A speech-act noun with its content: an infinitive ("призыв строить ..."), a что/чтобы
    clause ("заявление о том, что ...") or an о-complement ("заверения о намерении ...");
    the source is its possessive or genitive ("его призыв", "призыв министра"), else the
    subject of the verb it is the object of ("выступил с заявлением, что ...")."""
    tokens: list[Token] = []
    for child in cue.children:
        if child.i > cue.i and child.pos_ == "VERB" and child.morph.get("VerbForm") == ["Inf"]:
            tokens = [t for t in sent if child.left_edge.i <= t.i <= child.right_edge.i]
            break
    else:
        that = next((t for t in sent if t.i > cue.i and t.lower_ in COMPLEMENTISERS), None)
        between = [t for t in sent if that is not None and cue.i < t.i < that.i]
        if (
            that is not None
            and len(between) <= 4
            and all(t.is_punct or t.lemma_ in ("о", "об", "то") for t in between)
        ):
            tokens = [t for t in sent if t.i > that.i]
        else:
            # "заверения о намерении ...", "заявление об отставке": the о-complement
            about = next(
                (
                    c
                    for c in cue.children
                    if c.i > cue.i
                    and c.dep_ == "nmod"
                    and any(x.dep_ == "case" and x.lower_ in ("о", "об", "обо") for x in c.children)
                ),
                None,
            )
            if about is not None:
                tokens = [t for t in about.subtree if not (t.dep_ == "case" and t.head.i == about.i)]
    if not tokens:
        return []
    got = content_of(doc, tokens, quotes)
    if got is None:
        return []
    source = next(
        (
            c
            for c in cue.children
            if c.i != tokens[0].i
            and c.dep_ in ("det", "nmod")
            and c.pos_ in ("DET", "PRON", "PROPN", "NOUN")
            and (c.pos_ != "DET" or c.lower_ in ("его", "ее", "её", "их"))
            and c.i < tokens[0].i
        ),
        None,
    )
    if source is None and cue.head.pos_ == "VERB":
        source = subject(cue.head)
    if source is None:
        return []  # "призывы сократить ..." with nobody making them: the narrator's words
    return [Found(got[0], got[1], cue_span(cue), cue.lemma_, noun.stance, noun.act, source)]


def circumstance(lead: list[Token], cue: Token) -> bool:
    """What precedes the cue is only its own adverbial ("Говоря о ценах, министр отметил
    ...", "В понедельник, выступая в Думе, он заявил ..."), not reported words."""
    tops = [t for t in lead if t.head.i == cue.i and not t.is_punct]
    return bool(tops) and all(t.dep_ in ("advcl", "obl", "advmod", "mark", "cc") for t in tops)


def points_back(token: Token) -> bool:
    """ "об этом", "так", or a noun with "такой"/"этот" ("с таким предложением выступил X",
    "это мнение высказал X"): words that stand for what the sentence before said."""
    if token.lemma_ in BACK_REFERENCES:
        return True
    return token.pos_ == "NOUN" and any(
        c.dep_ == "det" and c.lemma_ in DEMONSTRATIVES for c in token.children
    )


def opens_dialogue(token: Token) -> bool:
    """A dash that opens a paragraph: the dialogue form of direct speech ("— Мы готовы, —
    сказал он.")."""
    doc = token.doc
    return token.text in DASHES and (token.i == 0 or "\n" in doc[token.i - 1].text)


def place_source(cue: Token) -> Token | None:
    """The source of a subjectless report named as a place ("В Кремле заявили", "в послании
    говорится", "В правоохранительных органах ожидают")."""
    for child in cue.children:
        if child.dep_ == "obl" and any(c.dep_ == "case" and c.lower_ in ("в", "во") for c in child.children):
            if child.pos_ == "VERB" or child.morph.get("Case") not in (["Loc"], []):
                # the parser hung the "в" on a participle or on its dative ("в направленном
                # губернатору письме говорится"): the place is the locative noun after them
                after = (c for c in cue.children if c.i > child.i and c.dep_ == "obl" and locative(c))
                return next(after, None if child.pos_ == "VERB" else child)
            return child
    return None


def unattached_subject(cue: Token, sent: list[Token]) -> Token | None:
    """The subject the parser hung elsewhere: the nominative noun or name right before a
    finite verb that has none, agreeing with it in number (and gender in the past tense), with
    no comma or other verb between ("Касательно переговоров Анна Ильина сказала, что ...")."""
    if cue.morph.get("VerbForm") != ["Fin"] or cue.morph.get("Person") == ["1"]:
        return None
    for token in reversed([t for t in sent if t.i < cue.i]):
        if token.is_punct or token.pos_ in ("VERB", "AUX") or token.lower_ in COMPLEMENTISERS:
            return None
        if token.pos_ not in ("NOUN", "PROPN") or token.morph.get("Case") != ["Nom"]:
            continue
        agrees = all(
            not cue.morph.get(f) or not token.morph.get(f) or cue.morph.get(f) == token.morph.get(f)
            for f in ("Number", "Gender")
        )
        if not agrees:
            return None
        while token.dep_ in ("flat:name", "flat") and token.head.i < token.i:
            token = token.head  # "Анна Ильина": the name's first word heads it
        return token
    return None


def locative(token: Token) -> bool:
    return token.pos_ in ("NOUN", "PROPN") and token.morph.get("Case") == ["Loc"]


def reported_clause(
    sent: list[Token], that: Token, cue: Token, verbs: dict[str, ReportingVerb]
) -> list[Token]:
    """The clause after что/чтобы: to the end of the sentence, or up to the next report joined
    to it, of the same speaker ("добавила, что ..., но подчеркнула, что ...") or set after a
    comma ("заявили, что ..., пишет газета")."""
    rest = [t for t in sent if t.i > that.i]
    for t in rest:
        after_comma = t.i > 0 and t.doc[t.i - 1].text in (",", "—", "–", "-")
        if (
            t.lemma_ in verbs
            and t.dep_ in ("conj", "parataxis")
            and (subject(t) in (None, subject(cue)) or after_comma)
        ):
            # the next report's own words before it ("..., однако добавил", "а глава
            # компании добавил") are not the reported clause
            start = t.i
            while start - 1 > that.i and not t.doc[start - 1].is_punct and t.is_ancestor(t.doc[start - 1]):
                start -= 1
            cut = [x for x in rest if x.i < start]
            while cut and (cut[-1].dep_ == "cc" or cut[-1].is_punct):
                cut = cut[:-1]
            return cut
    return rest


def _inside_one_quote(lead: list[Token], after: list[Token], quotes: list[tuple[int, int]]) -> bool:
    """The cue splits one quotation: it opens in ``lead`` and closes in ``after``."""
    return any(a <= lead[0].idx < b and after[-1].idx <= b for a, b in quotes if a < lead[-1].idx)


def _starts_new_quote(doc: Doc, after: list[Token], quotes: list[tuple[int, int]]) -> bool:
    return bool(after) and text_of(doc)[after[0].idx] in QUOTE_CHARS


def _span(tokens: list[Token]) -> tuple[int, int]:
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
