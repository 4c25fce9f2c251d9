"""One statement's about-entities, from the article's reading (phase 3).

A content is not read again word by word: the words before the first word where the
content's own scan and the article's scan agree, and the words whose reading the
content's end cuts, are read anew; for the rest, each about-entity's first word inside
the content is looked up (``ArticleReading.by_key``), so that a statement costs what it
finds, not its length. The statement-dependent words (pronouns, "the government")
are resolved here with the statement's speaker and kind."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Token

from claimgraph.model import Entity, Statement
from claimgraph.speakers.about.article import Nation
from claimgraph.speakers.about.clause import Clause
from claimgraph.speakers.about.lexicon import PRONOUN_FORMS
from claimgraph.speakers.about.reading import PER_STATEMENT, ArticleReading, words_between
from claimgraph.speakers.about.rules import Deferred, Item, Reading, Scope, read_word
from claimgraph.speakers.resolve import pronouns

# How far back "this woman" looks for the woman named in the content.
_PERSON_WINDOW = 60


@dataclass(frozen=True)
class Placed:
    """An item found in a statement with its role there; ``sides`` items wait for the
    parties (phase 4)."""

    item: Item | Deferred
    role: str


@dataclass
class StatementReader:
    """Reads the statements of one article; the memo keeps answers that depend on a word
    alone (the salient person before it), asked again by every statement holding it."""

    article: ArticleReading
    _salient: dict[tuple[int, str, str | None], Entity | None] = field(default_factory=dict)
    _plural: dict[int, Entity | None] = field(default_factory=dict)

    def read(self, statement: Statement, speaker: Entity | None) -> tuple[list[Placed], Counter[str]]:
        """The statement's items in order of their words (before the one-per-entity cut),
        and how many times each entity was named (every word that names it)."""
        article = self.article
        start = bisect_left(article.starts, statement.content.start)
        end = bisect_right(article.ends, statement.content.end)
        doc = article.context.doc
        if not any(not doc[i].is_space for i in range(start, end)):  # stops at the first word
            return [], Counter()
        clause = Clause(start, end)
        found: list[tuple[int, int, Item | Deferred, int]] = []  # word, order, item, times named
        sync = self._read_opening(start, end, found)
        cut = self._read_cut(sync, end, found)
        for key, words in article.by_key.items():
            first, times = _first_and_count(words, sync, end, cut)
            if first is not None:
                order, item = next((k, f) for k, f in enumerate(article.readings[first].items)
                                   if isinstance(f, Item) and f.key == key)
                found.append((first, order, item, times))
        for words in article.by_kind.values():
            first, times = _first_and_count(words, sync, end, cut)
            if first is not None:
                self._add_reading(first, article.readings[first], found, times, per_statement=True)
        for word in words_between(article.per_word, sync, end):
            if word not in cut:
                self._add_reading(word, article.readings[word], found, 1, per_word=True)
        found.sort(key=lambda f: (f[0], f[1]))
        placed: list[Placed] = []
        references: Counter[str] = Counter()
        for _, _, item, times in found:
            resolved = self._resolve(item, statement, speaker, start) if isinstance(item, Deferred) else item
            if resolved is None:
                continue
            if isinstance(resolved, Item) and resolved.entity is not None:
                references[resolved.entity.id] += times
            placed.append(Placed(resolved, clause.role(doc[resolved.anchor])))
        return placed, references

    # -- the words read anew ---------------------------------------------------------------
    def _read_opening(self, start: int, end: int, found: list) -> int:  # type: ignore[type-arg]
        """Read the content's first words until its scan and the article's agree (at once,
        unless an earlier word's reading took words of the content); the word they agree on."""
        article = self.article
        doc = article.context.doc
        taken: set[int] = set()
        scope = Scope(article.context, end, lambda i: i in taken)
        i = start
        while i < end and not (article.pending[i] < i and all(t < i for t in taken)):
            token = doc[i]
            if i not in taken and not token.is_punct and not token.is_space:
                reading = read_word(scope, token)
                taken.update(reading.consumed)
                self._add_reading(i, reading, found, 1)
            i += 1
        return i

    def _read_cut(self, sync: int, end: int, found: list) -> set[int]:  # type: ignore[type-arg]
        """Read anew the words whose reading looked past the content's end."""
        article = self.article
        near = range(max(sync, end - 17), end)
        far = words_between(article.long_reach, sync, end)
        cut = {i for i in (*near, *far) if i in article.readings and article.readings[i].reach >= end}
        for i in sorted(cut):
            scope = Scope(article.context, end, lambda t, i=i: sync <= article.consumer.get(t, -1) < i)
            self._add_reading(i, read_word(scope, article.context.doc[i]), found, 1)
        return cut

    @staticmethod
    def _add_reading(word: int, reading: Reading, found: list, times: int,  # type: ignore[type-arg]
                     per_statement: bool = False, per_word: bool = False) -> None:
        for order, item in enumerate(reading.items):
            if per_statement and not (isinstance(item, Deferred) and item.kind in PER_STATEMENT):
                continue
            if per_word and not (isinstance(item, Deferred) and item.kind not in PER_STATEMENT):
                continue
            found.append((word, order, item, times))

    # -- the statement-dependent words -----------------------------------------------------
    def _resolve(self, deferred: Deferred, statement: Statement, speaker: Entity | None,
                 start: int) -> Item | Deferred | None:
        context = self.article.context
        kind = deferred.kind
        name: str | None
        entity: Entity | None
        if kind == "sides":
            return deferred
        if kind == "speaker":
            name, entity = (speaker.name if speaker else None), speaker
        elif kind == "we":
            us = context.we(speaker)
            if isinstance(us, Nation):
                name, entity = us.name, context.entity_named(us.name)
            else:
                name, entity = (context.display(us) if us is not None else None), us
        elif kind == "government":
            name, entity = self._government(speaker)
        elif kind == "country":
            nation = context.main_nation(speaker)
            name = nation.name if nation else None
            entity = context.entity_named(nation.name) if nation else None
        elif kind == "person":
            token = context.doc[deferred.token]
            entity = self._person(token, deferred.gender or "", max(start, token.i - _PERSON_WINDOW), None)
            name = entity.name if entity else None
        else:
            entity = self._third_person(context.doc[deferred.token], statement, speaker, start)
            name = context.display(entity) if entity else None
        if not name:
            return None
        return Item(deferred.rule, name, entity, deferred.start, deferred.end, deferred.anchor)

    def _government(self, speaker: Entity | None) -> tuple[str | None, Entity | None]:
        """ "the government", "ministers": the government the article names, else the
        government of the speaker's (else the article's) country."""
        context = self.article.context
        named = next((e for e in context.table.entities
                      if e.type == "ORG" and "government" in e.name.lower().split()), None)
        if named is not None:
            return context.display(named), named
        nation = context.main_nation(speaker)
        if nation is None:
            return None, None
        name = f"{nation.adjective or nation.name} government"
        return name, context.entity_named(name)

    def _third_person(self, token: Token, statement: Statement, speaker: Entity | None,
                      start: int) -> Entity | None:
        word = PRONOUN_FORMS.get(token.lower_, token.lower_)
        pron = pronouns().get(word)
        if pron is None:
            return None
        opening = self.article.last_noun[token.i] < start  # no noun or name before it in the content
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
        if pron.number == "pl":
            # A group or nation before it, never an organisation or place by default ("the
            # kind of kid who ... their" is no university).
            if token.i not in self._plural:
                self._plural[token.i] = self.article.context.resolver.plural(token, (token.idx, token.idx))
            group = self._plural[token.i]
            return group if group is not None and group.type in ("GROUP", "NORP") else None
        # In a quotation the speaker says "I": "she" is somebody else.
        excluded = speaker.id if speaker is not None and statement.kind == "direct" else None
        return self._person(token, pron.gender, start, excluded)

    def _person(self, token: Token, gender: str, since: int, excluded: str | None) -> Entity | None:
        """he/she/her: a person named earlier in the content (from word ``since``) whose
        gender fits ("Vesterlund's contract ... her arrest"), else the most salient person
        before it whose gender is known to fit, else one whose gender is unknown."""
        words, ids = self.article.persons.get(gender, ([], []))
        k = bisect_left(words, token.i) - 1
        while k >= 0 and words[k] >= since and ids[k] == excluded:
            k -= 1
        if k >= 0 and words[k] >= since:
            return self.article.context.table.by_token.get(words[k])
        key = (token.i, gender, excluded)
        if key not in self._salient:
            self._salient[key] = self._salient_person(token, gender, excluded)
        return self._salient[key]

    def _salient_person(self, token: Token, gender: str, excluded: str | None) -> Entity | None:
        resolver = self.article.context.resolver
        here = (token.idx, token.idx)
        for fits in ((gender,), (gender, None)):
            found = resolver.salient(
                token, here, lambda e, fits=fits: e.type == "PERSON" and e.gender in fits and e.id != excluded
            )
            if found is not None:
                return found
        return None


def _first_and_count(words: list[int], start: int, end: int, cut: set[int]) -> tuple[int | None, int]:
    """The first of the sorted ``words`` from ``start`` to ``end`` (excluded) that is not
    ``cut``, and how many there are, without walking them all."""
    lo, hi = bisect_left(words, start), bisect_left(words, end)
    if lo == hi:
        return None, 0
    times = hi - lo
    for word in cut:
        times -= bisect_right(words, word, lo, hi) - bisect_left(words, word, lo, hi)
    first = lo
    while first < hi and words[first] in cut:
        first += 1
    return (words[first] if first < hi else None), times
