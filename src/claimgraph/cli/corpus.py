"""``claimgraph ingest|statements|speakers|export``: corpora in a store (thin over the library)."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from contextlib import ExitStack
from typing import Any, TextIO

from claimgraph.cli.analyze import (
    add_language_option,
    add_private_urls_option,
    add_states_option,
    options_from,
)
from claimgraph.cli.arguments import claim_id, day, whole
from claimgraph.options import AnalysisOptions
from claimgraph.readers.language import SUPPORTED
from claimgraph.store import Store
from claimgraph.store.csv_cells import csv_record
from claimgraph.store.store import shown_url

FORMATS = ("table", "json", "jsonl", "csv")


def _db(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--db",
        metavar="URL",
        help="SQLite file or postgresql:// URL (default: claimgraph.db, or $CLAIMGRAPH_DB)",
    )


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("ingest", help="analyse many articles into a database (resumable)")
    p.add_argument(
        "sources",
        nargs="+",
        metavar="SOURCE",
        help="folder, .txt/.html file, .jsonl, .warc[.gz], RSS/Atom file or feed URL",
    )
    _db(p)
    p.add_argument("--jobs", type=whole, default=1, metavar="N", help="worker processes (default 1)")
    p.add_argument(
        "--dask", metavar="ADDRESS",
        help="run on a Dask cluster: a scheduler address (tcp://HOST:8786) or local:N for N "
             "worker processes here; workers write to --db themselves (see docs/scale.md)",
    )
    p.add_argument(
        "--dask-timeout", type=float, default=None, metavar="S",
        help="seconds to wait for the Dask scheduler to answer (default 10)",
    )
    p.add_argument(
        "--chunk", type=whole, default=AnalysisOptions.batch_size, metavar="N",
        help=f"articles per analysis batch and per write (default {AnalysisOptions.batch_size})",
    )
    add_states_option(p)
    add_private_urls_option(p)
    add_language_option(p)
    p.add_argument(
        "--no-claims", dest="claims", action="store_false",
        help="store statements without assigning claims (`claimgraph claims --assign` does it later)",
    )
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(run=run_ingest)

    p = sub.add_parser("statements", help="query stored statements")
    _db(p)
    p.add_argument("--speaker", metavar="NAME")
    p.add_argument("--outlet", metavar="O")
    p.add_argument("--since", type=day, metavar="YYYY-MM-DD")
    p.add_argument("--until", type=day, metavar="YYYY-MM-DD")
    p.add_argument("--search", metavar="TEXT", help="full-text search in statement content")
    p.add_argument("--kind", choices=("direct", "indirect", "mixed"))
    p.add_argument("--cue-class", metavar="C")
    p.add_argument("--act", metavar="A", help="speech, belief, intention, ... (see analyze)")
    p.add_argument("--article", metavar="ID")
    p.add_argument("--claim", type=claim_id, metavar="ID", help="a claim's statements (c12)")
    p.add_argument("--stance", choices=("asserts", "disputes"), help="asserts or disputes its claim")
    p.add_argument("--about", metavar="NAME", help="an entity the statement speaks of (part of its name)")
    p.add_argument("--language", choices=SUPPORTED, help="the article's language")
    p.add_argument("--limit", type=whole, default=50, help="0 = all")
    p.add_argument("--offset", type=whole, default=0)
    p.add_argument("--format", choices=FORMATS, default="table")
    p.set_defaults(run=run_statements)

    p = sub.add_parser(
        "speakers",
        help="speakers with statement counts, outlets and titles; show, merge or split one",
        description="List speakers, or: show ID (names and why each is this speaker), "
        "merge ID INTO (hand merge), split ID NAME (hand split). Hand decisions are stored "
        "and later ingests keep them.",
    )
    _db(p)
    p.add_argument("--outlet", metavar="O")
    p.add_argument("--search", metavar="NAME")
    p.add_argument("--limit", type=whole, default=50, help="0 = all")
    p.add_argument("--format", choices=FORMATS, default="table")
    p.set_defaults(run=run_speakers)
    _speaker_commands(p)

    p = sub.add_parser("export", help="write every stored statement to a file")
    _db(p)
    p.add_argument("out", metavar="OUT", help="output file, - for stdout (jsonl/csv)")
    p.add_argument("--format", choices=("jsonl", "csv", "parquet", "gexf", "graphml"), default=None,
                   help="default: from OUT's extension; gexf and graphml write the claims graph "
                        "(speakers, claims, outlets; asserts, disputes, reports)")
    p.add_argument("--outlet", metavar="O")
    p.add_argument("--since", type=day, metavar="YYYY-MM-DD")
    p.add_argument("--until", type=day, metavar="YYYY-MM-DD")
    p.set_defaults(run=run_export)


def _limit(n: int) -> int | None:
    return None if n <= 0 else n


# -- ingest -----------------------------------------------------------------


def run_ingest(args: argparse.Namespace) -> int:
    from rich.console import Console

    console = Console(stderr=True)
    if args.jobs < 1 or args.chunk < 1:
        print("claimgraph: --jobs and --chunk must be 1 or more", file=sys.stderr)
        return 2
    if args.dask:
        from claimgraph.corpus.cluster import parse_address

        if args.jobs != 1:
            print("claimgraph: --jobs or --dask: choose one (a cluster's workers are its processes)",
                  file=sys.stderr)
            return 2
        parse_address(args.dask)  # a malformed address stops the run before the store is made
    options = options_from(args, batch_size=args.chunk)
    store = Store.open(args.db)
    with ExitStack() as stack:
        stack.callback(store.close)
        workers = None
        if args.dask:
            # Connected before anything is read: a scheduler that does not answer is one line.
            from claimgraph.corpus.cluster import DaskWorkers, dask_client

            client = stack.enter_context(dask_client(args.dask, args.dask_timeout))
            workers = DaskWorkers(client, options, store.url)
        report = _ingest_with_progress(args, store, options, workers, console)
    claims = f"; {report.claims_assigned} statements given their claims" if report.claims_assigned else ""
    print(f"{report.summary()}{claims} [{shown_url(store.url)}]", file=sys.stderr)
    return 0 if report.failed == 0 else 1


def _ingest_with_progress(
    args: argparse.Namespace, store: Store, options: AnalysisOptions, workers: Any, console: Any
) -> Any:
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from claimgraph.corpus import IngestReport, ingest

    columns = (
        SpinnerColumn(),
        TextColumn("{task.completed}/{task.fields[read]} articles"),
        TextColumn("[cyan]{task.fields[rate]:.1f} articles/s"),
        TextColumn("{task.fields[statements]} statements, {task.fields[failed]} failed"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, disable=args.quiet, transient=False) as bar:
        task = bar.add_task("ingest", total=None, rate=0.0, statements=0, failed=0, read=0)

        def progress(n: int, report: IngestReport) -> None:
            bar.update(task, advance=n, rate=report.rate, statements=report.statements,
                       failed=report.failed, read=report.read)

        def failure(message: str) -> None:
            bar.console.print(f"claimgraph: {message}", highlight=False, markup=False,
                              soft_wrap=True)

        return ingest(args.sources, store, options, jobs=args.jobs, progress=progress, claims=args.claims,
                      on_failure=failure, workers=workers, allow_private_urls=args.allow_private_urls)


# -- queries ----------------------------------------------------------------

# The options of `claimgraph statements` that are statement filters (queries.statement_filters).
STATEMENT_FILTERS = ("speaker", "outlet", "since", "until", "search", "kind", "cue_class", "article",
                     "act", "claim", "stance", "about", "language")


def run_statements(args: argparse.Namespace) -> int:
    with Store.open(args.db) as store:
        filters = {name: getattr(args, name) for name in STATEMENT_FILTERS}
        rows = store.statements(limit=_limit(args.limit), offset=args.offset, **filters)
    if args.format == "table":
        _table(
            f"{len(rows)} statements",
            ("date", "outlet", "lang", "speaker", "kind", "cue", "statement"),
            [
                (
                    (r["article"]["published"] or "")[:10],
                    r["article"]["outlet"] or "",
                    r["article"].get("language") or "",
                    r["speaker"]["name"] or "(unknown)",
                    r["kind"],
                    (r["cue"] or {}).get("text") or "-",
                    r["content"]["text"],
                )
                for r in rows
            ],
        )
    else:
        _emit(rows, args.format, flat_statement, sys.stdout)
    return 0


def run_speakers(args: argparse.Namespace) -> int:
    with Store.open(args.db) as store:
        rows = store.speakers(outlet=args.outlet, search=args.search, limit=_limit(args.limit))
    if args.format == "table":
        _table(
            f"{len(rows)} speakers",
            ("id", "speaker", "statements", "outlets", "titles"),
            [
                (
                    str(r["id"]),
                    r["name"],
                    str(r["statement_count"]),
                    ", ".join(r["outlets"]),
                    ", ".join(r["titles"] + r["affiliations"]),
                )
                for r in rows
            ],
        )
    else:
        _emit(rows, args.format, flat_speaker, sys.stdout)
    return 0


def _speaker_commands(parent: argparse.ArgumentParser) -> None:
    actions = parent.add_subparsers(dest="speaker_action", metavar="ACTION")

    def action(name: str, help_text: str) -> argparse.ArgumentParser:
        p = actions.add_parser(name, help=help_text)
        # SUPPRESS: a --db given before the action is not reset by this one's default.
        p.add_argument("--db", metavar="URL", default=argparse.SUPPRESS,
                       help="SQLite file or postgresql:// URL")
        return p

    p = action("fields", "every title, affiliation and country with the words that gave it")
    p.add_argument("--format", choices=FORMATS, default="table")
    p.set_defaults(run=run_speaker_fields)
    p = action("show", "one speaker's names, the reason for each, and hand decisions")
    p.add_argument("id", type=whole, metavar="ID")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(run=run_speaker_show)
    p = action("merge", "hand merge: speaker ID becomes speaker INTO (kept across ingests)")
    p.add_argument("id", type=whole, metavar="ID")
    p.add_argument("into", type=whole, metavar="INTO")
    p.add_argument("--editor", metavar="NAME", help="who makes the edit (kept in the audit log)")
    p.set_defaults(run=run_speaker_merge)
    p = action("split", "hand split: NAME (with its statements) becomes a speaker of its own")
    p.add_argument("id", type=whole, metavar="ID")
    p.add_argument("name", metavar="NAME", help="one of the speaker's names (see: speakers show ID)")
    p.add_argument("--editor", metavar="NAME", help="who makes the edit (kept in the audit log)")
    p.set_defaults(run=run_speaker_split)


def _speaker_or_fail(store: Store, speaker_id: int) -> dict[str, Any]:
    from claimgraph.store.speakers import SpeakerNotFound

    found = store.speaker(speaker_id)
    if found is None:
        raise SpeakerNotFound(f"no speaker with id {speaker_id}")
    return found


def run_speaker_fields(args: argparse.Namespace) -> int:
    with Store.open(args.db) as store:
        rows = store.speaker_fields()
    if args.format == "table":
        _table(
            f"{len(rows)} values",
            ("field", "value", "speaker", "article", "words"),
            [(r.field, r.value, r.speaker, r.article, r.words) for r in rows],
        )
    else:
        _emit([r.to_dict() for r in rows], args.format, lambda r: r, sys.stdout)
    return 0


def run_speaker_show(args: argparse.Namespace) -> int:
    with Store.open(args.db) as store:
        found = _speaker_or_fail(store, args.id)
    if args.format == "json":
        found = {k: v for k, v in found.items() if k != "statements"}
        json.dump(found, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    moved = f" (speaker {args.id} was merged into it)" if found.get("redirected_from") else ""
    _table(
        f"{found['id']} {found['name']}: {found['statement_count']} statements{moved}",
        ("name", "alias", "reason"),
        [(a["name"], a["alias"], a["reason"] or "") for a in found["alias_reasons"]],
    )
    if found["fuller_names"]:
        others = ", ".join(f"{o['id']} ({o['name']})" for o in found["fuller_names"])
        print(f"a short name of: {others}; merge by hand if one of them is meant")
    for d in found["decisions"]:
        what = f"split {d['alias']!r} off" if d["action"] == "split" else "merged"
        print(f"{d['made_at']}: {what} speaker {d['speaker_id']} -> {d['other_id']} (by hand)")
    return 0


def run_speaker_merge(args: argparse.Namespace) -> int:
    with Store.open(args.db) as store:
        before = _speaker_or_fail(store, args.id)["name"]
        into = store.merge_speakers(args.id, args.into, args.editor)
        after = _speaker_or_fail(store, into)["name"]
    print(f"merged speaker {args.id} ({before}) into {into} ({after})")
    return 0


def run_speaker_split(args: argparse.Namespace) -> int:
    with Store.open(args.db) as store:
        before = _speaker_or_fail(store, args.id)
        new = store.split_speaker(args.id, args.name, args.editor)
        split_off = _speaker_or_fail(store, new)
    print(f"split {split_off['name']!r} ({split_off['statement_count']} statements) off speaker "
          f"{before['id']} ({before['name']}) as speaker {new}")
    return 0


def run_export(args: argparse.Namespace) -> int:
    from claimgraph.store.export import export, format_of

    fmt = args.format or format_of(args.out)
    with Store.open(args.db) as store:
        if fmt in ("gexf", "graphml") and store.pending_claims():
            store.assign_claims()
        n = export(store, args.out, fmt, outlet=args.outlet, since=args.since, until=args.until)
    what = "claims" if fmt in ("gexf", "graphml") else "statements"
    print(f"exported {n} {what} to {args.out} ({fmt})", file=sys.stderr)
    return 0


# -- output helpers ---------------------------------------------------------


def flat_statement(r: dict[str, Any]) -> dict[str, Any]:
    from claimgraph.store.export import flatten

    return flatten(r)


def flat_speaker(r: dict[str, Any]) -> dict[str, Any]:
    return {
        **{k: r[k] for k in ("id", "name", "type", "country", "statement_count")},
        "outlets": "; ".join(r["outlets"]),
        "titles": "; ".join(r["titles"]),
        "affiliations": "; ".join(r["affiliations"]),
    }


def _emit(rows: list[dict[str, Any]], fmt: str, flat: Any, out: TextIO) -> None:
    if fmt == "json":
        json.dump(rows, out, ensure_ascii=False, indent=1)
        out.write("\n")
    elif fmt == "jsonl":
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    else:
        flat_rows = [flat(r) for r in rows]
        if flat_rows:
            writer = csv.DictWriter(out, fieldnames=list(flat_rows[0]))
            writer.writeheader()
            writer.writerows(csv_record(row) for row in flat_rows)


def _table(title: str, headers: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(file=sys.stdout, width=max(100, Console(file=sys.stdout).width))
    table = Table(title=title)
    for header in headers:
        table.add_column(header, overflow="fold")
    for row in rows:
        table.add_row(*row)
    console.print(table)
