"""The corpus schema as SQLAlchemy Core tables, shared by SQLite and PostgreSQL.

Only full-text search differs between the two databases; it is added by the
migrations (FTS5 table in SQLite, a generated tsvector column in PostgreSQL),
so these tables stay portable.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Table,
    Text,
    UniqueConstraint,
    false,
    func,
)

from claimgraph.store.mapping import ABOUT_FIELDS, LOADED_FIELDS, STATEMENT_FIELDS, Clipped, columns

metadata = MetaData()

schema_version = Table(
    "schema_version",
    metadata,
    Column("version", Integer, primary_key=True),
    Column("applied_at", Clipped(40), nullable=False),
)

# One row: a random identity given to the store when it is made. Caches kept outside the
# database (the claims' vector index) record it, so a new store at the same path never
# takes an old store's cache for its own.
store_identity = Table(
    "store_identity",
    metadata,
    Column("identity", Clipped(40), primary_key=True),
)

articles = Table(
    "articles",
    metadata,
    # Integer key for joins and a stable insertion order; ``id`` is the public id.
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("id", Clipped(200), nullable=False, unique=True),
    # Hash of the analysed text: the same article from two sources is stored once.
    Column("content_hash", Clipped(64), nullable=False, unique=True),
    # Hash of the raw input (bytes plus metadata): a rerun skips it before parsing.
    Column("source_hash", Clipped(64), index=True),
    Column("title", Text),
    Column("outlet", Clipped(300), index=True),
    Column("published", Clipped(40)),
    # YYYY-MM-DD prefix of ``published`` for date filters that compare as strings.
    Column("published_date", Clipped(10), index=True),
    Column("url", Text),
    # ISO 639-1 code of the language the article was analysed as ("en", "ru").
    Column("language", Clipped(8), index=True),
    Column("source", Text),
    Column("record", Clipped(100)),
    Column("text", Text, nullable=False),
    Column("word_count", Integer, nullable=False, default=0),
    Column("ingested_at", Clipped(40), nullable=False),
    # Words in the outlet's own voice (rhetoric.compare.narrator_word_count), kept so an
    # outlet's report sums them in SQL instead of reading every text. (Migration 6.)
    Column("narrator_words", Integer),
)

# The same text met again with another outlet or URL: a syndicated copy of a stored article.
# ``key`` folds (outlet, url) so that a copy is recorded once however often it is read.
article_copies = Table(
    "article_copies",
    metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("article_pk", Integer, ForeignKey("articles.pk"), nullable=False),
    Column("key", Clipped(64), nullable=False),
    Column("title", Text),
    Column("outlet", Clipped(300), index=True),
    Column("published", Clipped(40)),
    Column("published_date", Clipped(10)),
    Column("url", Text),
    Column("source", Text),
    Column("record", Clipped(100)),
    Column("ingested_at", Clipped(40), nullable=False),
    UniqueConstraint("article_pk", "key", name="uq_article_copies_key"),
)

speakers = Table(
    "speakers",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", Clipped(300), nullable=False),
    Column("key", Clipped(300), nullable=False, unique=True),
    # Folded last word of the name: lets "Zakharova" find "Maria Zakharova".
    Column("last_word", Clipped(100), index=True),
    Column("type", Clipped(20)),
    Column("country", Clipped(200)),
    # A speaker merged into another (by hand or because its name proved to be the other's)
    # keeps its row and id, pointing on; its key becomes "~id". (Migration 3.)
    Column("merged_into", Integer),
)

# Every folded spelling of a name that resolved to a speaker ("maria zakharova",
# "russian foreign ministry spokeswoman maria zakharova", "zakharova").
speaker_aliases = Table(
    "speaker_aliases",
    metadata,
    Column("alias", Clipped(300), primary_key=True),
    Column("speaker_id", Integer, ForeignKey("speakers.id"), nullable=False, index=True),
    # Migration 3: the name as written (best spelling seen), its comparison form
    # (identity.names.parse_name) with the form's first and last words to find related names,
    # why it belongs to the speaker, and whether a hand decision put it there.
    Column("name", Clipped(300)),
    Column("form", Clipped(300), index=True),
    Column("first_word", Clipped(100), index=True),
    Column("last_word", Clipped(100), index=True),
    Column("reason", Clipped(200)),
    Column("by_hand", Boolean, nullable=False, server_default=false()),
)

# Hand merges and splits (``claimgraph speakers merge|split``, POST /api/speakers/{id}/...),
# in the order made. Aliases they moved carry by_hand, which later ingests respect.
speaker_decisions = Table(
    "speaker_decisions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("action", Clipped(10), nullable=False),  # merge | split
    Column("speaker_id", Integer, nullable=False, index=True),  # merged away / split from
    Column("other_id", Integer, nullable=False, index=True),  # merged into / split off as
    Column("alias", Clipped(300)),  # split: the name split off
    Column("made_at", Clipped(40), nullable=False),
)

# Titles and affiliations a speaker was given, per article, with the article's date.
speaker_titles = Table(
    "speaker_titles",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("speaker_id", Integer, ForeignKey("speakers.id"), nullable=False, index=True),
    Column("article_pk", Integer, ForeignKey("articles.pk"), nullable=False, index=True),
    Column("title", Clipped(300)),
    Column("affiliation", Clipped(300)),
    Column("published", Clipped(40)),
)

entities = Table(
    "entities",
    metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("article_pk", Integer, ForeignKey("articles.pk"), nullable=False, index=True),
    Column("local_id", Clipped(50), nullable=False),
    Column("position", Integer, nullable=False),
    Column("name", Clipped(300), nullable=False),
    Column("type", Clipped(20)),
    Column("titles", Text, nullable=False, default="[]"),  # JSON list
    Column("affiliation", Clipped(300)),
    Column("country", Clipped(200)),
    Column("gender", Clipped(2)),
    Column("speaker_id", Integer, ForeignKey("speakers.id"), index=True),
    UniqueConstraint("article_pk", "local_id"),
)

mentions = Table(
    "mentions",
    metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("article_pk", Integer, ForeignKey("articles.pk"), nullable=False, index=True),
    Column("entity_local_id", Clipped(50)),
    Column("position", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
)

statements = Table(
    "statements",
    metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("article_pk", Integer, ForeignKey("articles.pk"), nullable=False, index=True),
    Column("position", Integer, nullable=False),
    *columns(STATEMENT_FIELDS),
    Column("speaker_id", Integer, ForeignKey("speakers.id"), index=True),
    # What SQLite's full-text index reads: the content with Russian words stemmed
    # (store.search.index_text); PostgreSQL stems in its own index and leaves it empty.
    Column("search_text", Text),
    UniqueConstraint("article_pk", "local_id"),
)

# The entities each statement's content speaks of (Statement.about), in order.
statement_about = Table(
    "statement_about",
    metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("statement_pk", Integer, ForeignKey("statements.pk"), nullable=False, index=True),
    Column("position", Integer, nullable=False),
    *columns(ABOUT_FIELDS),
    Index("ix_statement_about_name", "name"),
)

# Claims: one proposition that statements across articles assert or dispute (store.claims).
# The counts are kept as statements join, so lists of claims read no statements.
claims = Table(
    "claims",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    # The clearest wording among the earliest published statements asserting it (founder_pk).
    Column("label", Text, nullable=False),
    Column("founder_pk", Integer, ForeignKey("statements.pk")),
    # The proposition's polarity: negative only when every statement stating it is negative.
    Column("negated", Boolean, nullable=False, default=False, server_default="0"),
    Column("proposition", Text),  # JSON of model.Proposition, the label statement's, positive form
    Column("first_seen", Clipped(10), index=True),  # earliest publication day of its statements
    Column("last_seen", Clipped(10)),
    Column("statements", Integer, nullable=False, default=0, index=True),
    Column("articles", Integer, nullable=False, default=0, index=True),
    Column("outlets", Integer, nullable=False, default=0),
    Column("disputes", Integer, nullable=False, default=0, index=True),
    Column("created_at", Clipped(40), nullable=False),
)

# Each statement's nearest other statements by the primary encoder (store.claim_assignment):
# two statements are a candidate pair when either is in the other's list.
statement_neighbours = Table(
    "statement_neighbours",
    metadata,
    Column("pk", Integer, ForeignKey("statements.pk"), primary_key=True),
    Column("other_pk", Integer, ForeignKey("statements.pk"), primary_key=True, index=True),
    Column("cosine", Float, nullable=False),
)

# Each statement's wording (claims.features.wording): statements of one wording are one node of
# the claims graph.
statement_wordings = Table(
    "statement_wordings",
    metadata,
    Column("pk", Integer, ForeignKey("statements.pk"), primary_key=True),
    Column("wording", Clipped(32), nullable=False, index=True),
)

# Candidate pairs of statements with their learned probability of sharing a claim
# (claims.models): the graph claims are clustered over (claims.cluster). a_pk < b_pk.
claim_edges = Table(
    "claim_edges",
    metadata,
    Column("a_pk", Integer, ForeignKey("statements.pk"), primary_key=True),
    Column("b_pk", Integer, ForeignKey("statements.pk"), primary_key=True, index=True),
    Column("p", Float, nullable=False),
)

# Claims with the same frame and conflicting values ("27 died" / "61 died"): a_id < b_id.
claim_links = Table(
    "claim_links",
    metadata,
    Column("a_id", Integer, ForeignKey("claims.id"), primary_key=True),
    Column("b_id", Integer, ForeignKey("claims.id"), primary_key=True, index=True),
    Column("kind", Clipped(20), nullable=False, default="competing"),
)

# One sentence-encoder vector per statement (float16 bytes), for finding candidate claims.
# ``seq`` orders them as the claims assigner (one at a time) wrote them: the in-process index
# is topped up with the rows past the last ``seq`` it holds.
statement_vectors = Table(
    "statement_vectors",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("statement_pk", Integer, ForeignKey("statements.pk"), nullable=False),
    Column("model", Clipped(60), nullable=False),
    Column("vector", LargeBinary, nullable=False),
    UniqueConstraint("statement_pk", "model"),
)

# A fact-checker's corrections (store.edits), keyed by the statement's permalink (its
# article's id and its id in the article), which re-ingesting the same article keeps.
# (Migration 10.) A statement moved by hand to a claim stays there through reclustering
# (or goes with that claim's statements to its successor):
statement_pins = Table(
    "statement_pins",
    metadata,
    Column("article_id", Clipped(200), primary_key=True),
    Column("local_id", Clipped(50), primary_key=True),
    Column("claim_id", Integer, nullable=False, index=True),
    Column("made_at", Clipped(40), nullable=False),
)

# A statement's stance on its claim set by hand: it wins over the computed one.
stance_corrections = Table(
    "stance_corrections",
    metadata,
    Column("article_id", Clipped(200), primary_key=True),
    Column("local_id", Clipped(50), primary_key=True),
    Column("stance", Clipped(20), nullable=False),
    Column("made_at", Clipped(40), nullable=False),
)

# A fact-checker's verdict on a claim (claims.review.Verdict), the latest one; the audit
# log keeps those it replaced.
claim_verdicts = Table(
    "claim_verdicts",
    metadata,
    Column("claim_id", Integer, primary_key=True),
    Column("rating", Clipped(200), nullable=False),
    Column("rating_value", Float),
    Column("best_rating", Float),
    Column("worst_rating", Float),
    Column("note", Text),
    Column("sources", Text, nullable=False, default="[]"),  # JSON list of URLs
    Column("checked", Clipped(10), nullable=False),
    Column("reviewer", Clipped(300)),
    Column("made_at", Clipped(40), nullable=False),
)

# Every hand edit (speaker merge or split, statement move, stance, verdict), in order: what
# it changed, from what to what (JSON), and who says they made it.
edits = Table(
    "edits",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("made_at", Clipped(40), nullable=False),
    Column("kind", Clipped(20), nullable=False, index=True),
    Column("target", Clipped(300), nullable=False),
    Column("before", Text),
    Column("after", Text),
    Column("editor", Clipped(200)),
)

loaded_spans = Table(
    "loaded_spans",
    metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("article_pk", Integer, ForeignKey("articles.pk"), nullable=False, index=True),
    Column("position", Integer, nullable=False),
    *columns(LOADED_FIELDS),
)

# Articles that could not be read or analysed; one row per (source, record), so a
# rerun updates the row instead of adding another.
failures = Table(
    "failures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("source", Text, nullable=False),
    Column("record", Clipped(100), nullable=False, default=""),
    Column("error", Text, nullable=False),
    Column("at", Clipped(40), nullable=False),
    UniqueConstraint("source", "record"),
)

Index("ix_statements_article_position", statements.c.article_pk, statements.c.position)

# Migration 6: indexes for the pages' queries on a store of millions of statements
# (docs/scale.md, "A large store"). One speaker's statements, counted and grouped per
# article, and their claims (the claims list by speaker), without reading the table:
Index("ix_statements_speaker_article", statements.c.speaker_id, statements.c.article_pk,
      statements.c.claim_id)
# Statements counted by article with their kind, class, speaker and claim (outlets, facets,
# the outlet's speakers, claims by outlet or date) from the index alone, never reading the
# rows with their text:
Index("ix_statements_article_counts", statements.c.article_pk, statements.c.kind, statements.c.cue_class,
      statements.c.speaker_id, statements.c.claim_id)
# Newest first (published_date DESC NULLS LAST, pk) read in index order, so a page of the
# newest statements reads a page of rows. SQLite sorts NULL first, so its DESC order puts
# them last already (and it has no NULLS LAST in an index).
Index("ix_articles_newest_pg", articles.c.published_date.desc().nulls_last(), articles.c.pk).ddl_if(
    dialect="postgresql"
)
Index("ix_articles_newest", articles.c.published_date.desc(), articles.c.pk).ddl_if(dialect="sqlite")
# A statement's article's outlet and date by its key, from a small index instead of the
# article's row with its whole text (every count by outlet or date joins statements to it).
Index("ix_articles_pk_outlet_date", articles.c.pk, articles.c.outlet, articles.c.published_date)
# A speaker's distinct titles and affiliations (the speakers list) from the index alone: the
# most quoted are titled in tens of thousands of articles.
Index("ix_speaker_titles_speaker_title", speaker_titles.c.speaker_id, speaker_titles.c.title,
      speaker_titles.c.affiliation, speaker_titles.c.id)
# Outlet names match ignoring case (store.queries.outlet_is).
Index("ix_articles_outlet_lower", func.lower(articles.c.outlet))
# The claims list's orders.
Index("ix_claims_widespread", claims.c.articles.desc(), claims.c.statements.desc(), claims.c.first_seen,
      claims.c.id)
Index("ix_claims_contested", claims.c.disputes.desc(), claims.c.articles.desc(), claims.c.id)
Index("ix_claims_newest_pg", claims.c.last_seen.desc().nulls_last(), claims.c.id.desc()).ddl_if(
    dialect="postgresql"
)
Index("ix_claims_newest", claims.c.last_seen.desc(), claims.c.id.desc()).ddl_if(dialect="sqlite")
