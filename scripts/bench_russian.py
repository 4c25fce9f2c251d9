"""Speed of claimgraph's Russian analysis against the bare natasha parse of the same texts,
timed in one run: natasha's own ``Doc`` with segmentation, morphology, syntax and NER (what
the Russian pipeline runs its rules on) against ``analyze_batch`` of the same texts.
Texts are read from ../shared/data/ru-dev at run time (measuring only).

    PYTHONPATH=src python scripts/bench_russian.py [--rounds N]

Prints the ratio bare / claimgraph (1.0: claimgraph costs nothing over the parse).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from claimgraph.options import AnalysisOptions
from claimgraph.pipeline import analyze_batch, load_russian_pipeline
from claimgraph.readers.text import RawArticle

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "ru-dev"


def texts() -> list[str]:
    root = DATA if DATA.is_dir() else Path("/work/shared/data/ru-dev")
    return [json.loads(p.read_text(encoding="utf-8"))["text"] for p in sorted(root.glob("*.json"))]


def bare(docs: list[str]) -> None:
    from natasha import Doc

    from claimgraph.nlp_ru import models

    morph, syntax, ner, _ = models()
    from natasha import Segmenter

    segmenter = Segmenter()
    for text in docs:
        doc = Doc(text)
        doc.segment(segmenter)
        doc.tag_morph(morph)
        doc.parse_syntax(syntax)
        doc.tag_ner(ner)


def ours(docs: list[str]) -> None:
    raws = [RawArticle(text, name=str(i)) for i, text in enumerate(docs)]
    results = analyze_batch(raws, AnalysisOptions(language="ru"))
    assert all(not isinstance(r, Exception) for r in results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    docs = texts()
    load_russian_pipeline()
    bare(docs[:1])
    ours(docs[:1])  # models and caches warm before timing
    times: dict[str, list[float]] = {"bare": [], "ours": []}
    for _ in range(args.rounds):  # interleaved, so both see the same machine load
        for name, run in (("bare", bare), ("ours", ours)):
            start = time.perf_counter()
            run(docs)
            times[name].append(time.perf_counter() - start)
    best = {name: min(values) for name, values in times.items()}
    words = sum(len(t.split()) for t in docs)
    print(f"{len(docs)} texts, {words} words, best of {args.rounds} rounds")
    print(f"bare natasha parse: {best['bare']:.3f} s; claimgraph Russian analysis: {best['ours']:.3f} s")
    print(f"speed ratio (bare / claimgraph): {best['bare'] / best['ours']:.2f}x")


if __name__ == "__main__":
    main()
