#!/usr/bin/env python3
"""A corpus of one speaker saying many things: claims stay clean, nothing is lost.

    python scripts/check_one_speaker.py [--statements 10000] [--db PATH]

Writes ``--statements`` statements by one speaker (ten per article, made up from templates:
things, places, verbs and numbers, so that many share all but a number or a place) into a
new SQLite store without claims, then gives them their claims in the store's batches and
prints: the time and CPU time taken, statements stored and placed, the number of claims and
the largest ones. Every statement shares the speaker, the strongest signal the pair model
has after the wording: the check is that it does not make one bin of them.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

try:
    import claimgraph  # noqa: F401
except ModuleNotFoundError:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from claimgraph.model import Analysis, Article, Cue, Entity, Span, Speaker, Statement  # noqa: E402
from claimgraph.store import Store  # noqa: E402

PLACES = ["Norbury", "Kessling", "Tarnby", "Ostrava", "Calder Bay", "Mirro", "Westhaven", "Carrow"]
THINGS = ["the ferry", "the bridge", "the new school", "the hospital wing", "the bypass", "the library"]
SPEAKER = "Mara Quist"


def content(rng: random.Random) -> str:
    thing, place, n = rng.choice(THINGS), rng.choice(PLACES), rng.randint(2, 900)
    if rng.random() < 0.5:
        return f"{thing} in {place} will cost {n} million pounds by {rng.choice(['May', 'June', 'July'])}"
    return f"{thing} in {place} {rng.choice(['will open', 'will close', 'was delayed'])} after {n} days"


def article(n: int, rng: random.Random, per_article: int = 10) -> Analysis:
    text, statements = "", []
    for j in range(per_article):
        said = content(rng)
        start = len(text) + len(f"{SPEAKER} said that ")
        statements.append(
            Statement(
                f"s{j}", "indirect", Span(said, start, start + len(said)),
                Cue("said", len(text) + len(SPEAKER) + 1, len(text) + len(SPEAKER) + 5, lemma="say"),
                Speaker(Span(SPEAKER, len(text), len(text) + len(SPEAKER)), "e1", SPEAKER),
            )
        )
        text += f"{SPEAKER} said that {said}.\n"
    published = f"2025-{1 + n % 9:02d}-{10 + n % 18}"
    return Analysis(Article(id=f"a{n}", outlet=f"Outlet {n % 20}", published=published), text, statements,
                    [Entity("e1", SPEAKER, "PERSON")])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--statements", type=int, default=10_000)
    parser.add_argument("--db", help="the store to write (default: a temporary file)")
    args = parser.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(args.db or str(Path(tmp) / "one-speaker.db"))
        for n in range(max(args.statements // 10, 1)):
            store.add_analysis(article(n, rng), claims=False)
        start, cpu = time.perf_counter(), time.process_time()
        placed = store.assign_claims()
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        statements = store.statements(limit=None)
        claims = store.claims(limit=None, with_statements=False)
        sizes = sorted((c["counts"]["statements"] for c in claims), reverse=True)
        print(f"{len(statements)} statements by one speaker, {placed} given claims in {seconds:.0f} s "
              f"({cpu:.0f} s CPU); without a claim: {sum(1 for s in statements if not s['claim'])}")
        print(f"{len(claims)} claims; largest {sizes[:5]}; share in claims of 10 or more: "
              f"{sum(s for s in sizes if s >= 10) / max(len(statements), 1):.3f}")
        for c in store.claims(limit=3, sort="widespread", with_statements=False):
            print(f"  {c['counts']['statements']:>4}  {c['label']}")
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
