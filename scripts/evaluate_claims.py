#!/usr/bin/env python3
"""Measure claims through the store, as a user gets them (``make eval`` runs it):

1. every story set that is there, each story ingested into a fresh SQLite store and scored
   with the referee's rule (claimgraph.evaluate_claims; ``claimgraph eval`` and
   ../shared/tools/score_claims.py give the same figures):
   - ``training/stories/report``: never fitted on (unseen text);
   - ../shared ``claims-dev``, ``claims-real-dev``, ``xling-dev`` and ``training/stories/fit``:
     the shipped weights were fitted on the first, second and fourth, so these are in-sample
     figures; the figures with each story left out of the fit are printed by
     ``scripts/train_claims.py``;
2. the guard against topic bins: ../shared ``polnear-dev`` (84 real articles) ingested as one
   store; the size distribution of its claims (the largest, the share of statements in
   claims of 10 or more) and the statements of the largest claims, so a bin is seen at once.

    .venv/bin/python scripts/evaluate_claims.py [--bins-only | --no-bins] [--sample N]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"

try:
    import claimgraph  # noqa: F401
except ModuleNotFoundError:
    sys.path.insert(0, str(ROOT / "src"))

SETS = [
    ("training/stories/report (unseen)", ROOT / "training/stories/report"),
    ("claims-dev (fitted on)", SHARED / "claims-dev"),
    ("claims-real-dev (fitted on)", SHARED / "claims-real-dev"),
    ("xling-dev (not fitted on)", SHARED / "xling-dev"),
    ("training/stories/fit (fitted on)", ROOT / "training/stories/fit"),
]


def story_sets(tmp: Path) -> None:
    from claimgraph.evaluate_claims import is_story, run_story, score_story, summarize_claims

    print("claims per story set: B3 P R F1 | cross-article pairs P R F1 | disputes P R F1 | about P R")
    for name, folder in SETS:
        files = sorted(folder.glob("*.json")) if folder.is_dir() else []
        stories = [s for s in (json.loads(p.read_text(encoding="utf-8")) for p in files) if is_story(s)]
        if not stories:
            continue
        scores = []
        for n, story in enumerate(stories):
            output = run_story(story, f"sqlite:///{tmp / f'{folder.name}-{n}.db'}")
            scores.append(score_story(story, output))
        s = summarize_claims(scores)
        print(
            f"  {name:<36} {s['b3_p']:.3f} {s['b3_r']:.3f} {s['b3_f1']:.3f} | {s['cross_pairs_p']:.3f} "
            f"{s['cross_pairs_r']:.3f} {s['cross_pairs_f1']:.3f} | "
            f"{s['disputes_p']:.3f} {s['disputes_r']:.3f} "
            f"{s['disputes_f1']:.3f} | {s['about_p']:.3f} {s['about_r']:.3f}  "
            f"({len(stories)} stories, {s['matched']}/{s['gold']} statements matched)"
        )


def bins(tmp: Path, sample: int) -> None:
    from claimgraph.corpus import ingest
    from claimgraph.readers.formats import iter_sources
    from claimgraph.store import Store

    folder = SHARED / "polnear-dev"
    if not folder.is_dir():
        return
    items = []
    for path in sorted(folder.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        items.append(
            {
                "id": path.stem,
                "text": gold["text"],
                "outlet": path.stem.split("_")[0],
                "published": path.stem.split("_")[1],
            }
        )
    corpus = tmp / "polnear.jsonl"
    corpus.write_text("".join(json.dumps(i) + "\n" for i in items), encoding="utf-8")
    with Store.open(str(tmp / "polnear.db")) as store:
        ingest(iter_sources([str(corpus)]), store)
        claims = store.claims(limit=None, with_statements=False)
        sizes = sorted((c["counts"]["statements"] for c in claims), reverse=True)
        total = sum(sizes)
        big = sum(n for n in sizes if n >= 10)
        print(
            f"\npolnear-dev as one store: {total} statements in {len(sizes)} claims; largest "
            f"{sizes[:5]}; in claims of 10 or more: {big} ({big / max(total, 1):.1%}); "
            f"size histogram {sorted(Counter(min(n, 10) for n in sizes).items())} (10 = 10+)"
        )
        for c in store.claims(limit=3):
            print(
                f"  {c['id']} ({c['counts']['statements']} statements, {c['counts']['articles']} articles): "
                f"{c['label'][:90]}"
            )
            for st in c["statements"][:sample]:
                print(
                    f"     [{st['stance'][:3]}] {(st['speaker'] or {}).get('name')}: "
                    f"{st['content']['text'][:90]}"
                )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bins-only", action="store_true")
    parser.add_argument("--no-bins", action="store_true")
    parser.add_argument("--sample", type=int, default=8, help="statements shown per large claim")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if not args.bins_only:
            story_sets(Path(tmp))
        if not args.no_bins:
            bins(Path(tmp), args.sample)
    return 0


if __name__ == "__main__":
    sys.exit(main())
