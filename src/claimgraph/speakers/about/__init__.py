"""What a statement's content speaks of: ``Statement.about`` (../shared/spec/claims.md).

The words of each content are read for the people, organisations, places and groups they
name, resolved with the speaker machinery (speakers.resolve) to the article's entities and
their fullest names. Each rule has a name, so that its contribution can be measured
(scripts/evaluate_about.py), and a function of its own (``about.rules``):

* ``name``: a name or part of one ("Vesterlund" -> Anika Vesterlund); a name modifying a common noun
  is the person ("the Vesterlund case"), or, for a place, the thing named after it ("the Norhaven
  naval base"); a nationality adjective is a descriptor ("the Valdorian daily"), except with
  a noun for the state's agents ("Valdorian diplomats" -> Valdoria) or its bodies ("the
  Valdorian embassy", "the Ostrevian government"); a plural one on its own is a group of
  people ("Americans", "Muslims"), not the state;
* ``name`` also spells out an acronym the article spells out ("NLF" -> Northern Liberation
  Front, where one of its entities has those initials);
* ``pronoun``: he/she/they/it as for speakers, "her" before a person too ("her daughter"
  speaks of her); I/me/my -> the statement's speaker (not "me" after an order: "let me be
  clear"); we/us/our -> the speaker's
  organisation or country ("my neighbour", "our consul" speak of them only); "this woman"
  -> as "she";
* ``role_noun``: "the union", "the ministry" -> the organisation named with that noun; any
  definite noun that ends one of the article's organisation names ("the hospital" after
  "Mercy Vale Hospital") -> that organisation;
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

Four phases, each a function of what the one before built, nothing changed after:

1. the article's context (``article.build_context``): nations, companies, affiliations,
   the parties' scores;
2. the article read once, word by word (``reading.read_article``), and indexed;
3. each statement's items (``statement.StatementReader``), with its speaker's pronouns
   resolved, and how often each entity was named;
4. "both sides": the two parties, from the article's scores and the references every
   statement made (phase 3), put in the statements that speak of them; each list cut to
   one item per entity or name.

The cost of a statement is what it finds, not its length: a sentence of nested reports
("A said that B claimed that C said ...") is read once, not once per statement.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Doc

from claimgraph.attribution.extract import Candidate
from claimgraph.model import About, Entity, Statement
from claimgraph.model import Span as TextSpan
from claimgraph.speakers.about.article import ArticleContext, build_context
from claimgraph.speakers.about.lexicon import group_nouns
from claimgraph.speakers.about.reading import read_article
from claimgraph.speakers.about.rules import RULES, Deferred, Item
from claimgraph.speakers.about.statement import Placed, StatementReader
from claimgraph.speakers.resolve import Resolver, attribute

__all__ = ["RULES", "Found", "find_about", "group_nouns", "resolve_with_about"]


@dataclass
class Found:
    """One about-entity found in a content, with the rule that found it."""

    about: About
    rule: str


def find_about(resolver: Resolver, statements: list[Statement], rules: Iterable[str] = RULES
               ) -> list[list[Found]]:
    """Each statement's about-entities (with the rules that found them), in order."""
    context = build_context(resolver, frozenset(rules))
    reader = StatementReader(read_article(context))
    speakers = [context.by_id.get(st.speaker.entity or "") for st in statements]
    placed: list[list[Placed]] = []
    references: Counter[str] = Counter()
    for statement, speaker in zip(statements, speakers, strict=True):
        items, named = reader.read(statement, speaker)
        placed.append(items)
        references.update(named)
        if speaker is not None:
            references[speaker.id] += 1
            affiliation = context.affiliation(speaker)
            if affiliation is not None:
                references[affiliation.id] += 1
    wants_sides = any(isinstance(p.item, Deferred) for items in placed for p in items)
    parties = context.parties(references) if wants_sides else []
    return [_one_per_entity(context, items, parties) for items in placed]


def _one_per_entity(context: ArticleContext, placed: list[Placed], parties: list[Entity]) -> list[Found]:
    """The statement's list: the sides put in, one item per entity or name, at its first."""
    out: list[Found] = []
    entities: set[str] = set()
    names: set[str] = set()
    for p in placed:
        if isinstance(p.item, Deferred):  # "both sides": the two parties
            items = [Item("sides", context.display(party), party, p.item.start, p.item.end, p.item.anchor)
                     for party in parties]
        else:
            items = [p.item]
        for item in items:
            entity, name = item.key
            if (entity is not None and entity in entities) or name in names:
                continue
            if entity is not None:
                entities.add(entity)
            names.add(name)
            mention = TextSpan(context.text[item.start : item.end], item.start, item.end)
            out.append(Found(About(name=item.name, role=p.role, entity=entity, mention=mention), item.rule))
    return out


def resolve_with_about(
    doc: Doc, candidates: list[Candidate], rules: Iterable[str] = RULES
) -> tuple[list[Statement], list[Entity]]:
    """Statements with named speakers and what each speaks of, and the article's entities."""
    statements, resolver = attribute(doc, candidates)
    for st, found in zip(statements, find_about(resolver, statements, rules), strict=True):
        st.about = [f.about for f in found]
    return statements, resolver.table.entities
