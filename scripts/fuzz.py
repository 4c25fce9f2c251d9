#!/usr/bin/env python
"""Fuzz claimgraph for as long as asked: the properties of tests/properties.py (the same
functions the property tests run) over freshly drawn inputs, in rounds of a few hundred
hypothesis examples with a new seed each, until the time or the number of inputs is used.

    .venv/bin/python scripts/fuzz.py --seconds 3600            # all targets, in turn
    .venv/bin/python scripts/fuzz.py --examples 100000 --targets analyze
    .venv/bin/python scripts/fuzz.py --examples 10000 --targets store --postgresql

Targets: analyze (texts through the pipeline, JSON and the store), store (records built
by hand into the store), readers (mutated files of every format through the readers),
crawls (warcio-written WARCs, gzip member per record, pages past the decompression
window), feeds (live feeds whose entry links are other schemes or private addresses),
csv (cells that start like formulas), search (queries of up to 500 characters, with
--postgresql on PostgreSQL), web (the same queries through every search route of the app
over the fuzzed store: no 5xx, no CSV cell a formula), nested (one sentence of nested reports
of up to 20,000 characters, analysed and stored, and timed against news text of the same
length in the same run: a nested/plain ratio over NESTED_RATIO is a failure, as the cost
is meant to be linear). Any input whose check takes over SLOW_INPUT seconds is a failure
too (recorded, not shrunk).
Prints inputs tried and failures per target; a failure is printed with hypothesis's
shrunk falsifying example. Exit status 1 when anything failed.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

import properties  # noqa: E402
from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from hypothesis.strategies import SearchStrategy  # noqa: E402

from claimgraph.store import Store  # noqa: E402

ROUND = 300  # examples per hypothesis run: each run has its own random seed
NESTED_ROUND = 10  # nested texts take seconds each
NESTED_RATIO = 6.0  # nested/plain time; bench_nested.py measures 1.1 to 1.7 at 5k to 40k
NESTED_TIMED_FROM = 5_000  # characters
SLOW_INPUT = 300  # seconds one input may take (wall time: the machine may be shared and niced)


@dataclass
class Target:
    name: str
    strategy: SearchStrategy
    check: Callable[[object], object]
    round: int = ROUND
    tried: int = 0
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0
    worst: float = 0.0  # the largest figure a check returned (nested: the time ratio)


def plain_like(size: int, seed: int) -> str:
    """News-like text of about ``size`` characters: the baseline a nested text is timed against."""
    sentences = [f"{name} said that {content}."
                 for name in properties.NAMES[:8] for content in properties.CONTENTS]
    parts, length, i = [], 0, seed
    while length < size:
        part = sentences[i % len(sentences)]
        if i % 4 == 3:
            part += "\n\nThe meeting lasted four hours."
        parts.append(part)
        length += len(part) + 1
        i += 7
    return " ".join(parts)[:size]


def nested_cost(text: str, store: Store) -> float:
    """The nested property, then the time of this text over news text of its length."""
    from claimgraph.pipeline import analyze

    started = time.perf_counter()
    analysis = analyze(text)
    nested = time.perf_counter() - started
    started = time.perf_counter()
    analyze(plain_like(len(text), len(text)))
    plain = time.perf_counter() - started
    properties.check_nested(text, store, analysis)
    ratio = nested / max(plain, 1e-3)
    # Below a few thousand characters both times are hundredths of a second: noise, not cost.
    assert len(text) < NESTED_TIMED_FROM or ratio <= NESTED_RATIO, (
        f"nested/plain time {ratio:.1f} at {len(text):,} characters")
    return ratio


def make_targets(store: Store, folder: Path, db: str, nested_store: Store | None = None) -> dict[str, Target]:
    """``nested_store``: where the nested texts are stored (default ``store``). Apart, their
    thousands of long statements do not wait for claims in the store every other target's
    ``add_analysis`` assigns claims in."""
    client = None
    nested_into = nested_store or store

    def web(query: object) -> None:
        nonlocal client
        if client is None:  # the app over the same store, made on first use
            from fastapi.testclient import TestClient

            from claimgraph.app import create_app

            client = TestClient(create_app(db), raise_server_exceptions=False)
            logging.getLogger("httpx").setLevel(logging.WARNING)  # a line per request otherwise
            logging.getLogger("httpx2").setLevel(logging.WARNING)
        properties.check_web_search(str(query), client)

    return {
        "analyze": Target("analyze", properties.texts, lambda text: properties.check_analyze(text, store)),
        "store": Target("store", properties.built_analyses(),
                        lambda analysis: properties.check_store_keeps_or_refuses(analysis, store)),
        "readers": Target("readers", properties.mutated_files(),
                          lambda case: properties.check_reader(case[0], case[1], folder)),
        "crawls": Target("crawls", properties.warc_crawls(),
                         lambda crawl: properties.check_crawl(crawl[0], crawl[1], folder)),
        "feeds": Target("feeds", properties.feed_links(), properties.check_feed_links),
        "csv": Target("csv", st.lists(st.lists(properties.csv_values, min_size=1, max_size=6), min_size=1,
                                      max_size=6), properties.check_csv_cells),
        "search": Target("search", properties.search_terms,
                         lambda query: properties.check_search(query, store)),
        "web": Target("web", properties.search_terms, web, round=50),
        "nested": Target("nested", properties.nested_reports(),
                         lambda text: nested_cost(str(text), nested_into),
                         round=NESTED_ROUND),
    }


class SlowInput(BaseException):  # not an Exception: no handler in the checked code takes it
    """One input took longer than SLOW_INPUT seconds (a hang or a cost growing too fast)."""


def _too_slow(signum: int, frame: object) -> None:
    raise SlowInput


def describe(value: object) -> str:
    text = repr(value)
    return f"{type(value).__name__} of {len(value) if hasattr(value, '__len__') else '?'}: {text[:120]}"


def run_round(target: Target, examples: int) -> None:
    """One hypothesis run of ``examples`` inputs; a failure is shrunk, printed and kept."""

    @settings(max_examples=examples, deadline=None, database=None, derandomize=False,
              phases=(Phase.generate, Phase.shrink), suppress_health_check=list(HealthCheck))
    @given(value=target.strategy)
    def case(value: object) -> None:
        target.tried += 1
        signal.alarm(SLOW_INPUT)
        try:
            figure = target.check(value)
        except SlowInput:
            # Recorded, not raised: shrinking would run slow inputs again and again.
            summary = f"an input held the check over {SLOW_INPUT} s: {describe(value)}"
            target.failures.append(summary)
            print(f"FAILURE in {target.name}: {summary}", flush=True)
            traceback.print_exc()
            return
        finally:
            signal.alarm(0)
        if isinstance(figure, float):
            target.worst = max(target.worst, figure)

    started = time.perf_counter()
    try:
        case()
    except Exception as err:  # noqa: BLE001 - every failure is reported, the run goes on
        where = traceback.extract_tb(err.__traceback__)[-1]
        message = (str(err).strip().splitlines() or [""])[0]
        summary = f"{type(err).__name__} at {Path(where.filename).name}:{where.lineno} {message}".strip()
        target.failures.append(summary)
        print(f"FAILURE in {target.name}: {summary}", flush=True)
        traceback.print_exc()
    target.seconds += time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="stop after this long (all targets)")
    parser.add_argument("--examples", type=int, default=0, help="stop after this many inputs (all targets)")
    parser.add_argument("--targets", default="analyze,store,readers,crawls,feeds,csv,search,web,nested",
                        help="comma-separated")
    parser.add_argument("--db", default=None, help="store URL (default: a temporary SQLite file)")
    parser.add_argument("--postgresql", action="store_true",
                        help="store in a throwaway PostgreSQL server (tests/pg_server.py)")
    args = parser.parse_args()
    nested_db = ""
    if args.postgresql:
        import pg_server

        server, reason = pg_server.shared()
        if server is None:
            parser.error(f"PostgreSQL not available: {reason}")
        args.db = server.create_database()
        nested_db = server.create_database()

    from claimgraph.pipeline import load_pipeline

    signal.signal(signal.SIGALRM, _too_slow)
    load_pipeline()  # outside the timing
    from claimgraph.pipeline import analyze

    analyze(plain_like(2_000, 0))  # lazily loaded parts, outside the nested timings
    with tempfile.TemporaryDirectory(prefix="claimgraph-fuzz-") as tmp:
        db = args.db or str(Path(tmp) / "fuzz.db")
        store = Store.open(db)
        nested_store = Store.open(nested_db if args.postgresql else str(Path(tmp) / "nested.db"))
        targets = make_targets(store, Path(tmp), db, nested_store)
        chosen = [targets[name] for name in args.targets.split(",")]
        deadline = time.monotonic() + args.seconds
        rounds = 0
        while True:
            done = sum(t.tried for t in chosen) >= args.examples if args.examples else (
                time.monotonic() > deadline)
            if done:
                break
            target = chosen[rounds % len(chosen)]
            run_round(target, target.round)
            rounds += 1
            if rounds % len(chosen) == 0:
                line = ", ".join(f"{t.name} {t.tried:,} ({len(t.failures)} failed)" for t in chosen)
                print(f"[{time.strftime('%H:%M:%S')}] {line}", flush=True)
        store.close()
        nested_store.close()
    print("\ntarget    inputs tried   failures   inputs/s   worst")
    for t in chosen:
        rate = t.tried / t.seconds if t.seconds else 0.0
        worst = f"{t.worst:.2f}" if t.worst else ""
        print(f"{t.name:<9} {t.tried:>12,}   {len(t.failures):>8}   {rate:>8.1f}   {worst}")
    total = sum(t.tried for t in chosen)
    failed = sum(len(t.failures) for t in chosen)
    print(f"{'total':<9} {total:>12,}   {failed:>8}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
