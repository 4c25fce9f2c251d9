"""``claimgraph analyze SOURCE``: statements of one article, or of every article of a corpus file."""

from __future__ import annotations

import argparse
import json
import sys

from claimgraph.errors import InputError
from claimgraph.model import Analysis
from claimgraph.options import AnalysisOptions


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("analyze", help="list every attributed statement in an article")
    p.add_argument(
        "source",
        help="a .txt or .html file, - for stdin, an http(s) URL, or a corpus file or folder "
        "(.jsonl, .warc[.gz], RSS/Atom): one analysis per article",
    )
    p.add_argument(
        "--format",
        choices=("table", "json", "jsonl"),
        default="table",
        help="json: the record of the output contract (a JSON array of them for a corpus); "
        "jsonl: one statement per line",
    )
    add_states_option(p)
    add_private_urls_option(p)
    add_language_option(p)
    p.set_defaults(run=run)


def add_states_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--states",
        action="store_true",
        help="also report beliefs, intentions and perceptions (thinks, wants, saw); evidence "
        "(a poll shows) and worries are always reported",
    )


def add_private_urls_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--allow-private-urls",
        action="store_true",
        help="also fetch URLs (and feed entry links) on loopback, link-local and private "
        "network addresses (refused by default: a feed must not reach inside your network)",
    )


def add_language_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--lang",
        metavar="CODE",
        help="analyse every article as this language (en or ru) instead of identifying each one's",
    )


def options_from(args: argparse.Namespace, **more: int) -> AnalysisOptions:
    """The analysis options the command line asks for (``--states``, ``--lang``)."""
    from claimgraph.readers.language import forced_language

    language = forced_language(args.lang) if getattr(args, "lang", None) else None
    return AnalysisOptions(states=args.states, language=language, **more)


def run(args: argparse.Namespace) -> int:
    from claimgraph.cli.render import render_table
    from claimgraph.pipeline import analyze_stream
    from claimgraph.readers.formats import is_corpus, read_articles

    corpus = is_corpus(args.source)
    analyses: list[Analysis] = []
    failed = 0
    articles = read_articles([args.source], args.allow_private_urls)
    for result in analyze_stream(articles, options_from(args)):
        if isinstance(result, Analysis):
            analyses.append(result)
            continue
        if not corpus:
            raise InputError(result.error)
        failed += 1
        print(f"claimgraph: {result.error}", file=sys.stderr)
    if args.format == "json":
        records = [a.to_dict() for a in analyses]
        json.dump(records if corpus else records[0], sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    elif args.format == "jsonl":
        for analysis in analyses:
            for statement in analysis.statements:
                record = {"article": analysis.article.id, **statement.to_dict()}
                sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    else:
        for analysis in analyses:
            render_table(analysis, sys.stdout)
    return 1 if failed else 0
