"""Versioned schema migrations, run by :meth:`Store.open`.

Each migration is a function of a connection inside the migration transaction;
``schema_version`` records the ones applied. A migration is never edited once
released: changes go in a new numbered function appended to ``MIGRATIONS``.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import Connection, Index, bindparam, func, inspect, select, text
from sqlalchemy.schema import CreateColumn, CreateIndex

from claimgraph.errors import StoreError
from claimgraph.store import schema, search
from claimgraph.store.speakers import backfill_aliases
from claimgraph.store.stats import backfill_narrator_words

# Any constant: PostgreSQL advisory lock that serialises concurrent migrations.
_PG_LOCK = 0x636C6731


def _v1_tables(conn: Connection) -> None:
    """Articles, statements, speakers, mentions, entities, loaded spans, failures."""
    tables = [t for t in schema.metadata.sorted_tables if t.name != "schema_version"]
    schema.metadata.create_all(conn, tables=tables)


def _v1_search(conn: Connection) -> None:
    """Full-text search over statement content: FTS5 in SQLite, tsvector in PostgreSQL."""
    if conn.dialect.name == "sqlite":
        # External-content FTS5 table kept in step by triggers; porter stemming
        # brings its matches close to PostgreSQL's english configuration.
        conn.exec_driver_sql(
            "CREATE VIRTUAL TABLE statements_fts USING fts5(content, content='statements', "
            "content_rowid='pk', tokenize='porter unicode61 remove_diacritics 2')"
        )
        conn.exec_driver_sql(
            "CREATE TRIGGER statements_fts_ai AFTER INSERT ON statements BEGIN "
            "INSERT INTO statements_fts(rowid, content) VALUES (new.pk, new.content); END"
        )
        conn.exec_driver_sql(
            "CREATE TRIGGER statements_fts_ad AFTER DELETE ON statements BEGIN "
            "INSERT INTO statements_fts(statements_fts, rowid, content) "
            "VALUES ('delete', old.pk, old.content); END"
        )
        conn.exec_driver_sql(
            "CREATE TRIGGER statements_fts_au AFTER UPDATE OF content ON statements BEGIN "
            "INSERT INTO statements_fts(statements_fts, rowid, content) "
            "VALUES ('delete', old.pk, old.content); "
            "INSERT INTO statements_fts(rowid, content) VALUES (new.pk, new.content); END"
        )
    elif conn.dialect.name == "postgresql":
        conn.exec_driver_sql(
            "ALTER TABLE statements ADD COLUMN search tsvector "
            "GENERATED ALWAYS AS (to_tsvector('english', content)) STORED"
        )
        conn.exec_driver_sql("CREATE INDEX ix_statements_search ON statements USING gin (search)")
    else:
        raise StoreError(f"unsupported database {conn.dialect.name!r} (use SQLite or PostgreSQL)")


def _v1(conn: Connection) -> None:
    _v1_tables(conn)
    _v1_search(conn)


def add_columns(conn: Connection, table: str, names: list[str]) -> None:
    """Add columns of the current schema to an existing table, as ``schema`` declares them.
    Databases made by a newer v1 (which creates tables from the current schema) already
    have them: those are left alone."""
    present = {c["name"] for c in inspect(conn).get_columns(table)}
    for name in names:
        if name not in present:
            ddl = CreateColumn(schema.metadata.tables[table].c[name]).compile(dialect=conn.dialect)
            conn.exec_driver_sql(f"ALTER TABLE {table} ADD COLUMN {ddl}")


def _v2(conn: Connection) -> None:
    """Statement.act (speech, belief, intention...)."""
    add_columns(conn, "statements", ["act"])


def _v3(conn: Connection) -> None:
    """Speaker identity: alias spellings, forms and reasons, merged speakers, hand decisions."""
    add_columns(conn, "speakers", ["merged_into"])
    add_columns(conn, "speaker_aliases", ["name", "form", "first_word", "last_word", "reason", "by_hand"])
    for index in schema.speaker_aliases.indexes:
        index.create(conn, checkfirst=True)
    schema.speaker_decisions.create(conn, checkfirst=True)
    backfill_aliases(conn)


def _v4(conn: Connection) -> None:
    """Claims: statements' content polarity, claim and stance; what they are about; vectors.
    Claims of statements stored before are assigned by the next ingest (or `claimgraph claims
    --assign`), in batches that each commit, so the backfill resumes where it stopped."""
    add_columns(conn, "statements", ["negated", "claim_id", "claim_stance"])
    for index in schema.statements.indexes:
        index.create(conn, checkfirst=True)
    for table in (schema.statement_about, schema.claims, schema.statement_vectors):
        table.create(conn, checkfirst=True)


def _v5(conn: Connection) -> None:
    """Syndicated copies: the same text met again under another outlet or URL."""
    schema.article_copies.create(conn, checkfirst=True)


# Indexes added by migration 6, by table (schema.py declares them).
_V6_INDEXES = {
    "statements": ("ix_statements_speaker_article", "ix_statements_article_counts"),
    "articles": ("ix_articles_newest", "ix_articles_newest_pg", "ix_articles_outlet_lower",
                 "ix_articles_pk_outlet_date"),
    "speaker_titles": ("ix_speaker_titles_speaker_title",),
    "claims": ("ix_claims_widespread", "ix_claims_contested", "ix_claims_newest", "ix_claims_newest_pg"),
}


def _v6(conn: Connection) -> None:
    """A store that stays fast at millions of statements: indexes for the pages' queries, and
    each article's narrator word count (for outlet reports), filled in for stored articles."""
    add_columns(conn, "articles", ["narrator_words"])
    for table, names in _V6_INDEXES.items():
        for index in schema.metadata.tables[table].indexes:
            if index.name in names:
                create_index(conn, index)
    backfill_narrator_words(conn)


def _v7(conn: Connection) -> None:
    """The store's identity, which caches outside the database (the claims index) record."""
    schema.store_identity.create(conn, checkfirst=True)
    if conn.execute(select(func.count()).select_from(schema.store_identity)).scalar() == 0:
        conn.execute(schema.store_identity.insert().values(identity=uuid.uuid4().hex))


def _v8(conn: Connection) -> None:
    """Claims as propositions: each statement's proposition, the candidate graph, competing
    claims. Claims made before are forgotten and rebuilt by the next assignment (ingest or
    `claimgraph claims --assign`), a committed batch at a time, so the rebuild resumes."""
    add_columns(conn, "statements", ["proposition"])
    add_columns(conn, "claims", ["proposition"])
    tables = (schema.statement_wordings, schema.statement_neighbours, schema.claim_edges, schema.claim_links)
    for table in tables:
        table.create(conn, checkfirst=True)
    conn.execute(schema.statements.update().values(claim_id=None, claim_stance=None))
    conn.execute(schema.claims.delete())


def create_index(conn: Connection, index: Index) -> None:
    """CREATE INDEX IF NOT EXISTS, for this database only when the schema says so (``ddl_if``).
    (``Index.create(checkfirst=True)`` cannot see expression indexes on SQLite.)"""
    only = index._ddl_if.dialect if index._ddl_if is not None else None
    if only is None or only == conn.dialect.name:
        conn.execute(CreateIndex(index, if_not_exists=True))


def _v9(conn: Connection) -> None:
    """Each article's language (Article.language); older articles were all analysed as English."""
    add_columns(conn, "articles", ["language"])
    conn.execute(schema.articles.update().where(schema.articles.c.language.is_(None)).values(language="en"))
    for index in schema.articles.indexes:
        if index.name == "ix_articles_language":
            create_index(conn, index)


def _v10(conn: Connection) -> None:
    """A fact-checker's edits: statements pinned to claims, hand stances, verdicts, the audit log."""
    for table in (schema.statement_pins, schema.stance_corrections, schema.claim_verdicts, schema.edits):
        table.create(conn, checkfirst=True)


def _v11(conn: Connection) -> None:
    """Full-text search that finds Russian words in any form ("заявление" finds "заявления"):
    SQLite's FTS5 reads statements.search_text (the content with Russian words stemmed,
    store.search.index_text), filled here for stored statements; PostgreSQL's tsvector is
    made with the 'russian' configuration (Russian stems for Cyrillic words, the English
    stemmer for Latin ones)."""
    add_columns(conn, "statements", ["search_text"])  # the schema names it on both databases
    if conn.dialect.name == "sqlite":
        for name in ("statements_fts_ai", "statements_fts_ad", "statements_fts_au"):
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
        conn.exec_driver_sql("DROP TABLE IF EXISTS statements_fts")
        st = schema.statements
        last = 0
        while True:  # in batches: a store may hold millions of statements
            rows = conn.execute(
                select(st.c.pk, st.c.content).where(st.c.pk > last).order_by(st.c.pk).limit(5000)
            ).all()
            if not rows:
                break
            conn.execute(
                st.update().where(st.c.pk == bindparam("row_pk")).values(search_text=bindparam("text")),
                [{"row_pk": pk, "text": search.index_text(content)} for pk, content in rows],
            )
            last = rows[-1][0]
        conn.exec_driver_sql(
            "CREATE VIRTUAL TABLE statements_fts USING fts5(search_text, content='statements', "
            "content_rowid='pk', tokenize='porter unicode61 remove_diacritics 2')"
        )
        conn.exec_driver_sql(
            "CREATE TRIGGER statements_fts_ai AFTER INSERT ON statements BEGIN "
            "INSERT INTO statements_fts(rowid, search_text) VALUES (new.pk, new.search_text); END"
        )
        conn.exec_driver_sql(
            "CREATE TRIGGER statements_fts_ad AFTER DELETE ON statements BEGIN "
            "INSERT INTO statements_fts(statements_fts, rowid, search_text) "
            "VALUES ('delete', old.pk, old.search_text); END"
        )
        conn.exec_driver_sql(
            "CREATE TRIGGER statements_fts_au AFTER UPDATE OF search_text ON statements BEGIN "
            "INSERT INTO statements_fts(statements_fts, rowid, search_text) "
            "VALUES ('delete', old.pk, old.search_text); "
            "INSERT INTO statements_fts(rowid, search_text) VALUES (new.pk, new.search_text); END"
        )
        conn.exec_driver_sql("INSERT INTO statements_fts(statements_fts) VALUES ('rebuild')")
    else:
        conn.exec_driver_sql("DROP INDEX IF EXISTS ix_statements_search")
        conn.exec_driver_sql("ALTER TABLE statements DROP COLUMN search")
        conn.exec_driver_sql(
            "ALTER TABLE statements ADD COLUMN search tsvector "
            "GENERATED ALWAYS AS (to_tsvector('russian', content)) STORED"
        )
        conn.exec_driver_sql("CREATE INDEX ix_statements_search ON statements USING gin (search)")


MIGRATIONS: list[tuple[int, Callable[[Connection], None]]] = [
    (1, _v1), (2, _v2), (3, _v3), (4, _v4), (5, _v5), (6, _v6), (7, _v7), (8, _v8), (9, _v9),
    (10, _v10), (11, _v11),
]
LATEST = MIGRATIONS[-1][0]


def current_version(conn: Connection) -> int:
    if not inspect(conn).has_table("schema_version"):
        return 0
    return int(conn.execute(select(func.max(schema.schema_version.c.version))).scalar() or 0)


def migrate(conn: Connection) -> int:
    """Bring the schema to ``LATEST`` inside the caller's transaction; returns the version."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK})
    schema.schema_version.create(conn, checkfirst=True)
    version = current_version(conn)
    if version > LATEST:
        raise StoreError(
            f"database schema version {version} is newer than this claimgraph ({LATEST}); upgrade"
        )
    for number, step in MIGRATIONS:
        if number > version:
            step(conn)
            conn.execute(
                schema.schema_version.insert().values(
                    version=number, applied_at=datetime.now(UTC).isoformat(timespec="seconds")
                )
            )
            version = number
    return version
