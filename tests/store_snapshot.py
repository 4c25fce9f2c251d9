"""What a store holds, as plain comparable data, and how two stores differ.

Used by the concurrency test and by ``scripts/killtest.py`` (which compares a store
ingested through kills and reruns with one ingested in one go). Every column of the
tables counts except surrogate keys and timestamps, which differ between equal stores;
rows that point at a speaker or article point at its key (speaker key, article id).
Columns added by later migrations are compared too, with no change here. Claims are
compared as a partition of the statements (which claim id a group got depends on the order
claims were founded in): ``Snapshot.claims``, ``Difference.claims_mismatched``.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from claimgraph.store import Store, schema

# Surrogate keys and times: equal stores differ in them.
_SKIP = {"pk", "id", "article_pk", "speaker_id", "ingested_at", "at", "applied_at"}
# A statement's claim is compared as its place in the partition of statements into claims.
_CLAIM = {"claim_id", "claim_stance"}
# Speaker fields a later article fills in (type, country): the alias-cache fault of
# issue 13 (fault 3) leaves them empty in one process and not in another.
FILLED_LATER = ("type", "country")


def _values(row: Any, table: Any, skip: set[str] = _SKIP) -> tuple[tuple[str, Any], ...]:
    out = []
    for col in table.c:
        if col.name in skip:
            continue
        value = row._mapping[col]
        if col.name == "text" and isinstance(value, str) and len(value) > 200:
            value = "sha256:" + hashlib.sha256(value.encode()).hexdigest()
        out.append((col.name, value))
    return tuple(out)


@dataclass
class Snapshot:
    articles: dict[str, tuple] = field(default_factory=dict)  # article id -> every column
    statements: dict[str, list[tuple]] = field(default_factory=dict)  # article id -> its rows
    speakers: list[tuple] = field(default_factory=list)  # every column, aliases, titles seen
    article_rows: Counter = field(default_factory=Counter)  # content hash -> rows (1 each)
    # Each claim as the set of its statements: (article id, position, stance).
    claims: set[frozenset[tuple[str, int, str | None]]] = field(default_factory=set)
    unclaimed: int = 0  # statements without a claim


def snapshot(store: Store, ignore: tuple[str, ...] = ()) -> Snapshot:
    """``ignore``: article columns left out (``source`` and ``record`` when the same
    article came from two inputs and either may have stored it)."""
    A, S, SP = schema.articles, schema.statements, schema.speakers
    snap = Snapshot()
    with store.engine.connect() as conn:
        ids = {}
        for row in conn.execute(select(A)):
            ids[row.pk] = row.id
            snap.articles[row.id] = _values(row, A, (_SKIP - {"id"}) | set(ignore))
            snap.article_rows[row.content_hash] += 1
        keys = {row.id: row.key for row in conn.execute(select(SP.c.id, SP.c.key))}
        members: dict[int, set[tuple[str, int, str | None]]] = {}
        for row in conn.execute(select(S).order_by(S.c.article_pk, S.c.position)):
            snap.statements.setdefault(ids[row.article_pk], []).append(
                (*_values(row, S, _SKIP | _CLAIM), ("speaker", keys.get(row.speaker_id)))
            )
            if row.claim_id is None:
                snap.unclaimed += 1
            else:
                members.setdefault(row.claim_id, set()).add(
                    (ids[row.article_pk], row.position, row.claim_stance))
        snap.claims = {frozenset(m) for m in members.values()}
        copies: dict[str, list[tuple]] = {}  # syndicated copies count with their article
        for row in conn.execute(select(schema.article_copies)):
            copies.setdefault(ids[row.article_pk], []).append(
                _values(row, schema.article_copies, _SKIP | set(ignore)))
        for article_id, found in copies.items():
            snap.articles[article_id] = (
                *snap.articles[article_id], ("copies", tuple(sorted(found, key=repr))))
        aliases: dict[int, list[str]] = {}
        for row in conn.execute(select(schema.speaker_aliases)):
            aliases.setdefault(row.speaker_id, []).append(row.alias)
        titles: dict[int, list[tuple]] = {}
        for row in conn.execute(select(schema.speaker_titles)):
            titles.setdefault(row.speaker_id, []).append(
                (ids.get(row.article_pk), *_values(row, schema.speaker_titles))
            )
        for row in conn.execute(select(SP)):
            snap.speakers.append((
                *_values(row, SP, _SKIP), ("aliases", tuple(sorted(aliases.get(row.id, [])))),
                ("titles", tuple(sorted(titles.get(row.id, []), key=repr))),
            ))
    return snap


@dataclass
class Difference:
    lost: int = 0  # articles the reference has and this store has not
    duplicated: int = 0  # articles (or statements) stored more than once
    mismatched: int = 0  # articles whose columns or statements differ
    speakers_mismatched: int = 0  # speaker rows differing in other ways than FILLED_LATER
    speakers_filled_later: int = 0  # speaker rows differing only in FILLED_LATER (fault 3)
    claims_mismatched: int = 0  # claims (as sets of statements) one store has and not the other
    unclaimed: int = 0  # statements left without a claim
    examples: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not (self.lost or self.duplicated or self.mismatched or self.speakers_mismatched
                    or self.speakers_filled_later or self.claims_mismatched or self.unclaimed)


def _without(speaker: tuple, names: tuple[str, ...]) -> tuple:
    return tuple(item for item in speaker if item[0] not in names)


def compare(got: Snapshot, reference: Snapshot) -> Difference:
    diff = Difference()
    diff.lost = len(set(reference.articles) - set(got.articles))
    diff.duplicated = sum(n - 1 for n in got.article_rows.values() if n > 1)
    diff.duplicated += len(set(got.articles) - set(reference.articles))
    for article_id, columns in reference.articles.items():
        if article_id not in got.articles:
            continue
        mine, theirs = got.statements.get(article_id, []), reference.statements.get(article_id, [])
        if len(mine) > len(theirs) and set(mine) == set(theirs):
            diff.duplicated += 1
        elif got.articles[article_id] != columns or mine != theirs:
            diff.mismatched += 1
            diff.examples.append(f"article {article_id} differs")
    extra = Counter(got.speakers)
    extra.subtract(reference.speakers)
    surplus = list((+extra).elements())
    missing = list((-extra).elements())
    loose = Counter(_without(s, FILLED_LATER) for s in missing)
    for speaker in surplus:
        key = _without(speaker, FILLED_LATER)
        if loose[key] > 0:
            loose[key] -= 1
            diff.speakers_filled_later += 1
            diff.examples.append(f"speaker {dict(speaker).get('key')!r}: {FILLED_LATER} differ")
        else:
            diff.speakers_mismatched += 1
            diff.examples.append(f"speaker {dict(speaker).get('key')!r} differs or is extra")
    diff.speakers_mismatched += max(0, len(missing) - len(surplus))
    diff.claims_mismatched = len(got.claims ^ reference.claims)
    diff.unclaimed = got.unclaimed
    if diff.claims_mismatched:
        diff.examples.append(f"{diff.claims_mismatched} claims differ")
    return diff
