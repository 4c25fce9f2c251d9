"""Speakers of Russian statements: the source's words (mention), and who they are.

Names come from natasha's entities in the nominative, and a person's shorter mentions join
the fullest one (first name, patronymic and surname: "Путин" is "Владимир Владимирович
Путин" when the article names him so). Pronouns (он, она, они, его) go to the nearest
person or body before them that agrees in gender and number; role nouns ("министр",
"представитель МИД") to the person named beside them, else the body they represent, else the
nearest person before; press services to their body ("пресс-служба Кремля" -> Кремль);
generic sources ("эксперты", "источник") keep their words and name nobody.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc, Span, Token

from claimgraph.attribution.ru.extract import Found, subject
from claimgraph.model import Cue, Entity, Mention, Speaker, Statement
from claimgraph.model import Span as TextSpan
from claimgraph.nlp_ru import normal_name

PHRASE_DEPS = frozenset({"amod", "nmod", "appos", "flat", "flat:name", "flat:foreign", "nummod", "compound"})


@dataclass(frozen=True)
class SpeakerLexicon:
    nouns: dict[str, str]
    pronouns: dict[str, tuple[str, str]]

    @classmethod
    def from_lexicons(cls, lexicons: dict[str, tuple[Any, ...]]) -> SpeakerLexicon:
        return cls(
            nouns={n.lemma: n.kind for n in lexicons["speaker_nouns"]},
            pronouns={p.form: (p.gender, p.number) for p in lexicons["pronouns"]},
        )


@dataclass
class Registry:
    """The article's entities, a person's mentions joined under the fullest name."""

    entities: list[Entity] = field(default_factory=list)
    by_key: dict[tuple[str, str], Entity] = field(default_factory=dict)
    spans: list[tuple[Span, Entity]] = field(default_factory=list)

    def add(self, span: Span) -> Entity:
        name = normal_name(span)
        kind = span.label_
        key = (kind, name.split()[-1].lower() if kind == "PERSON" else name.lower())
        entity = self.by_key.get(key)
        if entity is None:
            entity = Entity(id=f"e{len(self.entities) + 1}", name=name, type=kind, gender=_gender(span))
            self.entities.append(entity)
            self.by_key[key] = entity
        elif len(name.split()) > len(entity.name.split()):
            entity.name = name
        entity.mentions.append(Mention(span.text, span.start_char, span.end_char, entity.id))
        self.spans.append((span, entity))
        return entity

    def at(self, token: Token) -> Entity | None:
        return next((e for s, e in self.spans if s.start <= token.i < s.end), None)

    def within(self, first: int, last: int, kinds: tuple[str, ...]) -> Entity | None:
        return next(
            (e for s, e in self.spans if first <= s.start and s.end - 1 <= last and e.type in kinds), None
        )

    def before(self, offset: int, kinds: tuple[str, ...], gender: str | None = None) -> Entity | None:
        """The nearest entity of these kinds mentioned before ``offset``, agreeing in gender."""
        for span, entity in sorted(self.spans, key=lambda p: -p[0].start_char):
            if span.start_char >= offset or entity.type not in kinds:
                continue
            if gender in ("m", "f") and entity.gender not in (gender, None):
                continue
            return entity
        return None


def _gender(span: Span) -> str | None:
    for token in span:
        g = token.morph.get("Gender")
        if g:
            return {"Masc": "m", "Fem": "f"}.get(g[0])
    return None


def phrase(token: Token) -> tuple[int, int]:
    """Token range [first, last] of the noun phrase headed by ``token`` (its modifiers,
    names and genitives, not its clauses or participles)."""
    keep = {token.i}
    stack = [token]
    while stack:
        t = stack.pop()
        for child in t.children:
            # a participle is a clause of its own ("в направленном президенту послании":
            # the addressee is not the source)
            if child.pos_ == "VERB":
                continue
            if child.dep_ in PHRASE_DEPS and not child.is_punct and child.i not in keep:
                keep.add(child.i)
                stack.append(child)
    first, last = min(keep), max(keep)
    doc = token.doc
    for i in range(token.i, last + 1):  # a phrase stops at a comma after its head
        if doc[i].text in (",", "(", "—"):
            last = i - 1
            break
    opened = sum(t.text in ("«", "„") for t in doc[first : last + 1]) - sum(
        t.text in ("»", "“") for t in doc[first : last + 1]
    )
    if opened > 0 and last + 1 < len(doc) and doc[last + 1].text in ("»", "“"):
        last += 1  # a title's closing mark belongs to it: газета «Городские вести»
    for i in range(token.i, first - 1, -1):
        if doc[i].text in (",", ")", "—", "«", "»") and i < token.i:
            first = i + 1
            break
    return first, last


def resolve(doc: Doc, found: list[Found], lexicon: SpeakerLexicon) -> tuple[list[Statement], list[Entity]]:
    """Statements with their speakers, and the article's entities."""
    registry = Registry()
    for span in doc.ents:
        registry.add(span)
    statements = []
    text = doc.text  # spaCy builds it on every access
    for n, item in enumerate(found, 1):
        speaker = _speaker(doc, item, registry, lexicon)
        content = TextSpan(text[item.content[0] : item.content[1]], *item.content)
        cue = None
        if item.cue is not None:
            cue = Cue(text[item.cue[0] : item.cue[1]], *item.cue, lemma=item.cue_lemma, cls=item.stance)
        statements.append(Statement(f"s{n}", item.kind, content, cue, speaker, item.act))
    return statements, registry.entities


def _speaker(doc: Doc, item: Found, registry: Registry, lexicon: SpeakerLexicon) -> Speaker:
    source = item.source
    if source is None:
        return Speaker()
    first, last = phrase(source)
    words = doc[first : last + 1]
    mention = TextSpan(words.text, words.start_char, words.end_char)
    lemma = source.lemma_.lower()
    if lexicon.nouns.get(lemma) == "generic" and registry.within(first, last, ("PERSON",)) is None:
        return Speaker(mention=mention)  # "эксперты", not "аналитик Роман Зуев"
    entity = registry.at(source)
    if entity is None and lemma in lexicon.pronouns:
        gender, number = lexicon.pronouns[lemma]
        if source.morph.get("Number") == ["Plur"] or number == "plur":
            group = plural_antecedent(doc, source)
            if group is not None and lexicon.nouns.get(group.lemma_.lower()) == "generic":
                return Speaker(mention=TextSpan(source.text, source.idx, source.idx + len(source.text)))
            if group is not None:
                g_first, g_last = phrase(group)
                entity = registry.at(group) or registry.within(g_first, g_last, ("ORG", "GPE"))
            entity = entity or registry.before(source.idx, ("ORG", "GPE"))
        else:
            entity = registry.before(source.idx, ("PERSON",), gender)
        mention = TextSpan(source.text, source.idx, source.idx + len(source.text))
    elif entity is None:
        kind = lexicon.nouns.get(lemma)
        if kind == "document" and registry.within(first, last, ("PERSON", "ORG", "GPE")) is None:
            author = document_author(doc, source, registry)
            if author is not None:
                return Speaker(mention=mention, entity=author.id, name=author.name)
        person = registry.within(first, last, ("PERSON",))
        body = registry.within(first, last, ("ORG", "GPE"))
        entity = person or body
        if person is None and (kind == "role" or (kind == "document" and body is None)):
            # a role noun without a name ("Дипломат заявил", "глава МИД") is a person named
            # before who agrees with it; so is the author of a document that names no body
            # ("в послании говорится", not "в заявлении МИД говорится")
            gender = {"Masc": "m", "Fem": "f"}.get((source.head.morph.get("Gender") or [""])[0])
            entity = registry.before(source.idx, ("PERSON",), gender) or body
        if entity is None and kind == "medium":
            # "газета «Городские вести»": an outlet is named by its title in quotation marks
            title = re.search(
                r"[«\"„“]([^«»\"„“”]+)[»\"“”]",
                words.doc[words.start : min(words.end + 1, len(words.doc))].text,
            )
            return Speaker(mention=mention, name=title.group(1).strip() if title else None)
    if entity is None:
        return Speaker(mention=mention)
    return Speaker(mention=mention, entity=entity.id, name=entity.name)


def document_author(doc: Doc, document: Token, registry: Registry) -> Entity | None:
    """The author of a document named without one ("в послании говорится"), when the article
    said before who made it: the subject of the verb the same noun was the object of
    ("Премьер направил послания ...", "Министр опубликовал заявление ...")."""
    for token in reversed(doc[: document.i]):
        if token.lemma_ != document.lemma_ or token.dep_ != "obj" or token.head.pos_ != "VERB":
            continue
        maker = subject(token.head)
        if maker is None:
            continue
        first, last = phrase(maker)
        return (
            registry.at(maker)
            or registry.within(first, last, ("PERSON",))  # "мэр Самары Елена ...": the person
            or registry.within(first, last, ("ORG", "GPE"))
        )
    return None


def plural_antecedent(doc: Doc, pronoun: Token) -> Token | None:
    """The plural subject "они" stands for: the nearest plural noun subject before it in its
    sentence or the one before ("Экономисты призывают ..., хотя они и понимают ..."), that of
    a main clause first (not "цены" in "Эксперты подсчитали, что цены выросли")."""
    start = pronoun.sent.start
    if start > 0:
        start = doc[start - 1].sent.start
    subjects = [
        t
        for t in reversed(doc[start : pronoun.i])
        if t.dep_ == "nsubj" and t.pos_ in ("NOUN", "PROPN") and t.morph.get("Number") == ["Plur"]
    ]
    main = [t for t in subjects if t.head.dep_ == "ROOT"]
    return (main or subjects or [None])[0]
