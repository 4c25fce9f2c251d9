"""One speaker row per real person across articles.

Articles name the same person differently ("Maria Zakharova", "Zakharova",
"Russian Foreign Ministry spokeswoman Maria Zakharova"). The analysis already
gives each speaker the fullest name its article uses (``entity.name``); here
those names are folded (case, accents) and matched across articles:

1. an exact folded name seen before is that speaker;
2. a one-word name is the one known person with that last name, if exactly one;
3. a name after lowercase title words ("Russian Foreign Ministry spokeswoman
   Maria Zakharova") is matched by the name alone ("Maria Zakharova");
4. a full name whose last word is a known one-word speaker upgrades that speaker.
Every form is kept as an alias, so later lookups are exact.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from sqlalchemy import Connection, select, text, update

from claimgraph.model import Analysis, Entity
from claimgraph.store import schema
from claimgraph.store.names import fold, last_word

PERSON = "PERSON"


class AliasCache:
    """Aliases already resolved, to skip most queries during an ingest.

    An alias never changes owner once stored, so a committed entry stays true
    whoever else writes; entries made inside a transaction only become visible
    after :meth:`commit` (a rolled-back batch must not leave ids behind).
    """

    def __init__(self) -> None:
        self.committed: dict[str, int] = {}
        self.pending: dict[str, int] = {}

    def get(self, alias: str) -> int | None:
        return self.committed.get(alias) or self.pending.get(alias)

    def put(self, alias: str, speaker_id: int) -> None:
        self.pending[alias] = speaker_id

    def commit(self) -> None:
        self.committed.update(self.pending)
        self.pending.clear()

    def discard(self) -> None:
        self.pending.clear()


def _alias_owner(conn: Connection, alias: str) -> int | None:
    row = conn.execute(
        select(schema.speaker_aliases.c.speaker_id).where(schema.speaker_aliases.c.alias == alias)
    ).first()
    return row[0] if row else None


def _add_alias(conn: Connection, alias: str, speaker_id: int) -> None:
    if _alias_owner(conn, alias) is None:
        conn.execute(schema.speaker_aliases.insert().values(alias=alias, speaker_id=speaker_id))


def _unique_person_by_last_word(conn: Connection, word: str) -> int | None:
    rows = conn.execute(
        select(schema.speakers.c.id)
        .where(schema.speakers.c.last_word == word, schema.speakers.c.type == PERSON)
        .limit(2)
    ).all()
    return rows[0][0] if len(rows) == 1 else None


# Lowercase words that belong to names, not titles ("Ursula von der Leyen").
_PARTICLES = frozenset("von van der den de da di del della la le du dos das bin ibn al el ter".split())


def core_name(name: str) -> str:
    """The name without a leading title: 'Russian Foreign Ministry spokeswoman Maria
    Zakharova' -> 'Maria Zakharova' (the words after the last lowercase title word)."""
    words = name.split()
    last_title = -1
    for i, word in enumerate(words[:-1]):
        if word[:1].islower() and word.lower() not in _PARTICLES:
            last_title = i
    return " ".join(words[last_title + 1 :]) or name.strip()


# PostgreSQL advisory locks on (this namespace, a surname's hash); see lock_surnames.
_SURNAME_LOCKS = 0x636C6169  # "clai"


def lock_surnames(conn: Connection, analyses: Iterable[Analysis]) -> None:
    """Serialise speaker resolution between concurrent writers (PostgreSQL ingest workers).

    Every rule above compares names that share their folded last word, so two transactions
    that resolve names with different last words cannot make conflicting choices. Without
    this, one worker storing "Zakharova" while another stores "Maria Zakharova" would both
    see neither and create two speakers. A lock per last word, held to the commit and taken
    in sorted order (no deadlock), lets writers of different names run side by side.
    SQLite needs nothing: its writers hold the whole database (BEGIN IMMEDIATE)."""
    if conn.dialect.name != "postgresql":
        return
    words = {
        last_word(fold(core_name(name)))
        for analysis in analyses
        for name in [*(e.name for e in analysis.entities), *(s.speaker.name for s in analysis.statements)]
        if name and fold(name)
    }
    keys = sorted({int.from_bytes(hashlib.blake2b(w.encode(), digest_size=4).digest(), "big", signed=True)
                   for w in words})
    for key in keys:
        conn.execute(text("SELECT pg_advisory_xact_lock(:ns, :key)"), {"ns": _SURNAME_LOCKS, "key": key})


def resolve_speaker(
    conn: Connection, name: str, entity: Entity | None, cache: AliasCache | None = None
) -> int | None:
    """The speaker id for ``name`` (created when new); None for an empty name."""
    full_key = fold(name)
    if not full_key:
        return None
    if cache is not None and (known := cache.get(full_key)) is not None:
        # Seen before: type and country were filled then (or in _fill_missing below).
        return known
    core = core_name(name)
    key = fold(core) or full_key
    etype = entity.type if entity else None
    owner = _alias_owner(conn, full_key)
    if owner is None:
        owner = _alias_owner(conn, key)
    if owner is None and etype in (PERSON, None):
        if " " not in key:
            owner = _unique_person_by_last_word(conn, key)
        else:
            owner = _upgrade_short_speaker(conn, core, key)
    if owner is None:
        owner = conn.execute(
            schema.speakers.insert().values(
                name=core.strip(),
                key=key,
                last_word=last_word(key) if etype in (PERSON, None) else None,
                type=etype,
                country=entity.country if entity else None,
            )
        ).inserted_primary_key[0]
    else:
        _fill_missing(conn, owner, entity)
    _add_alias(conn, key, owner)
    _add_alias(conn, full_key, owner)
    if cache is not None:
        cache.put(full_key, owner)
    return owner


def _upgrade_short_speaker(conn: Connection, name: str, key: str) -> int | None:
    """A one-word speaker ('Zakharova') seen first becomes 'Maria Zakharova' when it appears."""
    short = _alias_owner(conn, last_word(key))
    if short is None:
        return None
    row = conn.execute(
        select(schema.speakers.c.key, schema.speakers.c.type).where(schema.speakers.c.id == short)
    ).first()
    if row is None or " " in row.key or row.type not in (PERSON, None):
        return None
    if _alias_owner(conn, key) is None:
        conn.execute(
            update(schema.speakers)
            .where(schema.speakers.c.id == short)
            .values(name=name.strip(), key=key)
        )
    return short


def _fill_missing(conn: Connection, speaker_id: int, entity: Entity | None) -> None:
    """Type and country come from the first article that gives them."""
    if entity is None:
        return
    sp = schema.speakers
    if entity.type:
        conn.execute(
            update(sp).where(sp.c.id == speaker_id, sp.c.type.is_(None)).values(type=entity.type)
        )
    if entity.country:
        conn.execute(
            update(sp)
            .where(sp.c.id == speaker_id, sp.c.country.is_(None))
            .values(country=entity.country)
        )
