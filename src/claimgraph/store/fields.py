"""Every title, affiliation and country stored for a speaker, with the words of the
article that gave it, so a reader sees at once a title that is no role ("woman") or a
country that is a city (``claimgraph speakers fields``; scripts/check_fields.py judges each
value with speakers.check.field_problem).

Each value is shown in the words around the speaker's mention it was read from (the
analysis reads titles and countries next to the name: "former Governor X", "X, a senator
from Ohio"); a value the words around every mention do not hold is marked ``[not near]``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from claimgraph.store import schema

WINDOW = 60
"""Characters shown on each side of the mention that a value was read beside."""


@dataclass(frozen=True)
class FieldRow:
    field: str  # title | affiliation | country
    value: str
    speaker_id: int
    speaker: str
    article: str
    words: str  # the article's words around the mention that gave the value

    def to_dict(self) -> dict[str, Any]:
        return {
            "field": self.field,
            "value": self.value,
            "speaker_id": self.speaker_id,
            "speaker": self.speaker,
            "article": self.article,
            "words": self.words,
        }


def evidence_words(text: str, mentions: Sequence[tuple[int, int]], value: str) -> str:
    """The words around the mention whose neighbourhood holds ``value`` (the first mention
    when none does: the text then shows the value was not read there, marked ``[not near]``)."""
    if not mentions:
        return "[no mention]"
    pattern = re.compile(r"\b" + re.escape(value) + r"\b", re.IGNORECASE)
    windows = [(max(0, s - WINDOW), min(len(text), e + WINDOW)) for s, e in sorted(mentions)]
    for lo, hi in windows:
        if pattern.search(text, lo, hi):
            return " ".join(text[lo:hi].split())
    lo, hi = windows[0]
    return "[not near] " + " ".join(text[lo:hi].split())


def speaker_fields(conn: Connection, speaker_ids: Sequence[int] | None = None) -> list[FieldRow]:
    """Every title, affiliation and country of the stored speakers' entities, one row per
    (speaker, field, value, article), with the words that gave it."""
    E, M, A, SP = schema.entities, schema.mentions, schema.articles, schema.speakers
    query = (
        select(
            E.c.article_pk, E.c.local_id, E.c.titles, E.c.affiliation, E.c.country, SP.c.id, SP.c.name, A.c.id
        )
        .join(SP, SP.c.id == E.c.speaker_id)
        .join(A, A.c.pk == E.c.article_pk)
        .order_by(SP.c.name, SP.c.id, A.c.id, E.c.position)
    )
    if speaker_ids is not None:
        query = query.where(SP.c.id.in_(sorted(set(speaker_ids))))
    rows = conn.execute(query).all()
    texts: dict[int, str] = {}
    spans: dict[tuple[int, str], list[tuple[int, int]]] = {}
    pks = sorted({r[0] for r in rows})
    for start in range(0, len(pks), 500):
        chunk = pks[start : start + 500]
        for pk, text in conn.execute(select(A.c.pk, A.c.text).where(A.c.pk.in_(chunk))):
            texts[pk] = text
        mentions = select(M.c.article_pk, M.c.entity_local_id, M.c.start, M.c.end)
        for pk, local_id, m_start, m_end in conn.execute(mentions.where(M.c.article_pk.in_(chunk))):
            spans.setdefault((pk, local_id), []).append((m_start, m_end))
    out: list[FieldRow] = []
    seen: set[tuple[int, str, str, str]] = set()
    for pk, local_id, titles, affiliation, country, sid, speaker, article in rows:
        values = [("title", t) for t in json.loads(titles or "[]")]
        values += [("affiliation", affiliation)] if affiliation else []
        values += [("country", country)] if country else []
        for field, value in values:
            key = (sid, field, value, article)
            if key in seen:
                continue
            seen.add(key)
            words = evidence_words(texts.get(pk, ""), spans.get((pk, local_id), []), value)
            out.append(FieldRow(field, value, sid, speaker, article, words))
    return out
