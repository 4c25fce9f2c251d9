"""Writing one analysed article (all its rows) inside the caller's transaction."""

from __future__ import annotations

import hashlib
import json
import re

from sqlalchemy import Connection, delete, select, update

from claimgraph.errors import InputError
from claimgraph.model import Analysis, Article
from claimgraph.readers.items import record_name
from claimgraph.rhetoric.compare import narrator_word_count
from claimgraph.store import locks, schema, search
from claimgraph.store.claims import refresh_counts
from claimgraph.store.locks import advisory_lock
from claimgraph.store.mapping import LIST_FIELDS, LOADED_FIELDS, STATEMENT_FIELDS, STATEMENT_LISTS, to_row
from claimgraph.store.names import date_of, now
from claimgraph.store.speakers import refresh_attributes, resolve_speaker

_SPACES = re.compile(r"\s+")


def content_hash(text: str) -> str:
    """Hash of an article text with whitespace normalised (re-wrapped copies hash the same)."""
    return hashlib.sha256(_SPACES.sub(" ", text).strip().encode("utf-8")).hexdigest()


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    if isinstance(value, list | tuple):
        return [s for item in value for s in _strings(item)]
    return []


def check_storable(analysis: Analysis, name: str) -> None:
    """Refuse, on both databases alike, what PostgreSQL cannot store: a NUL character
    (the readers refuse it as binary data) or a lone surrogate, in any field."""
    joined = "\n".join(_strings(analysis.to_dict()))
    if "\x00" in joined:
        raise InputError(f"{name}: holds a NUL (0x00) character: binary data, not text")
    try:
        joined.encode("utf-8")
    except UnicodeEncodeError:
        raise InputError(f"{name}: holds a lone surrogate, not Unicode text") from None


def storable_message(text: str) -> str:
    """A message any database can store: NULs and lone surrogates shown as escapes."""
    return text.replace("\x00", "\\x00").encode("utf-8", "backslashreplace").decode("utf-8")


# Ids become one path segment of a link (/articles/ID): "." and ".." would be read as path
# steps by every browser, and control characters cannot be typed or shown.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def id_problem(value: str) -> str | None:
    """Why ``value`` cannot be an article id (the API refuses it), or None."""
    if value.strip() in ("", ".", ".."):
        return "an id must have a character other than dots and spaces"
    if CONTROL_CHARACTERS.search(value):
        return "an id must not hold control characters"
    return None


def usable_id(wanted: str | None) -> str:
    """The id an ingested article gets from the one it came with: control characters as
    spaces; "" when nothing usable is left (the article is then named by its hash)."""
    base = CONTROL_CHARACTERS.sub(" ", wanted or "").strip()[:180]
    return "" if id_problem(base) else base


def _free_id(conn: Connection, wanted: str | None, chash: str) -> str:
    """The article's own id when free, else the id with a hash suffix (ids from
    different folders or feeds often collide: 'index', '1', 'article')."""
    base = usable_id(wanted) or chash[:16]
    candidates = [base, f"{base}-{chash[:8]}", f"{base}-{chash[:16]}", chash]
    for candidate in candidates:
        taken = conn.execute(
            select(schema.articles.c.pk).where(schema.articles.c.id == candidate)
        ).first()
        if taken is None:
            return candidate
    return chash  # unreachable: content_hash is unique, so the bare hash is free


def stored_id(conn: Connection, chash: str) -> str | None:
    row = conn.execute(
        select(schema.articles.c.id).where(schema.articles.c.content_hash == chash)
    ).first()
    return row[0] if row else None


def copy_key(outlet: str | None, url: str | None) -> str:
    """What tells two carriers of one text apart: the outlet and the address, folded."""
    folded = f"{' '.join((outlet or '').lower().split())}\n{(url or '').strip()}"
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


def record_copy(
    conn: Connection, chash: str, article: Article, source: str | None, record: str | None
) -> bool:
    """Record ``article`` as a copy of the stored text with hash ``chash`` when its outlet or
    URL is not the stored article's nor a copy's already; returns whether it was recorded."""
    if not (article.outlet or article.url):
        return False  # a text with no metadata is the same text, not a copy
    # Under the claims lock (after the speakers one: the one order): two writers recording
    # the same copy take turns, and no claims assignment or other copy counts the claims
    # from a snapshot that misses this one.
    advisory_lock(conn, locks.SPEAKERS)
    advisory_lock(conn, locks.CLAIMS)
    A, AC = schema.articles, schema.article_copies
    stored = conn.execute(select(A.c.pk, A.c.outlet, A.c.url).where(A.c.content_hash == chash)).one()
    key = copy_key(article.outlet, article.url)
    if key == copy_key(stored.outlet, stored.url):
        return False
    if conn.execute(select(AC.c.pk).where(AC.c.article_pk == stored.pk, AC.c.key == key)).first():
        return False
    conn.execute(
        AC.insert().values(
            article_pk=stored.pk, key=key, title=article.title, outlet=article.outlet,
            published=article.published, published_date=date_of(article.published), url=article.url,
            source=source, record=record, ingested_at=now(),
        )
    )
    # The claims this text's statements belong to have one more outlet now.
    S = schema.statements
    claims = conn.execute(
        select(S.c.claim_id).where(S.c.article_pk == stored.pk, S.c.claim_id.is_not(None)).distinct()
    ).scalars()
    refresh_counts(conn, {int(c) for c in claims})
    return True


def insert_analysis(
    conn: Connection,
    analysis: Analysis,
    chash: str | None = None,
    source_hash: str | None = None,
    source: str | None = None,
    record: str | None = None,
) -> tuple[str, bool]:
    """Store ``analysis``; returns (article id, whether it was new). InputError when it
    holds what a database cannot store."""
    check_storable(analysis, record_name(source or analysis.article.id or "<analysis>", record))
    chash = chash or content_hash(analysis.text)
    existing = stored_id(conn, chash)
    if existing is not None:
        record_copy(conn, chash, analysis.article, source, record)
        return existing, False
    art = analysis.article
    article_id = _free_id(conn, art.id, chash)
    article_pk = conn.execute(
        schema.articles.insert().values(
            id=article_id,
            content_hash=chash,
            source_hash=source_hash,
            title=art.title,
            outlet=art.outlet,
            published=art.published,
            published_date=date_of(art.published),
            url=art.url,
            language=art.language,
            source=source,
            record=record,
            text=analysis.text,
            word_count=analysis.word_count,
            narrator_words=narrator_word_count(analysis),
            ingested_at=now(),
        )
    ).inserted_primary_key[0]
    speaker_ids = _write_entities(conn, analysis, article_pk)
    statement_speakers = _write_statements(conn, analysis, article_pk, speaker_ids)
    _write_loaded(conn, analysis, article_pk)
    # Type and country follow the entity rows just written (store/speakers.py).
    refresh_attributes(conn, set(speaker_ids.values()) | statement_speakers)
    return article_id, True


def _write_entities(conn: Connection, analysis: Analysis, article_pk: int) -> dict[str, int]:
    """Entity and mention rows; speakers are created for entities that speak."""
    speaking = {st.speaker.entity for st in analysis.statements if st.speaker.name}
    speaker_ids: dict[str, int] = {}
    entity_rows, mention_rows, title_rows = [], [], []
    seen_titles: set[tuple[int, str | None, str | None]] = set()
    for position, ent in enumerate(analysis.entities):
        speaker_id = None
        if ent.id in speaking and ent.name:
            speaker_id = resolve_speaker(conn, ent.name, ent)
            if speaker_id is not None:
                speaker_ids[ent.id] = speaker_id
                for title in ent.titles or [None]:
                    # Two name forms of one person in an article: one row per title.
                    seen_key = (speaker_id, title, ent.affiliation)
                    if (title or ent.affiliation) and seen_key not in seen_titles:
                        seen_titles.add(seen_key)
                        title_rows.append(
                            {
                                "speaker_id": speaker_id,
                                "article_pk": article_pk,
                                "title": title,
                                "affiliation": ent.affiliation,
                                "published": analysis.article.published,
                            }
                        )
        entity_rows.append(
            {
                "article_pk": article_pk,
                "local_id": ent.id,
                "position": position,
                "name": ent.name,
                "type": ent.type,
                "titles": json.dumps(list(ent.titles), ensure_ascii=False),
                "affiliation": ent.affiliation,
                "country": ent.country,
                "gender": ent.gender,
                "speaker_id": speaker_id,
            }
        )
        for m_pos, mention in enumerate(ent.mentions):
            mention_rows.append(
                {
                    "article_pk": article_pk,
                    "entity_local_id": ent.id,
                    "position": m_pos,
                    "text": mention.text,
                    "start": mention.start,
                    "end": mention.end,
                }
            )
    for table, rows in (
        (schema.entities, entity_rows),
        (schema.mentions, mention_rows),
        (schema.speaker_titles, title_rows),
    ):
        if rows:
            conn.execute(table.insert(), rows)
    return speaker_ids


def _write_statements(
    conn: Connection,
    analysis: Analysis,
    article_pk: int,
    speaker_ids: dict[str, int],
) -> set[int]:
    """Statement rows; returns the speakers they name."""
    rows = []
    for position, st in enumerate(analysis.statements):
        speaker_id = speaker_ids.get(st.speaker.entity or "")
        if speaker_id is None and st.speaker.name:
            # A named speaker without an entity record still gets a speaker row.
            speaker_id = resolve_speaker(conn, st.speaker.name, None)
        row = to_row(st.to_dict(), STATEMENT_FIELDS)
        if conn.dialect.name == "sqlite":
            row["search_text"] = search.index_text(st.content.text)
        rows.append({**row, "article_pk": article_pk, "position": position, "speaker_id": speaker_id})
    if rows:
        conn.execute(schema.statements.insert(), rows)
        _write_statement_lists(conn, analysis, article_pk)
    return {r["speaker_id"] for r in rows if r["speaker_id"] is not None}


def statement_pks(conn: Connection, article_pk: int) -> dict[str, int]:
    """The row keys of an article's statements, by their id in the analysis ("s3")."""
    st = schema.statements
    rows = conn.execute(select(st.c.local_id, st.c.pk).where(st.c.article_pk == article_pk))
    return {local_id: pk for local_id, pk in rows}


def _write_statement_lists(conn: Connection, analysis: Analysis, article_pk: int) -> None:
    """The list fields of the statement record (store.mapping.STATEMENT_LISTS), a row an item."""
    if not any(getattr(st, key) for st in analysis.statements for key in STATEMENT_LISTS):
        return
    pks = statement_pks(conn, article_pk)
    for key, table_name in STATEMENT_LISTS.items():
        table = schema.metadata.tables[table_name]
        fields = LIST_FIELDS[key]
        rows = [
            {**to_row(item, fields), "statement_pk": pks[st.id], "position": position}
            for st in analysis.statements
            for position, item in enumerate(st.to_dict()[key])
        ]
        if rows:
            conn.execute(table.insert(), rows)


def _write_loaded(conn: Connection, analysis: Analysis, article_pk: int) -> None:
    rows = [
        {**to_row(span.to_dict(), LOADED_FIELDS), "article_pk": article_pk, "position": position}
        for position, span in enumerate(analysis.loaded)
    ]
    if rows:
        conn.execute(schema.loaded_spans.insert(), rows)


def record_failure(conn: Connection, source: str, record: str | None, error: str) -> None:
    """One row per (source, record): a rerun that fails again updates the message."""
    fl = schema.failures
    source, error = storable_message(source), storable_message(error)
    key = (fl.c.source == source) & (fl.c.record == storable_message(record or ""))
    found = conn.execute(select(fl.c.id).where(key)).first()
    if found:
        conn.execute(update(fl).where(fl.c.id == found[0]).values(error=error, at=now()))
    else:
        conn.execute(
            fl.insert().values(source=source, record=storable_message(record or ""), error=error, at=now())
        )


def clear_failure(conn: Connection, source: str, record: str | None) -> None:
    fl = schema.failures
    source, record = storable_message(source), storable_message(record or "")
    conn.execute(delete(fl).where(fl.c.source == source, fl.c.record == record))
