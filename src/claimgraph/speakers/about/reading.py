"""The article read once, word by word, as a content's scan would read it (phase 2), and
indexed so that a statement's about-entities are found without reading its content
again: per about-entity the words that name it, per statement-dependent kind the words
of that kind, and the words whose reading a content's end could change."""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass

from claimgraph.speakers.about.article import ArticleContext
from claimgraph.speakers.about.lexicon import NUMERIC
from claimgraph.speakers.about.rules import Item, Reading, Scope, read_word

# A reading that looks further than this many words ahead is listed apart, so that a
# content's end is checked against it without scanning back.
_NEAR = 16
# Deferred kinds whose referent is one per statement, wherever the word stands.
PER_STATEMENT = frozenset({"speaker", "we", "sides", "government", "country"})


@dataclass(frozen=True)
class ArticleReading:
    context: ArticleContext
    readings: dict[int, Reading]  # word -> its reading, for the words the scan reads
    consumer: dict[int, int]  # word -> the word whose reading took it
    pending: list[int]  # word i -> the furthest word a reading before i took (-1: none)
    long_reach: list[int]  # words whose reading looks more than _NEAR words ahead, in order
    by_key: dict[tuple[str | None, str], list[int]]  # about-entity -> the words whose readings name it
    by_kind: dict[str, list[int]]  # per-statement deferred kind -> its words
    per_word: list[int]  # words of "third" and "person" deferreds, in order
    last_noun: list[int]  # word i -> the last noun or name before it (-1: none)
    starts: list[int]  # each word's first character
    ends: list[int]  # each word's end character
    persons: dict[str, tuple[list[int], list[str]]]  # gender -> words naming a person of it, their ids


def read_article(context: ArticleContext) -> ArticleReading:
    doc = context.doc
    n = len(doc)
    consumer: dict[int, int] = {}
    scope = Scope(context, n, lambda i: i in consumer)
    readings: dict[int, Reading] = {}
    pending: list[int] = []
    furthest = -1
    for token in doc:
        pending.append(furthest)
        if token.i in consumer or token.is_punct or token.is_space:
            continue
        reading = read_word(scope, token)
        readings[token.i] = reading
        for i in reading.consumed:
            consumer.setdefault(i, token.i)
            furthest = max(furthest, i)
    by_key: dict[tuple[str | None, str], list[int]] = defaultdict(list)
    by_kind: dict[str, list[int]] = defaultdict(list)
    per_word: list[int] = []
    long_reach: list[int] = []
    for i, reading in readings.items():
        if reading.reach - i > _NEAR:
            long_reach.append(i)
        for found in reading.items:
            if isinstance(found, Item):
                by_key[found.key].append(i)
            elif found.kind in PER_STATEMENT:
                by_kind[found.kind].append(i)
            else:
                per_word.append(i)
    last_noun, last = [], -1
    for token in doc:
        last_noun.append(last)
        if token.pos_ in ("NOUN", "PROPN") and token.ent_type_ not in NUMERIC:
            last = token.i
    persons: dict[str, tuple[list[int], list[str]]] = {}
    for token in doc:
        named = context.table.by_token.get(token.i)
        if named is not None and named.type == "PERSON" and named.gender is not None:
            words, ids = persons.setdefault(named.gender, ([], []))
            words.append(token.i)
            ids.append(named.id)
    return ArticleReading(
        context, readings, consumer, pending, long_reach, dict(by_key), dict(by_kind),
        sorted(set(per_word)), last_noun, [t.idx for t in doc], [t.idx + len(t.text) for t in doc],
        persons,
    )


def words_between(words: list[int], start: int, end: int) -> list[int]:
    """The words of a sorted list from ``start`` to ``end`` (excluded)."""
    return words[bisect_left(words, start) : bisect_left(words, end)]
