"""One speaker row per real person or organisation across articles.

Articles name the same person differently ("Donald Trump", "Donald J. Trump", "Mr. Trump",
"President Trump", "DONALD TRUMP", "Trump's"). The analysis gives each speaker the fullest
name its article uses (``entity.name``); here that name is resolved at write time:

1. its folded spelling, or its form (``identity.names.parse_name``: titles, honorifics,
   possessives, a leading "the", case and accents left out), seen before is that speaker;
2. (decided by ``identity.decide.place``) a new form that is a shorter version of known names
   ("Trump" of "Donald Trump", "Donald Trump" of "Donald J. Trump", "Skyvale" of "Skyvale
   Airlines": ``identity.names.covers``) is the
   speaker of those names when they are all one speaker; when they are not ("Clinton" with
   Bill and Hillary Clinton known) it is a speaker of its own, unless the corpus says which:
   the article's gender for it fits one of them only ("Mr. Clinton"), or one of them is the
   prominent full name of the surname (``identity.decide.choose``: its full name in at least
   five articles and three times as many as the others together);
3. a new form that is a fuller version of known shorter ones takes them: a short name
   that was a speaker of its own ("Trump" seen first) becomes this speaker (same id), and a
   short name that belonged to another speaker and now fits two ("Trump" once "Ivanka
   Trump" appears beside "Donald Trump") leaves it for a speaker of its own, with its
   statements.

So the speakers are the same whatever order the articles come in and wherever a run was
interrupted (but for a bare surname decided by prominence: an article read before the
prominent name was prominent leaves it a speaker of its own); nothing is cached between
writes (only the pure ``parse_name``). Every alias
keeps the spelling seen and the reason it belongs to its speaker. Hand decisions (merge,
split) are kept in ``speaker_decisions`` and mark the aliases they moved ``by_hand``: the
rules above never move those again. On PostgreSQL one advisory lock per transaction
serialises speaker resolution between concurrent writers, so each sees the names the other
committed (two writers' alias rows still conflict on the primary key if that ever fails,
and the store retries the batch: ``WriteConflict``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, or_, select, update

from claimgraph.errors import InputError
from claimgraph.identity.decide import (
    Evidence,
    Known,
    alias_reason,
    covering_owners,
    place,
    shorter_names,
)
from claimgraph.identity.fold import fold
from claimgraph.identity.names import NameForm, covers, parse_name, rank
from claimgraph.model import Entity
from claimgraph.store import locks, schema
from claimgraph.store.locks import advisory_lock

SP, AL, EN = schema.speakers, schema.speaker_aliases, schema.entities
_CHUNK = 500
HAND_MERGE, HAND_SPLIT = "hand merge", "hand split"


class SpeakerNotFound(InputError):
    """A hand decision names a speaker id that does not exist."""


def _lock(conn: Connection) -> None:
    advisory_lock(conn, locks.SPEAKERS)


def _type_of(conn: Connection, speaker_id: int) -> str | None:
    return conn.execute(select(SP.c.type).where(SP.c.id == speaker_id)).scalar()


def _parse(name: str | None, etype: str | None) -> NameForm | None:
    return parse_name(name, etype) if name else None


# -- resolving a name at write time -----------------------------------------------------------


def resolve_speaker(conn: Connection, name: str, entity: Entity | None = None) -> int | None:
    """The speaker id for ``name`` (created when new); None for a name with no words."""
    etype = entity.type if entity else None
    parsed = parse_name(name, etype)
    alias = fold(name)
    if parsed is None or not alias:
        return None
    _lock(conn)
    row = conn.execute(select(AL.c.speaker_id, AL.c.name).where(AL.c.alias == alias)).first()
    if row is not None:
        owner = row.speaker_id
        if _better_spelling(name, row.name, etype):
            conn.execute(update(AL).where(AL.c.alias == alias).values(name=name.strip()))
            refresh_speaker(conn, owner)
    else:
        owner = _form_owner(conn, parsed.form)
        if owner is None:
            owner = _place(conn, parsed, etype, entity.gender if entity else None)
        _insert_alias(conn, alias, name.strip(), parsed, owner)
        refresh_speaker(conn, owner)
    if parsed.acronym:
        _attach_acronym(conn, parsed.acronym, owner)
    return owner


def _better_spelling(new: str, old: str | None, etype: str | None) -> bool:
    """Case and accents of one alias: the spelling that ranks first wins, whatever came first."""
    if old is None:
        return True
    a, b = parse_name(new, etype), parse_name(old, etype)
    return a is not None and (b is None or rank(a) < rank(b))


def _form_owner(conn: Connection, form: str) -> int | None:
    return conn.execute(select(AL.c.speaker_id).where(AL.c.form == form).limit(1)).scalar()


def _insert_alias(conn: Connection, alias: str, name: str, parsed: NameForm, owner: int,
                  reason: str | None = None, by_hand: bool = False) -> None:
    conn.execute(
        AL.insert().values(
            alias=alias, speaker_id=owner, name=name, form=parsed.form,
            first_word=parsed.tokens[0], last_word=parsed.tokens[-1], reason=reason,
            by_hand=by_hand,
        )
    )


def _related(conn: Connection, first_words: Iterable[str], last_words: Iterable[str]) -> dict[str, Known]:
    """Stored forms sharing a first or last word with the given ones (candidates for covers)."""
    rows = conn.execute(
        select(AL.c.form, AL.c.name, AL.c.speaker_id, AL.c.by_hand, SP.c.type)
        .join(SP, SP.c.id == AL.c.speaker_id)
        .where(or_(AL.c.first_word.in_(sorted(set(first_words))),
                   AL.c.last_word.in_(sorted(set(last_words)))))
    ).all()
    known: dict[str, Known] = {}
    for row in rows:
        parsed = _parse(row.name, row.type)
        if parsed is None:
            continue
        entry = known.get(row.form)
        if entry is None:
            known[row.form] = Known(parsed, row.speaker_id, bool(row.by_hand))
        else:
            entry.pinned = entry.pinned or bool(row.by_hand)
            if rank(parsed) < rank(entry.name):
                entry.name = parsed
    return known


def _evidence(conn: Connection, owners: Iterable[int], gender: str | None) -> Evidence:
    """Each speaker's gender (its articles' entities agreeing) and number of articles that
    give its full name (a bare surname it was given does not make it more prominent)."""
    rows = conn.execute(
        select(EN.c.speaker_id, EN.c.gender, EN.c.article_pk, EN.c.name, EN.c.type)
        .where(EN.c.speaker_id.in_(sorted(set(owners))))
    ).all()
    genders: dict[int, set[str]] = {}
    articles: dict[int, set[int]] = {}
    for row in rows:
        parsed = _parse(row.name, row.type)
        if parsed is not None and parsed.first is not None:
            articles.setdefault(row.speaker_id, set()).add(row.article_pk)
        if row.gender:
            genders.setdefault(row.speaker_id, set()).add(row.gender)
    return Evidence(
        gender,
        {o: next(iter(g)) if len(g) == 1 else None for o, g in genders.items()},
        {o: len(a) for o, a in articles.items()},
    )


def _place(conn: Connection, new: NameForm, etype: str | None, gender: str | None = None) -> int:
    """The speaker of a form not stored yet (identity.decide.place), carried out."""
    known = _related(conn, [new.tokens[0]], [new.tokens[-1]])
    more: dict[str, Known] = {}
    if not covering_owners(new, known):
        shorter = shorter_names(new, known)
        if shorter:
            more = _related(conn, [k.name.tokens[0] for k in shorter], [k.name.tokens[-1] for k in shorter])
    evidence = _evidence(conn, [k.owner for k in (*known.values(), *more.values())], gender)
    placement = place(new, known, more, evidence)
    for form, owner in placement.detach:
        detach_form(conn, form, owner)
    if placement.owner is None:
        return _new_speaker(conn, new, etype)
    for owner in placement.absorb:
        merge_rows(conn, owner, placement.owner)
    return placement.owner


def _new_speaker(conn: Connection, parsed: NameForm, etype: str | None) -> int:
    taken = conn.execute(select(SP.c.id).where(SP.c.key == parsed.form)).scalar()
    if taken is not None:
        return int(taken)  # a key stored by an earlier version of these rules
    return int(
        conn.execute(
            SP.insert().values(
                name=parsed.display, key=parsed.form, last_word=parsed.tokens[-1], type=etype,
            )
        ).inserted_primary_key[0]
    )


def _attach_acronym(conn: Connection, acronym: str, owner: int) -> None:
    """"State Security Bureau (SSB)": "SSB" names the same organisation."""
    alias = fold(acronym)
    parsed = parse_name(acronym, "ORG")
    if parsed is None:
        return
    held = conn.execute(select(AL.c.speaker_id).where(AL.c.form == parsed.form).limit(1)).scalar()
    if held is None:
        _insert_alias(conn, alias, acronym, parsed, owner)
        refresh_speaker(conn, owner)
        return
    if held == owner:
        return
    forms = conn.execute(select(AL.c.form, AL.c.by_hand).where(AL.c.speaker_id == held)).all()
    if all(f == parsed.form and not hand for f, hand in forms):
        # A speaker known only by the acronym, seen before the full name: the same one.
        merge_rows(conn, held, owner)
        refresh_speaker(conn, owner)
        refresh_attributes(conn, [owner])


# -- moving names between speakers ------------------------------------------------------------


def move_form(conn: Connection, form: str, src: int, dst: int) -> None:
    """Move one form (all its spellings) with the entities and statements named by it."""
    conn.execute(update(AL).where(AL.c.speaker_id == src, AL.c.form == form).values(speaker_id=dst))
    ent, st, titles = schema.entities, schema.statements, schema.speaker_titles
    rows = conn.execute(
        select(ent.c.pk, ent.c.article_pk, ent.c.local_id, ent.c.name, ent.c.type).where(
            ent.c.speaker_id == src
        )
    ).all()
    of_src = {(r.article_pk, r.local_id) for r in rows}
    moving = [r for r in rows if (p := _parse(r.name, r.type)) is not None and p.form == form]
    moved = {(r.article_pk, r.local_id) for r in moving}
    _update_in(conn, ent, ent.c.pk, [r.pk for r in moving], dst)
    statements = conn.execute(
        select(st.c.pk, st.c.article_pk, st.c.speaker_entity, st.c.speaker_name).where(
            st.c.speaker_id == src
        )
    ).all()
    named = []
    for r in statements:
        key = (r.article_pk, r.speaker_entity)
        if key in moved:
            named.append(r.pk)
        elif key not in of_src and (p := _parse(r.speaker_name, None)) is not None and p.form == form:
            named.append(r.pk)  # a statement whose speaker had no entity record
    _update_in(conn, st, st.c.pk, named, dst)
    staying = of_src - moved
    articles = {apk for apk, _ in moved} - {apk for apk, _ in staying}
    if articles:
        conn.execute(
            update(titles)
            .where(titles.c.speaker_id == src, titles.c.article_pk.in_(sorted(articles)))
            .values(speaker_id=dst)
        )


def detach_form(conn: Connection, form: str, src: int) -> int:
    """A new speaker for one form of ``src`` (named by its best spelling), with what it named."""
    etype = _type_of(conn, src)
    # The speaker may be keyed by this very form: free the key first (refresh sets another).
    conn.execute(update(SP).where(SP.c.id == src, SP.c.key == form).values(key=f"~{src}"))
    spelled = conn.execute(
        select(AL.c.name).where(AL.c.speaker_id == src, AL.c.form == form)
    ).scalars().all()
    names = [p for n in spelled if (p := _parse(n, etype)) is not None]
    named = min(names, key=rank) if names else parse_name(form, etype)
    if named is None:
        raise InputError(f"speaker {src} has no name {form!r}")
    new = _new_speaker(conn, named, etype)
    move_form(conn, form, src, new)
    for speaker_id in (src, new):
        refresh_speaker(conn, speaker_id)
    refresh_attributes(conn, [src, new])
    return new


def _update_in(conn: Connection, table: Any, key: Any, values: Sequence[int], dst: int) -> None:
    for i in range(0, len(values), _CHUNK):
        conn.execute(update(table).where(key.in_(values[i : i + _CHUNK])).values(speaker_id=dst))


def merge_rows(conn: Connection, src: int, dst: int) -> None:
    """Everything of speaker ``src`` to ``dst``; ``src`` stays as a pointer to ``dst``."""
    for table in (AL, schema.entities, schema.statements, schema.speaker_titles):
        conn.execute(update(table).where(table.c.speaker_id == src).values(speaker_id=dst))
    conn.execute(update(SP).where(SP.c.merged_into == src).values(merged_into=dst))
    conn.execute(update(SP).where(SP.c.id == src).values(merged_into=dst, key=f"~{src}"))


# -- what a speaker shows -------------------------------------------------------------------


def refresh_speaker(conn: Connection, speaker_id: int) -> None:
    """The speaker's name (best-ranked form of its aliases) and every alias's reason."""
    current = conn.execute(
        select(SP.c.type, SP.c.name, SP.c.key, SP.c.last_word).where(SP.c.id == speaker_id)
    ).first()
    if current is None:
        return
    etype = current.type
    rows = conn.execute(
        select(AL.c.alias, AL.c.name, AL.c.form, AL.c.reason, AL.c.by_hand).where(
            AL.c.speaker_id == speaker_id
        )
    ).all()
    parsed = {r.alias: _parse(r.name or r.alias, etype) for r in rows}
    names = [p for p in parsed.values() if p is not None]
    if not names:
        return
    # A hand merge keeps the name of the speaker merged into.
    own = [p for r in rows if (p := parsed[r.alias]) is not None and r.reason != HAND_MERGE]
    best = min(own or names, key=rank)
    values: dict[str, Any] = {"name": best.display, "last_word": best.tokens[-1]}
    if best.form != current.key:
        taken = conn.execute(select(SP.c.id).where(SP.c.key == best.form)).scalar()
        if taken is None:
            values["key"] = best.form
    if any(getattr(current, column) != value for column, value in values.items()):
        conn.execute(update(SP).where(SP.c.id == speaker_id).values(**values))
    acronyms = {fold(p.acronym) for p in names if p.acronym}
    by_hand = {r.form for r in rows if r.by_hand}
    for r in rows:
        p = parsed[r.alias]
        if r.by_hand or p is None:
            continue
        # A spelling of a name a hand decision placed is explained by that decision.
        reason = alias_reason(p, p if p.form in by_hand else best, names, acronyms)
        if reason != r.reason:
            conn.execute(update(AL).where(AL.c.alias == r.alias).values(reason=reason))


def refresh_attributes(conn: Connection, speaker_ids: Iterable[int]) -> None:
    """Type and country: the most frequent over the speaker's entities (ties: alphabetical),
    so they do not depend on which article came first."""
    ent = schema.entities
    for speaker_id in sorted(set(speaker_ids)):
        rows = conn.execute(
            select(ent.c.type, ent.c.country).where(ent.c.speaker_id == speaker_id)
        ).all()
        if not rows:
            continue
        values = {}
        for column, seen in (("type", [r.type for r in rows]), ("country", [r.country for r in rows])):
            counts = Counter(v for v in seen if v)
            if counts:
                values[column] = min(counts, key=lambda v: (-counts[v], v))
        if values:
            conn.execute(update(SP).where(SP.c.id == speaker_id).values(**values))


def fuller_speakers(conn: Connection, speaker_id: int) -> list[int]:
    """Other speakers with a fuller version of one of this speaker's names: why a short
    name ("Clinton") is a speaker of its own, and whom a user may merge it into."""
    etype = _type_of(conn, speaker_id)
    names = [
        p for n, in conn.execute(select(AL.c.name).where(AL.c.speaker_id == speaker_id))
        if (p := _parse(n, etype)) is not None
    ]
    if not names:
        return []
    known = _related(conn, [p.tokens[0] for p in names], [p.tokens[-1] for p in names])
    return sorted({k.owner for k in known.values() if k.owner != speaker_id
                   and any(covers(k.name, p) for p in names)})


# -- hand decisions ---------------------------------------------------------------------------


def live_speaker(conn: Connection, speaker_id: int) -> int | None:
    """The speaker an id stands for now (following merges), or None."""
    seen = set()
    current = speaker_id
    while current not in seen:
        seen.add(current)
        row = conn.execute(select(SP.c.merged_into).where(SP.c.id == current)).first()
        if row is None:
            return None
        if row.merged_into is None:
            return current
        current = row.merged_into
    return None


def _live_or_fail(conn: Connection, speaker_id: int) -> int:
    found = live_speaker(conn, speaker_id) if 0 < speaker_id <= 2**31 - 1 else None
    if found is None:
        raise SpeakerNotFound(f"no speaker with id {speaker_id}")
    return found


def _decision(
    conn: Connection, action: str, speaker_id: int, other_id: int, alias: str | None = None
) -> None:
    conn.execute(
        schema.speaker_decisions.insert().values(
            action=action, speaker_id=speaker_id, other_id=other_id, alias=alias,
            made_at=datetime.now(UTC).isoformat(timespec="seconds"),
        )
    )


def merge_speakers(conn: Connection, speaker_id: int, into: int) -> int:
    """Hand merge: speaker ``speaker_id`` becomes ``into``; returns the id they now share."""
    _lock(conn)
    src, dst = _live_or_fail(conn, speaker_id), _live_or_fail(conn, into)
    if src == dst:
        raise InputError(f"speakers {speaker_id} and {into} are already one speaker ({dst})")
    conn.execute(update(AL).where(AL.c.speaker_id == src).values(by_hand=True, reason=HAND_MERGE))
    merge_rows(conn, src, dst)
    _decision(conn, "merge", src, dst)
    refresh_speaker(conn, dst)
    refresh_attributes(conn, [dst])
    return dst


def split_speaker(conn: Connection, speaker_id: int, alias: str) -> int:
    """Hand split: the name ``alias`` (every spelling of its form) becomes a speaker of its
    own with the statements made under it; returns the new speaker's id."""
    _lock(conn)
    src = _live_or_fail(conn, speaker_id)
    etype = _type_of(conn, src)
    rows = conn.execute(select(AL.c.alias, AL.c.form).where(AL.c.speaker_id == src)).all()
    folded = fold(alias)
    parsed = parse_name(alias, etype)
    form = next((r.form for r in rows if r.alias == folded), None)
    if form is None and parsed is not None and any(r.form == parsed.form for r in rows):
        form = parsed.form
    if form is None:
        names = ", ".join(sorted({r.alias for r in rows})[:10])
        raise InputError(f"speaker {src} has no name {alias!r} (its names: {names})")
    if all(r.form == form for r in rows):
        raise InputError(f"{alias!r} is the only name of speaker {src}: nothing to split")
    new = detach_form(conn, form, src)
    conn.execute(update(AL).where(AL.c.speaker_id == new).values(by_hand=True, reason=HAND_SPLIT))
    _decision(conn, "split", src, new, alias=form)
    return new


# -- migration 3 ----------------------------------------------------------------------------


def backfill_aliases(conn: Connection) -> None:
    """Spelling, form, words and reason for aliases stored before migration 3 (their
    spellings come from the entities they named; the folded alias otherwise)."""
    ent = schema.entities
    spelled: dict[str, str] = {}
    for name, in conn.execute(select(ent.c.name).where(ent.c.speaker_id.is_not(None)).distinct()):
        if name:
            spelled.setdefault(fold(name), name)
    rows = conn.execute(
        select(AL.c.alias, SP.c.id, SP.c.type, SP.c.name)
        .join(SP, SP.c.id == AL.c.speaker_id)
        .where(AL.c.form.is_(None))
    ).all()
    touched = set()
    for row in rows:
        name = spelled.get(row.alias) or (row.name if fold(row.name) == row.alias else row.alias)
        parsed = parse_name(name, row.type) or parse_name(row.alias, row.type)
        if parsed is None:
            continue
        conn.execute(
            update(AL)
            .where(AL.c.alias == row.alias)
            .values(name=name, form=parsed.form, first_word=parsed.tokens[0], last_word=parsed.tokens[-1])
        )
        touched.add(row.id)
    for speaker_id in sorted(touched):
        refresh_speaker(conn, speaker_id)
