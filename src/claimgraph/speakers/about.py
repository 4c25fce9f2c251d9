"""What a statement's content speaks of: ``Statement.about`` (../shared/spec/claims.md).

The words of each content are read for the people, organisations, places and groups they
name, resolved with the speaker machinery (speakers.resolve) to the article's entities and
their fullest names. Each rule has a name, so that its contribution can be measured
(scripts/evaluate_about.py):

* ``name``: a name or part of one ("Vesterlund" -> Anika Vesterlund); a name modifying a common noun
  is the person ("the Vesterlund case"), or, for a place, the thing named after it ("the Norhaven
  naval base"); a nationality adjective is a descriptor ("the Valdorian daily"), except with
  a noun for the state's agents ("Valdorian diplomats" -> Valdoria) or its bodies ("the
  Valdorian embassy", "the Ostrevian government");
* ``pronoun``: he/she/they/it as for speakers; I/me/my -> the statement's speaker; we/us/our
  -> the speaker's organisation or country; "this woman" -> as "she";
* ``role_noun``: "the union", "the ministry" -> the organisation named with that noun;
  "the company" -> it, else the article's main company; "the government", "ministers" ->
  the government of the speaker's (else the article's) country; "the country", "the
  economy" -> the country; "the minister" -> the person with that title;
* ``capital``: a capital or seat of government acting ("Moscow accused ...") -> its country;
* ``sides``: "both sides", "the two sides", "between them" -> the two parties of the dispute
  (the two organisations or countries the article refers to most);
* ``act``: an offer, demand or plan the article told of before -> who made it ("the offer"
  after "Keldran Ferries has offered 4 per cent");
* ``group``: plural nouns of groups (data/group_nouns.txt: "passengers") -> a group named by
  the plural; a generic "the conductor" -> conductors.

A statement's list is deduplicated (one item per entity or name, at its first mention).
``role`` is ``subject`` for the subject of the content's main clause (or the content itself
when it is a noun phrase: "accused [the board of ...]"), ``object`` for an object of the main
verb or of a preposition attached to it, ``other`` otherwise.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache

from spacy.tokens import Doc, Token

from claimgraph.attribution.extract import Candidate
from claimgraph.model import About, Entity, Statement
from claimgraph.model import Span as TextSpan
from claimgraph.nlp import common_word, place_names
from claimgraph.resources import country_words, data_lines, data_table
from claimgraph.speakers.entities import fold, role_nouns
from claimgraph.speakers.people import people_reason
from claimgraph.speakers.resolve import Resolver, attribute, pronouns

RULES = ("name", "pronoun", "role_noun", "capital", "sides", "group", "act")

FIRST_SINGULAR = frozenset({"i", "me", "my", "mine", "myself"})
FIRST_PLURAL = frozenset({"we", "us", "our", "ours", "ourselves"})
THIRD_PLURAL = frozenset({"they", "them", "their", "theirs", "themselves"})
# Forms pronouns.tsv does not list, and the one it does list for them.
PRONOUN_FORMS = {"himself": "him", "herself": "her", "hers": "her", "itself": "it", "them": "they",
                 "themselves": "they", "theirs": "their"}
# Words that make a noun phrase refer to something known: "the union", "this woman".
DEFINITE = frozenset({"the", "this", "that", "these", "those"})
# Words that make it generic: "every reporter", "any offer", "no company".
GENERIC = frozenset({"every", "each", "any", "no", "some", "many", "most", "all", "what", "which"})
# Named-entity labels of times and quantities: "on Monday it said" still opens with "it".
NUMERIC = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"})
SIDES_MARKERS = frozenset({"both", "two", "either", "neither", "each"})
# Blocs and bodies in countries.tsv are no country a capital stands for.
NOT_NATIONS = frozenset({"West", "United Nations"})
# Dependencies inside a noun phrase: a word so attached shares its head's role ("the
# company's offer"); one inside a prepositional phrase ("the detention of X in Y") does not.
_NP_INTERNAL = frozenset(
    {"compound", "poss", "conj", "appos", "nmod", "amod", "det", "case", "nummod", "quantmod", "flat", "cc",
     "predet"}
)
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass"})
_OBJECT_DEPS = frozenset({"dobj", "dative", "obj", "iobj", "attr", "oprd"})
_MODIFIER_DEPS = frozenset({"compound", "nmod", "amod"})
_DEMONYM_ENDINGS = ("ian", "ean", "an", "ese", "ish", "i")


@lru_cache(maxsize=1)
def about_nouns() -> dict[str, str]:
    return data_table("about_nouns.tsv")


@lru_cache(maxsize=1)
def not_company() -> frozenset[str]:
    """Head nouns of organisations that are no company: "the company" is never a union."""
    return frozenset(w for w, kind in about_nouns().items() if kind in ("body", "government", "agents"))


@lru_cache(maxsize=1)
def group_nouns() -> dict[str, str]:
    """Group noun, plural or singular ("nurses", "nurse") -> its plural."""
    table: dict[str, str] = {}
    for line in data_lines("group_nouns.txt"):
        plural = line.strip().lower()
        table[plural] = plural
        for singular in _singulars(plural):
            table.setdefault(singular, plural)
    return table


def _singulars(word: str) -> list[str]:
    if word.endswith("men"):
        return [word[:-3] + "man"]
    if word == "children":
        return ["child"]
    if word.endswith("ies"):
        return [word[:-3] + "y"]
    if word.endswith(("ches", "shes", "sses", "xes")):
        return [word[:-2]]
    if word.endswith("s") and not word.endswith("ss"):
        return [word[:-1]]
    return []


@lru_cache(maxsize=1)
def _demonyms() -> dict[str, str]:
    """Country -> a nationality adjective of it from countries.tsv ("Russia" -> "Russian")."""
    found: dict[str, str] = {}
    for word, country in country_words().items():
        if word != country and word[:1].isupper() and word.endswith(_DEMONYM_ENDINGS) and " " not in word:
            found.setdefault(country, word)
    return found


def _derives(adjective: str, country: str) -> bool:
    """ "Valdorian" is the nationality adjective of "Valdoria" (the country's name plus an ending)."""
    a, c = adjective.lower(), country.lower()
    if len(c) < 4 or a == c or not a.endswith(_DEMONYM_ENDINGS):
        return False
    stem = c[:-1] if c.endswith(("a", "e", "y")) else c
    return a.startswith(stem) and len(a) - len(stem) <= 4


@dataclass
class Found:
    """One about-entity found in a content, with the rule that found it."""

    about: About
    rule: str


@dataclass(frozen=True)
class Nation:
    name: str  # "Ostrevia"
    adjective: str | None  # "Ostrevian"


class AboutFinder:
    """The about-entities of an article's statements, from its parse and resolved speakers."""

    def __init__(self, resolver: Resolver, rules: Iterable[str] = RULES) -> None:
        self.resolver = resolver
        self.table = resolver.table
        self.doc: Doc = resolver.doc
        self.text = resolver.table.text
        self.rules = frozenset(rules)
        self.by_id = {e.id: e for e in self.table.entities}
        self.references: Counter[str] = Counter()  # entity id -> statements that speak of it
        self.counting = True  # the first reading counts references for parties()
        self.wants_sides: set[int] = set()  # statements that speak of "both sides"
        self.current = 0  # the statement being read
        self._affiliations: dict[str, Entity | None] = {}
        self._titles: set[str] | None = None
        self._gpe_keys = {fold(e.name) for e in self.table.entities if e.type == "GPE"}

    # -- the article's nations, companies and parties ----------------------------------------
    @cached_property
    def nations(self) -> list[tuple[Nation, int]]:
        """Countries the article speaks of, most referred to first: GPE names known as
        countries or with their nationality adjective in the text, and nationality adjectives
        (of nationalities or opening organisation names: "Ostrevian Railways")."""
        words = Counter(w for w in re.findall(r"\b[A-Z][a-z]+\b", self.text))
        adjectives = [w for w in words if w.endswith(_DEMONYM_ENDINGS)]
        adjective_of: dict[str, str] = {}
        counts: Counter[str] = Counter()
        places = [
            e for e in self.table.entities if e.type == "GPE" or (e.type == "ORG" and " " not in e.name)
        ]
        for place in places:
            known = country_words().get(place.name)  # "Moscow", "America" -> the country's name
            adjective = next((w for w in adjectives if _derives(w, place.name)), None)
            if known in NOT_NATIONS or (known is None and adjective is None):
                continue  # a bloc; a city or a firm
            name = known or place.name
            counts[name] += len(place.mentions)
            if adjective and name not in adjective_of:
                adjective_of[name] = adjective
                counts[name] += words[adjective]
        for word, n in words.items():
            if word in counts or word in adjective_of.values():
                continue
            country = country_words().get(word)
            if country is None and word.endswith("ian") and self._adjective_like(word):
                country = word[:-1]  # "Ostrevian" -> "Ostrevia": the commonest English pattern
            if country is None or country in NOT_NATIONS:
                continue
            counts[country] += n
            adjective_of.setdefault(country, word)
        for country in counts:
            adjective_of.setdefault(country, _demonyms().get(country, ""))
        ranked = sorted(counts.items(), key=lambda kv: -kv[1])
        return [(Nation(name, adjective_of.get(name) or None), n) for name, n in ranked]

    def _adjective_like(self, word: str) -> bool:
        """A capitalised "-ian" word used as a nationality: tagged NORP, or opening a name."""
        for token in self.doc:
            if token.text != word:
                continue
            if token.ent_type_ == "NORP" or (token.ent_type_ in ("ORG", "GPE") and token.ent_iob_ == "B"):
                return True
        return False

    def nation_of(self, entity: Entity | None) -> Nation | None:
        """The country an entity belongs to (its own, its affiliation's), when the article
        speaks of it as a country."""
        if entity is None:
            return None
        candidates = [entity.country, entity.name if entity.type in ("GPE", "NORP") else None]
        affiliation = self._affiliation(entity)
        if affiliation is not None:
            candidates += [affiliation.country, *affiliation.name.split()[:1]]
        for nation, _ in self.nations:
            for candidate in candidates:
                if candidate and (candidate == nation.name or candidate == nation.adjective):
                    return nation
        return None

    def main_nation(self, speaker: Entity | None) -> Nation | None:
        return self.nation_of(speaker) or (self.nations[0][0] if self.nations else None)

    def _affiliation(self, entity: Entity) -> Entity | None:
        """The organisation a person speaks for: the affiliation, else an organisation named
        in the phrase that introduces them ("Keldran Ferries chief executive ...")."""
        if entity.id not in self._affiliations:
            self._affiliations[entity.id] = self._find_affiliation(entity)
        return self._affiliations[entity.id]

    def _find_affiliation(self, entity: Entity) -> Entity | None:
        if entity.affiliation:
            named = next((e for e in self.table.entities if e.name == entity.affiliation), None)
            if named is not None:
                return named
        if entity.type != "PERSON":
            return None
        orgs = [e for e in self.table.entities if e.type == "ORG"]
        for mention in entity.mentions:
            line_start = self.text.rfind("\n", 0, mention.start) + 1
            before = self.text[max(line_start, mention.start - 80) : mention.start]
            for org in orgs:
                if org.name in before and before.rstrip().endswith(tuple(role_nouns())):
                    return org
        return None

    @cached_property
    def companies(self) -> list[Entity]:
        """Organisations that may be "the company": most mentioned first, names that end with
        another kind of body left out."""
        found = []
        for entity in self.table.entities:
            words = entity.name.lower().replace("’", "'").split()
            if entity.type != "ORG" or not words or entity.name.isupper() and len(words) == 1:
                continue
            if words[-1] in not_company() or self.resolver.is_dateline_agency(entity):
                continue
            if any(n.name == entity.name for n, _ in self.nations):
                continue
            found.append(entity)
        return sorted(found, key=lambda e: (-len(e.mentions), -len(e.name.split())))

    @cached_property
    def party_scores(self) -> Counter[str]:
        """How often the article refers to each organisation or country: its mentions and
        the role nouns that stand for it ("the union", "the company")."""
        scores: Counter[str] = Counter()
        for entity in self._party_candidates():
            scores[entity.id] += len(entity.mentions)
        for token in self.doc:
            lemma = token.lemma_.lower()
            if token.pos_ != "NOUN" or token.tag_ != "NN" or role_nouns().get(lemma) != "org":
                continue
            if not any(c.dep_ in ("det", "poss") for c in token.children):
                continue
            org = self._org_named(token, lemma)
            if org is None and about_nouns().get(lemma) == "company":
                org = self.companies[0] if self.companies else None
            if org is not None:
                scores[org.id] += 1
        return scores

    def _party_candidates(self) -> list[Entity]:
        nations = {n.name for n, _ in self.nations}
        return [
            e for e in self.table.entities
            if (self._kind(e) == "ORG" and not self.resolver.is_dateline_agency(e))
            or (e.type in ("GPE", "ORG") and e.name in nations)
        ]

    def _paired(self) -> list[tuple[Entity, Entity]]:
        """Organisations or countries the article pairs: "X and Y", "between X and Y", "X ...
        against Y"."""
        candidates = {e.id for e in self._party_candidates()}
        pairs = []
        for token in self.doc:
            first = self.table.by_token.get(token.i)
            if first is None or first.id not in candidates:
                continue
            if token.dep_ == "conj":
                other = self.table.by_token.get(token.head.i)
            elif token.dep_ == "pobj" and token.head.lower_ == "against":
                verb = token.head
                while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
                    verb = verb.head
                subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
                other = self.table.by_token.get(subject.i) if subject is not None else None
            else:
                continue
            if other is not None and other.id in candidates and other.id != first.id:
                pairs.append((other, first))
        return pairs

    def parties(self) -> list[Entity]:
        """The two parties of the article's dispute: of the organisations or countries the
        article pairs ("X and Y", "X ... against Y"), the pair it refers to most; else the two
        it refers to most (in its text and its statements), when a third does not tie."""
        scores = self.party_scores + self.references
        paired = self._paired()
        if paired:
            best = max(paired, key=lambda pair: scores[pair[0].id] + scores[pair[1].id])
            return list(best)
        ranked = [(n, eid) for eid, n in scores.most_common() if eid in self.by_id and n >= 2]
        if len(ranked) < 2 or (len(ranked) > 2 and ranked[1][0] == ranked[2][0]):
            return []
        return [self.by_id[ranked[0][1]], self.by_id[ranked[1][1]]]

    # -- one statement -----------------------------------------------------------------------
    def find(self, statement: Statement, speaker: Entity | None, index: int = 0) -> list[Found]:
        self.current = index
        start, end = statement.content.start, statement.content.end
        span = self.doc.char_span(start, end, alignment_mode="contract")
        tokens = [t for t in span if not t.is_space] if span is not None else []
        if span is None or not tokens:
            return []
        clause = _Clause(tokens)
        found = _FoundList()
        consumed: set[int] = set()
        for token in tokens:
            if token.i in consumed or token.is_punct:
                continue
            entity = self.table.by_token.get(token.i)
            if entity is not None and entity.type != "GROUP":
                run = _contiguous(_run_from(token, span.end, lambda t, e=entity: self._entity_at(t) is e))
                consumed.update(t.i for t in run)
                self._named(entity, run, clause, found, consumed)
            elif _is_pronoun(token):
                self._pronoun(token, statement, speaker, clause, found, tokens)
            elif token.pos_ == "PROPN" and token.text[:1].isupper() and token.ent_type_ not in NUMERIC:
                run = _contiguous(_run_from(token, span.end, lambda t: t.pos_ == "PROPN"))
                consumed.update(t.i for t in run)
                self._unlisted(run, clause, found)
            elif token.pos_ == "NOUN":
                self._noun(token, speaker, clause, found, consumed)
        return found.items

    def _put(self, found: _FoundList, rule: str, name: str | None, entity: Entity | None,
             tokens: list[Token], role: str) -> None:
        if rule not in self.rules or not name:
            return
        mention = _text_span(self.text, tokens)
        about = About(name=name, role=role, entity=entity.id if entity else None, mention=mention)
        found.add(Found(about, rule))
        if entity is not None and self.counting:
            self.references[entity.id] += 1

    # -- names -------------------------------------------------------------------------------
    def _named(self, entity: Entity, run: list[Token], clause: _Clause, found: _FoundList,
               consumed: set[int]) -> None:
        root = next((t for t in run if t.head.i == t.i or t.head not in run), run[-1])
        kind = self._kind(entity)
        head = root.head
        modifies = (
            root.dep_ in _MODIFIER_DEPS and head.pos_ == "NOUN" and head.i not in consumed
            and head.i > root.i and clause.inside(head)
        )
        role = clause.role(head if modifies else root)
        if kind == "NORP" or (modifies and root.pos_ == "ADJ"):
            if modifies or root.dep_ not in _MODIFIER_DEPS:
                self._nationality(entity, run, head if modifies else None, clause, found, consumed)
            return
        if modifies:
            lemma = head.lemma_.lower()
            if _denotes_people(head):
                if kind == "ORG":  # "a Skyvale Airlines spokeswoman": the airline
                    self._put(found, "name", self.display(entity), entity, run, role)
                return  # "the Lisbon correspondent": a descriptor
            full_person = kind == "PERSON" and len(entity.name.split()) > 1
            if not full_person and kind != "ORG" and (
                about_nouns().get(lemma) == "facility" or role_nouns().get(lemma) == "org"
            ):
                # "the Norhaven naval base", "the Norhaven port authority": one thing named after a place
                phrase = [t for t in self.doc[run[0].i : head.i + 1]]
                consumed.add(head.i)
                self._put(found, "name", _phrase_text(phrase), None, phrase, role)
                return
        if kind == "GPE" and self._acting(root):
            country = country_words().get(entity.name)
            # "Moscow accused ...", not "Britain" or "America" (the gazetteer has neither): the
            # city standing for its country's government
            city = entity.name in place_names()
            if country and country != entity.name and country not in NOT_NATIONS and city:
                nation_entity = self._entity_named(country)
                self._put(found, "capital", country, nation_entity, run, role)
                return
        self._put(found, "name", self.display(entity), entity, run, role)

    def _unlisted(self, run: list[Token], clause: _Clause, found: _FoundList) -> None:
        """A name the model tagged as nothing ("Anika was sacked", "the daily The
        Norhaven Courier"): the article's person with that first or last name, or its
        organisation whose name holds these words (or is held in them); only when one fits."""
        words = {fold(t.text) for t in run if t.lower_ != "the"}
        if not words or (len(words) == 1 and common_word(run[-1].text)):
            return  # "Show", "State": a common word, no name
        fits = []
        for entity in self.table.entities:
            names = {fold(w) for w in entity.name.split()}
            if entity.type == "PERSON" and len(words) == 1 and len(names) > 1 and words & names:
                fits.append(entity)
            elif entity.type == "ORG" and (names <= words or words <= names):
                fits.append(entity)
        if len(fits) == 1:
            self._put(found, "name", self.display(fits[0]), fits[0], run, clause.role(run[-1]))

    def _nationality(self, entity: Entity, run: list[Token], head: Token | None, clause: _Clause,
                     found: _FoundList, consumed: set[int]) -> None:
        """ "the Valdorian daily" is no about-entity; "Valdorian diplomats" are Valdoria, "the
        Valdorian embassy" and "the Ostrevian government" are bodies of the state."""
        nation = self._nation_for_adjective(entity.name)
        if head is None:  # "the Russians said": the nation
            name = nation.name if nation else entity.name
            self._put(found, "name", name, self._entity_named(name) or entity, run, clause.role(run[-1]))
            return
        lemma = head.lemma_.lower()
        kind = about_nouns().get(lemma)
        role = clause.role(head)
        if kind in ("agents", "act", "country") and nation is not None:
            consumed.add(head.i)
            self._put(found, "name", nation.name, self._entity_named(nation.name), [*run, head], role)
        elif kind == "government" or role_nouns().get(lemma) == "org":
            consumed.add(head.i)
            words = [t for t in self.doc[run[0].i : head.i + 1]]
            name = f"{entity.name} government" if kind == "government" else _phrase_text(words)
            self._put(found, "name", name, self._entity_named(name), words, role)

    def _nation_for_adjective(self, adjective: str) -> Nation | None:
        for nation, _ in self.nations:
            if adjective in (nation.adjective, nation.name):
                return nation
        country = country_words().get(adjective)
        return Nation(country, adjective) if country and country not in NOT_NATIONS else None

    def _acting(self, token: Token) -> bool:
        """A place name as an actor ("Moscow accused ...", "Moscow's demands"), not a location."""
        if token.dep_ in ("nsubj", "nsubjpass", "poss", "dobj", "appos", "conj"):
            return token.dep_ != "conj" or self._acting(token.head)
        return token.dep_ == "pobj" and token.head.lower_ in ("by", "with", "against")

    def _kind(self, entity: Entity) -> str:
        """The entity's type, with a place tagged as an organisation seen as a place."""
        if entity.type == "ORG" and (
            fold(entity.name) in self._gpe_keys or any(n.name == entity.name for n, _ in self.nations)
        ):
            return "GPE"
        return entity.type

    def display(self, entity: Entity) -> str:
        """The entity's name without a possessor ("Maritime Safety Bureau" for "Ostrevia’s
        Maritime Safety Bureau": the owner is an entity of its own), and as the text writes
        it where a dateline has it in capitals ("Norhaven", not "NORHAVEN")."""
        name = entity.name
        if name.isupper() and len(name) > 4:
            written = [m.text for m in entity.mentions if fold(m.text) == fold(name) and not m.text.isupper()]
            name = written[0] if written else name
        return re.sub(r"^[A-Z][\w-]*['’]s\s+(?=[A-Z])", "", name)

    def _entity_named(self, name: str) -> Entity | None:
        key = fold(name)
        return next((e for e in self.table.entities if fold(e.name) == key), None)

    # -- pronouns ----------------------------------------------------------------------------
    def _pronoun(self, token: Token, statement: Statement, speaker: Entity | None, clause: _Clause,
                 found: _FoundList, tokens: list[Token]) -> None:
        word = token.lower_
        role = clause.role(token)
        if token.dep_ == "poss" and _denotes_body(token.head):
            return  # "my neighbour", "our consul", "her government": it speaks of them, not of her
        if word in FIRST_SINGULAR:
            self._put(found, "pronoun", speaker.name if speaker else None, speaker, [token], role)
            return
        if word in FIRST_PLURAL:
            us = self._we(speaker)
            if isinstance(us, Nation):
                self._put(found, "pronoun", us.name, self._entity_named(us.name), [token], role)
            elif us is not None:
                self._put(found, "pronoun", self.display(us), us, [token], role)
            return
        if word in THIRD_PLURAL and token.dep_ == "pobj" and token.head.lower_ == "between":
            self._sides(found, [token], role)  # "the distance between them"
            return
        referent = self._third_person(token, statement, speaker, tokens)
        if referent is not None:
            self._put(found, "pronoun", self.display(referent), referent, [token], role)

    def _we(self, speaker: Entity | None) -> Entity | Nation | None:
        if speaker is None:
            return None
        if speaker.type in ("ORG", "GPE", "NORP", "GROUP"):
            return speaker
        affiliation = self._affiliation(speaker)
        if affiliation is not None:
            return affiliation
        return self.nation_of(speaker)

    def _third_person(self, token: Token, statement: Statement, speaker: Entity | None,
                      tokens: list[Token]) -> Entity | None:
        word = PRONOUN_FORMS.get(token.lower_, token.lower_)
        pron = pronouns().get(word)
        if pron is None:
            return None
        before = [t for t in tokens if t.i < token.i]
        opening = not any(t.pos_ in ("NOUN", "PROPN") and t.ent_type_ not in NUMERIC for t in before)
        reported = statement.kind == "indirect"
        # "The ministry said it would ...", "Protesters said they ...": the reported speaker.
        if opening and token.dep_ in ("nsubj", "nsubjpass") and reported and speaker is not None:
            if (word == "it" and speaker.type in ("ORG", "GPE")) or (
                word == "they" and speaker.type in ("GROUP", "NORP", "ORG")
            ):
                return speaker
        if word in ("it", "its"):
            # "it" refers to a thing far more often than to an organisation ("It's
            # heartbreaking", "analysts say it would raise prices"): only the speaker's own.
            return None
        if pron.number == "pl" and not opening:
            return None  # "three bills ... paid for them": what it refers to is in the content
        here = (token.idx, token.idx)
        if pron.number == "pl":
            # A group or nation before it, never an organisation or place by default ("the
            # kind of kid who ... their" is no university).
            group = self.resolver.plural(token, here)
            return group if group is not None and group.type in ("GROUP", "NORP") else None
        # In a quotation the speaker says "I": "she" is somebody else.
        excluded = speaker.id if speaker is not None and statement.kind == "direct" else None
        return self.person_pronoun(token, pron.gender, before, excluded)

    def person_pronoun(self, token: Token, gender: str, before: list[Token], excluded: str | None
                       ) -> Entity | None:
        """he/she/her: a person named earlier in the content ("Vesterlund's contract ... her
        arrest"), else the most salient person before it whose gender is known to fit, else
        one whose gender is unknown."""
        for t in reversed(before):
            named = self.table.by_token.get(t.i)
            if named is not None and named.type == "PERSON" and named.gender == gender:
                if named.id != excluded:
                    return named
        here = (token.idx, token.idx)
        for fits in ((gender,), (gender, None)):
            found = self.resolver.salient(
                token, here, lambda e, fits=fits: e.type == "PERSON" and e.gender in fits and e.id != excluded
            )
            if found is not None:
                return found
        return None

    def _entity_at(self, token: Token) -> Entity | None:
        return self.table.by_token.get(token.i)

    def is_title(self, word: str) -> bool:
        if self._titles is None:
            self._titles = {t for e in self.table.entities if e.type == "PERSON" for t in e.titles}
        return word in self._titles

    # -- common nouns ------------------------------------------------------------------------
    def _noun(self, token: Token, speaker: Entity | None, clause: _Clause, found: _FoundList,
              consumed: set[int]) -> None:
        lemma, word = token.lemma_.lower(), token.lower_
        kind = about_nouns().get(lemma)
        if kind is None and lemma not in role_nouns() and word not in group_nouns():
            if not self.is_title(word):
                return  # a noun that stands for no entity: most of them
        dets = {c.lower_ for c in token.children if c.dep_ in ("det", "nummod", "predet", "quantmod")}
        possessed = any(c.dep_ == "poss" for c in token.children)
        definite = bool(dets & DEFINITE) or possessed
        generic = bool(dets & GENERIC)
        role = clause.role(token)
        phrase = _noun_phrase(token)
        described = any(c.dep_ in ("amod", "compound") for c in token.children)
        if kind == "sides" and token.tag_ == "NNS" and dets & SIDES_MARKERS and not described:
            self._sides(found, phrase, role)
            return
        if token.dep_ == "compound" or generic:
            return
        if kind == "act" and not possessed and token.tag_ == "NN":
            agent = self._agent_of(token)  # "the offer" after "Keldran Ferries has offered ..."
            if agent is not None:
                self._put(found, "act", self.display(agent), agent, phrase, role)
            return
        bare = not any(True for _ in token.children)
        if kind == "government" and ((definite and token.tag_ == "NN") or (bare and token.tag_ == "NNS")):
            self._government(token, speaker, found, phrase, role)
            return
        if kind == "country" and dets & DEFINITE and not possessed:  # not "his country"
            nation = self.main_nation(speaker)
            if nation is not None:
                self._put(found, "role_noun", nation.name, self._entity_named(nation.name), phrase, role)
            return
        if kind in ("female", "male") and dets & DEFINITE and token.tag_ == "NN":
            gender = "f" if kind == "female" else "m"
            before = [t for t in self.doc[max(0, token.i - 60) : token.i] if clause.inside(t)]
            referent = self.person_pronoun(token, gender, before, None)
            self._put(found, "pronoun", referent.name if referent else None, referent, phrase, role)
            return
        if kind == "facility" and token.tag_ == "NN" and dets & DEFINITE and len(phrase) == 2:
            named = self._named_earlier(token)  # "the base" after "the Norhaven naval base"
            if named:
                self._put(found, "role_noun", named, None, phrase, role)
                return
        if role_nouns().get(lemma) == "org" and token.tag_ == "NN" and definite:
            org = self._org_named(token, lemma)
            if org is None and kind == "company":
                org = self.companies[0] if self.companies else None
            described = [t for t in phrase if t.dep_ in ("amod", "compound") and t.i != token.i]
            if described and (org is None or not {fold(t.text) for t in described} <= _name_words(org)):
                # "the central bank" is no "Keldran Savings Bank": a body named by its description
                if all(t.pos_ == "ADJ" for t in described):
                    self._put(found, "role_noun", _phrase_text(phrase), None, phrase, role)
            elif org is not None:
                self._put(found, "role_noun", self.display(org), org, phrase, role)
            return
        titled = role_nouns().get(lemma) == "person"
        if token.tag_ == "NN" and not possessed and (definite or (titled and dets & {"a", "an"})):
            # not "his secretary": a role relative to somebody else is not the title's holder
            holder = self._title_holder(token, word)
            if holder is not None:
                self._put(found, "role_noun", holder.name, holder, phrase, role)
                return
        plural = group_nouns().get(word)
        bare_the = token.tag_ == "NN" and all(c.dep_ == "det" and c.lower_ == "the" for c in token.children)
        if plural is not None and (token.tag_ in ("NNS", "NNPS") or (bare_the and "the" in dets)):
            group = self.table._keys.get(("GROUP", fold(plural)))
            self._put(found, "group", plural, group, phrase, role)

    def _government(self, token: Token, speaker: Entity | None, found: _FoundList, phrase: list[Token],
                    role: str) -> None:
        governments = [
            e for e in self.table.entities if e.type == "ORG" and "government" in e.name.lower().split()
        ]
        named = governments[0] if governments else None
        if named is not None:
            self._put(found, "role_noun", self.display(named), named, phrase, role)
            return
        nation = self.main_nation(speaker)
        if nation is not None:
            name = f"{nation.adjective or nation.name} government"
            self._put(found, "role_noun", name, self._entity_named(name), phrase, role)

    def _agent_of(self, act: Token) -> Entity | None:
        """Who made an offer, demand or plan the article told of before: the owner of the same
        noun ("the company's bid") or the subject of the same verb ("X has offered")."""
        for earlier in reversed(self.doc[: act.i]):
            if earlier.lemma_ != act.lemma_:
                continue
            if earlier.pos_ == "NOUN":
                owner = next((c for c in earlier.children if c.dep_ == "poss"), None)
            elif earlier.pos_ == "VERB":
                owner = next((c for c in earlier.children if c.dep_ == "nsubj"), None)
            else:
                continue
            agent = self._refers_to(owner) if owner is not None else None
            if agent is not None and self._kind(agent) in ("PERSON", "ORG"):
                return agent  # not "Ostrevia's national strike": a place, not an actor
        return None

    def _refers_to(self, token: Token) -> Entity | None:
        """The organisation or person a word names or stands for, outside any content."""
        named = self.table.by_token.get(token.i)
        if named is not None:
            return named if named.type in ("PERSON", "ORG", "GPE") else None
        lemma = token.lemma_.lower()
        if token.pos_ == "NOUN" and role_nouns().get(lemma) == "org":
            org = self._org_named(token, lemma)
            if org is None and about_nouns().get(lemma) == "company":
                org = self.companies[0] if self.companies else None
            return org
        return None

    def _named_earlier(self, token: Token) -> str | None:
        """The latest earlier thing with the same head noun named after a place or name:
        "the Norhaven naval base" for "the base"."""
        for earlier in reversed(self.doc[: token.i]):
            if earlier.lemma_ != token.lemma_ or earlier.pos_ != "NOUN":
                continue
            left = [c for c in earlier.children if c.i < earlier.i and c.dep_ in _MODIFIER_DEPS]
            if any(c.pos_ == "PROPN" for c in left):
                start = min(c.left_edge.i for c in left)
                return _phrase_text(list(self.doc[start : earlier.i + 1]))
        return None

    def _org_named(self, token: Token, word: str) -> Entity | None:
        """The organisation named with the noun ("the union" -> "... Seafarers' Union"), the
        one mentioned last before it, else the first one after."""
        forms = {word, word + "s"}
        named = [
            e for e in self.table.entities
            if e.type == "ORG" and forms & set(e.name.lower().replace("’", "'").split())
        ]
        if not named:
            return None
        before = [(max(m.start for m in e.mentions if m.start < token.idx), e) for e in named
                  if any(m.start < token.idx for m in e.mentions)]
        return max(before, key=lambda pair: pair[0])[1] if before else named[0]

    def _title_holder(self, token: Token, word: str) -> Entity | None:
        holders = [e for e in self.table.entities if e.type == "PERSON" and word in e.titles]
        if len(holders) == 1:
            return holders[0]
        if holders:
            return self.resolver.salient(
                token, (token.idx, token.idx), lambda e: e.type == "PERSON" and word in e.titles
            )
        return None

    def _sides(self, found: _FoundList, tokens: list[Token], role: str) -> None:
        if self.counting:
            self.wants_sides.add(self.current)  # read again once every statement is counted
            return
        for party in self.parties():
            self._put(found, "sides", self.display(party), party, tokens, role)


# -- grammar of the content ------------------------------------------------------------------


class _Clause:
    """The content's main clause: its subjects and objects, for ``role``."""

    def __init__(self, tokens: list[Token]) -> None:
        self.indices = {t.i for t in tokens}
        self.subjects: set[int] = set()
        self.objects: set[int] = set()
        heads = [t for t in tokens if (t.head.i == t.i or t.head.i not in self.indices) and not t.is_punct]
        for head in heads:
            if head.pos_ in ("NOUN", "PROPN", "PRON"):
                self.subjects.add(head.i)  # the content is a noun phrase: what it speaks of
            elif head.pos_ in ("VERB", "AUX"):
                for verb in _verb_group(head):
                    self._arguments(verb)

    def _arguments(self, verb: Token) -> None:
        for child in verb.children:
            if child.dep_ in _SUBJECT_DEPS:
                self.subjects.add(child.i)
            elif child.dep_ in _OBJECT_DEPS:
                self.objects.add(child.i)
            elif child.dep_ in ("prep", "agent"):
                self.objects.update(c.i for c in child.children if c.dep_ == "pobj")

    def inside(self, token: Token) -> bool:
        return token.i in self.indices

    def role(self, token: Token) -> str:
        """subject, object or other: the noun phrase the token heads or modifies decides."""
        current = token
        while True:
            if current.i in self.subjects:
                return "subject"
            if current.i in self.objects:
                return "object"
            head = current.head
            if head.i == current.i or head.i not in self.indices or current.dep_ not in _NP_INTERNAL:
                return "other"
            current = head


def _verb_group(verb: Token) -> list[Token]:
    """The verb with its coordinated verbs and complements: "would seek to exchange"."""
    group, todo = [], [verb]
    while todo:
        current = todo.pop()
        group.append(current)
        todo.extend(c for c in current.children if c.dep_ in ("conj", "xcomp") and c.pos_ in ("VERB", "AUX"))
    return group


class _FoundList:
    """Found entities in order of first mention, one per entity or name."""

    def __init__(self) -> None:
        self.items: list[Found] = []

    def add(self, item: Found) -> None:
        for other in self.items:
            same_entity = item.about.entity is not None and item.about.entity == other.about.entity
            if same_entity or fold(item.about.name) == fold(other.about.name):
                return
        self.items.append(item)


def _denotes_people(token: Token) -> bool:
    """A noun for people ("correspondent", "neighbour", "nurses"), not for an organisation."""
    lemma = token.lemma_.lower()
    kind = role_nouns().get(lemma)
    if kind == "org":
        return False
    return kind in ("person", "group") or people_reason(lemma) is not None or lemma in group_nouns()


def _denotes_body(token: Token) -> bool:
    """A noun for people or for a body of them: "our consul", "our police forces"."""
    lemma = token.lemma_.lower()
    return (
        _denotes_people(token)
        or role_nouns().get(lemma) == "org"
        or about_nouns().get(lemma) in ("body", "agents", "government")
    )


@lru_cache(maxsize=1)
def _pronoun_words() -> frozenset[str]:
    return frozenset(pronouns()) | frozenset(PRONOUN_FORMS) | FIRST_SINGULAR | FIRST_PLURAL


def _is_pronoun(token: Token) -> bool:
    return token.pos_ == "PRON" and token.lower_ in _pronoun_words()


def _name_words(entity: Entity) -> set[str]:
    return {fold(w) for w in entity.name.split()}


def _run_from(token: Token, end: int, belongs: Callable[[Token], bool]) -> list[Token]:
    """The tokens from ``token`` on (before index ``end``) while they belong together."""
    doc, run = token.doc, [token]
    for i in range(token.i + 1, end):
        if not belongs(doc[i]):
            break
        run.append(doc[i])
    return run


def _contiguous(run: list[Token]) -> list[Token]:
    out = run[:1]
    for token in run[1:]:
        if token.i != out[-1].i + 1:
            break
        out.append(token)
    return [t for t in out if t.lower_ != "the" and not t.is_punct] or out


def _noun_phrase(token: Token) -> list[Token]:
    """The noun with its determiners and modifiers before it: "the two sides", "ministers"."""
    modifiers = ("det", "nummod", "amod", "compound", "predet")
    left = [c for c in token.children if c.i < token.i and c.dep_ in modifiers]
    start = min([token.i, *(c.left_edge.i for c in left)])
    return list(token.doc[start : token.i + 1])


def _phrase_text(tokens: list[Token]) -> str:
    words = [t for t in tokens if t.lower_ not in ("the", "a", "an")]
    if not words:
        return ""
    return tokens[0].doc[words[0].i : words[-1].i + 1].text


def _text_span(text: str, tokens: list[Token]) -> TextSpan:
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    return TextSpan(text[start:end], start, end)


# -- the statements of an article --------------------------------------------------------------


def find_about(resolver: Resolver, statements: list[Statement], rules: Iterable[str] = RULES
               ) -> list[list[Found]]:
    """Each statement's about-entities (with the rules that found them), in order. The
    two parties of "both sides" are known only when the other statements have been read, so
    a statement that speaks of them is read again at the end."""
    finder = AboutFinder(resolver, rules)
    speakers = [finder.by_id.get(st.speaker.entity or "") for st in statements]
    results = []
    for st, speaker in zip(statements, speakers, strict=True):
        results.append(finder.find(st, speaker, len(results)))
        if speaker is not None:
            finder.references[speaker.id] += 1
            affiliation = finder._affiliation(speaker)
            if affiliation is not None:
                finder.references[affiliation.id] += 1
    finder.counting = False
    for i in sorted(finder.wants_sides):
        results[i] = finder.find(statements[i], speakers[i], i)
    return results


def resolve_with_about(
    doc: Doc, candidates: list[Candidate], rules: Iterable[str] = RULES
) -> tuple[list[Statement], list[Entity]]:
    """Statements with named speakers and what each speaks of, and the article's entities."""
    statements, resolver = attribute(doc, candidates)
    for st, found in zip(statements, find_about(resolver, statements, rules), strict=True):
        st.about = [f.about for f in found]
    return statements, resolver.table.entities
