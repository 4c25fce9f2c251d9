"""What "about" knows of an article before it reads any content: its nations, companies,
the organisation each person speaks for, the parties of its dispute, and per word the
earlier things that word may point back to. Built once per article (``build_context``)
and never changed after."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token

from claimgraph.model import Entity
from claimgraph.resources import country_words
from claimgraph.speakers.about.lexicon import (
    DEMONYM_ENDINGS,
    NOT_NATIONS,
    about_nouns,
    demonyms,
    derives,
    not_company,
)
from claimgraph.speakers.entities import EntityTable, fold, role_nouns
from claimgraph.speakers.resolve import Resolver

_MODIFIER_DEPS = frozenset({"compound", "nmod", "amod"})


@dataclass(frozen=True)
class Nation:
    name: str  # "Ostrevia"
    adjective: str | None  # "Ostrevian"


@dataclass(frozen=True)
class ArticleContext:
    """The article as "about" reads it; every field is computed by ``build_context``."""

    resolver: Resolver
    table: EntityTable
    doc: Doc
    text: str
    rules: frozenset[str]
    by_id: Mapping[str, Entity]
    nations: tuple[tuple[Nation, int], ...]  # most referred to first
    gpe_keys: frozenset[str]
    affiliations: Mapping[str, Entity | None]  # entity id -> the organisation it speaks for
    companies: tuple[Entity, ...]  # what "the company" may be, most mentioned first
    titles: frozenset[str]  # titles the article's people hold
    org_heads: frozenset[str]  # last words of its organisations' names, lower case ("hospital")
    party_scores: Counter[str]  # organisation or country id -> how often the article refers to it
    paired: tuple[tuple[Entity, Entity], ...]  # parties the article pairs ("X and Y", "X against Y")
    agents: Mapping[int, Entity]  # token index -> who made the act its lemma names, told before it
    named_before: Mapping[int, str]  # token index -> the earlier thing of its lemma named after a name
    spelled_out: Mapping[str, Entity]  # id of an acronym's entity -> the entity it abbreviates ("NLF")

    # -- queries -----------------------------------------------------------------------------
    def kind(self, entity: Entity) -> str:
        """The entity's type, with a place tagged as an organisation seen as a place."""
        if entity.type == "ORG" and (
            fold(entity.name) in self.gpe_keys or any(n.name == entity.name for n, _ in self.nations)
        ):
            return "GPE"
        return entity.type

    def affiliation(self, entity: Entity) -> Entity | None:
        return self.affiliations.get(entity.id)

    def nation_of(self, entity: Entity | None) -> Nation | None:
        """The country an entity belongs to (its own, its affiliation's), when the article
        speaks of it as a country."""
        if entity is None:
            return None
        candidates = [entity.country, entity.name if entity.type in ("GPE", "NORP") else None]
        affiliation = self.affiliation(entity)
        if affiliation is not None:
            candidates += [affiliation.country, *affiliation.name.split()[:1]]
        for nation, _ in self.nations:
            for candidate in candidates:
                if candidate and (candidate == nation.name or candidate == nation.adjective):
                    return nation
        return None

    def main_nation(self, speaker: Entity | None) -> Nation | None:
        return self.nation_of(speaker) or (self.nations[0][0] if self.nations else None)

    def nation_for_adjective(self, adjective: str) -> Nation | None:
        for nation, _ in self.nations:
            if adjective in (nation.adjective, nation.name):
                return nation
        country = country_words().get(adjective)
        return Nation(country, adjective) if country and country not in NOT_NATIONS else None

    def display(self, entity: Entity) -> str:
        """The entity's name without a possessor ("Maritime Safety Bureau" for "Ostrevia’s
        Maritime Safety Bureau": the owner is an entity of its own), and as the text writes
        it where a dateline has it in capitals ("Norhaven", not "NORHAVEN")."""
        name = entity.name
        if name.isupper() and len(name) > 4:
            written = [m.text for m in entity.mentions if fold(m.text) == fold(name) and not m.text.isupper()]
            name = written[0] if written else name
        return re.sub(r"^[A-Z][\w-]*['’]s\s+(?=[A-Z])", "", name)

    def entity_named(self, name: str) -> Entity | None:
        key = fold(name)
        return next((e for e in self.table.entities if fold(e.name) == key), None)

    def org_named(self, token: Token, word: str) -> Entity | None:
        return org_named(self.table, token, word)

    def org_headed(self, token: Token, word: str) -> Entity | None:
        """The organisation whose name ends with the noun ("Mercy Vale Hospital" for "the
        hospital"): the one mentioned last before it; None when none was."""
        before = [
            (max(m.start for m in e.mentions if m.start < token.idx), e) for e in self.table.entities
            if e.type == "ORG" and len(e.name.split()) > 1 and e.name.lower().split()[-1] == word
            and any(m.start < token.idx for m in e.mentions)
        ]
        return max(before, key=lambda pair: pair[0])[1] if before else None

    def company(self) -> Entity | None:
        return self.companies[0] if self.companies else None

    def title_holder(self, token: Token, word: str) -> Entity | None:
        holders = [e for e in self.table.entities if e.type == "PERSON" and word in e.titles]
        if len(holders) == 1:
            return holders[0]
        if holders:
            return self.resolver.salient(
                token, (token.idx, token.idx), lambda e: e.type == "PERSON" and word in e.titles
            )
        return None

    def we(self, speaker: Entity | None) -> Entity | Nation | None:
        """What "we" is in the speaker's mouth: the organisation, group or country."""
        if speaker is None:
            return None
        if speaker.type in ("ORG", "GPE", "NORP", "GROUP"):
            return speaker
        affiliation = self.affiliation(speaker)
        if affiliation is not None:
            return affiliation
        return self.nation_of(speaker)

    def parties(self, references: Counter[str]) -> list[Entity]:
        """The two parties of the article's dispute: of the organisations or countries the
        article pairs ("X and Y", "X ... against Y"), the pair it refers to most; else the two
        it refers to most (in its text and its statements), when a third does not tie."""
        scores = self.party_scores + references
        if self.paired:
            best = max(self.paired, key=lambda pair: scores[pair[0].id] + scores[pair[1].id])
            return list(best)
        ranked = [(n, eid) for eid, n in scores.most_common() if eid in self.by_id and n >= 2]
        if len(ranked) < 2 or (len(ranked) > 2 and ranked[1][0] == ranked[2][0]):
            return []
        return [self.by_id[ranked[0][1]], self.by_id[ranked[1][1]]]


def org_named(table: EntityTable, token: Token, word: str) -> Entity | None:
    """The organisation named with the noun ("the union" -> "... Seafarers' Union"), the
    one mentioned last before it, else the first one after."""
    forms = {word, word + "s"}
    named = [
        e for e in table.entities
        if e.type == "ORG" and forms & set(e.name.lower().replace("’", "'").split())
    ]
    if not named:
        return None
    before = [(max(m.start for m in e.mentions if m.start < token.idx), e) for e in named
              if any(m.start < token.idx for m in e.mentions)]
    return max(before, key=lambda pair: pair[0])[1] if before else named[0]


# -- building the context ------------------------------------------------------------------------


def build_context(resolver: Resolver, rules: frozenset[str]) -> ArticleContext:
    table, doc = resolver.table, resolver.doc
    text = table.text
    gpe_keys = frozenset(fold(e.name) for e in table.entities if e.type == "GPE")
    nations = tuple(_nations(doc, table, text))
    base = ArticleContext(
        resolver=resolver, table=table, doc=doc, text=text, rules=rules,
        by_id={e.id: e for e in table.entities}, nations=nations, gpe_keys=gpe_keys,
        affiliations={}, companies=(), titles=frozenset(), party_scores=Counter(), paired=(),
        org_heads=frozenset(e.name.lower().split()[-1] for e in table.entities
                            if e.type == "ORG" and len(e.name.split()) > 1),
        agents={}, named_before={}, spelled_out=_spelled_out(table),
    )
    affiliations = {e.id: _find_affiliation(table, text, e) for e in table.entities}
    base = _replace(base, affiliations=affiliations)
    base = _replace(base, companies=tuple(_companies(base)))
    titles = frozenset(t for e in table.entities if e.type == "PERSON" for t in e.titles)
    candidates = _party_candidates(base)
    return _replace(
        base, titles=titles, party_scores=_party_scores(base, candidates),
        paired=tuple(_paired(base, candidates)), agents=_agents(base), named_before=_named_before(doc),
    )


def _replace(context: ArticleContext, **fields: object) -> ArticleContext:
    return replace(context, **fields)  # type: ignore[arg-type]


def _nations(doc: Doc, table: EntityTable, text: str) -> list[tuple[Nation, int]]:
    """Countries the article speaks of, most referred to first: GPE names known as
    countries or with their nationality adjective in the text, and nationality adjectives
    (of nationalities or opening organisation names: "Ostrevian Railways")."""
    words = Counter(w for w in re.findall(r"\b[A-Z][a-z]+\b", text))
    adjectives = [w for w in words if w.endswith(DEMONYM_ENDINGS)]
    adjective_of: dict[str, str] = {}
    counts: Counter[str] = Counter()
    places = [e for e in table.entities if e.type == "GPE" or (e.type == "ORG" and " " not in e.name)]
    for place in places:
        known = country_words().get(place.name)  # "Moscow", "America" -> the country's name
        adjective = next((w for w in adjectives if derives(w, place.name)), None)
        if known in NOT_NATIONS or (known is None and adjective is None):
            continue  # a bloc; a city or a firm
        name = known or place.name
        counts[name] += len(place.mentions)
        if adjective and name not in adjective_of:
            adjective_of[name] = adjective
            counts[name] += words[adjective]
    adjective_like = _adjective_like_words(doc)
    for word, n in words.items():
        if word in counts or word in adjective_of.values():
            continue
        country = country_words().get(word)
        if country is None and word.endswith("ian") and word in adjective_like:
            country = word[:-1]  # "Ostrevian" -> "Ostrevia": the commonest English pattern
        if country is None or country in NOT_NATIONS:
            continue
        counts[country] += n
        adjective_of.setdefault(country, word)
    for country in counts:
        adjective_of.setdefault(country, demonyms().get(country, ""))
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    return [(Nation(name, adjective_of.get(name) or None), n) for name, n in ranked]


def _adjective_like_words(doc: Doc) -> frozenset[str]:
    """Capitalised words used as a nationality somewhere: tagged NORP, or opening a name."""
    return frozenset(
        token.text for token in doc
        if token.ent_type_ == "NORP" or (token.ent_type_ in ("ORG", "GPE") and token.ent_iob_ == "B")
    )


# Words an acronym skips: "Organisation of American States" is OAS.
_UNINITIALLED = frozenset({"of", "the", "and", "for", "in", "on", "&"})


def _spelled_out(table: EntityTable) -> dict[str, Entity]:
    """Acronyms the article spells out: an organisation or place written in capitals
    ("NLF", "U.S.") whose letters are the initials of another of its entities' names
    ("Northern Liberation Front"); only where one entity fits."""
    found: dict[str, Entity] = {}
    for entity in table.entities:
        letters = entity.name.replace(".", "")
        if entity.type not in ("ORG", "GPE", "NORP") or not (2 <= len(letters) <= 6 and letters.isupper()):
            continue
        fits = [
            other for other in table.entities
            if other is not entity and other.type in ("ORG", "GPE", "NORP")
            and "".join(w[0] for w in other.name.split() if w.lower() not in _UNINITIALLED).upper() == letters
            and len(other.name.split()) >= 2
        ]
        if len(fits) == 1:
            found[entity.id] = fits[0]
    return found


def _find_affiliation(table: EntityTable, text: str, entity: Entity) -> Entity | None:
    """The organisation a person speaks for: the affiliation, else an organisation named
    in the phrase that introduces them ("Keldran Ferries chief executive ...")."""
    if entity.affiliation:
        named = next((e for e in table.entities if e.name == entity.affiliation), None)
        if named is not None:
            return named
    if entity.type != "PERSON":
        return None
    orgs = [e for e in table.entities if e.type == "ORG"]
    for mention in entity.mentions:
        line_start = text.rfind("\n", 0, mention.start) + 1
        before = text[max(line_start, mention.start - 80) : mention.start]
        for org in orgs:
            if org.name in before and before.rstrip().endswith(tuple(role_nouns())):
                return org
    return None


def _companies(context: ArticleContext) -> list[Entity]:
    """Organisations that may be "the company": most mentioned first, names that end with
    another kind of body left out."""
    found = []
    for entity in context.table.entities:
        words = entity.name.lower().replace("’", "'").split()
        if entity.type != "ORG" or not words or entity.name.isupper() and len(words) == 1:
            continue
        if words[-1] in not_company() or context.resolver.is_dateline_agency(entity):
            continue
        if any(n.name == entity.name for n, _ in context.nations):
            continue
        found.append(entity)
    return sorted(found, key=lambda e: (-len(e.mentions), -len(e.name.split())))


def _party_candidates(context: ArticleContext) -> list[Entity]:
    nations = {n.name for n, _ in context.nations}
    return [
        e for e in context.table.entities
        if (context.kind(e) == "ORG" and not context.resolver.is_dateline_agency(e))
        or (e.type in ("GPE", "ORG") and e.name in nations)
    ]


def _party_scores(context: ArticleContext, candidates: list[Entity]) -> Counter[str]:
    """How often the article refers to each organisation or country: its mentions and
    the role nouns that stand for it ("the union", "the company")."""
    scores: Counter[str] = Counter()
    for entity in candidates:
        scores[entity.id] += len(entity.mentions)
    for token in context.doc:
        lemma = token.lemma_.lower()
        if token.pos_ != "NOUN" or token.tag_ != "NN" or role_nouns().get(lemma) != "org":
            continue
        if not any(c.dep_ in ("det", "poss") for c in token.children):
            continue
        org = context.org_named(token, lemma)
        if org is None and about_nouns().get(lemma) == "company":
            org = context.company()
        if org is not None:
            scores[org.id] += 1
    return scores


def _paired(context: ArticleContext, candidates: list[Entity]) -> list[tuple[Entity, Entity]]:
    """Organisations or countries the article pairs: "X and Y", "between X and Y", "X ...
    against Y"."""
    ids = {e.id for e in candidates}
    by_token = context.table.by_token
    pairs = []
    for token in context.doc:
        first = by_token.get(token.i)
        if first is None or first.id not in ids:
            continue
        if token.dep_ == "conj":
            other = by_token.get(token.head.i)
        elif token.dep_ == "pobj" and token.head.lower_ == "against":
            verb = token.head
            while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
                verb = verb.head
            subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            other = by_token.get(subject.i) if subject is not None else None
        else:
            continue
        if other is not None and other.id in ids and other.id != first.id:
            pairs.append((other, first))
    return pairs


def refers_to(context: ArticleContext, token: Token) -> Entity | None:
    """The organisation or person a word names or stands for, outside any content."""
    named = context.table.by_token.get(token.i)
    if named is not None:
        return named if named.type in ("PERSON", "ORG", "GPE") else None
    lemma = token.lemma_.lower()
    if token.pos_ == "NOUN" and role_nouns().get(lemma) == "org":
        org = context.org_named(token, lemma)
        if org is None and about_nouns().get(lemma) == "company":
            org = context.company()
        return org
    return None


def _agents(context: ArticleContext) -> dict[int, Entity]:
    """For each word, who made the act its lemma names, as told last before it: the owner
    of the same noun ("the company's bid") or the subject of the same verb ("X has
    offered"). One pass over the article, so that every word is answered at once."""
    latest: dict[str, Entity] = {}
    found: dict[int, Entity] = {}
    for token in context.doc:
        if token.lemma_ in latest:
            found[token.i] = latest[token.lemma_]
        if token.pos_ == "NOUN":
            owner = next((c for c in token.children if c.dep_ == "poss"), None)
        elif token.pos_ == "VERB":
            owner = next((c for c in token.children if c.dep_ == "nsubj"), None)
        else:
            continue
        agent = refers_to(context, owner) if owner is not None else None
        if agent is not None and context.kind(agent) in ("PERSON", "ORG"):
            latest[token.lemma_] = agent  # not "Ostrevia's national strike": a place, not an actor
    return found


def _named_before(doc: Doc) -> dict[int, str]:
    """For each noun, the latest earlier thing with the same head noun named after a place
    or name: "the Norhaven naval base" for "the base". One pass over the article."""
    latest: dict[str, str] = {}
    found: dict[int, str] = {}
    for token in doc:
        if token.lemma_ in latest:
            found[token.i] = latest[token.lemma_]
        if token.pos_ != "NOUN":
            continue
        left = [c for c in token.children if c.i < token.i and c.dep_ in _MODIFIER_DEPS]
        if any(c.pos_ == "PROPN" for c in left):
            start = min(c.left_edge.i for c in left)
            latest[token.lemma_] = phrase_text(list(doc[start : token.i + 1]))
    return found


def phrase_text(tokens: list[Token]) -> str:
    words = [t for t in tokens if t.lower_ not in ("the", "a", "an")]
    if not words:
        return ""
    return tokens[0].doc[words[0].i : words[-1].i + 1].text
