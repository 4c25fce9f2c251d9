"""``claimgraph eval GOLD_DIR_OR_FILES... [--json] [--details]``: score against gold files.

Each gold article's text is analysed in this process and scored with the rule of
../shared/spec/gold-format.md (claimgraph.evaluate). An article the pipeline refuses
(e.g. not English) scores zero and is reported, as the referee does. Gold STORY files
(../shared/spec/claims.md: articles and their claims) are ingested into a fresh store each
and their claims scored (claimgraph.evaluate_claims), as ../shared/tools/score_claims.py does.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

from claimgraph.errors import ClaimgraphError

SNIPPET = 90


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("eval", help="score statements against gold annotation files")
    p.add_argument("gold", nargs="+", metavar="GOLD_DIR_OR_FILES", help="gold .json files or folders of them")
    p.add_argument("--json", action="store_true", help="print the results as JSON")
    p.add_argument(
        "--states", action="store_true", help="also extract beliefs, intentions and perceptions"
    )
    p.add_argument(
        "--speakers",
        action="store_true",
        help="also list every speaker with the reason it is somebody (or NOT SOMEBODY)",
    )
    p.add_argument(
        "--details",
        action="store_true",
        help="also list misses, spurious statements and wrong speakers",
    )
    p.set_defaults(run=run)


def evaluate_files(sources: Iterable[str | Path], states: bool = False) -> tuple[list[Any], dict[str, Any]]:
    """Analyse and score every gold file in ``sources``; returns (article scores, summary).

    ``states``: also extract beliefs, intentions and perceptions (``analyze(states=True)``).
    """
    # Imported here so that `claimgraph --help` does not load spaCy.
    from claimgraph.evaluate import (
        failed_article,
        gold_files,
        load_gold,
        score_article,
        summarize,
    )
    from claimgraph.options import AnalysisOptions
    from claimgraph.pipeline import analyze
    from claimgraph.speakers.check import check_speakers

    scores, analyses = [], []
    for path in gold_files(sources):
        gold = load_gold(path)
        try:
            analysis = analyze(gold["text"], AnalysisOptions(states=states), id=str(gold["id"]))
        except ClaimgraphError as err:
            scores.append(failed_article(gold, str(err)))
            continue
        analyses.append(analysis)
        scores.append(score_article(gold, analysis))
    summary = summarize(scores)
    checked = check_speakers(analyses)
    summary["speakers"] = {
        "names": len(checked),
        "not_somebody": [c.to_dict() for c in checked if c.reason is None],
        "checked": [c.to_dict() for c in checked],
    }
    return scores, summary


def _clip(text: str | None) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= SNIPPET else text[: SNIPPET - 1] + "…"


def print_details(scores: list[Any], out: TextIO) -> None:
    for s in scores:
        head = f"{s.id}: gold {s.gold}, predicted {s.pred}, matched {s.matched}, "
        out.write(head + f"speaker right {s.attributed}\n")
        if s.error:
            out.write(f"   ERROR {s.error}\n")
        for g in s.missed:
            out.write(f"   missed [{g.kind}, cue {g.cue!r}, {g.speaker!r}] {_clip(g.content)}\n")
        for p in s.spurious:
            speaker = p.names[0] if p.names else None
            out.write(f"   spurious [{p.kind}, cue {p.cue!r}, {speaker!r}] {_clip(p.content)}\n")
        for g, p in s.wrong_speaker:
            speaker = p.names[0] if p.names else None
            out.write(
                f"   speaker: gold {g.speaker!r} ({g.mention!r}) predicted {speaker!r} "
                f"({p.mention!r}) for {_clip(g.content)}\n"
            )


def split_stories(sources: Iterable[str | Path]) -> tuple[list[Path], list[Path]]:
    """(article gold files, story gold files) among ``sources``."""
    from claimgraph.evaluate import gold_files
    from claimgraph.evaluate_claims import is_story

    articles, stories = [], []
    for path in gold_files(sources):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            data = None  # load_gold names what is wrong with it
        (stories if is_story(data) else articles).append(path)
    return articles, stories


def evaluate_stories(paths: Iterable[Path], params: Any = None) -> tuple[list[Any], dict[str, Any]]:
    """Ingest each gold story into a fresh SQLite store and score its claims."""
    import tempfile

    from claimgraph.evaluate_claims import run_story, score_story, summarize_claims

    scores = []
    for path in paths:
        story = json.loads(path.read_text(encoding="utf-8"))
        with tempfile.TemporaryDirectory() as tmp:
            output = run_story(story, str(Path(tmp) / "story.db"), params)
        scores.append(score_story(story, output))
    return scores, summarize_claims(scores)


def run(args: argparse.Namespace) -> int:
    from claimgraph.evaluate import format_summary

    article_files, story_files = split_stories(args.gold)
    if story_files:
        from claimgraph.evaluate_claims import format_claims_summary

        story_scores, claims_summary = evaluate_stories(story_files)
        if args.json and not article_files:
            json.dump({"claims": claims_summary}, sys.stdout, ensure_ascii=False, indent=1)
            sys.stdout.write("\n")
            return 0
        if args.details:
            for st in story_scores:
                sys.stdout.write(f"{st.id}: split {st.split}; merged {st.merged}\n")
        sys.stdout.write(format_claims_summary(claims_summary) + "\n")
        if not article_files:
            return 0
        sys.stdout.write("\n")
    scores, summary = evaluate_files(article_files, states=args.states)
    if args.json:
        record: dict[str, Any] = {"summary": summary}
        if args.details:
            record["articles"] = [s.to_dict() for s in scores]
        json.dump(record, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    if args.details:
        print_details(scores, sys.stdout)
        sys.stdout.write("\n")
    if args.speakers:
        for row in summary["speakers"]["checked"]:
            reason = row["reason"] or "NOT SOMEBODY"
            sys.stdout.write(f"{row['statements']:>4}  {row['type']:<6} {row['name']!r:<45} {reason}\n")
        sys.stdout.write("\n")
    sys.stdout.write(format_summary(summary) + "\n")
    return 0
