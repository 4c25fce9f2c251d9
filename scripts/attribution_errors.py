#!/usr/bin/env python3
"""Attribution errors on the FIT half of polnear-dev, by category (``--half report`` only to
count them, never to read: rules are fitted on FIT).

For every gold statement matched with the wrong speaker it prints the category:

- ``pronoun``: the predicted mention is a pronoun resolved to the wrong entity;
- ``role noun``: the predicted mention is a description ("the campaign", "the senator");
- ``no speaker``: the prediction names nobody where the gold names somebody;
- ``spurious speaker``: the gold names nobody (PolNeAR source missing);
- ``wrong name``: a named mention that is not the gold speaker (a wrong span, a nested
  report's inner or outer speaker, an interviewer);

then the counts, and (``--misses``) the missed gold statements by cue category with their
sentence, and (``--spurious``) predictions matching no gold.

    PYTHONPATH=src .venv/bin/python scripts/attribution_errors.py [--half fit|report]
        [--misses] [--spurious] [--counts-only]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

try:
    import claimgraph  # noqa: F401
except ModuleNotFoundError:  # running from a checkout without `pip install -e .`
    sys.path.insert(0, str(ROOT / "src"))

from evaluate import polnear_half  # noqa: E402

from claimgraph.evaluate import (  # noqa: E402
    GoldStatement,
    PredStatement,
    cue_category,
    cue_words,
    load_gold,
    score_article,
)
from claimgraph.options import AnalysisOptions  # noqa: E402
from claimgraph.pipeline import analyze  # noqa: E402

PRONOUNS = frozenset("he she they it we i you him her them his their its".split())


def category(gold: GoldStatement, pred: PredStatement) -> str:
    if not pred.names:
        return "no speaker"
    if gold.speaker is None:
        return "spurious speaker"
    words = (pred.mention or "").lower().split()
    if words and words[0] in PRONOUNS and len(words) == 1:
        return "pronoun"
    if words and (words[0] in ("the", "a", "an") or pred.mention[0].islower()):
        return "role noun"
    return "wrong name"


def context(text: str, span: tuple[int, int] | None, width: int = 160) -> str:
    if span is None:
        return ""
    start = max(0, span[0] - width)
    return " ".join(text[start : span[1] + 40].split())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", choices=("fit", "report"), default="fit")
    parser.add_argument("--misses", action="store_true")
    parser.add_argument("--spurious", action="store_true")
    parser.add_argument("--counts-only", action="store_true")
    args = parser.parse_args()
    paths = polnear_half(0 if args.half == "fit" else 1)
    if not paths:
        print("attribution_errors: ../shared/data/polnear-dev is absent")
        return 0
    categories: Counter[str] = Counter()
    missed: Counter[str] = Counter()
    for path in paths:
        gold = load_gold(path)
        analysis = analyze(gold["text"], AnalysisOptions(), id=str(gold["id"]))
        score = score_article(gold, analysis)
        text = gold["text"]
        for g, p in score.wrong_speaker:
            cat = category(g, p)
            categories[cat] += 1
            if not args.counts_only:
                print(
                    f"[{cat}] {path.stem[:40]}\n  gold {g.speaker!r} (mention {g.mention!r}); "
                    f"pred {p.names!r} (mention {p.mention!r}, cue {p.cue!r})\n"
                    f"  ...{context(text, g.span)}"
                )
        for g in score.missed:
            cat = cue_category(g.cue)
            missed[cat] += 1
            if args.misses and not args.counts_only:
                print(
                    f"[missed {cat}: {cue_words(g.cue)!r}] gold {g.speaker!r} {g.kind}\n"
                    f"  content: {' '.join(g.content.split())[:200]}\n"
                    f"  ...{context(text, g.span, 100)[:400]}"
                )
        if args.spurious and not args.counts_only:
            for p in score.spurious:
                print(
                    f"[spurious] pred {p.names!r} cue {p.cue!r} {p.kind}\n"
                    f"  content: {' '.join(p.content.split())[:200]}"
                )
    print("wrong speaker by category:", dict(categories.most_common()))
    print("missed by cue category:", dict(missed.most_common()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
