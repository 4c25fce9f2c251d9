"""``claimgraph claims``: the claims of a store, who asserts and who disputes them.

JSON follows ../shared/spec/claims.md: one object, ``{"claims": [...]}``, each claim with its
statements. Statements stored without a claim yet (an ingest cut short, ``--no-claims``, a
store from before claims) get theirs first, so the answer covers every statement.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path
from typing import Any

from claimgraph.cli.arguments import day, positive, whole
from claimgraph.errors import InputError
from claimgraph.store import Store
from claimgraph.store.claims import SORTS, flat_claim
from claimgraph.store.csv_cells import csv_record

FORMATS = ("table", "json", "jsonl", "csv")
DEFAULT_BASE_URL = "http://127.0.0.1:8000"
TABLE_LIMIT = 50


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "claims",
        help="claims across articles: who asserts, who disputes, which outlets",
        description="List claims, or (claims reviews) write the fact-checkers' verdicts as schema.org "
        "ClaimReview JSON-LD.",
    )
    p.add_argument(
        "what", nargs="?", choices=("reviews",),
        help="reviews: every claim with a verdict as a ClaimReview (a JSON-LD list) instead of the claims",
    )
    p.add_argument("--out", metavar="FILE", help="reviews: write them to FILE (default: standard output)")
    p.add_argument(
        "--base-url", metavar="URL", default=DEFAULT_BASE_URL,
        help=f"reviews: where `claimgraph serve` shows the claims, for each review's url "
        f"(default {DEFAULT_BASE_URL})",
    )
    p.add_argument(
        "--db",
        metavar="URL",
        help="SQLite file or postgresql:// URL (default: claimgraph.db, or $CLAIMGRAPH_DB)",
    )
    p.add_argument("--search", metavar="Q", help="words in a statement of the claim")
    p.add_argument("--speaker", metavar="S", help="a speaker (name or id) who asserts or disputes it")
    p.add_argument("--outlet", metavar="O", help="an outlet that carries it")
    p.add_argument("--about", metavar="NAME", help="an entity its statements speak of")
    p.add_argument("--since", type=day, metavar="D",
                   help="carried on or after D (YYYY, YYYY-MM or YYYY-MM-DD)")
    p.add_argument("--until", type=day, metavar="D", help="carried on or before D")
    p.add_argument("--contested", action="store_true", help="only claims that somebody disputes")
    p.add_argument("--min-articles", type=whole, metavar="N",
                   help="only claims carried by N articles or more")
    p.add_argument("--max-articles", type=positive, metavar="N",
                   help="only claims carried by N articles or fewer (1: exclusives)")
    p.add_argument("--max-outlets", type=positive, metavar="N",
                   help="only claims carried by N outlets or fewer (1: one outlet's)")
    p.add_argument(
        "--sort",
        choices=SORTS,
        default="widespread",
        help="widespread (most articles first, the default), outlets (most outlets first), contested, "
        "newest (last seen), first (seen)",
    )
    p.add_argument(
        "--limit",
        type=whole,
        metavar="N",
        help=f"at most N claims (default: all; {TABLE_LIMIT} for the table); 0 = all",
    )
    p.add_argument("--format", choices=FORMATS, default="table")
    p.add_argument(
        "--assign",
        action="store_true",
        help="only assign claims to statements that have none yet, and say how many",
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.what == "reviews":
        return run_reviews(args)
    with Store.open(args.db) as store:
        waiting = store.pending_claims()
        if args.assign:
            if waiting:
                assigned = store.assign_claims()
                print(f"claimgraph: {assigned} statements given their claims", file=sys.stderr)
            else:
                print("claimgraph: every statement already has its claim", file=sys.stderr)
            return 0
        if waiting:  # listing claims never writes: the assignment is asked for
            print(
                f"claimgraph: {waiting} statements have no claim yet (claimgraph claims --assign)",
                file=sys.stderr,
            )
        limit = (
            args.limit
            if args.limit
            else (TABLE_LIMIT if args.format == "table" and args.limit is None else None)
        )
        filters = {
            "search": args.search,
            "speaker": args.speaker,
            "outlet": args.outlet,
            "about": args.about,
            "since": args.since,
            "until": args.until,
            "contested": args.contested,
            "min_articles": args.min_articles,
            "max_articles": args.max_articles,
            "max_outlets": args.max_outlets,
        }
        found = store.claims(limit=limit, sort=args.sort, **filters)
        total = store.count_claims(**filters) if args.format == "table" else len(found)
    if args.format == "json":
        json.dump({"claims": found}, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    elif args.format == "jsonl":
        for claim in found:
            sys.stdout.write(json.dumps(claim, ensure_ascii=False) + "\n")
    elif args.format == "csv":
        rows = [flat_claim(c) for c in found]
        writer = csv.DictWriter(sys.stdout, fieldnames=list(flat_claim({}).keys()))
        writer.writeheader()
        writer.writerows(csv_record(row) for row in rows)
    else:
        render(found, total)
    return 0


def run_reviews(args: argparse.Namespace) -> int:
    """Every verdict as a ClaimReview, one JSON-LD list (empty when nothing was checked)."""
    from claimgraph.api.reviews import all_reviews
    from claimgraph.claims.review import is_web_url

    if not is_web_url(args.base_url):
        raise InputError(f"--base-url: {args.base_url!r} is not an http(s) URL")
    with Store.open(args.db) as store:
        reviews = all_reviews(store, args.base_url)
    text = json.dumps(reviews, ensure_ascii=False, indent=1) + "\n"
    if args.out:
        try:
            Path(args.out).write_text(text, encoding="utf-8")
        except OSError as err:
            raise InputError(f"{args.out}: cannot write ({err.strerror or err})") from None
    else:
        sys.stdout.write(text)
    print(f"claimgraph: {len(reviews)} claim reviews", file=sys.stderr)
    return 0


def render(found: list[dict[str, Any]], total: int) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(file=sys.stdout, width=max(120, Console(file=sys.stdout).width))
    table = Table(title=f"{len(found)} of {total} claims")
    for header in ("claim", "first seen", "outlets", "articles", "asserted by", "disputed by"):
        table.add_column(header, overflow="fold")
    for claim in found:
        flat = flat_claim(claim)
        table.add_row(
            f"{claim['id']}: {claim['label']}",
            flat["first_seen"] or "-",
            str(flat["outlets"]),
            str(flat["articles"]),
            flat["asserted_by"] or "-",
            flat["disputed_by"] or "-",
        )
    console.print(table)
