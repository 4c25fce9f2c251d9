#!/usr/bin/env python
"""Scaling of ingest across processes, in ONE run on the same texts (issue 11).

Phases, each in its own fresh process, model loading and worker start-up outside the timing:
  bare1   spacy.load(model) + nlp.pipe                               (one process)
  bare2   the same with nlp.pipe(n_process=2)                         (spaCy's own two processes)
  jobs1   claimgraph ingest --jobs 1 into PostgreSQL
  jobs2   claimgraph ingest --jobs 2 into PostgreSQL (workers started and loaded first)
  dask2   claimgraph ingest --dask local:2 into PostgreSQL (cluster up, plugin loaded first)
It prints articles/s, the ratios (targets: jobs2/jobs1 >= 1.7x, printed beside bare2/bare1;
dask2/jobs1 >= 1.7x; dask2/jobs2 >= 0.95x) and the peak RSS of every worker (<= 600 MB).
Each ingest writes into a fresh database of a throwaway PostgreSQL server started like the
tests' (tests/pg_server.py); --sqlite writes to a temporary SQLite file instead.

Texts: ../shared/data/polnear-dev/*.json (read at run time, never copied), else generated;
--copies K repeats them K times (each copy made distinct) for longer, steadier runs.

    .venv/bin/python scripts/bench_scale.py [--limit N] [--copies K] [--repeat R] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))
sys.path.insert(0, str(REPO / "tests"))

from benchmark import MODEL, load_texts  # noqa: E402

PHASES = ("bare1", "bare2", "jobs1", "jobs2", "dask2")
BATCH = 8  # the ingest default (AnalysisOptions.batch_size), for every phase


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def _write_corpus(texts: list[str], folder: str) -> str:
    path = Path(folder) / "bench.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for i, text in enumerate(texts):
            handle.write(json.dumps({"id": f"b{i}", "text": text, "outlet": "bench"}) + "\n")
    return str(path)


# -- phases (each runs in a child process) -------------------------------------------------


def phase_bare(texts: list[str], processes: int) -> dict:
    import spacy

    nlp = spacy.load(MODEL)
    list(nlp.pipe(texts[:2]))  # warm-up: lazy initialisation out of the timing
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=BATCH, n_process=processes):
        pass
    return {"seconds": time.perf_counter() - start}


def phase_ingest(texts: list[str], kind: str, url: str) -> dict:
    from claimgraph.corpus import ingest
    from claimgraph.options import AnalysisOptions
    from claimgraph.store import Store

    options = AnalysisOptions(batch_size=BATCH)
    workers_rss: list[float] = []
    with tempfile.TemporaryDirectory() as tmp, Store.open(url) as store:
        corpus = _write_corpus(texts, tmp)
        if kind == "jobs1":
            from claimgraph.pipeline import load_pipeline

            load_pipeline(options)("A warm-up sentence, she said.")
            start = time.perf_counter()
            report = ingest([corpus], store, options)
            seconds = time.perf_counter() - start
        elif kind == "jobs2":
            from claimgraph.corpus.local import LocalWorkers

            with LocalWorkers(2, options, store) as pool:
                pool.ready()
                start = time.perf_counter()
                report = ingest([corpus], store, options, workers=pool)
                seconds = time.perf_counter() - start
            children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            workers_rss.append(children)
        else:
            from claimgraph.corpus.cluster import DaskWorkers, dask_client

            with dask_client("local:2") as client:
                workers = DaskWorkers(client, options, store.url)  # loads the pipeline
                client.run(lambda: None)
                start = time.perf_counter()
                report = ingest([corpus], store, options, workers=workers)
                seconds = time.perf_counter() - start
                workers_rss = list(client.run(peak_rss_mb).values())
    return {"seconds": seconds, "stored": report.added, "failed": report.failed,
            "workers_rss_mb": workers_rss}


def run_phase(name: str, texts_file: str, url: str) -> None:
    texts = json.loads(Path(texts_file).read_text(encoding="utf-8"))
    if name.startswith("bare"):
        result = phase_bare(texts, int(name[-1]))
    else:
        result = phase_ingest(texts, name, url)
    result["rss_mb"] = peak_rss_mb()
    print(json.dumps(result))


def child(name: str, texts_file: str, url: str) -> dict:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "src"),
                                                        os.environ.get("PYTHONPATH", "")])}
    out = subprocess.run(
        [sys.executable, __file__, "--phase", name, "--texts-file", texts_file, "--url", url],
        capture_output=True, text=True, env=env, check=False,
    )
    if out.returncode != 0:
        sys.exit(f"benchmark phase {name} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="use the first N texts")
    parser.add_argument("--copies", type=int, default=1, help="repeat the texts K times")
    parser.add_argument("--repeat", type=int, default=1,
                        help="run the phases R times, interleaved, keeping each one's best time")
    parser.add_argument("--phases", default=",".join(PHASES), help="comma-separated subset")
    parser.add_argument("--sqlite", action="store_true", help="ingest into SQLite, not PostgreSQL")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--phase", choices=PHASES, help=argparse.SUPPRESS)
    parser.add_argument("--texts-file", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        run_phase(args.phase, args.texts_file, args.url)
        return

    base, origin = load_texts(args.limit)
    # Copies differ by a first line, so each is a new article to the store (no skips).
    texts = [t if k == 0 else f"Copy {k}.\n\n{t}" for k in range(max(1, args.copies)) for t in base]
    words = sum(len(t.split()) for t in texts)
    phases = [p for p in args.phases.split(",") if p]
    server = None
    if not args.sqlite and any(p.startswith(("jobs", "dask")) for p in phases):
        import pg_server

        server, reason = pg_server.start()
        if server is None:
            sys.exit(f"cannot start PostgreSQL ({reason}); use --sqlite")
    results: dict[str, dict] = {}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            texts_file = str(Path(tmp) / "texts.json")
            Path(texts_file).write_text(json.dumps(texts), encoding="utf-8")
            for round_ in range(max(1, args.repeat)):
                for name in phases:
                    if server is not None:
                        url = server.create_database()
                    else:
                        url = str(Path(tmp) / f"{name}-{round_}.db")
                    run = child(name, texts_file, url)
                    if not name.startswith("bare") and run["stored"] != len(texts):
                        sys.exit(f"{name}: stored {run['stored']} of {len(texts)} articles")
                    run["all_seconds"] = [run["seconds"]]
                    best = results.setdefault(name, run)
                    if best is not run:
                        best["all_seconds"].append(run["seconds"])
                        best["seconds"] = min(best["seconds"], run["seconds"])
                        best["rss_mb"] = max(best["rss_mb"], run["rss_mb"])
                        best["workers_rss_mb"] = [max(a, b) for a, b in zip(
                            best.get("workers_rss_mb", []), run.get("workers_rss_mb", []), strict=False)]
    finally:
        if server is not None:
            server.stop()
    report(results, texts, words, origin, args)


def report(results: dict[str, dict], texts: list[str], words: int, origin: str,
           args: argparse.Namespace) -> None:
    rate = {name: len(texts) / r["seconds"] for name, r in results.items()}

    def ratio(a: str, b: str) -> float | None:
        return rate[a] / rate[b] if a in rate and b in rate else None

    figures = {
        "texts": len(texts), "words": words, "source": origin, "copies": args.copies,
        "repeat": args.repeat, "database": "sqlite" if args.sqlite else "postgresql",
        "articles_per_s": {k: round(v, 2) for k, v in rate.items()},
        "seconds": {k: [round(s, 2) for s in r["all_seconds"]] for k, r in results.items()},
        "ratios": {
            "bare2/bare1": ratio("bare2", "bare1"), "jobs2/jobs1": ratio("jobs2", "jobs1"),
            "dask2/jobs1": ratio("dask2", "jobs1"), "dask2/jobs2": ratio("dask2", "jobs2"),
            "jobs1/bare1": ratio("jobs1", "bare1"),
        },
        "rss_mb": {k: round(r["rss_mb"]) for k, r in results.items()},
        "workers_rss_mb": {k: [round(x) for x in r.get("workers_rss_mb", [])]
                           for k, r in results.items() if r.get("workers_rss_mb")},
    }
    if args.json:
        print(json.dumps(figures, indent=1))
        return
    ok = lambda good: "ok" if good else "MISSED"  # noqa: E731
    print(f"{len(texts)} texts ({args.copies} copies), {words} words from {origin}; "
          f"into {figures['database']}; best of {args.repeat}")
    for name in results:
        runs = ", ".join(f"{s:.1f}" for s in figures["seconds"][name])
        print(f"  {name:6} {rate[name]:6.2f} articles/s   (runs: {runs} s)")
    r = figures["ratios"]
    targets = {"jobs2/jobs1": 1.7, "dask2/jobs1": 1.7, "dask2/jobs2": 0.95}
    for key, value in r.items():
        if value is None:
            continue
        line = f"  {key:12} {value:5.2f}x"
        if key in targets:
            line += f"   (target >= {targets[key]}x: {ok(value >= targets[key])})"
        if key == "jobs2/jobs1" and r["bare2/bare1"] is not None:
            line += f"   beside bare spaCy's own {r['bare2/bare1']:.2f}x"
        print(line)
    for name, peaks in figures["workers_rss_mb"].items():
        print(f"  peak RSS per {name} worker: {', '.join(f'{p} MB' for p in peaks)} "
              f"(target <= 600 MB: {ok(max(peaks) <= 600)})")
    print(f"  peak RSS per phase process: {figures['rss_mb']}")


if __name__ == "__main__":
    main()
