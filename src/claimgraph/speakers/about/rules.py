"""The rules, one function each: what one word of a content speaks of.

``read_word`` reads a word as the content's scan meets it and returns a ``Reading``: the
items it finds (``Item``), or, where the answer depends on the statement (its speaker,
its kind, where its content starts), a ``Deferred`` that the statement's reading
resolves (``about.statement``). The rules never change the context they read; the
words a reading takes with it (the rest of a name, the noun a name modifies) are
returned, not marked."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from spacy.tokens import Token

from claimgraph.model import Entity
from claimgraph.nlp import common_word, place_names
from claimgraph.resources import country_words
from claimgraph.speakers.about.article import ArticleContext, phrase_text
from claimgraph.speakers.about.lexicon import (
    DEFINITE,
    FIRST_PLURAL,
    FIRST_SINGULAR,
    GENERIC,
    NOT_NATIONS,
    NUMERIC,
    PRONOUN_FORMS,
    SIDES_MARKERS,
    THIRD_PLURAL,
    about_nouns,
    denotes_body,
    denotes_people,
    group_nouns,
    is_pronoun,
    may_stand_for_something,
)
from claimgraph.speakers.entities import fold, role_nouns
from claimgraph.speakers.resolve import pronouns

RULES = ("name", "pronoun", "role_noun", "capital", "sides", "group", "act")

_MODIFIER_DEPS = frozenset({"compound", "nmod", "amod"})


@dataclass(frozen=True)
class Item:
    """Something a word speaks of, before the statement gives it its role."""

    rule: str
    name: str
    entity: Entity | None
    start: int  # the mention's characters
    end: int
    anchor: int  # the word whose place in the clause is the item's role

    @cached_property
    def key(self) -> tuple[str | None, str]:
        """Two items with one key are one about-entity in any statement."""
        return (self.entity.id if self.entity is not None else None, fold(self.name))


@dataclass(frozen=True)
class Deferred:
    """A word whose referent depends on the statement: ``speaker`` (I), ``we``, ``sides``
    (both sides, between them), ``government``, ``country`` (the same in a statement
    wherever they stand), ``third`` (he, she, they) and ``person`` ("this woman")."""

    kind: str
    rule: str
    token: int
    start: int
    end: int
    anchor: int
    gender: str | None = None


@dataclass(frozen=True)
class Reading:
    items: tuple[Item | Deferred, ...] = ()
    consumed: tuple[int, ...] = ()  # later words this reading took with it
    reach: int = -1  # the last word the reading looked at


NOTHING = Reading()


class Scope:
    """Where a word is read: the content ends before word ``end``, and ``consumed`` tells
    whether an earlier reading took a word."""

    def __init__(self, context: ArticleContext, end: int, consumed: Callable[[int], bool]) -> None:
        self.context, self.end, self.consumed = context, end, consumed

    def inside(self, token: Token) -> bool:
        return token.i < self.end and not token.is_space

    def item(self, rule: str, name: str | None, entity: Entity | None, tokens: list[Token],
             anchor: Token) -> list[Item]:
        if rule not in self.context.rules or not name:
            return []
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
        return [Item(rule, name, entity, start, end, anchor.i)]

    def deferred(self, kind: str, rule: str, tokens: list[Token], anchor: Token,
                 gender: str | None = None) -> list[Deferred]:
        if rule not in self.context.rules:
            return []
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
        return [Deferred(kind, rule, anchor.i, start, end, anchor.i, gender)]


def read_word(scope: Scope, token: Token) -> Reading:
    """What the word speaks of, the scan having come to it (not taken by an earlier word)."""
    context = scope.context
    entity = context.table.by_token.get(token.i)
    if entity is not None and entity.type != "GROUP":
        raw = _run_from(token, scope.end, lambda t: context.table.by_token.get(t.i) is entity)
        return named(scope, entity, _contiguous(raw), raw[-1].i)
    if is_pronoun(token):
        return Reading(tuple(pronoun(scope, token)), reach=token.i)
    if token.pos_ == "PROPN" and token.text[:1].isupper() and token.ent_type_ not in NUMERIC:
        # "Governor Arturo Dalca", "Mr Dwyer": the run stops where a known name begins.
        raw = _run_from(token, scope.end, lambda t: t.pos_ == "PROPN" and t.i not in context.table.by_token)
        run = _contiguous(raw)
        return Reading(tuple(unlisted_name(scope, run)), tuple(t.i for t in run), raw[-1].i)
    if token.pos_ == "NOUN":
        return noun(scope, token)
    return NOTHING


# -- names ---------------------------------------------------------------------------------


def named(scope: Scope, entity: Entity, run: list[Token], last: int) -> Reading:
    """``name`` (and ``capital``): a name or part of one; a name modifying a noun."""
    context = scope.context
    entity = context.spelled_out.get(entity.id, entity)  # "NLF": the Northern Liberation Front
    root = next((t for t in run if t.head.i == t.i or t.head not in run), run[-1])
    kind = context.kind(entity)
    head = root.head
    reach = max(last, head.i if head.i > root.i else -1)
    taken = tuple(t.i for t in run)
    modifies = (
        root.dep_ in _MODIFIER_DEPS and head.pos_ == "NOUN" and head.i > root.i
        and not scope.consumed(head.i) and scope.inside(head)
    )
    anchor = head if modifies else root
    if kind == "NORP" or (modifies and root.pos_ == "ADJ"):
        if modifies or root.dep_ not in _MODIFIER_DEPS:
            items, took = nationality(scope, entity, run, head if modifies else None)
            return Reading(tuple(items), taken + took, reach)
        return Reading((), taken, reach)
    if modifies:
        lemma = head.lemma_.lower()
        if denotes_people(head):
            if kind == "ORG":  # "a Skyvale Airlines spokeswoman": the airline
                items = scope.item("name", context.display(entity), entity, run, anchor)
                return Reading(tuple(items), taken, reach)
            return Reading((), taken, reach)  # "the Lisbon correspondent": a descriptor
        full_person = kind == "PERSON" and len(entity.name.split()) > 1
        if not full_person and kind != "ORG" and (
            about_nouns().get(lemma) == "facility" or role_nouns().get(lemma) == "org"
        ):
            # "the Norhaven naval base", "the Norhaven port authority": one thing named after a place
            phrase = list(context.doc[run[0].i : head.i + 1])
            items = scope.item("name", phrase_text(phrase), None, phrase, anchor)
            return Reading(tuple(items), (*taken, head.i), reach)
    if kind == "GPE" and _acting(root):
        country = country_words().get(entity.name)
        # "Moscow accused ...", not "Britain" or "America" (the gazetteer has neither): the
        # city standing for its country's government
        city = entity.name in place_names()
        if country and country != entity.name and country not in NOT_NATIONS and city:
            items = scope.item("capital", country, context.entity_named(country), run, anchor)
            return Reading(tuple(items), taken, reach)
    return Reading(tuple(scope.item("name", context.display(entity), entity, run, anchor)), taken, reach)


def unlisted_name(scope: Scope, run: list[Token]) -> list[Item]:
    """A name the model tagged as nothing ("Anika was sacked", "the daily The
    Norhaven Courier"): the article's person with that first or last name, or its
    organisation whose name holds these words (or is held in them); only when one fits."""
    words = {fold(t.text) for t in run if t.lower_ != "the"}
    if not words or (len(words) == 1 and common_word(run[-1].text)):
        return []  # "Show", "State": a common word, no name
    fits = []
    for entity in scope.context.table.entities:
        names = {fold(w) for w in entity.name.split()}
        if entity.type == "PERSON" and len(words) == 1 and len(names) > 1 and words & names:
            fits.append(entity)
        elif entity.type == "ORG" and (names <= words or words <= names):
            fits.append(entity)
    if len(fits) == 1:
        return scope.item("name", scope.context.display(fits[0]), fits[0], run, run[-1])
    return []


def nationality(scope: Scope, entity: Entity, run: list[Token], head: Token | None
                ) -> tuple[list[Item], tuple[int, ...]]:
    """ "the Valdorian daily" is no about-entity; "Valdorian diplomats" are Valdoria, "the
    Valdorian embassy" and "the Ostrevian government" are bodies of the state."""
    context = scope.context
    nation = context.nation_for_adjective(entity.name)
    if head is None and run[-1].tag_ in ("NNPS", "NNS"):  # "Americans", "Muslims": a group of people
        return scope.item("name", run[-1].text, entity, run, run[-1]), ()
    if head is None:  # "the Russian said": the nation
        name = nation.name if nation else entity.name
        return scope.item("name", name, context.entity_named(name) or entity, run, run[-1]), ()
    lemma = head.lemma_.lower()
    kind = about_nouns().get(lemma)
    if kind in ("agents", "act", "country") and nation is not None:
        country = context.entity_named(nation.name)
        return scope.item("name", nation.name, country, [*run, head], head), (head.i,)
    if kind == "government" or role_nouns().get(lemma) == "org":
        words = list(context.doc[run[0].i : head.i + 1])
        name = f"{entity.name} government" if kind == "government" else phrase_text(words)
        return scope.item("name", name, context.entity_named(name), words, head), (head.i,)
    return [], ()


def _acting(token: Token) -> bool:
    """A place name as an actor ("Moscow accused ...", "Moscow's demands"), not a location."""
    if token.dep_ in ("nsubj", "nsubjpass", "poss", "dobj", "appos", "conj"):
        return token.dep_ != "conj" or _acting(token.head)
    return token.dep_ == "pobj" and token.head.lower_ in ("by", "with", "against")


# -- pronouns ------------------------------------------------------------------------------


def pronoun(scope: Scope, token: Token) -> list[Deferred]:
    """``pronoun``: I/me/my -> the speaker; we/us/our -> the speaker's organisation or
    country; he/she/they -> as for speakers; "between them" -> the two sides."""
    word = token.lower_
    if token.dep_ == "poss" and denotes_body(token.head) and word in FIRST_SINGULAR | FIRST_PLURAL:
        return []  # "my neighbour", "our consul": the speaker speaks of them, not of themself
    if word in FIRST_SINGULAR:
        if _imperative_object(token):
            return []  # "let me put it this way", "show me somebody": a turn of speech
        return scope.deferred("speaker", "pronoun", [token], token)
    if word in FIRST_PLURAL:
        return scope.deferred("we", "pronoun", [token], token)
    if word in THIRD_PLURAL and token.dep_ == "pobj" and token.head.lower_ == "between":
        return scope.deferred("sides", "sides", [token], token)  # "the distance between them"
    if pronouns().get(PRONOUN_FORMS.get(word, word)) is None:
        return []
    return scope.deferred("third", "pronoun", [token], token)


def _imperative_object(token: Token) -> bool:
    """The object of an order, or the subject of a clause an order takes ("let [me] put"):
    a verb in the base form with no subject of its own."""
    verb = token.head
    if token.dep_ == "nsubj" and verb.dep_ in ("ccomp", "xcomp"):
        verb = verb.head
    elif token.dep_ not in ("dobj", "dative", "iobj"):
        return False
    return verb.tag_ == "VB" and not any(c.dep_ in ("nsubj", "nsubjpass", "aux") for c in verb.children)


# -- common nouns --------------------------------------------------------------------------


def noun(scope: Scope, token: Token) -> Reading:
    """The noun rules: ``sides``, ``act``, ``role_noun``, ``group`` (and "this woman", a
    ``pronoun``)."""
    context = scope.context
    if not may_stand_for_something(token, context.titles, context.org_heads):
        return NOTHING  # a noun that stands for no entity: most of them
    lemma, word = token.lemma_.lower(), token.lower_
    kind = about_nouns().get(lemma)
    dets = {c.lower_ for c in token.children if c.dep_ in ("det", "nummod", "predet", "quantmod")}
    possessed = any(c.dep_ == "poss" for c in token.children)
    definite = bool(dets & DEFINITE) or possessed
    phrase = noun_phrase(token)
    described = any(c.dep_ in ("amod", "compound") for c in token.children)
    found: list[Item | Deferred] = []
    if kind == "sides" and token.tag_ == "NNS" and dets & SIDES_MARKERS and not described:
        found += scope.deferred("sides", "sides", phrase, token)
    elif token.dep_ == "compound" or dets & GENERIC:
        pass
    elif kind == "act" and not possessed and token.tag_ == "NN":
        found += act(scope, token, phrase)
    elif kind == "government" and (
        (definite and token.tag_ == "NN") or (token.tag_ == "NNS" and not any(True for _ in token.children))
    ):
        found += scope.deferred("government", "role_noun", phrase, token)
    elif kind == "country" and dets & DEFINITE and not possessed:  # not "his country"
        found += scope.deferred("country", "role_noun", phrase, token)
    elif kind in ("female", "male") and dets & DEFINITE and token.tag_ == "NN":
        found += scope.deferred("person", "pronoun", phrase, token, "f" if kind == "female" else "m")
    else:
        found += role_noun(scope, token, kind, lemma, word, dets, definite, possessed, phrase)
    return Reading(tuple(found), reach=token.i)


def act(scope: Scope, token: Token, phrase: list[Token]) -> list[Item]:
    """``act``: an offer, demand or plan the article told of before -> who made it ("the
    offer" after "Keldran Ferries has offered 4 per cent")."""
    agent = scope.context.agents.get(token.i)
    if agent is None:
        return []
    return scope.item("act", scope.context.display(agent), agent, phrase, token)


def role_noun(scope: Scope, token: Token, kind: str | None, lemma: str, word: str, dets: set[str],
              definite: bool, possessed: bool, phrase: list[Token]) -> list[Item]:
    """``role_noun`` ("the union", "the base", "the minister") and, for the nouns of groups,
    ``group``."""
    context = scope.context
    if kind == "facility" and token.tag_ == "NN" and dets & DEFINITE and len(phrase) == 2:
        named = context.named_before.get(token.i)  # "the base" after "the Norhaven naval base"
        if named:
            return scope.item("role_noun", named, None, phrase, token)
    if role_nouns().get(lemma) == "org" and token.tag_ == "NN" and definite:
        org = context.org_named(token, lemma)
        if org is None and kind == "company":
            org = context.company()
        described = [t for t in phrase if t.dep_ in ("amod", "compound") and t.i != token.i]
        if described and (org is None or not {fold(t.text) for t in described} <= _name_words(org)):
            # "the central bank" is no "Keldran Savings Bank": a body named by its description
            if all(t.pos_ == "ADJ" for t in described):
                return scope.item("role_noun", phrase_text(phrase), None, phrase, token)
            return []
        if org is not None:
            return scope.item("role_noun", context.display(org), org, phrase, token)
        return []
    if token.tag_ == "NN" and dets & DEFINITE and not possessed and lemma not in role_nouns():
        # "the hospital" after "Mercy Vale Hospital": a definite noun that heads an
        # organisation's name is that organisation (when the words before it fit its name).
        headed = context.org_headed(token, lemma)
        described = {fold(t.text) for t in phrase if t.dep_ in ("amod", "compound") and t.i != token.i}
        if headed is not None and described <= _name_words(headed):
            return scope.item("role_noun", context.display(headed), headed, phrase, token)
    titled = role_nouns().get(lemma) == "person"
    if token.tag_ == "NN" and not possessed and (definite or (titled and dets & {"a", "an"})):
        # not "his secretary": a role relative to somebody else is not the title's holder
        holder = context.title_holder(token, word)
        if holder is not None:
            return scope.item("role_noun", holder.name, holder, phrase, token)
    return group(scope, token, word, dets, phrase)


def group(scope: Scope, token: Token, word: str, dets: set[str], phrase: list[Token]) -> list[Item]:
    """``group``: plural nouns of groups (data/group_nouns.txt: "passengers") -> a group
    named by the plural; a generic "the conductor" -> conductors."""
    plural = group_nouns().get(word)
    bare_the = token.tag_ == "NN" and all(c.dep_ == "det" and c.lower_ == "the" for c in token.children)
    if plural is not None and (token.tag_ in ("NNS", "NNPS") or (bare_the and "the" in dets)):
        entity = scope.context.table._keys.get(("GROUP", fold(plural)))
        return scope.item("group", plural, entity, phrase, token)
    return []


# -- words -----------------------------------------------------------------------------------


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


def noun_phrase(token: Token) -> list[Token]:
    """The noun with its determiners and modifiers before it: "the two sides", "ministers"."""
    modifiers = ("det", "nummod", "amod", "compound", "predet")
    left = [c for c in token.children if c.i < token.i and c.dep_ in modifiers]
    start = min([token.i, *(c.left_edge.i for c in left)])
    return list(token.doc[start : token.i + 1])
