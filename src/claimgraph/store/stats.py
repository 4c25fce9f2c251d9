"""Values kept per article so reads aggregate them in SQL instead of reading every text."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, bindparam, select, update

from claimgraph.model import Analysis, Article, Span, Statement
from claimgraph.rhetoric.compare import narrator_word_count
from claimgraph.store import schema

A, S = schema.articles, schema.statements
_BATCH = 500


def narrator_words(text: str, spans: Sequence[tuple[int, int]]) -> int:
    """``rhetoric.compare.narrator_word_count`` of a stored article: its text and the
    (start, end) of its statements' contents are all that count needs."""
    statements = [Statement(f"s{i}", "direct", Span("", start, end), None)
                  for i, (start, end) in enumerate(spans)]
    return narrator_word_count(Analysis(Article(), text, statements))


def backfill_narrator_words(conn: Connection) -> int:
    """Fill ``articles.narrator_words`` where it is missing (stores from before migration 6),
    a batch of articles at a time; returns how many were filled."""
    done = 0
    after = 0
    while True:
        rows = conn.execute(
            select(A.c.pk, A.c.text)
            .where(A.c.narrator_words.is_(None), A.c.pk > after)
            .order_by(A.c.pk)
            .limit(_BATCH)
        ).all()
        if not rows:
            return done
        pks = [r.pk for r in rows]
        spans: dict[int, list[tuple[int, int]]] = {pk: [] for pk in pks}
        for article_pk, start, end in conn.execute(
            select(S.c.article_pk, S.c.content_start, S.c.content_end).where(S.c.article_pk.in_(pks))
        ):
            spans[article_pk].append((start, end))
        conn.execute(
            update(A).where(A.c.pk == bindparam("key")).values(narrator_words=bindparam("words")),
            [{"key": r.pk, "words": narrator_words(r.text, spans[r.pk])} for r in rows],
        )
        done += len(rows)
        after = pks[-1]
