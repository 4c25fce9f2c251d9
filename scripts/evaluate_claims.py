#!/usr/bin/env python3
"""Measure claims on ../shared/data/claims-dev (``make eval`` runs it), in ONE run:

- the baseline that clusters the same statements by embedding similarity alone, for each
  encoder (WordLlama, the default, and the Universal Sentence Encoder);
- what each of the record's signals adds to it (about names, a clash of the subjects named,
  same speaker, same article, a date window), one at a time and as shipped;
- the stance rules one by one (cue, falsity wording, negation against the claim's founder);
- the threshold's sensitivity (each figure at the shipped threshold +-0.05).

Every story is analysed and stored once; each configuration then re-assigns its claims
from scratch (``Store.reset_claims``) and is scored with claimgraph.evaluate_claims, the
rule of ../shared/spec/claims.md (``claimgraph eval`` and ../shared/tools/score_claims.py give
the shipped row). The story texts are read at run time and never copied.

    .venv/bin/python scripts/evaluate_claims.py [--details]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
STORIES = ROOT.parent / "shared" / "data" / "claims-dev"

try:
    import claimgraph  # noqa: F401
except ModuleNotFoundError:
    sys.path.insert(0, str(ROOT / "src"))


def main() -> int:
    from claimgraph.claims import stance as stance_rules
    from claimgraph.claims.assign import ClaimParams
    from claimgraph.corpus import ingest
    from claimgraph.evaluate_claims import is_story, score_story, story_items, summarize_claims
    from claimgraph.store import Store

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--details", action="store_true", help="list split and merged claims per config")
    args = parser.parse_args()
    files = sorted(STORIES.glob("*.json")) if STORIES.is_dir() else []
    stories = [s for s in (json.loads(p.read_text(encoding="utf-8")) for p in files) if is_story(s)]
    if not stories:
        print(f"evaluate_claims: no story files in {STORIES}; nothing to measure")
        return 0
    shipped = ClaimParams()
    with tempfile.TemporaryDirectory() as tmp:
        stores = []
        for i, story in enumerate(stories):
            store = Store.open(str(Path(tmp) / f"story{i}.db"))
            ingest(story_items(story), store, claims=False)
            stores.append(store)

        def measure(params: ClaimParams, encoder: str = "wordllama") -> tuple[dict[str, Any], list[Any]]:
            scores = []
            for story, store in zip(stories, stores, strict=True):
                store.reset_claims()
                store.assign_claims(params, encoder=encoder)
                scores.append(score_story(story, {"claims": store.claims(limit=None)}))
            return summarize_claims(scores), scores

        baseline = dataclasses.replace(
            shipped, about_weight=0.0, subject_clash_penalty=0.0, speaker_weight=0.0,
            same_article_penalty=0.0, window_days=None,
        )
        configs: list[tuple[str, ClaimParams, str]] = [
            ("USE, embedding only", baseline, "use"),
            ("WordLlama, embedding only (baseline)", baseline, "wordllama"),
            ("  + about names 0.05", dataclasses.replace(baseline, about_weight=0.05), "wordllama"),
            ("  + about names 0.1", dataclasses.replace(baseline, about_weight=0.1), "wordllama"),
            ("  + subject clash -0.05", dataclasses.replace(baseline, subject_clash_penalty=0.05),
             "wordllama"),
            ("  + subject clash -0.1", dataclasses.replace(baseline, subject_clash_penalty=0.1),
             "wordllama"),
            ("  + same speaker 0.05", dataclasses.replace(baseline, speaker_weight=0.05), "wordllama"),
            (
                "  + same-article penalty 0.1",
                dataclasses.replace(baseline, same_article_penalty=0.1),
                "wordllama",
            ),
            ("  + 365-day window", dataclasses.replace(baseline, window_days=365), "wordllama"),
            ("shipped (ClaimParams defaults)", shipped, "wordllama"),
        ]
        for delta in (-0.05, 0.05):
            label = f"shipped, threshold {shipped.threshold + delta:.2f}"
            configs.append(
                (label, dataclasses.replace(shipped, threshold=shipped.threshold + delta), "wordllama")
            )
        print(f"{len(stories)} stories from {STORIES}")
        columns = ("B3 P", "B3 R", "B3 F1", "xP", "xR", "xF1")
        print(f"{'configuration':<40} " + " ".join(f"{c:>6}" for c in columns) + f" {'disp F1':>8}")
        for label, params, encoder in configs:
            summary, scores = measure(params, encoder)
            print(
                f"{label:<40} {summary['b3_p']:>6.3f} {summary['b3_r']:>6.3f} {summary['b3_f1']:>6.3f} "
                f"{summary['cross_pairs_p']:>6.3f} {summary['cross_pairs_r']:>6.3f} "
                f"{summary['cross_pairs_f1']:>6.3f} {summary['disputes_f1']:>8.3f}"
            )
            if args.details:
                for score in scores:
                    print(f"    {score.id}: split {score.split}, merged {score.merged}")
        final, _ = measure(shipped)
        print(f"\nabout names (shipped): P {final['about_p']:.3f} R {final['about_r']:.3f}")
        print("\nstance rules, on the shipped claims:")
        outputs = [{"claims": store.claims(limit=None)} for store in stores]
        rules = [
            ("cue only", lambda st, neg: stance_rules.cue_disputes(st["cue_lemma"])),
            (
                "+ falsity wording",
                lambda st, neg: stance_rules.disputes_by_wording(st["cue_lemma"], st["text"]),
            ),
            (
                "+ negation against the founder (shipped)",
                lambda st, neg: (
                    stance_rules.stance(st["cue_lemma"], st["text"], st["negated"], neg)
                    == stance_rules.DISPUTES
                ),
            ),
        ]
        for label, rule in rules:
            scores = []
            for story, output in zip(stories, outputs, strict=True):
                relabelled = json.loads(json.dumps(output))
                for claim in relabelled["claims"]:
                    negative = claim["polarity"] == "negative"
                    for st in claim["statements"]:
                        facts = {
                            "cue_lemma": (st.get("cue") or {}).get("lemma"),
                            "text": st["content"]["text"],
                            "negated": st.get("negated", False),
                        }
                        st["stance"] = (
                            stance_rules.DISPUTES if rule(facts, negative) else stance_rules.ASSERTS
                        )
                scores.append(score_story(story, relabelled))
            summary = summarize_claims(scores)
            print(
                f"  {label:<42} disputes P {summary['disputes_p']:.3f} R {summary['disputes_r']:.3f} "
                f"F1 {summary['disputes_f1']:.3f}"
            )
        for store in stores:
            store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
