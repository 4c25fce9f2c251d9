"""``claimgraph compare`` and ``claimgraph cues``: how outlets tell what was said.

``compare [FILES...] [--db URL] [--outlet NAME] [--format table|json]`` prints, per outlet,
the cue classes by speaker side and speaker and the narrator's own loaded language;
``cues [--unclassified] [FILES...] [--db URL]`` lists the reporting cues met, with their
class, so the lexicon (data/cue_classes.tsv) can grow. Articles come from files analysed
on the fly, or from a corpus store (``--db``).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from typing import TextIO

from claimgraph.cli.analyze import add_states_option
from claimgraph.errors import InputError
from claimgraph.model import Analysis, Failed
from claimgraph.options import AnalysisOptions

TERMS_SHOWN = 15


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "compare",
        help="per outlet: cue classes by speaker and side, and the narrator's loaded language",
    )
    _add_sources(p)
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(run=run_compare)

    c = sub.add_parser("cues", help="list the reporting cues met, with their stance class")
    _add_sources(c)
    c.add_argument("--unclassified", action="store_true", help="only cues the lexicon does not know")
    c.add_argument("--format", choices=("table", "json"), default="table")
    c.set_defaults(run=run_cues)


def _add_sources(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "files", nargs="*", metavar="FILES",
        help="articles to analyse: files of any input format (.txt, .html, .jsonl, .warc, feeds) or folders",
    )
    p.add_argument("--db", metavar="URL", help="read analyses from a corpus store instead")
    p.add_argument("--outlet", help="only this outlet")
    add_states_option(p)


def iter_analyses(args: argparse.Namespace, err: TextIO | None = None) -> Iterator[Analysis]:
    """Analyses from ``--db`` or from the files (an unreadable file is reported and skipped)."""
    err = err or sys.stderr
    if args.db and args.files:
        raise InputError("give article files or --db, not both")
    if args.db is not None:
        from claimgraph.store import Store  # only needed (and only imported) with --db

        store = Store.open(args.db)
        try:
            yield from store.analyses(outlet=args.outlet)
        finally:
            store.close()
        return
    if not args.files:
        raise InputError("no articles: give article files or --db URL")
    from claimgraph.pipeline import analyze_stream
    from claimgraph.readers.formats import read_articles

    for result in analyze_stream(read_articles(args.files), AnalysisOptions(states=args.states)):
        if isinstance(result, Failed):
            print(f"claimgraph: skipped {result.error}", file=err)
        elif args.outlet is None or result.article.outlet == args.outlet:
            yield result


def run_compare(args: argparse.Namespace) -> int:
    from claimgraph.rhetoric.compare import compare

    result = compare(iter_analyses(args))
    if not result.outlets:
        raise InputError("no article could be analysed")
    if args.format == "json":
        json.dump(result.to_dict(), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        render_comparison(result, sys.stdout)
    return 0


def run_cues(args: argparse.Namespace) -> int:
    from claimgraph.rhetoric.compare import cue_counts
    from claimgraph.rhetoric.cues import UNCLASSIFIED

    counts = cue_counts(iter_analyses(args))
    rows = [
        (cue, cls, n)
        for (cue, cls), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        if not args.unclassified or cls == UNCLASSIFIED
    ]
    if args.format == "json":
        records = [{"cue": cue, "class": cls, "count": n} for cue, cls, n in rows]
        json.dump(records, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    if not rows:
        print("no unclassified cues" if args.unclassified else "no cues")
        return 0
    width = max(len(cue) for cue, _, _ in rows)
    for cue, cls, n in rows:
        print(f"{n:6d}  {cue:<{width}}  {cls}")
    return 0


def render_comparison(result, out: TextIO) -> None:  # type: ignore[no-untyped-def]
    from rich.console import Console
    from rich.table import Table

    from claimgraph.rhetoric.cues import ALL_CLASSES

    console = Console(file=out, width=max(120, Console(file=out).width))
    for name, report in sorted(result.outlets.items()):
        used = [c for c in ALL_CLASSES if report.classes[c]]
        table = Table(
            title=f"{name}: {report.articles} article(s), {report.statements} statements",
            title_justify="left",
        )
        table.add_column("side / speaker", style="bold")
        table.add_column("n", justify="right")
        for cls in used:
            table.add_column(cls, justify="right")
        table.add_column("distancing share", justify="right", style="dim")
        for side, counts in sorted(report.sides.items(), key=lambda kv: -kv[1].statements):
            table.add_row(*_row(side, counts, used), style="bold")
            speakers = [(s, c) for s, c in report.speakers.items() if c.side == side and c.statements]
            for speaker, c in sorted(speakers, key=lambda kv: -kv[1].statements):
                table.add_row(*_row(f"  {speaker}", c, used), style="")
            table.add_section()
        console.print(table)
        console.print(
            f"narrator loaded language: {report.narrator_loaded} in {report.narrator_words} "
            f"narrator words = {report.narrator_rate:.1f} per 1,000 words"
        )
        console.print(f"  narrator's own terms: {_terms(report.narrator_terms)}")
        console.print(f"  quoted terms:         {_terms(report.quoted_terms)}")
        if report.unclassified_cues:
            console.print(f"  unclassified cues:    {_terms(report.unclassified_cues)}")
        console.print()


def _row(label: str, counts, used: list[str]) -> list[str]:  # type: ignore[no-untyped-def]
    share = f"{counts.classes['distancing']}/{counts.statements}"
    return [label, str(counts.statements), *(str(counts.classes[c] or "") for c in used), share]


def _terms(counter) -> str:  # type: ignore[no-untyped-def]
    items = counter.most_common(TERMS_SHOWN)
    if not items:
        return "-"
    shown = ", ".join(f"{term} ({n})" if n > 1 else term for term, n in items)
    more = len(counter) - len(items)
    return shown + (f", ... {more} more" if more > 0 else "")
