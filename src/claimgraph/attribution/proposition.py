"""The proposition a content asserts, read off its parse (``model.Proposition``).

The main clause of the content is the verb its other words hang on (the first verb or
auxiliary of the span whose head lies outside it, or the sentence root inside a quotation).
From it: the subject (its nominal subject; the name the article resolved it to when the
statement's ``about`` has a subject), the predicate (the verb's lemma with its particle; for
a copula, "be" and the head of its complement: "be safe"), the modal verb, the tense, the
object or complement's head, and, over the whole content, the numbers with the noun they
count (written in digits or in words: ``text2num``), the places and the times named.
Every part comes from the parse and the entity tagger, so it reads any English article
the same way; nothing here is a word list.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token
from text_to_num import text2num

from claimgraph.model import Proposition, Quantity

_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})
# English (spaCy's) and Universal Dependencies (natasha's, for Russian) labels.
_OBJECTS = (
    "dobj", "obj", "attr", "acomp", "oprd", "xcomp", "ccomp", "prep", "agent", "dative", "iobj", "obl",
)
_PLACE_ENTS = frozenset({"GPE", "LOC", "FAC"})
_TIME_ENTS = frozenset({"DATE", "TIME"})
_FIRST_PERSON = frozenset({"i", "we", "me", "us"})


def main_verb(span: Span) -> Token | None:
    """The verb the content's other words hang on."""
    inside = range(span.start, span.end)
    heads = [t for t in span if t.head.i not in inside or t.head.i == t.i]
    for token in heads:
        if token.pos_ in ("VERB", "AUX"):
            return token
    verbs = [t for t in span if t.pos_ in ("VERB", "AUX") and t.dep_ in ("ROOT", "ccomp", "conj")]
    return verbs[0] if verbs else (heads[0] if heads else None)


def _subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in _SUBJECTS:
            return child
    # "X has been Ying": the subject hangs on the auxiliary chain's head.
    if verb.dep_ in ("xcomp", "conj") and verb.head.i != verb.i:
        return _subject(verb.head)
    return None


def _phrase(token: Token) -> str:
    """The noun phrase a token heads, without relative clauses and appositions."""
    kept = [t for t in token.subtree if not any(a.dep_ in ("relcl", "appos", "acl") for a in _path(t, token))]
    return " ".join(t.text for t in kept) if kept else token.text


def _path(token: Token, top: Token) -> list[Token]:
    path = []
    while token.i != top.i and token.head.i != token.i:
        path.append(token)
        token = token.head
    return path


def _predicate(verb: Token) -> tuple[str, Token | None]:
    """The predicate's lemma and the token its object or complement is headed by."""
    lemma = verb.lemma_.lower()
    particle = next((c for c in verb.children if c.dep_ == "prt"), None)
    if particle is not None:
        lemma = f"{lemma} {particle.lemma_.lower()}"
    complement = None
    for dep in _OBJECTS:
        complement = next((c for c in verb.children if c.dep_ == dep), None)
        if complement is not None:
            break
    if complement is not None and complement.dep_ in ("prep", "agent", "obl"):
        complement = next((c for c in complement.children if c.dep_ == "pobj"), complement)
    if lemma == "be" and complement is not None:
        return f"be {complement.lemma_.lower()}", complement
    return lemma, complement


def _modality(verb: Token) -> str | None:
    for child in verb.children:
        if child.tag_ == "MD":
            return child.lemma_.lower()
    if verb.dep_ == "xcomp" and verb.head.lemma_ == "go" and any(c.tag_ == "TO" for c in verb.children):
        return "will"  # "is going to close"
    return None


def _tense(verb: Token, modality: str | None) -> str:
    if modality in ("will", "shall"):
        return "future"
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if verb.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes):
        return "past"
    if verb.tag_ == "VBN" and any(a.lemma_ == "have" for a in auxes):
        return "past"
    return "present"


def parse_number(text: str) -> float | None:
    """A number written in digits ("3,500", "3.5", "61") or words ("sixty-one")."""
    cleaned = text.replace(",", "").strip().lower()
    try:
        return float(cleaned)
    except ValueError:
        pass
    try:
        return float(text2num(cleaned, "en"))
    except ValueError:
        return None


def _quantities(span: Span) -> list[Quantity]:
    found: list[Quantity] = []
    for token in span:
        if not token.like_num or token.ent_type_ in _TIME_ENTS:
            continue
        if token.i > span.start and token.nbor(-1).like_num and token.nbor(-1).ent_iob_ != "O":
            continue  # the rest of "twenty seven", "3.5 million": read with its first word
        words = [token]
        while words[-1].i + 1 < span.end and words[-1].nbor(1).like_num:
            words.append(words[-1].nbor(1))
        value = parse_number(" ".join(w.text for w in words))
        if value is None:
            continue
        unit = None
        head = words[-1]
        after = head.nbor(1) if head.i + 1 < span.end else None
        if after is not None and after.lower_ in ("per", "percent", "%"):
            unit = "percent"
        elif head.dep_ == "nummod" and head.head.pos_ in ("NOUN", "PROPN"):
            unit = head.head.lemma_.lower()
        elif after is not None and after.pos_ == "NOUN":
            unit = after.lemma_.lower()
        found.append(Quantity(value=value, unit=unit, text=" ".join(w.text for w in words)))
    return found


def proposition(
    doc: Doc,
    start: int,
    end: int,
    subject_name: str | None = None,
    speaker_name: str | None = None,
    negated: bool = False,
) -> Proposition:
    """The proposition of the content at characters [start, end) of ``doc``.

    ``subject_name`` is the name the article resolved the content's subject to (about's
    subject), ``speaker_name`` the speaker's: "we" and "I" in a speaker's own words are the
    speaker."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return Proposition(negated=negated)
    verb = main_verb(span)
    subject = object_ = predicate = modality = tense = None
    if verb is not None:
        predicate, complement = _predicate(verb)
        modality = _modality(verb)
        tense = _tense(verb, modality)
        subject_token = _subject(verb)
        if subject_token is not None and span.start <= subject_token.i < span.end:
            if subject_token.lower_ in _FIRST_PERSON and speaker_name:
                subject = speaker_name
            else:
                subject = _phrase(subject_token)
        if complement is not None and span.start <= complement.i < span.end and complement.i != verb.i:
            object_ = complement.lemma_.lower()
    if subject_name:
        subject = subject_name
    places = [e.text for e in span.ents if e.label_ in _PLACE_ENTS]
    times = [e.text for e in span.ents if e.label_ in _TIME_ENTS]
    return Proposition(
        subject=subject,
        predicate=predicate,
        negated=negated,
        modality=modality,
        tense=tense,
        object=object_,
        numbers=_quantities(span),
        places=places,
        times=times,
    )


_NEGATORS_RU = frozenset({"не", "нет", "ни"})


def main_verb_negated_ru(doc: Doc, start: int, end: int) -> bool:
    """A Russian content is negated when "не"/"нет" hangs on its main verb ("не обстреливали")
    or stands as its predicate ("жертв нет")."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    verb = main_verb(span)
    if verb is None:
        return False
    if verb.lower_ in _NEGATORS_RU:
        return True
    return any(child.lower_ in _NEGATORS_RU for child in verb.children)
