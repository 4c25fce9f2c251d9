"""Entities of one article: named mentions merged per referent, with titles and affiliation.

People merge by surname ("Rodion Miroshnik" ... "Miroshnik") unless their first
names differ; organisations, places and nationalities by normalised name. Titles,
affiliation and country come from the words around a person's name:
premodifiers ("Russian Foreign Ministry spokeswoman Maria Zakharova"),
appositions ("Mikhail Podoliak, a key aide to the Ukrainian leader") and
relative clauses ("X, who leads a Russian Foreign Ministry mission").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from claimgraph.model import Entity, Mention
from claimgraph.nlp import first_name_gender
from claimgraph.resources import country_words, data_table, honorifics

ENTITY_TYPES = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE", "LOC": "GPE", "NORP": "NORP"}
_NAME_JUNK = re.compile(r"[\[\]()]")
_POSSESSIVE = re.compile(r"[’']s?$")


@lru_cache(maxsize=1)
def role_nouns() -> dict[str, str]:
    return data_table("role_nouns.tsv")


def fold(name: str) -> str:
    """Case- and accent-insensitive key."""
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    name = re.sub(r"^the\s+", "", name.lower().strip())
    return re.sub(r"\s+", " ", name)


def clean_name_tokens(span: Span) -> list[Token]:
    """Name tokens without honorifics, brackets and possessive endings."""
    tokens = [t for t in span if not t.is_punct and not _NAME_JUNK.fullmatch(t.text)]
    while tokens and (tokens[0].text in honorifics() or tokens[0].lower_ == "the"):
        tokens = tokens[1:]
    while tokens and tokens[-1].text in {"'s", "’s", "'", "’"}:
        tokens = tokens[:-1]
    return tokens


def display_name(tokens: list[Token]) -> str:
    """The name as written ("Ban Ki-moon"), without brackets and a possessive ending."""
    if not tokens:
        return ""
    doc = tokens[0].doc
    text = doc[tokens[0].i : tokens[-1].i + 1].text
    return _POSSESSIVE.sub("", " ".join(_NAME_JUNK.sub("", text).split())).strip()


@dataclass
class EntityTable:
    """Entities of one document and the token -> entity index."""

    doc: Doc
    text: str  # doc.text, kept: spaCy rebuilds it on every access
    entities: list[Entity] = field(default_factory=list)
    by_token: dict[int, Entity] = field(default_factory=dict)
    _keys: dict[tuple[str, str], Entity] = field(default_factory=dict)

    def new(self, name: str, etype: str) -> Entity:
        entity = Entity(id=f"e{len(self.entities) + 1}", name=name, type=etype)
        self.entities.append(entity)
        return entity

    def add_mention(self, entity: Entity, start: int, end: int) -> None:
        if any(m.start == start and m.end == end for m in entity.mentions):
            return
        text = self.text[start:end]
        entity.mentions.append(Mention(text=text, start=start, end=end, entity=entity.id))

    def mark_tokens(self, entity: Entity, span: Span) -> None:
        for token in span:
            self.by_token[token.i] = entity

    # -- people ---------------------------------------------------------------------------
    def person(self, span: Span) -> Entity | None:
        tokens = clean_name_tokens(span)
        if not tokens:
            return None
        name = display_name(tokens)
        words = name.split()
        if not words:
            return None
        match = None
        for entity in reversed(self.entities):
            if entity.type != "PERSON":
                continue
            known = entity.name.split()
            if not known:
                continue
            if len(words) == 1 and words[0] in (known[-1], known[0]):
                match = entity
                break
            if len(words) > 1 and words[-1] == known[-1]:
                if len(known) == 1 or known[0] == words[0]:
                    match = entity
                    break
        if match is None:
            match = self.new(name, "PERSON")
        elif len(name) > len(match.name) and (len(match.name.split()) == 1 or first_name_gender(words[0])):
            # A longer form is the fuller name ("Hillary Clinton" after "Clinton"), unless
            # it only adds an epithet ("Crooked Hillary Clinton" after "Hillary Clinton").
            match.name = name
        if match.gender is None:
            match.gender = _gender_of(span, tokens)
        return match

    def other(self, span: Span, etype: str) -> Entity | None:
        tokens = clean_name_tokens(span)
        if not tokens:
            return None
        name = display_name(tokens)
        if not name:
            return None
        # The model tags "Ukrainian" GPE in one sentence and NORP in the next: one entity.
        key = ("GPE" if etype == "NORP" else etype, fold(name))
        entity = self._keys.get(key)
        if entity is None:
            entity = self._keys[key] = self.new(name, etype)
            if etype in ("NORP", "GPE"):
                entity.country = country_words().get(name) or (name if etype == "GPE" else None)
        return entity

    def group(self, name: str, country: str | None = None) -> Entity:
        key = ("GROUP", fold(name))
        entity = self._keys.get(key)
        if entity is None:
            entity = self._keys[key] = self.new(name, "GROUP")
            entity.country = country
        return entity


def _gender_of(span: Span, tokens: list[Token]) -> str | None:
    before = span.doc[span.start - 1].text if span.start > 0 else ""
    for word in (before, span[0].text):
        gender = honorifics().get(word)
        if gender in ("m", "f"):
            return gender
    gender = first_name_gender(tokens[0].text)
    return gender if gender in ("m", "f") else None


def _premodifiers(span: Span) -> list[Token]:
    """Tokens before a name that modify it: "Russian Foreign Ministry spokeswoman [Maria Zakharova]"."""
    doc = span.doc
    inside = set(range(span.start, span.end))
    run: list[Token] = []
    i = span.start - 1
    while i >= 0:
        token = doc[i]
        if token.is_punct or token.dep_ in ("det", "case", "poss") or token.pos_ in ("VERB", "AUX"):
            break
        if token.head.i not in inside and token.head.i not in {t.i for t in run}:
            break
        run.insert(0, token)
        i -= 1
    return run


def _top_noun(token: Token) -> Token:
    """Climb out of prepositional phrases: "aide" for "[aide] to the leader"."""
    while token.dep_ in ("pobj", "prep") and token.head.i != token.i:
        token = token.head
    return token


def describe(table: EntityTable, entity: Entity, span: Span) -> None:
    """Add titles, affiliation and country from the words around a person's name."""
    root = span.root
    premodifiers = _premodifiers(span)
    _add_titles(entity, [t for t in premodifiers if t.pos_ in ("NOUN", "PROPN")])
    _read_region(table, entity, premodifiers)
    for child in root.children:
        if child.dep_ == "appos":
            # An apposition describes its name, whatever the noun: "a nurse", "an analyst".
            _add_titles(entity, [child], any_noun=child.pos_ == "NOUN")
            _read_region(table, entity, list(child.subtree))
        elif child.dep_ == "relcl":
            _read_region(table, entity, list(child.subtree))
    if root.dep_ == "appos":
        head = _top_noun(root.head)
        if head.pos_ == "NOUN":
            _add_titles(entity, [head], any_noun=True)
        outside = [t for t in head.subtree if not span.start <= t.i < span.end]
        _read_region(table, entity, outside)


def _add_titles(entity: Entity, tokens: list[Token], any_noun: bool = False) -> None:
    """Role nouns among ``tokens`` become titles (any noun, for an apposition's head)."""
    for token in tokens:
        word = token.lower_
        kind = role_nouns().get(word)
        if kind != "person" and not (any_noun and kind is None):
            continue
        if word not in entity.titles:
            entity.titles.append(word)
        if entity.gender is None and word.endswith("woman"):
            entity.gender = "f"
        elif entity.gender is None and word.endswith("man"):
            entity.gender = "m"


def _read_region(table: EntityTable, entity: Entity, region: list[Token]) -> None:
    """Affiliation (an organisation) and country (a nationality or place) named in ``region``."""
    for token in region:
        other = table.by_token.get(token.i)
        if other is None or other is entity:
            if token.text in country_words() and entity.country is None:
                entity.country = country_words()[token.text]
            continue
        if other.type == "ORG" and entity.affiliation is None:
            entity.affiliation = other.name
            entity.country = entity.country or other.country
        elif other.type in ("NORP", "GPE") and entity.country is None:
            entity.country = other.country


def build_entities(doc: Doc) -> EntityTable:
    """Entities from the named-entity spans, merged, with titles and affiliations."""
    table = EntityTable(doc, doc.text)
    people: list[tuple[Entity, Span]] = []
    for span in doc.ents:
        etype = ENTITY_TYPES.get(span.label_)
        if etype is None:
            continue
        entity = table.person(span) if etype == "PERSON" else table.other(span, etype)
        if entity is None:
            continue
        table.add_mention(entity, span.start_char, span.end_char)
        table.mark_tokens(entity, span)
        if etype == "PERSON":
            people.append((entity, span))
    for entity in table.entities:
        if entity.type == "ORG":
            entity.country = _org_country(entity)
    for entity, span in people:
        describe(table, entity, span)
    return table


def _org_country(entity: Entity) -> str | None:
    for word in entity.name.replace("-", " ").split():
        if word in country_words():
            return country_words()[word]
    return None
