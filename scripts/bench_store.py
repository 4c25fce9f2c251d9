"""Time the queries the web pages, the API and the CLI run, on a large store (docs/scale.md).

    .venv/bin/python scripts/synthetic_store.py --db /tmp/big.db          # once, ~2 minutes
    .venv/bin/python scripts/bench_store.py --db /tmp/big.db --db postgresql://postgres@127.0.0.1:5432/big
    .venv/bin/python scripts/bench_store.py --db postgres:start --statements 20000 --articles 2000 \\
        --speakers 400 --outlets 20        # a throwaway PostgreSQL, built with the generator

Each query goes through the real code: ``Store`` methods, ``api.services.Services`` and the
web pages through Starlette's TestClient. Rounds are interleaved (every query once per round)
so a burst of load from other jobs on the machine hits all queries alike; each query is
warmed once, then timed ``--repeat`` times (fewer when it is slow: ``--budget`` seconds per
query), and p50/p95 are printed per query and database. ``--export`` also exports every
statement to Parquet in a child process and prints its time and peak memory (ru_maxrss).
``postgres:start`` (with the generator's size options) starts a throwaway PostgreSQL server
like the tests do, builds the synthetic store in it, and stops it at the end.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimgraph.store import Store
from claimgraph.store.store import shown_url

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 300.0


@dataclass
class Query:
    name: str
    run: Callable[[], Any]
    times: list[float] = field(default_factory=list)

    def p(self, q: float) -> float:
        ordered = sorted(self.times)
        return ordered[max(0, math.ceil(q * len(ordered)) - 1)] * 1000


def queries(url: str) -> tuple[list[Query], Callable[[], None]]:
    """The page and API queries over the store at ``url``, with parameters picked from it
    (the most quoted speaker, a middling one, the largest outlet ...)."""
    from fastapi.testclient import TestClient

    from claimgraph.api.services import Services
    from claimgraph.app import create_app
    from claimgraph.web.pages import OUTLETS_PER_PAGE, PAGE_SIZE, SHARE_SPEAKERS

    store = Store.open(url)
    svc = Services(url)
    client = TestClient(create_app(url))
    client.__enter__()
    top = store.speakers(limit=1)[0]
    middle = store.speakers(limit=1, offset=1000)
    mid = middle[0] if middle else top
    outlets = store.outlet_names(limit=500)
    big_outlet, mid_outlet = outlets[0], outlets[len(outlets) // 2]
    words = common_and_rare(store)
    claims = store.claims(limit=1, with_statements=False)
    small_claim = store.claims(limit=1, sort="first", with_statements=False, search=words["rare"])
    article_id = store.articles(limit=1)[0]["id"]
    months = [m["value"] for m in store.facets(top=100)["month"]]
    month = months[len(months) // 2] if months else "2024-01"

    def both(a: Callable[[], Any], b: Callable[[], Any]) -> Callable[[], Any]:
        return lambda: (a(), b())

    def page(path: str, **params: Any) -> Callable[[], Any]:
        def get() -> Any:
            answer = client.get(path, params=params)
            if answer.status_code != 200:
                raise RuntimeError(f"{path} {params}: {answer.status_code}")
            return answer

        return get

    qs = [
        Query("speaker page data, top speaker (Store.speaker + 25 statements)",
              lambda: store.speaker(top["id"], limit=PAGE_SIZE)),
        Query("speaker timeline, top speaker (day x outlet)",
              lambda: store.timeline(period="day", by="outlet", speaker=top["id"])),
        Query("speaker page data, 1000th speaker", lambda: store.speaker(mid["id"], limit=PAGE_SIZE)),
        Query("speakers list (count + first page)",
              both(store.count_speakers, lambda: store.speakers(limit=PAGE_SIZE))),
        Query("speakers list, page 40", lambda: store.speakers(limit=PAGE_SIZE, offset=39 * PAGE_SIZE)),
        Query("speakers by name ('an')", both(lambda: store.count_speakers(search="an"),
                                               lambda: store.speakers(search="an", limit=PAGE_SIZE))),
    ]
    for label, word in (("common", words["common"]), ("rare", words["rare"])):
        for sort in ("relevance", "newest"):
            qs.append(Query(f"search {label} word '{word}', {sort} (25)",
                            lambda w=word, s=sort: store.statements(search=w, sort=s, limit=PAGE_SIZE)))
        qs.append(Query(f"search {label} word: count", lambda w=word: store.count_statements(search=w)))
        qs.append(Query(f"search {label} word: facets", lambda w=word: store.facets(top=8, search=w)))
    qs += [
        Query(f"statements of one month ({month}): 25 + count",
              both(lambda: store.statements(since=month, until=month, limit=PAGE_SIZE),
                   lambda: store.count_statements(since=month, until=month))),
        Query("statements of one month, page 100",
              lambda: store.statements(since=month, until=month, limit=PAGE_SIZE, offset=99 * PAGE_SIZE)),
        Query("all statements, newest 25 + count",
              both(lambda: store.statements(limit=PAGE_SIZE), lambda: store.count_statements())),
        Query("facets of everything", lambda: store.facets(top=8)),
        Query("timeline of everything (month)", lambda: store.timeline(period="month")),
        Query("timeline by outlet (month)", lambda: store.timeline(period="month", by="outlet")),
        Query("outlets list (count + 12 outlets)",
              both(store.count_outlets,
                   lambda: store.outlets(limit=OUTLETS_PER_PAGE, top=SHARE_SPEAKERS))),
        Query("outlet names (search form)", lambda: store.outlet_names(limit=200)),
    ]
    for label, name in (("largest", big_outlet), ("middle", mid_outlet)):
        qs += [
            Query(f"outlet summary, {label} outlet", lambda n=name: svc.outlet_summary(n)),
            Query(f"outlet report, {label} outlet", lambda n=name: svc.outlet_report(n)),
            Query(f"outlet's speakers, {label} outlet", lambda n=name: store.speakers(outlet=n, limit=15)),
            Query(f"outlet timeline, {label} outlet", lambda n=name: store.timeline(period="day", outlet=n)),
        ]
    qs += [
        Query("articles list (count + 25)", both(store.count_articles,
                                                 lambda: store.articles(limit=PAGE_SIZE))),
        Query("article page data", lambda: store.article(article_id)),
    ]
    filters: list[tuple[str, dict[str, Any]]] = [
        ("", {}),
        (f", search '{words['common']}'", {"search": words["common"]}),
        (", top speaker", {"speaker": top["name"]}),
        (", largest outlet", {"outlet": big_outlet}),
        (f", month {month}", {"since": month, "until": month}),
    ]
    for sort in ("widespread", "contested", "newest"):
        for label, given in filters if sort == "widespread" else filters[:1]:
            qs.append(Query(
                f"claims list, {sort}{label} (50 + count)",
                lambda s=sort, g=given: (store.claims(limit=50, sort=s, with_statements=False, **g),
                                         store.count_claims(**g))))
    qs.append(Query("claims with statements (claimgraph claims table, 50)",
                    lambda: store.claims(limit=50)))
    if claims:
        qs.append(Query(f"claim page, largest claim ({claims[0]['counts']['statements']} statements)",
                        lambda: store.claim(claims[0]["id"])))
    if small_claim:
        qs.append(Query("claim page, a small claim", lambda: store.claim(small_claim[0]["id"])))
    qs += [
        Query("page /speakers/{top}", page(f"/speakers/{top['id']}")),
        Query("page /speakers", page("/speakers")),
        Query(f"page /search?q={words['common']}", page("/search", q=words["common"])),
        Query(f"page /search?q={words['rare']}", page("/search", q=words["rare"])),
        Query("page /outlets", page("/outlets")),
        Query("page /outlets/{largest}", page(f"/outlets/{big_outlet}")),
        Query("page /articles/{id}", page(f"/articles/{article_id}")),
        Query(f"api /api/statements?search={words['common']}",
              page("/api/statements", search=words["common"])),
    ]

    def close() -> None:
        client.__exit__(None, None, None)
        svc.close()
        store.close()

    return qs, close


def common_and_rare(store: Store) -> dict[str, str]:
    """A word of the vocabulary that many statements hold, and one that few do: taken from the
    statements themselves (the 10th most frequent content word of a sample, and one seen once)."""
    from collections import Counter

    from claimgraph.store.search import STOPWORDS

    counts: Counter[str] = Counter()
    for st in store.statements(limit=2000, sort="oldest"):
        counts.update(w for w in st["content"]["text"].lower().split() if w.isalpha() and w not in STOPWORDS)
    ranked = [w for w, _ in counts.most_common()]
    rare = [w for w, n in counts.items() if n == 1 and len(w) > 6]
    return {"common": ranked[min(9, len(ranked) - 1)], "rare": sorted(rare)[0] if rare else ranked[-1]}


def run_rounds(qs: list[Query], repeat: int, budget: float, log: Callable[[str], None]) -> None:
    for q in qs:  # warm once (caches, prepared plans)
        started = time.perf_counter()
        q.run()
        log(f"  warm {q.name}: {1000 * (time.perf_counter() - started):.0f} ms")
    spent = {q.name: 0.0 for q in qs}
    for _ in range(repeat):
        for q in qs:
            if len(q.times) >= 3 and spent[q.name] > budget:
                continue
            started = time.perf_counter()
            q.run()
            elapsed = time.perf_counter() - started
            q.times.append(elapsed)
            spent[q.name] += elapsed


def export_run(url: str) -> dict[str, Any]:
    """Export every statement to Parquet in a child process: seconds, peak RSS, rows."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "statements.parquet")
        code = (
            "import sys, json, time\n"
            "from claimgraph.store import Store\n"
            "from claimgraph.store.export import export\n"
            "t = time.perf_counter()\n"
            f"s = Store.open({url!r})\n"
            f"n = export(s, {out!r}, 'parquet')\n"
            "print(json.dumps({'rows': n, 'seconds': round(time.perf_counter() - t, 1)}))\n"
        )
        child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
        assert child.stdout is not None
        output = child.stdout.read()
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            raise RuntimeError(f"export failed ({child.returncode})")
        result = json.loads(output)
        result["peak_rss_mb"] = round(usage.ru_maxrss / 1024)
        result["file_mb"] = round(os.path.getsize(out) / 2**20)
        return result


def start_postgres(args: argparse.Namespace) -> tuple[str, Callable[[], None]]:
    sys.path.insert(0, str(ROOT / "tests"))
    import pg_server  # type: ignore[import-not-found]

    server, reason = pg_server.start()
    if server is None:
        raise SystemExit(f"bench_store: cannot start PostgreSQL: {reason}")
    url = server.create_database()
    build = [sys.executable, str(ROOT / "scripts" / "synthetic_store.py"), "--db", url,
             "--statements", str(args.statements), "--articles", str(args.articles),
             "--speakers", str(args.speakers), "--outlets", str(args.outlets)]
    subprocess.run(build, check=True)
    return url, server.stop


def load_average() -> str:
    try:
        return " ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "?"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", action="append", required=True,
                    help="a store (SQLite path or postgresql:// URL; 'postgres:start' for a throwaway "
                    "server built with the generator); repeat for several")
    ap.add_argument("--repeat", type=int, default=10, help="timed runs per query (default 10)")
    ap.add_argument("--budget", type=float, default=20.0,
                    help="seconds per query and database after which it is run no more (at least 3 runs)")
    ap.add_argument("--only", help="only queries whose name contains this")
    ap.add_argument("--export", action="store_true", help="also export all statements to Parquet")
    ap.add_argument("--json", metavar="FILE", help="write the timings as JSON too")
    for name, default in (("statements", 1_000_000), ("articles", 100_000), ("speakers", 20_000),
                          ("outlets", 200)):
        ap.add_argument(f"--{name}", type=int, default=default, help="for postgres:start")
    args = ap.parse_args(argv)
    results: dict[str, Any] = {}
    for given in args.db:
        stop: Callable[[], None] | None = None
        url = given
        if given == "postgres:start":
            url, stop = start_postgres(args)
        elif "://" not in given and not os.path.exists(given):
            print(f"bench_store: {given} does not exist (build it with scripts/synthetic_store.py)",
                  file=sys.stderr)
            return 2
        try:
            label = "postgresql" if url.startswith("postgres") else "sqlite"
            print(f"# {label}: {shown_url(url)}; load average {load_average()}", flush=True)
            with Store.open(url) as store:
                print(f"# {json.dumps(store.totals())}", flush=True)
            qs, close = queries(url)
            if args.only:
                qs = [q for q in qs if args.only in q.name]
            started = time.perf_counter()
            run_rounds(qs, args.repeat, args.budget, lambda line: print(line, file=sys.stderr, flush=True))
            close()
            print(f"# {time.perf_counter() - started:.0f} s of rounds; load average {load_average()}")
            print("| query | runs | p50 ms | p95 ms |\n|---|---|---|---|")
            for q in qs:
                mark = "" if q.p(0.95) < TARGET_MS else " **over**"
                print(f"| {q.name} | {len(q.times)} | {q.p(0.5):.0f} | {q.p(0.95):.0f}{mark} |")
            results[label] = {q.name: {"runs": len(q.times), "p50_ms": round(q.p(0.5), 1),
                                       "p95_ms": round(q.p(0.95), 1)} for q in qs}
            if args.export:
                found = export_run(url)
                print(f"# export to Parquet: {json.dumps(found)}", flush=True)
                results[label]["export"] = found
        finally:
            if stop is not None:
                stop()
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
