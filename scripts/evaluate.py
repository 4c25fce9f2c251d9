#!/usr/bin/env python3
"""Measure claimgraph on the shared benchmarks (``make eval``).

Reads ../shared/data/examples/kursk-claims.json, ../shared/data/polnear-dev (whole, and
its FIT and REPORT halves: see ``polnear_half``) and the
per-article gold of ../shared/data/claims-dev/articles at run
time (their texts never enter the repository) and prints, per benchmark, statement
P/R/F1, attribution F1, exact F1, speech-only P/R, recall by kind, the breakdown of misses
and how many speaker names are nobody (claimgraph.speakers.check; the target is 0); then
the about precision and recall on claims-dev (scripts/evaluate_about.py).
Exits 0 even when ../shared is absent: it says so instead.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
POLNEAR = SHARED / "data" / "polnear-dev"


def polnear_half(part: int) -> list[Path]:
    """Half ``part`` (0: FIT, 1: REPORT) of polnear-dev: every other file by sorted name.

    The rule looks at nothing but the names, so the halves were fixed before any result.
    Rules and thresholds are fitted (errors read) on FIT only; REPORT stands in for unseen
    articles.
    """
    return sorted(POLNEAR.glob("*.json"))[part::2] if POLNEAR.is_dir() else []


# (name, paths, states): the polnear+states run also extracts beliefs, intentions and
# evidence, which PolNeAR annotates as attributions but claimgraph by default does not report.
BENCHMARKS = (
    ("kursk-claims", [SHARED / "data" / "examples" / "kursk-claims.json"], False),
    ("polnear-dev", [POLNEAR], False),
    ("polnear FIT", polnear_half(0), False),
    ("polnear REPORT", polnear_half(1), False),
    ("polnear+states", [POLNEAR], True),
    ("claims-dev", [SHARED / "data" / "claims-dev" / "articles"], False),
)

try:
    import claimgraph  # noqa: F401
except ModuleNotFoundError:  # running from a checkout without `pip install -e .`
    sys.path.insert(0, str(ROOT / "src"))


def about_figures() -> dict | None:
    """About precision and recall on claims-dev (scripts/evaluate_about.py), or None."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import evaluate_about

    if not evaluate_about.available():
        return None
    return evaluate_about.measure(rules_too=False)["about"]


def main() -> int:
    from claimgraph.cli.evaluate import evaluate_files
    from claimgraph.errors import ClaimgraphError
    from claimgraph.evaluate import format_summary

    if not SHARED.is_dir():
        print(f"evaluate: {SHARED} is absent; no benchmarks to run")
        return 0
    rows = []
    for name, paths, states in BENCHMARKS:
        if not paths or not all(path.exists() for path in paths):
            print(f"{name}: {paths[0] if paths else POLNEAR} is absent; skipped")
            continue
        try:
            _, summary = evaluate_files(paths, states=states)
        except ClaimgraphError as err:
            print(f"{name}: cannot evaluate ({err})")
            continue
        rows.append((name, summary))
        print(f"== {name}")
        print(format_summary(summary))
        print()
    if rows:
        header = (
            "benchmark",
            "stmt P",
            "stmt R",
            "stmt F1",
            "attr F1",
            "exact F1",
            "speech P",
            "speech R",
            "not somebody",
        )
        print("{:<14} {:>7} {:>7} {:>8} {:>8} {:>9} {:>9} {:>9} {:>13}".format(*header))
        for name, s in rows:
            speakers = s["speakers"]
            print(
                f"{name:<14} {s['statement_p']:>7.3f} {s['statement_r']:>7.3f} "
                f"{s['statement_f1']:>8.3f} {s['attribution_f1']:>8.3f} {s['exact_f1']:>9.3f} "
                f"{s['speech_p']:>9.3f} {s['speech_r']:>9.3f} "
                f"{len(speakers['not_somebody']):>6} of {speakers['names']:<4}"
            )
        print(
            "speech P/R: gold without belief/intention/emotion/perception/evidence cues; "
            "'not somebody': speaker names with no reason to be a speaker (speakers.check)"
        )
    about = about_figures()
    if about is not None:
        print(
            f"about (claims-dev, scripts/evaluate_about.py): P {about['precision']:.3f} "
            f"R {about['recall']:.3f} ({about['gold']} gold names, {about['predicted']} predicted)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
