"""Two ingests of overlapping inputs into one store at the same time, on SQLite and
PostgreSQL: nothing lost, nothing stored twice, no "database is locked".

Each ingest is a forked process running the real ``ingest`` (readers, pipeline, store),
started together; the overlap is read by both in the same stretch of time, in opposite
orders, so both try to store the same articles and speakers at once.
"""

from __future__ import annotations

import multiprocessing
import queue

import pg_server
import pytest
from corpus_templates import jsonl_line, make_corpus
from store_snapshot import snapshot

from claimgraph.corpus import ingest
from claimgraph.options import AnalysisOptions
from claimgraph.store import Store

SPECS = make_corpus(24, seed=977)
FIRST, SECOND = SPECS[:16], list(reversed(SPECS[8:]))  # 8 articles in both


def _ingest(db: str, path: str, start, results) -> None:  # type: ignore[no-untyped-def]
    start.wait(60)
    try:
        with Store.open(db) as store:
            report = ingest([path], store, AnalysisOptions(batch_size=2))
        results.put((report.added, report.duplicates + report.skipped, report.failed, report.failures))
    except BaseException as err:  # noqa: BLE001 - reported to the test
        results.put(("error", repr(err), 0, []))


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_two_ingests_at_once_lose_and_double_nothing(backend, tmp_path, nlp):
    paths = [tmp_path / "first.jsonl", tmp_path / "second.jsonl"]
    for path, specs in zip(paths, (FIRST, SECOND), strict=True):
        path.write_text("".join(jsonl_line(spec) + "\n" for spec in specs), encoding="utf-8")
    db = pg_server.database(backend, tmp_path / "shared.db")
    Store.open(db).close()  # migrated before the race: the race is about the rows
    context = multiprocessing.get_context("fork")  # the children share the loaded pipeline
    start, results = context.Event(), context.Queue()
    children = [context.Process(target=_ingest, args=(db, str(p), start, results)) for p in paths]
    for child in children:
        child.start()
    start.set()
    outcomes = []
    for _ in children:
        try:
            outcomes.append(results.get(timeout=240))
        except queue.Empty:
            pytest.fail("an ingest did not finish")
    for child in children:
        child.join(30)
    assert all(o[0] != "error" for o in outcomes), outcomes
    assert all(o[2] == 0 for o in outcomes), outcomes  # no failures: no "database is locked"
    assert sum(o[0] for o in outcomes) == len(SPECS), outcomes  # each article stored once
    assert sum(o[1] for o in outcomes) == len(FIRST) + len(SECOND) - len(SPECS)
    reference = pg_server.database(backend, tmp_path / "reference.db")
    with Store.open(reference) as store:
        ingest([str(p) for p in paths], store, AnalysisOptions(batch_size=2))
    with Store.open(db) as shared, Store.open(reference) as alone:
        # Which input stored an article both hold depends on who came first.
        raced, serial = snapshot(shared, ("source", "record")), snapshot(alone, ("source", "record"))
    assert raced.articles == serial.articles  # same ids, texts and metadata, none twice
    assert raced.statements == serial.statements  # every statement of every article
    assert raced.unclaimed == serial.unclaimed == 0  # and each has its claim
    # One speaker row per person, with the same aliases; which article gave a speaker its
    # type or country first depends on the order articles came in, so those may differ.
    def people(snap):  # type: ignore[no-untyped-def]
        return sorted((dict(s)["key"], dict(s)["aliases"]) for s in snap.speakers)

    assert people(raced) == people(serial)


def test_a_refused_article_does_not_release_the_speaker_lock_for_the_rest_of_its_batch(monkeypatch):
    """Rolling back to a savepoint releases a PostgreSQL advisory lock taken inside it: the
    articles after a refused one must take the speaker lock again, or a concurrent writer
    could resolve the same person at the same time."""
    import psycopg
    from corpus_templates import analysis_of

    from claimgraph.store import Pending, locks, writer

    server, reason = pg_server.shared()
    if server is None:
        pytest.skip(f"PostgreSQL not available: {reason}")
    url = server.create_database()
    held: list[bool] = []
    with Store.open(url) as store, psycopg.connect(
        url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True
    ) as other:
        resolve = writer.resolve_speaker

        def watched(conn, name, ent):  # type: ignore[no-untyped-def]
            result = resolve(conn, name, ent)
            free = other.execute("SELECT pg_try_advisory_lock(%s)", (locks.SPEAKERS,)).fetchone()[0]
            if free:
                other.execute("SELECT pg_advisory_unlock(%s)", (locks.SPEAKERS,))
            held.append(not free)
            return result

        monkeypatch.setattr(writer, "resolve_speaker", watched)
        specs = make_corpus(3, seed=131)
        refused = analysis_of(specs[0])
        refused.entities[-1].mentions[-1].start = 2**70  # the database refuses it after its speakers
        results = store.write_batch([Pending(refused, source="in.jsonl", record="line 1"),
                                     *(Pending(analysis_of(s)) for s in specs[1:])])
    assert not isinstance(results[0], tuple) and all(isinstance(r, tuple) for r in results[1:])
    assert held and all(held), held  # every resolution, before and after the refused one
