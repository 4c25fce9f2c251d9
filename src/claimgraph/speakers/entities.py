"""Entities of one article: named mentions merged per referent, with titles and affiliation.

People merge by surname ("Rodion Miroshnik" ... "Miroshnik", "MIROSHNIK", "Mr. Miroshnik")
unless their first names differ ("Bill Clinton" and "Hillary Clinton" stay two); a bare
surname shared by two people goes to the one whose full name was given last before it
(and whose gender fits "Mr."/"Mrs."). Middle initials add nothing to a name ("Donald J.
Trump" is "Donald Trump"). Organisations, places and nationalities merge by normalised name. Titles,
affiliation and country come from the words around a person's name:
premodifiers ("Russian Foreign Ministry spokeswoman Maria Zakharova"),
appositions ("Mikhail Podoliak, a key aide to the Ukrainian leader") and
relative clauses ("X, who leads a Russian Foreign Ministry mission").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from claimgraph.identity.fold import fold
from claimgraph.model import Entity, Mention
from claimgraph.nlp import country_of_place, first_name_gender, person_titles
from claimgraph.resources import country_words, data_lines, data_table, honorifics
from claimgraph.speakers.people import people_reason, untitled_nouns

ENTITY_TYPES = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE", "LOC": "GPE", "NORP": "NORP"}
_NAME_JUNK = re.compile(r"[\[\]()]")
_POSSESSIVE = re.compile(r"[’']s?$")


@lru_cache(maxsize=1)
def role_nouns() -> dict[str, str]:
    return data_table("role_nouns.tsv")


def entity_key(name: str) -> str:
    """The folded name (identity.fold) without a leading "the": "The Kremlin" is "Kremlin"."""
    return re.sub(r"^the ", "", fold(name))


def clean_name_tokens(span: Span) -> list[Token]:
    """Name tokens without honorifics, brackets and possessive endings."""
    tokens = [t for t in span if not t.is_punct and not _NAME_JUNK.fullmatch(t.text)]
    while tokens and (tokens[0].text in honorifics() or tokens[0].lower_ == "the"):
        tokens = tokens[1:]
    # "Vice President Joseph R. Biden": a title inside the phrase ends before the name.
    titles = [i for i, t in enumerate(tokens[:-1]) if t.lower_ in person_titles()]
    if titles:
        tokens = tokens[titles[-1] + 1 :]
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


@lru_cache(maxsize=1)
def campaign_nouns() -> frozenset[str]:
    return frozenset(w.strip().lower() for w in data_lines("campaign_nouns.txt"))


@lru_cache(maxsize=1)
def name_particles() -> frozenset[str]:
    return frozenset(w.strip().lower() for w in data_lines("name_particles.txt"))


_INITIAL = re.compile(r"^(?:[A-Z]\.)+$|^[A-Z]$")
_SURNAME_PREFIX = re.compile(r"^(?:al|el|ad|as|an)-", re.I)


def name_key(word: str) -> str:
    """A name word as compared: case, accents, dots and an Arabic article ("al-") ignored."""
    return _SURNAME_PREFIX.sub("", fold(word).replace(".", ""))


def _is_initial(word: str) -> bool:
    return bool(_INITIAL.match(word))


def _fullness(name: str) -> int:
    """How much of a name a form gives: its words, middle initials not counted."""
    words = name.split()
    return sum(1 for i, w in enumerate(words) if not (0 < i < len(words) - 1 and _is_initial(w)))


def _better_form(new: str, old: str) -> bool:
    """``new`` names the person better than ``old``: fuller, or as full and written in
    ordinary case or without a middle initial ("Donald Trump" over "DONALD TRUMP" and
    "Donald J. Trump")."""
    if _fullness(new) != _fullness(old):
        return _fullness(new) > _fullness(old)
    if old.isupper() != new.isupper():
        return old.isupper()
    return len(new.split()) < len(old.split())


def _same_person(words: list[str], known: list[str]) -> bool:
    """Could the name ``words`` be a form of the known name ``known``?"""
    keys = [name_key(w) for w in words if not _is_initial(w) or len(words) == 1]
    known_keys = [name_key(w) for w in known if not _is_initial(w) or len(known) == 1]
    if not keys or not known_keys:
        return False
    if len(keys) == 1:
        return keys[0] in (known_keys[-1], known_keys[0])
    if keys[-1] != known_keys[-1]:
        return False
    if len(known_keys) == 1 or keys[0] == known_keys[0]:
        return True
    # "de la Cruz" in "Juan de la Cruz", "bin Salman" in "Mohammed bin Salman"
    pairs = sorted(((keys, words), (known_keys, known)), key=lambda pair: len(pair[0]))
    (shorter, short_words), (longer, _) = pairs
    return longer[-len(shorter) :] == shorter and short_words[0].lower() in name_particles()


@dataclass
class EntityTable:
    """Entities of one document and the token -> entity index."""

    doc: Doc
    text: str  # doc.text, kept: spaCy rebuilds it on every access
    entities: list[Entity] = field(default_factory=list)
    by_token: dict[int, Entity] = field(default_factory=dict)
    _keys: dict[tuple[str, str], Entity] = field(default_factory=dict)
    _last_full: dict[str, int] = field(default_factory=dict)  # entity id -> last full-name offset
    _campaigns: list[tuple[Entity, Entity]] = field(default_factory=list)  # (campaign, person)
    _made: int = 0  # entities made so far: the next id

    def new(self, name: str, etype: str) -> Entity:
        # Counted, not taken from len(entities): an entity merged away leaves its id unused.
        self._made += 1
        entity = Entity(id=f"e{self._made}", name=name, type=etype)
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
        titled = _honorific_gender(span)  # "Mrs. Clinton" is not Bill
        candidates = [
            e
            for e in self.entities
            if e.type == "PERSON"
            and _same_person(words, e.name.split())
            and (titled is None or e.gender in (None, titled))
        ]
        # A bare "Cruz" with Ted and Heidi both named: the one the article has named most so
        # far (its subject), then the one named in full last.
        match = (
            max(candidates, key=lambda e: (len(e.mentions), self._last_full.get(e.id, -1)))
            if candidates
            else None
        )
        if match is None:
            match = self.new(name, "PERSON")
        elif _better_form(name, match.name) and (
            _fullness(match.name) == 1 or first_name_gender(words[0]) or match.name.isupper()
        ):
            # A fuller form is the name ("Hillary Clinton" after "Clinton"), unless it only
            # adds an epithet ("Crooked Hillary Clinton" after "Hillary Clinton"). A lone
            # surname may have passed for a first name ("Clinton"): the full name's gender wins.
            if _fullness(match.name) == 1:
                match.gender = _gender_of(span, tokens) or match.gender
            match.name = name
        if _fullness(name) > 1:
            self._last_full[match.id] = span.start_char
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
        key = ("GPE" if etype == "NORP" else etype, entity_key(name))
        entity = self._keys.get(key)
        if entity is None:
            entity = self._keys[key] = self.new(name, etype)
            if etype in ("NORP", "GPE"):
                entity.country = country_words().get(name) or (
                    country_of_place(name) if etype == "GPE" else None
                )
        return entity

    def campaign(self, person: Entity) -> Entity:
        """The campaign of ``person``: one organisation however the text names it ("the
        Keller campaign", "Keller's campaign", "Keller aides"), affiliated with the person."""
        key = ("CAMPAIGN", person.id)
        entity = self._keys.get(key)
        if entity is None:
            entity = self._keys[key] = self.new(f"{person.name} campaign", "ORG")
            self._campaigns.append((entity, person))
        entity.name, entity.affiliation = f"{person.name} campaign", person.name
        return entity

    def refresh_campaigns(self) -> None:
        """A campaign is named after its person's fullest name, found later perhaps."""
        for entity, person in self._campaigns:
            entity.name, entity.affiliation = f"{person.name} campaign", person.name

    def group(self, name: str, country: str | None = None) -> Entity:
        key = ("GROUP", entity_key(name))
        entity = self._keys.get(key)
        if entity is None:
            entity = self._keys[key] = self.new(name, "GROUP")
            entity.country = country
        return entity


def _honorific_gender(span: Span) -> str | None:
    before = span.doc[span.start - 1].text if span.start > 0 else ""
    for word in (before, span[0].text):
        gender = honorifics().get(word)
        if gender in ("m", "f"):
            return gender
    return None


def _gender_of(span: Span, tokens: list[Token]) -> str | None:
    gender = _honorific_gender(span)
    if gender is not None:
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
    if root.dep_ == "appos" and not _quotation_between(root.head, span):
        head = _top_noun(root.head)
        if head.pos_ == "NOUN":
            _add_titles(entity, [head], any_noun=True)
        outside = [t for t in head.subtree if not span.start <= t.i < span.end]
        _read_region(table, entity, outside)


def _quotation_between(head: Token, span: Span) -> bool:
    """A quotation mark between a name and the noun the parser made it an apposition of
    ('... and frankly the president,” Flynn said': Flynn is no president)."""
    lo, hi = sorted((head.i, span.start))
    return any(t.is_quote for t in span.doc[lo:hi])


def _add_titles(entity: Entity, tokens: list[Token], any_noun: bool = False) -> None:
    """Role nouns among ``tokens`` become titles; for an apposition's head, any noun that
    denotes a person ("a nurse", "a retired signalman"), never an event or a thing
    ("events", "loopholes") or punctuation."""
    for token in tokens:
        word = token.lower_
        if not token.is_alpha or token.pos_ not in ("NOUN", "PROPN"):
            continue
        # One person's title is singular ("the candidates, A and B" titles neither) and
        # says what the person does ("a woman" is no title).
        if token.tag_ in ("NNS", "NNPS") or word in untitled_nouns():
            continue
        kind = role_nouns().get(word)
        if kind != "person" and not (any_noun and kind is None and people_reason(token.lemma_)):
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
        if other.type == "ORG" and entity.affiliation is None and _may_affiliate(table, entity, other):
            entity.affiliation = other.name
            entity.country = entity.country or other.country
        elif other.type in ("NORP", "GPE") and entity.country is None:
            entity.country = other.country


def _may_affiliate(table: EntityTable, entity: Entity, org: Entity) -> bool:
    """An organisation can be a person's affiliation unless its "name" is the person's own
    (or another person's: the model types some names as organisations) or no name at all."""
    words = {name_key(w) for w in org.name.split()}
    for person in table.entities:
        if person.type == "PERSON" and name_key(person.name.split()[-1]) in words:
            return False
    return bool(org.name[:1].isupper()) and not any(w[:1].islower() for w in org.name.split()[:1])


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
    _surnames_as_people(table)
    for entity in table.entities:
        if entity.type == "ORG":
            entity.country = _org_country(entity)
    for entity, span in people:
        describe(table, entity, span)
    return table


def _surnames_as_people(table: EntityTable) -> None:
    """The model tags a surname "ORG" in some sentences ("Trump declared ..."): a one-word
    organisation that is the surname of exactly one person of the article, and no word that
    heads organisation names, is that person."""
    for org in [e for e in table.entities if e.type == "ORG" and len(e.name.split()) == 1]:
        if org.name.lower() in role_nouns() or org.name.isupper():
            continue
        key = name_key(org.name)
        people = [
            e
            for e in table.entities
            if e.type == "PERSON" and len(e.name.split()) > 1 and name_key(e.name.split()[-1]) == key
        ]
        if len(people) != 1:
            continue
        person = people[0]
        for mention in org.mentions:
            table.add_mention(person, mention.start, mention.end)
        for i, entity in list(table.by_token.items()):
            if entity is org:
                table.by_token[i] = person
        table.entities.remove(org)
        table._keys = {k: v for k, v in table._keys.items() if v is not org}


def _org_country(entity: Entity) -> str | None:
    for word in entity.name.replace("-", " ").split():
        if word in country_words():
            return country_words()[word]
    return None
