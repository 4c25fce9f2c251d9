"""``claimgraph analyze PATH|-|URL``: statements of one article."""

from __future__ import annotations

import argparse
import json
import sys

from claimgraph.ingest.sources import read_source
from claimgraph.pipeline import analysis_from_doc, load_pipeline
from claimgraph.render import render_table


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("analyze", help="list every attributed statement in one article")
    p.add_argument("source", help="a .txt or .html file, - for stdin, or an http(s) URL")
    p.add_argument("--format", choices=("table", "json", "jsonl"), default="table")
    p.add_argument(
        "--states",
        action="store_true",
        help="also report beliefs, intentions and evidence (thinks, wants, a poll shows)",
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    raw = read_source(args.source)
    analysis = analysis_from_doc(load_pipeline(states=args.states)(raw.text), raw.article)
    if args.format == "json":
        json.dump(analysis.to_dict(), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    elif args.format == "jsonl":
        for statement in analysis.statements:
            record = {"article": analysis.article.id, **statement.to_dict()}
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    else:
        render_table(analysis, sys.stdout)
    return 0
