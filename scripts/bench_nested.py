#!/usr/bin/env python
"""Is analysis linear in the text? One long sentence of nested reports ("Helen Smith said
that Ruiz claimed that Lee said that ...") against plain news text of the same length,
at 5k, 20k and 40k characters, timed in ONE run with the same pipeline.

A nested report holds every later one, so each statement's content runs to the end of
the sentence: a step that reads each content word by word costs the square of the text.
Printed per size: seconds for each text, the ratio nested/plain, and how that ratio grows
from the smallest size (about 1 when the cost is linear; it grew with the size before
``speakers.about`` was read once per article).

    .venv/bin/python scripts/bench_nested.py [--sizes 5000 20000 40000] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchmark import generated_texts  # noqa: E402

NAMES = ["Ruiz", "Lee", "Okafor", "Brandt", "Novak", "Smith"]
CUES = ["said", "claimed", "told reporters", "insisted", "wrote"]


def nested_text(size: int) -> str:
    """One sentence of nested reports of about ``size`` characters."""
    parts = ["Helen Smith, a lawyer for the union, said that"]
    length, i = len(parts[0]), 0
    while length < size - 40:
        part = f"{NAMES[i % len(NAMES)]} {CUES[i % len(CUES)]} that"
        parts.append(part)
        length += len(part) + 1
        i += 1
    parts.append("the talks had failed.")
    return " ".join(parts)


def plain_text(size: int) -> str:
    """News-like paragraphs with quotes and reported speech, cut to about ``size`` characters."""
    text, n = "", 8
    while len(text) < size:
        text = "\n\n".join(generated_texts(n))
        n *= 2
    cut = text.rfind(".", 0, size)
    return text[: cut + 1]


def timed(nlp, text: str) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    doc = nlp(text)
    return time.perf_counter() - start, len(doc._.claimgraph["statements"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 20000, 40000])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    if any(size < 200 for size in args.sizes):
        print("bench_nested: sizes must be at least 200 characters", file=sys.stderr)
        return 2
    from claimgraph.pipeline import load_pipeline

    nlp = load_pipeline()
    nlp(plain_text(2000))  # warm-up: lazy loading out of the timings
    rows = []
    for size in args.sizes:
        nested, plain = nested_text(size), plain_text(size)
        nested_s, nested_n = timed(nlp, nested)
        plain_s, plain_n = timed(nlp, plain)
        rows.append({"chars": size, "nested_s": round(nested_s, 2), "plain_s": round(plain_s, 2),
                     "ratio": round(nested_s / plain_s, 2), "nested_statements": nested_n,
                     "plain_statements": plain_n})
    for row in rows:
        row["growth"] = round(row["ratio"] / rows[0]["ratio"], 2)
    if args.json:
        print(json.dumps(rows, indent=1))
        return 0
    print("nested reports against plain news of the same length (one run, same pipeline)")
    print(f"{'chars':>7} {'nested s':>9} {'plain s':>8} {'ratio':>6} {'growth':>7} {'statements':>11}")
    for r in rows:
        print(f"{r['chars']:>7} {r['nested_s']:>9.2f} {r['plain_s']:>8.2f} {r['ratio']:>6.2f} "
              f"{r['growth']:>7.2f} {r['nested_statements']:>5}/{r['plain_statements']:<5}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
