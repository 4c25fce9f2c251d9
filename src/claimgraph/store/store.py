"""The corpus store: one class over SQLite (embedded default) or PostgreSQL."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import (
    ArgumentError,
    DataError,
    DBAPIError,
    IntegrityError,
    InterfaceError,
    NoSuchModuleError,
    ProgrammingError,
    SQLAlchemyError,
    StatementError,
)
from sqlalchemy.pool import StaticPool

from claimgraph.claims.review import Verdict
from claimgraph.errors import ClaimgraphError, InputError, StoreError
from claimgraph.model import Analysis, Article, Failed
from claimgraph.readers.items import record_name
from claimgraph.store import claims as claim_store
from claimgraph.store import compare, edits, fields, queries, report
from claimgraph.store import speakers as identity
from claimgraph.store.migrations import migrate

if TYPE_CHECKING:
    from claimgraph.claims.models import PairModel
    from claimgraph.store.claim_assignment import VectorCache
from claimgraph.store.writer import (
    check_storable,
    clear_failure,
    content_hash,
    insert_analysis,
    record_copy,
    record_failure,
    stored_id,
)

DEFAULT_PATH = "claimgraph.db"
WRITE_ATTEMPTS = 3


class WriteConflict(StoreError):
    """Another writer stored the same article or alias first (PostgreSQL, two ingests)."""


@dataclass
class Pending:
    """An analysed article waiting to be written (see :meth:`Store.write_batch`)."""

    analysis: Analysis
    content_hash: str | None = None
    source_hash: str | None = None
    source: str | None = None
    record: str | None = None


Written = tuple[str | None, bool] | Failed  # (article id, newly stored), or why it was not


def database_url(url: str | None) -> str:
    """A SQLAlchemy URL from what the user typed: None, a file path, or a URL."""
    if not url:
        url = os.environ.get("CLAIMGRAPH_DB") or DEFAULT_PATH
    if url == ":memory:":
        return "sqlite://"
    if "://" not in url:
        return "sqlite:///" + os.path.abspath(url)
    # psycopg 3 is the installed driver; plain postgresql:// would ask for psycopg2.
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def shown_url(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def _sqlite_setup(engine: Engine) -> None:
    """Real transactions in pysqlite (its default defers BEGIN) plus WAL, which keeps
    every committed batch after a kill -9 and lets readers run during an ingest."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA busy_timeout = 30000")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # Writers take the lock up front so two writers wait instead of deadlocking.
        mode = "BEGIN IMMEDIATE" if conn.get_execution_options().get("write") else "BEGIN"
        conn.exec_driver_sql(mode)


# SQLSTATE classes that blame the data of the row being written, not the database:
# data exception, integrity violation, program limit exceeded (a tsvector too long).
_DATA_SQLSTATES = ("22", "23", "54")


def _article_fault(err: BaseException, last_attempt: bool) -> bool:
    """Whether ``err``, raised while writing one article, is that article's own fault
    (its data), so it fails alone; else the database is in trouble and the batch stops."""
    if isinstance(err, IntegrityError) and not last_attempt:
        return False  # most likely a concurrent writer: the batch is retried first
    if isinstance(err, DBAPIError):
        sqlstate = getattr(err.orig, "sqlstate", None)
        if sqlstate:
            return sqlstate[:2] in _DATA_SQLSTATES
        # Raised by the driver before the server saw the row: the value cannot be sent.
        return isinstance(err, DataError | IntegrityError | ProgrammingError | InterfaceError)
    # Other SQLAlchemy errors are about the connection or transaction; plain Python errors
    # (a value the driver cannot encode, a malformed record) are the article's.
    return not isinstance(err, SQLAlchemyError) or isinstance(err, StatementError)


def _write_failure(item: Pending, err: BaseException) -> Failed:
    name = record_name(item.source or item.analysis.article.id or "<analysis>", item.record)
    reason = str(err) if isinstance(err, ClaimgraphError) else f"{name}: cannot store ({_first_line(err)})"
    return Failed(item.source or "", item.record, reason)


def _first_line(err: BaseException) -> str:
    orig = getattr(err, "orig", None) or err
    lines = [ln.strip() for ln in str(orig).splitlines() if ln.strip()]
    return lines[0] if lines else type(orig).__name__



class Store:
    """Articles, statements and speakers in one database (see docs/corpus.md)."""

    def __init__(self, engine: Engine, url: str) -> None:
        self.engine = engine
        self.url = url
        self._claims: VectorCache | None = None  # the claims' vector index, opened on first use

    @classmethod
    def open(cls, url: str | None = None, *, pool_size: int | None = None) -> Store:
        """Open (creating and migrating) the store; StoreError when it cannot.
        ``pool_size`` caps a PostgreSQL client's connections (one ingest worker needs one,
        plus one spare), so a cluster of N workers holds about 2N connections at most."""
        full = database_url(url)
        shown = shown_url(full)
        try:
            kwargs: dict[str, Any] = {}
            if full in ("sqlite://", "sqlite:///:memory:"):
                kwargs = {"poolclass": StaticPool, "connect_args": {"check_same_thread": False}}
            elif full.startswith("postgresql"):
                kwargs = {"connect_args": {"connect_timeout": 10}, "pool_pre_ping": True}
                if pool_size is not None:
                    kwargs.update(pool_size=pool_size, max_overflow=1)
            engine = create_engine(full, **kwargs)
        except (ArgumentError, NoSuchModuleError, ValueError, ImportError) as err:
            # ImportError: a known dialect whose driver is not installed (mysql://, ...).
            raise StoreError(f"{shown}: not a database URL I can use ({_first_line(err)}; "
                             "use a SQLite path or postgresql://)") from None
        if engine.dialect.name == "sqlite":
            path = engine.url.database
            if path and path != ":memory:" and not os.path.isdir(os.path.dirname(path) or "."):
                raise StoreError(f"{shown}: folder {os.path.dirname(path)} does not exist")
            _sqlite_setup(engine)
        elif engine.dialect.name != "postgresql":
            raise StoreError(f"{shown}: unsupported database (use a SQLite path or postgresql://)")
        store = cls(engine, full)
        try:
            with store.writing() as conn:
                migrate(conn)
        except StoreError:
            engine.dispose()
            raise
        return store

    # -- transactions -------------------------------------------------------

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        """One write transaction; database errors become StoreError."""
        try:
            with self.engine.connect().execution_options(write=True) as conn, conn.begin():
                yield conn
        except IntegrityError as err:
            raise WriteConflict(f"{shown_url(self.url)}: {_first_line(err)}") from None
        except (DBAPIError, SQLAlchemyError) as err:
            # Deadlock or serialisation failure between two writers: worth a retry.
            if getattr(getattr(err, "orig", None), "sqlstate", None) in ("40P01", "40001"):
                raise WriteConflict(f"{shown_url(self.url)}: {_first_line(err)}") from None
            raise StoreError(f"{shown_url(self.url)}: {_first_line(err)}") from None

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        try:
            with self.engine.connect() as conn, conn.begin():
                yield conn
        except (DBAPIError, SQLAlchemyError) as err:
            raise StoreError(f"{shown_url(self.url)}: {_first_line(err)}") from None

    # -- writing ------------------------------------------------------------

    def add_analysis(
        self,
        analysis: Analysis,
        content_hash: str | None = None,
        *,
        source_hash: str | None = None,
        source: str | None = None,
        record: str | None = None,
        claims: bool = True,
    ) -> str:
        """Store one article with its rows (idempotent by content hash) and, with ``claims``,
        give its statements their claims; returns its id. (``write_batch`` only writes: the
        corpus run assigns claims as chunks come in.) InputError when the article cannot be
        stored (a NUL or lone surrogate in a field)."""
        (result,) = self.write_batch([Pending(analysis, content_hash, source_hash, source, record)])
        if isinstance(result, Failed):
            raise InputError(result.error)
        if claims:
            self.assign_claims()
        return result[0] or ""

    def write_batch(self, items: Sequence[Pending | Failed]) -> list[Written]:
        """Write analysed and failed articles in ONE transaction, each article whole or
        not at all, so a killed ingest never leaves half an article. An article whose own
        data the database refuses is rolled back alone (a savepoint) and comes back as a
        :class:`Failed`, recorded in ``failures`` when it has a source: the rest of the
        batch is stored, and a rerun does not stop at the same place.
        Returns, per item, (article id or None, newly stored) or that Failed."""
        for attempt in range(1, WRITE_ATTEMPTS + 1):
            try:
                results = self._write(items, last_attempt=attempt == WRITE_ATTEMPTS)
            except WriteConflict:
                # A concurrent ingest committed one of these rows first; the retry
                # finds it stored and links to it instead.
                if attempt == WRITE_ATTEMPTS:
                    raise
                continue
            return results
        raise AssertionError("unreachable")

    def _write(self, items: Sequence[Pending | Failed], last_attempt: bool) -> list[Written]:
        results: list[Written] = []
        with self.writing() as conn:
            for item in items:
                if isinstance(item, Failed):
                    record_failure(conn, item.source, item.record, item.error)
                    results.append((None, False))
                    continue
                try:
                    with conn.begin_nested():
                        article_id, new = insert_analysis(
                            conn, item.analysis, item.content_hash, item.source_hash, item.source,
                            item.record,
                        )
                        if item.source:
                            clear_failure(conn, item.source, item.record)
                except Exception as err:  # noqa: BLE001 - sorted by _article_fault
                    if not _article_fault(err, last_attempt):
                        raise
                    failure = _write_failure(item, err)
                    if item.source:
                        record_failure(conn, item.source, item.record, failure.error)
                    results.append(failure)
                    continue
                results.append((article_id, new))
        return results

    # -- claims -----------------------------------------------------------------------------

    def assign_claims(
        self, model: PairModel | None = None, progress: Callable[[int], None] | None = None
    ) -> int:
        """Give every statement without a claim its claim (store.claim_assignment), a committed
        batch at a time; returns how many were assigned. ``model``: the pair model (default:
        the shipped one, ``claims.models``), whose first encoder the vector index holds."""
        # Imported here: numpy and the encoder are not loaded by commands that only read.
        from threadpoolctl import threadpool_limits

        from claimgraph.claims.models import shipped_model
        from claimgraph.store import claim_assignment as assignment

        model = model or shipped_model()
        encoder = model.encoders[0]
        if self._claims is None or self._claims.encoder_name != encoder:
            database = self.engine.url.database if self.engine.dialect.name == "sqlite" else None
            cache_dir = os.environ.get("CLAIMGRAPH_CACHE")
            path = assignment.cache_path(self.url, database, Path(cache_dir) if cache_dir else None, encoder)
            self._claims = assignment.new_cache(encoder, path)
        total = 0
        while True:
            try:
                # One BLAS thread: the decision multiplies thousands of small matrices, where
                # a thread pool's hand-offs cost many times the products (18x the CPU time
                # measured on 2 cores), and the analysis workers need the other cores.
                with self.writing() as conn, threadpool_limits(limits=1, user_api="blas"):
                    done = assignment.assign_batch(conn, self._claims, model)
            except BaseException:
                # The in-process index may hold vectors of the batch that was rolled back: a
                # retry starts from what the database holds.
                self._claims = None
                raise
            if not done:
                break
            total += done
            if progress:
                progress(total)
        self._claims.save()
        return total

    def pending_claims(self) -> int:
        """Statements stored without a claim yet (a run cut short, or a store from before claims)."""
        with self.reading() as conn:
            return claim_store.pending_count(conn)

    def claims(
        self, limit: int | None = 50, offset: int = 0, sort: str = "widespread",
        with_statements: bool = True, **filters: Any,
    ) -> list[dict[str, Any]]:
        with self.reading() as conn:
            return claim_store.claims(conn, limit=limit, offset=offset, sort=sort,
                                      with_statements=with_statements, **filters)

    def count_claims(self, **filters: Any) -> int:
        with self.reading() as conn:
            return claim_store.count_claims(conn, **filters)

    def claim(self, claim_id: str | int) -> dict[str, Any] | None:
        key = str(claim_id).lstrip("c")
        if not (key.isascii() and key.isdigit()) or not 0 < int(key) <= queries.MAX_ID:
            return None
        with self.reading() as conn:
            return claim_store.claim(conn, int(key))

    def record_failure(self, source: str, record: str | None, error: str) -> None:
        with self.writing() as conn:
            record_failure(conn, source, record, error)

    def merge_speakers(self, speaker_id: int, into: int, editor: str | None = None) -> int:
        """Hand merge, kept across later ingests and logged in the audit log; returns the id
        both now share. SpeakerNotFound (an InputError) for an id that does not exist."""
        with self.writing() as conn:
            dst = identity.merge_speakers(conn, speaker_id, into)
            edits.log_edit(conn, "speaker-merge", f"speaker {speaker_id}", {"speaker": speaker_id},
                           {"speaker": dst}, editor)
            return dst

    def split_speaker(self, speaker_id: int, alias: str, editor: str | None = None) -> int:
        """Hand split of one name off a speaker, kept across later ingests and logged; returns
        the new id."""
        with self.writing() as conn:
            new = identity.split_speaker(conn, speaker_id, alias)
            edits.log_edit(conn, "speaker-split", f"speaker {speaker_id}",
                           {"speaker": speaker_id, "name": alias}, {"speaker": new, "name": alias}, editor)
            return new

    # -- a fact-checker's corrections (store.corrections; kept across ingests and reclustering) --

    def move_statement(
        self, article_id: str, local_id: str, claim_id: int | None, editor: str | None = None,
        model: PairModel | None = None,
    ) -> int:
        """Move a statement to claim ``claim_id`` (None: a claim of its own) and pin it there;
        returns its claim's id. edits.NotFound for an unknown statement or claim."""
        from claimgraph.claims.models import shipped_model
        from claimgraph.store import corrections

        with self.writing() as conn:
            model = model or shipped_model()
            return corrections.move_statement(conn, article_id, local_id, claim_id, model, editor)

    def correct_stance(
        self, article_id: str, local_id: str, stance: str, editor: str | None = None
    ) -> dict[str, Any]:
        from claimgraph.store import corrections

        with self.writing() as conn:
            return corrections.correct_stance(conn, article_id, local_id, stance, editor)

    def record_verdict(self, claim_id: int, verdict: Verdict, editor: str | None = None) -> dict[str, Any]:
        from claimgraph.store import corrections

        with self.writing() as conn:
            return corrections.record_verdict(conn, claim_id, verdict, editor)

    def hand_marks(self, article_id: str, local_id: str) -> dict[str, bool]:
        """Whether the statement was moved (``moved``), and its stance set (``stance``), by hand."""
        with self.reading() as conn:
            return edits.marks_of(conn, article_id, local_id)

    def speaker_types(self, ids: set[int]) -> dict[int, str | None]:
        with self.reading() as conn:
            return claim_store.speaker_types(conn, ids)

    def verdicts(self) -> dict[int, dict[str, Any]]:
        """Every claim's verdict, by claim id."""
        with self.reading() as conn:
            return edits.verdicts(conn)

    def audit(self, limit: int | None = 50, offset: int = 0, kind: str | None = None) -> list[dict[str, Any]]:
        """The audit log of hand edits, newest first."""
        with self.reading() as conn:
            return edits.audit(conn, limit=limit, offset=offset, kind=kind)

    def count_audit(self, kind: str | None = None) -> int:
        with self.reading() as conn:
            return edits.count_audit(conn, kind=kind)

    # -- reading ------------------------------------------------------------

    def statements(
        self, limit: int | None = 50, offset: int = 0, sort: str = "newest", **filters: Any
    ) -> list[dict[str, Any]]:
        """Statements matching ``filters`` (those of ``queries.statement_filters``)."""
        with self.reading() as conn:
            return queries.statements(conn, limit=limit, offset=offset, sort=sort, **filters)

    def statement(self, article_id: str, local_id: str) -> dict[str, Any] | None:
        """One statement by its article's id and its id in the article ("s3")."""
        with self.reading() as conn:
            return queries.statement(conn, article_id, local_id)

    def iter_statements(self, page: int = 1000, **filters: Any) -> Iterator[dict[str, Any]]:
        """Every statement matching ``filters`` (those of :meth:`statements`), in the order
        stored, read in keyset pages of ``page``, each in its own transaction: memory and time
        per page stay the same however large the store."""
        after: int | None = None
        while True:
            with self.reading() as conn:
                found, after = queries.statements_after(conn, after, page, **filters)
            yield from found
            if len(found) < page:
                return

    def count_statements(self, **filters: Any) -> int:
        with self.reading() as conn:
            return queries.count_statements(conn, **filters)

    def speaker_fields(self, speaker_ids: Sequence[int] | None = None) -> list[fields.FieldRow]:
        """Every stored title, affiliation and country with the words that gave it (store.fields)."""
        with self.reading() as conn:
            return fields.speaker_fields(conn, speaker_ids)

    def speakers(
        self,
        outlet: str | None = None,
        search: str | None = None,
        limit: int | None = 50,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        with self.reading() as conn:
            return queries.speakers(conn, outlet=outlet, search=search, limit=limit, offset=offset)

    def speaker(self, speaker_id: int, limit: int | None = 100, offset: int = 0) -> dict[str, Any] | None:
        if not 0 < int(speaker_id) <= queries.MAX_ID:
            return None
        with self.reading() as conn:
            return queries.speaker(conn, int(speaker_id), limit=limit, offset=offset)

    def articles(
        self, outlet: str | None = None, limit: int | None = 50, offset: int = 0
    ) -> list[dict[str, Any]]:
        with self.reading() as conn:
            return queries.articles(conn, outlet=outlet, limit=limit, offset=offset)

    def article(self, article_id: str) -> dict[str, Any] | None:
        with self.reading() as conn:
            return queries.article(conn, article_id)

    def analyses(self, outlet: str | None = None) -> Iterator[Analysis]:
        """Rebuilt :class:`Analysis` objects, a page of articles per transaction."""
        with self.reading() as conn:
            pks = queries.article_pks(conn, outlet)
        page = 100
        for i in range(0, len(pks), page):
            with self.reading() as conn:
                batch = queries.load_analyses(conn, pks[i : i + page])
            yield from batch

    def outlet_report(self, outlet: str, max_articles: int = 2000) -> dict[str, Any] | None:
        """How ``outlet`` tells it (rhetoric.compare's report, counted in SQL: store.report)."""
        with self.reading() as conn:
            return report.outlet_report(conn, outlet, max_articles)

    def compare_side(self, **filters: Any) -> dict[str, Any]:
        """One side of a comparison (store.compare): voice, stances, cue classes (a
        ``GroupCounts``) and statements per claim of the statements matching ``filters``."""
        with self.reading() as conn:
            return {
                **compare.side_counts(conn, **filters),
                "cue_classes": compare.cue_classes(conn, **filters),
                "claims": compare.claim_counts(conn, **filters),
            }

    def claim_labels(self, ids: list[int]) -> dict[int, dict[str, Any]]:
        with self.reading() as conn:
            return compare.claim_labels(conn, ids)

    def outlets(
        self, limit: int | None = None, offset: int = 0, top: int = 5, name: str | None = None
    ) -> list[dict[str, Any]]:
        with self.reading() as conn:
            return queries.outlets(conn, top=top, limit=limit, offset=offset, name=name)

    # -- the web app's reads: totals, facets, timelines (store.queries, issue 12) ----------

    def id_of_text(self, text: str) -> str | None:
        """The id of the stored article with this text (whitespace aside), if any."""
        with self.reading() as conn:
            return stored_id(conn, content_hash(text))

    def add_copy(self, text: str, article: Article, source: str | None = None) -> bool:
        """Record ``article`` (its outlet, date, URL, title) as another carrier of the stored
        text ``text``: a syndicated copy. False when nothing was recorded (the text is not
        stored, or this outlet and URL are the stored article's or a known copy's)."""
        chash = content_hash(text)
        check_storable(Analysis(article=article, text=""), source or article.id or "<article>")
        with self.writing() as conn:
            if stored_id(conn, chash) is None:
                return False
            return record_copy(conn, chash, article, source, None)

    def count_speakers(self, outlet: str | None = None, search: str | None = None) -> int:
        with self.reading() as conn:
            return queries.count_speakers(conn, outlet=outlet, search=search)

    def count_articles(self, outlet: str | None = None) -> int:
        with self.reading() as conn:
            return queries.count_articles(conn, outlet=outlet)

    def outlet_names(self, limit: int = 500) -> list[str]:
        with self.reading() as conn:
            return queries.outlet_names(conn, limit=limit)

    def count_outlets(self) -> int:
        with self.reading() as conn:
            return queries.count_outlets(conn)

    def facets(self, top: int = 10, **filters: Any) -> dict[str, list[dict[str, Any]]]:
        with self.reading() as conn:
            return queries.facets(conn, top=top, **filters)

    def timeline(self, period: str = "month", by: str | None = None, **filters: Any) -> list[dict[str, Any]]:
        with self.reading() as conn:
            return queries.timeline(conn, period=period, by=by, **filters)

    def failures(self, limit: int | None = 100) -> list[dict[str, Any]]:
        with self.reading() as conn:
            return queries.failures(conn, limit=limit)

    def known_source_hashes(self, hashes: Sequence[str]) -> set[str]:
        with self.reading() as conn:
            return queries.known_source_hashes(conn, hashes)

    def overview(self) -> dict[str, Any]:
        with self.reading() as conn:
            return queries.overview(conn)

    def totals(self) -> dict[str, int]:
        with self.reading() as conn:
            return queries.totals(conn)

    def optimize(self) -> None:
        """Refresh the statistics the query planner reads (ANALYZE), after a large ingest:
        without them SQLite picks poor indexes on a large store (PostgreSQL's autovacuum
        keeps its own, this only brings them up to date sooner). A full ANALYZE: about 1 s
        per million statements on SQLite; a sampled one (``PRAGMA analysis_limit``) gave row
        counts three times too large and the planner read whole tables instead of indexes."""
        with self.writing() as conn:
            conn.exec_driver_sql("ANALYZE")

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
