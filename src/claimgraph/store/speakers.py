"""One speaker row per real person across articles.

Articles name the same person differently ("Maria Zakharova", "Zakharova",
"Russian Foreign Ministry spokeswoman Maria Zakharova"). The analysis already
gives each speaker the fullest name its article uses (``entity.name``); here
those names are folded (case, accents) and matched across articles:

1. an exact folded name seen before is that speaker;
2. a one-word name is the one known person with that last name, if exactly one;
3. a longer name that ends with a known person's full name, after lowercase
   title words ("spokeswoman maria zakharova"), is that person;
4. a full name whose last word is a known one-word speaker upgrades that speaker.
Every form is kept as an alias, so later lookups are exact.
"""

from __future__ import annotations

from sqlalchemy import Connection, select, update

from claimgraph.model import Entity
from claimgraph.store import schema
from claimgraph.store.names import fold, last_word

PERSON = "PERSON"


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


def _by_titled_name(conn: Connection, name: str) -> int | None:
    """'Russian Foreign Ministry spokeswoman Maria Zakharova' -> the speaker 'maria zakharova'."""
    pairs = [(word, fold(word)) for word in name.split() if fold(word)]
    # Try the longest suffix first; the words before it must include a lowercase
    # word (a title such as "spokeswoman"), so "John Smith" never matches "Smith".
    for cut in range(1, len(pairs) - 1):
        prefix = [word for word, _ in pairs[:cut]]
        suffix = " ".join(f for _, f in pairs[cut:])
        if any(w[:1].islower() for w in prefix):
            owner = _alias_owner(conn, suffix)
            if owner is not None:
                return owner
    return None


def resolve_speaker(conn: Connection, name: str, entity: Entity | None) -> int | None:
    """The speaker id for ``name`` (created when new); None for an empty name."""
    key = fold(name)
    if not key:
        return None
    etype = entity.type if entity else None
    owner = _alias_owner(conn, key)
    if owner is None and etype in (PERSON, None):
        if " " not in key:
            owner = _unique_person_by_last_word(conn, key)
        else:
            owner = _by_titled_name(conn, name)
            if owner is None:
                owner = _upgrade_short_speaker(conn, name, key)
    if owner is None:
        owner = conn.execute(
            schema.speakers.insert().values(
                name=name.strip(),
                key=key,
                last_word=last_word(key) if etype in (PERSON, None) else None,
                type=etype,
                country=entity.country if entity else None,
            )
        ).inserted_primary_key[0]
    else:
        _fill_missing(conn, owner, entity)
    _add_alias(conn, key, owner)
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
