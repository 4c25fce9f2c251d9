#!/usr/bin/env python
"""Kill -9 campaign: ingests killed at seeded random points, rerun, compared with a reference.

Each round ingests the same generated corpus (tests/corpus_templates.py, JSONL) into a
fresh database, SIGKILLs the ingest's process group (the parent and its workers) one to
three times at seeded random points (after a random number of articles is committed, plus
a random delay; 0 articles kills it while it opens and migrates the store; a round whose
points all came after the ingest ended starts over and kills early), then reruns
the same command to the end and compares the store with a reference ingest done in one go
(tests/store_snapshot.py): articles with every column, the statements of each article,
speakers with every field, aliases and titles. It prints one row per (database, runner):

    rounds  kills  ended first  lost  duplicated  mismatched  speakers (other)  speakers (filled later)

("ended first": kill points the ingest had already finished by; they kill nothing.)

"speakers (filled later)" counts speaker rows that differ from the reference only in the
fields a later article fills in (type, country): the alias-cache fault 3 of issue 13,
fixed by the speaker-identity work; it is reported apart, never hidden.

    .venv/bin/python scripts/killtest.py --rounds 100 --backends sqlite,postgresql
    .venv/bin/python scripts/killtest.py --rounds 4 --runners jobs1 --articles 16

On a large store, where the claims index is an HNSW index cached beside the database
(``claims.index.HNSW_FROM`` stored vectors and more): ``--base`` names a SQLite store built
beforehand, each round ingests on top of a copy of it (with its cached index, renamed to
the copy), and the comparison covers the base's rows too:

    .venv/bin/python scripts/synthetic_store.py --db /tmp/base.db --statements 52000 \
        --articles 5200 --speakers 1000 --outlets 20 --vectors encoded
    .venv/bin/python scripts/killtest.py --base /tmp/base.db --backends sqlite --rounds 200

Each round's copy starts with the base's cache as it is, or (``--caches kept,missing,foreign``)
without it, or with the metadata of another store's cache (the index must then be rebuilt,
never reused: minutes at 50,000 vectors on a busy machine). Before
every run of the ingest the script asks the claims code whether the cache on disk will be
reused, and when it will, checks that the index holds exactly the stored vectors its
metadata says (``index wrong`` otherwise, a failure); after the last run, a cache that is
not reusable is counted (``cache left stale``: the next run rebuilds it, slower, not wrong).

Ingests run as forked children of this process, which loads the pipeline once (a fresh
``claimgraph`` process per run would spend most of each round loading spaCy); ``--exec``
runs the real command line instead.

Adding a stage: a new way to run the ingest (Dask workers, say) is one more ``Runner`` in
``RUNNERS`` (its command-line arguments); a new table is compared by store_snapshot.py with
no change here, as long as it points at articles or speakers through ``article_pk``/
``speaker_id``. Claims are compared as a partition of the statements: "unclaimed" (a
statement the rerun left without a claim) is a failure; "claims differing" is reported
(claims are founded in the order statements are stored, which ``--jobs 2`` varies).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from corpus_templates import jsonl_line, make_corpus  # noqa: E402
from store_snapshot import Difference, Snapshot, compare, snapshot  # noqa: E402

from claimgraph.store import Store  # noqa: E402

POLL = 0.02  # seconds between looks at the article count


@dataclass(frozen=True)
class Runner:
    """One way of running an ingest: the command-line arguments after ``ingest SOURCE``."""

    name: str
    args: tuple[str, ...]


RUNNERS: dict[str, Runner] = {
    "jobs1": Runner("jobs1", ("--jobs", "1")),
    "jobs2": Runner("jobs2", ("--jobs", "2")),
    "dask": Runner("dask", ("--dask", "local:2")),  # a LocalCluster: the kill takes its workers too
}


@dataclass
class Tally:
    rounds: int = 0
    kills: int = 0
    finished_early: int = 0  # kills that came after the ingest had finished
    seconds: float = 0.0
    diff: Difference = field(default_factory=Difference)
    # The cached claims index, with --base: runs that found it reusable or had to rebuild it,
    # reused indexes that did not hold the stored vectors, caches left unusable at the end.
    index_reused: int = 0
    index_rebuilt: int = 0
    index_wrong: int = 0
    cache_left_stale: int = 0

    def add(self, diff: Difference) -> None:
        for name in ("lost", "duplicated", "mismatched", "speakers_mismatched", "speakers_filled_later",
                     "claims_mismatched", "unclaimed"):
            setattr(self.diff, name, getattr(self.diff, name) + getattr(diff, name))
        self.diff.examples += diff.examples[:3]


# -- databases ----------------------------------------------------------------------


CACHE_STATES = ("kept", "missing", "foreign")  # what a round's copy of the base's index cache is


class Databases:
    """Fresh databases per round: SQLite files in a folder, or PostgreSQL databases; with
    ``base``, copies of that SQLite store and of its cached claims index."""

    def __init__(self, backend: str, folder: Path, base: Path | None = None,
                 caches: tuple[str, ...] = ("kept",)) -> None:
        self.backend, self.folder, self.count = backend, folder, 0
        self.server = None
        self.base, self.caches = base, caches
        self.base_articles = 0
        if base is not None:
            if backend != "sqlite":
                raise SystemExit("killtest: --base is a SQLite store: use --backends sqlite")
            self.base_articles = cache_base(base)
        if backend == "postgresql":
            import pg_server

            self.server, reason = pg_server.shared()
            if self.server is None:
                raise SystemExit(f"killtest: PostgreSQL not available: {reason}")

    def fresh(self, cache: str = "kept") -> str:
        """A new database; with a base, a copy of it whose index cache is ``cache``: "kept"
        (the base's, as it is), "missing", or "foreign" (metadata naming another store)."""
        self.count += 1
        if self.server is None:
            db = self.folder / f"round{self.count}.db"
            if self.base is not None:
                shutil.copyfile(self.base, db)
                if cache != "missing":
                    index, meta = index_files(str(self.base))
                    copy_index, copy_meta = index_files(str(db))
                    shutil.copyfile(index, copy_index)
                    saved = json.loads(meta.read_text(encoding="utf-8"))
                    if cache == "foreign":
                        saved["store"] = "another-store"
                    copy_meta.write_text(json.dumps(saved), encoding="utf-8")
            return str(db)
        return self.server.create_database()

    def drop(self, url: str) -> None:
        if self.server is None:
            for suffix in ("", "-wal", "-shm"):
                Path(url + suffix).unlink(missing_ok=True)
            for path in Path(url).parent.glob(Path(url).name + ".*"):
                path.unlink(missing_ok=True)  # the cached index, its metadata, temporaries
            return
        import psycopg

        admin = self.server.admin_url.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')


# -- the cached claims index ------------------------------------------------------------


def index_files(db: str) -> tuple[Path, Path]:
    """The claims index a SQLite store caches beside itself, and its metadata."""
    from claimgraph.claims.models import shipped_model
    from claimgraph.store.claim_assignment import cache_path

    path = cache_path(f"sqlite:///{db}", db, None, shipped_model().encoders[0])
    assert path is not None
    return path, path.with_suffix(".json")


def cache_base(base: Path) -> int:
    """Build the base store's index cache when it has none (its claims are all assigned, so
    no ingest would); returns the base's article count."""
    from sqlalchemy import func, select

    from claimgraph.claims.index import HNSW_FROM
    from claimgraph.claims.models import shipped_model
    from claimgraph.store import schema
    from claimgraph.store.claim_assignment import new_cache

    if not base.exists():
        raise SystemExit(f"killtest: {base}: no such store (build it with scripts/synthetic_store.py)")
    index, meta = index_files(str(base))
    with Store.open(str(base)) as store, store.engine.connect() as conn:
        vectors = int(conn.execute(select(func.count()).select_from(schema.statement_vectors)
                                   .where(schema.statement_vectors.c.model == _index_model())).scalar() or 0)
        if vectors < HNSW_FROM:
            raise SystemExit(f"killtest: {base} has {vectors:,} vectors of the index's encoder; the cached "
                             f"index starts at {HNSW_FROM:,} (synthetic_store.py --vectors encoded)")
        if not (index.exists() and meta.exists()):
            cache = new_cache(shipped_model().encoders[0], index)
            cache.top_up(conn)
            cache.save()
        articles = int(conn.execute(select(func.count()).select_from(schema.articles)).scalar() or 0)
    with sqlite3.connect(base) as plain:
        plain.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the copies are of the file alone
    return articles


def _index_model() -> str:
    from claimgraph.claims.encoder import ENCODERS
    from claimgraph.claims.models import shipped_model

    return ENCODERS[shipped_model().encoders[0]].name


def index_check(db: str) -> tuple[bool, str | None]:
    """Whether the next run reuses the cached index (the claims code's own test of it), and
    when it does, what is wrong with it: its keys must be exactly the statements whose vectors
    are stored up to the sequence number its metadata names."""
    import numpy as np
    from sqlalchemy import select

    from claimgraph.claims.models import shipped_model
    from claimgraph.store import schema
    from claimgraph.store.claim_assignment import new_cache

    V = schema.statement_vectors
    index_path, _ = index_files(db)
    cache = new_cache(shipped_model().encoders[0], index_path)
    with Store.open(db) as store, store.engine.connect() as conn:
        cache.identity = str(conn.execute(select(schema.store_identity.c.identity)).scalar() or "")
        saved = cache._saved(conn)
        if saved is None:
            return False, None
        index, through = saved
        stored = set(conn.execute(select(V.c.statement_pk).where(V.c.seq <= through,
                                                                 V.c.model == cache.encoder.name)).scalars())
    held = {int(k) for k in np.asarray(index._index.keys)}
    if held != stored:
        return True, (f"reused index holds {len(held - stored)} keys not stored and misses "
                      f"{len(stored - held)} of the vectors up to seq {through}")
    return True, None


def note_index(db: str, tally: Tally, problems: list[str]) -> None:
    reused, problem = index_check(db)
    if reused:
        tally.index_reused += 1
    else:
        tally.index_rebuilt += 1
    if problem:
        tally.index_wrong += 1
        problems.append(problem)


# -- running an ingest --------------------------------------------------------------


def _tail(log: Path, lines: int = 25) -> str:
    """The end of an ingest's log (the folder it is in is removed when the campaign ends)."""
    try:
        return "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def start_ingest(argv: list[str], log: Path, exec_cli: bool) -> int:
    """Start ``claimgraph ARGV`` in its own process group; returns its pid (= group id)."""
    if exec_cli:
        with log.open("ab") as out:
            proc = subprocess.Popen([sys.executable, "-m", "claimgraph.cli", *argv], stdout=out,
                                    stderr=out, start_new_session=True, cwd=log.parent)
        return proc.pid
    pid = os.fork()
    if pid == 0:  # the child: a new session, output to the log, never back into this script
        code = 70
        try:
            os.setsid()
            fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
            os.dup2(fd, 1)
            os.dup2(fd, 2)
            from claimgraph.cli import main

            code = main(argv)
        except BaseException:  # noqa: BLE001 - the exit status says it
            import traceback

            traceback.print_exc()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    return pid


def _articles(engine) -> int:  # type: ignore[no-untyped-def]
    from sqlalchemy import text
    from sqlalchemy.exc import SQLAlchemyError

    try:
        with engine.connect() as conn:
            return int(conn.execute(text("SELECT count(*) FROM articles")).scalar() or 0)
    except SQLAlchemyError:
        return 0  # not created yet


def _wait(pid: int, block: bool) -> int | None:
    done, status = os.waitpid(pid, 0 if block else os.WNOHANG)
    return os.waitstatus_to_exitcode(status) if done else None


def kill_at(pid: int, engine, after_articles: int, delay: float) -> bool:  # type: ignore[no-untyped-def]
    """SIGKILL the group once ``after_articles`` are stored and ``delay`` has passed;
    False when the ingest finished first."""
    deadline = time.monotonic() + 600
    while _articles(engine) < after_articles and time.monotonic() < deadline:
        if _wait(pid, block=False) is not None:
            return False
        time.sleep(POLL)
    time.sleep(delay)
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    code = _wait(pid, block=True)
    return code is not None and code < 0


def run_round(
    number: int, seed: int, corpus: Path, n_articles: int, runner: Runner, databases: Databases,
    reference: Snapshot, chunk: int, exec_cli: bool, tally: Tally,
) -> Difference:
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    from claimgraph.store.store import database_url

    rng = random.Random(f"{seed}-{runner.name}-{databases.backend}-{number}")
    cache = rng.choice(databases.caches)
    db = databases.fresh(cache)
    base = databases.base_articles
    problems: list[str] = []

    def start(argv: list[str]) -> int:
        if databases.base is not None:
            note_index(argv[3], tally, problems)
        return start_ingest(argv, log, exec_cli)
    argv = ["ingest", str(corpus), "--db", db, "--chunk", str(chunk), "--quiet", *runner.args]
    log = corpus.parent / "ingest.log"
    engine = create_engine(database_url(db), poolclass=NullPool)
    started = time.perf_counter()
    try:
        # Up to two chunks before the end: later points mostly come after the ingest ended.
        points = [(rng.randrange(0, max(1, n_articles - 2 * chunk)), rng.uniform(0, 0.25))
                  for _ in range(rng.randint(1, 3))]
        killed = False
        for after, delay in points:
            if kill_at(start(argv), engine, base + after, delay):
                tally.kills += 1
                killed = True
            else:
                tally.finished_early += 1
        if not killed:
            # Every point came after the end: start again on an empty store and kill early,
            # so that every round has a kill to recover from.
            engine.dispose()
            databases.drop(db)
            db = databases.fresh(cache)
            argv[3] = db
            engine = create_engine(database_url(db), poolclass=NullPool)
            if kill_at(start(argv), engine, base, rng.uniform(0, 0.02)):
                tally.kills += 1
        final = _wait(start(argv), block=True)
        if final != 0:
            raise SystemExit(f"killtest: the rerun exited with {final}; its log ends:\n{_tail(log)}")
        if databases.base is not None:
            reusable, problem = index_check(db)
            tally.cache_left_stale += not reusable
            if problem:
                tally.index_wrong += 1
                problems.append(problem)
        with Store.open(db) as store:
            diff = compare(snapshot(store), reference)
        diff.examples[:0] = problems
    finally:
        engine.dispose()
        databases.drop(db)
    tally.seconds += time.perf_counter() - started
    tally.rounds += 1
    return diff


def reference_of(corpus: Path, databases: Databases, chunk: int, exec_cli: bool) -> Snapshot:
    db = databases.fresh()
    log = corpus.parent / "ingest.log"
    code = _wait(start_ingest(["ingest", str(corpus), "--db", db, "--chunk", str(chunk), "--quiet"], log,
                              exec_cli), block=True)
    if code != 0:
        raise SystemExit(f"killtest: the reference ingest exited with {code}; its log ends:\n{_tail(log)}")
    with Store.open(db) as store:
        snap = snapshot(store)
    databases.drop(db)
    return snap


# A speaker named first without a nationality, then with one: the second article fills in
# the country, unless the alias cache of the same process answers first (fault 3).
FILLED_LATER_PAIR = (
    "Tomas Berg said on Monday that the port would reopen next week.",
    "Norwegian Prime Minister Tomas Berg said on Tuesday that the port had reopened.",
)


def corpus_text(articles: int, seed: int) -> str:
    """JSONL of ``articles`` generated articles, with the pair above split across the run."""
    lines = [jsonl_line(spec) for spec in make_corpus(articles, seed=seed)]
    first, second = (json.dumps({"id": f"berg-{n}", "text": t}) for n, t in enumerate(FILLED_LATER_PAIR))
    lines.insert(1, first)
    lines.insert(len(lines) * 2 // 3, second)
    return "".join(line + "\n" for line in lines)


def campaign(
    rounds: int, backends: list[str], runners: list[Runner], articles: int = 24, chunk: int = 2,
    seed: int = 13, exec_cli: bool = False, report: Callable[[str], None] = print,
    base: Path | None = None, progress_every: int = 0, caches: tuple[str, ...] = ("kept",),
) -> dict[tuple[str, str], Tally]:
    """``rounds`` rounds per database, shared out among the runners in turn; with ``base``,
    each on top of a copy of that store."""
    if not exec_cli:
        from claimgraph.pipeline import load_pipeline

        load_pipeline()  # once, here: every forked ingest starts with it loaded
    tallies: dict[tuple[str, str], Tally] = {}
    with tempfile.TemporaryDirectory(prefix="claimgraph-kill-") as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        corpus.write_text(corpus_text(articles, seed), encoding="utf-8")
        for backend in backends:
            databases = Databases(backend, Path(tmp), base, caches)
            reference = reference_of(corpus, databases, chunk, exec_cli)
            if base is not None:
                # Claims over an HNSW index are approximate: how far two uninterrupted ingests
                # already differ is the yardstick for "claims differing" after kills.
                control = compare(reference_of(corpus, databases, chunk, exec_cli), reference)
                report(f"{backend}: two uninterrupted ingests on copies of the base differ in "
                       f"{control.claims_mismatched} claims (lost {control.lost}, duplicated "
                       f"{control.duplicated}, mismatched {control.mismatched})")
            for number in range(rounds):
                runner = runners[number % len(runners)]
                tally = tallies.setdefault((backend, runner.name), Tally())
                diff = run_round(number, seed, corpus, articles + 2, runner, databases, reference, chunk,
                                 exec_cli, tally)
                tally.add(diff)
                if not diff.clean or diff.examples:
                    report(f"round {number} ({backend}, {runner.name}): {diff.examples[:3]}")
                if progress_every and (number + 1) % progress_every == 0:
                    report(f"[{time.strftime('%H:%M:%S')}] {number + 1} rounds\n{table(tallies)}")
    return tallies


def table(tallies: dict[tuple[str, str], Tally]) -> str:
    head = ("database", "runner", "rounds", "kills", "ended first", "lost", "duplicated", "mismatched",
            "speakers (other)", "speakers (filled later)", "claims differing", "unclaimed", "index reused",
            "index rebuilt", "index wrong", "cache left stale", "s/round")
    rows = [head]
    for (backend, runner), t in tallies.items():
        d = t.diff
        rows.append((backend, runner, str(t.rounds), str(t.kills), str(t.finished_early), str(d.lost),
                     str(d.duplicated),
                     str(d.mismatched), str(d.speakers_mismatched), str(d.speakers_filled_later),
                     str(d.claims_mismatched), str(d.unclaimed), str(t.index_reused), str(t.index_rebuilt),
                     str(t.index_wrong), str(t.cache_left_stale),
                     f"{t.seconds / max(t.rounds, 1):.1f}"))
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10, help="rounds per database")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--runners", default=",".join(RUNNERS), help=f"of {', '.join(RUNNERS)}")
    parser.add_argument("--articles", type=int, default=24)
    parser.add_argument("--chunk", type=int, default=2, help="ingest --chunk (articles per transaction)")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--exec", action="store_true", help="run the real claimgraph command each time")
    parser.add_argument("--base", type=Path, default=None,
                        help="a SQLite store each round ingests on top of (a copy), its claims index cached")
    parser.add_argument("--caches", default="kept",
                        help=f"with --base, what each round's copy of the index cache is, drawn from: "
                        f"{', '.join(CACHE_STATES)} (missing and foreign ones are rebuilt: minutes each)")
    parser.add_argument("--progress", type=int, default=0, help="print the table every N rounds")
    args = parser.parse_args()
    started = time.perf_counter()
    tallies = campaign(args.rounds, args.backends.split(","), [RUNNERS[r] for r in args.runners.split(",")],
                       args.articles, args.chunk, args.seed, args.exec, base=args.base,
                       progress_every=args.progress, caches=tuple(args.caches.split(",")))
    print(table(tallies))
    print(f"{sum(t.rounds for t in tallies.values())} rounds in {time.perf_counter() - started:.0f} s "
          f"({args.articles} articles, --chunk {args.chunk}, seed {args.seed}"
          + (f", on a copy of {args.base}" if args.base else "") + ")")
    bad = any(t.diff.lost or t.diff.duplicated or t.diff.mismatched or t.diff.speakers_mismatched
              or t.diff.unclaimed or t.index_wrong
              for t in tallies.values())
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
