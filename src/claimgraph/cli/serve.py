"""``claimgraph serve``: the web app and HTTP API over a corpus store (see docs/web.md)."""

from __future__ import annotations

import argparse
import ipaddress
import socket
import sys

from claimgraph.api.analysis import DEFAULT_MAX_CHARS, DEFAULT_QUEUE, DEFAULT_WORKERS
from claimgraph.cli.arguments import port, whole
from claimgraph.errors import InputError

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1", "[::1]")


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "serve",
        help="web pages and an HTTP API for reading who said what across a corpus",
        description="Start a web server (FastAPI + uvicorn) over the corpus store.",
    )
    p.add_argument(
        "--db",
        metavar="URL",
        default=None,
        help="SQLite file or postgresql:// URL (default: claimgraph.db, or $CLAIMGRAPH_DB)",
    )
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    p.add_argument("--port", type=port, default=8000, help="port (default 8000)")
    p.add_argument(
        "--allow-ingest",
        action="store_true",
        help="enable POST /api/articles, which analyses an article and stores it (and edits: --allow-edit)",
    )
    p.add_argument(
        "--allow-edit",
        action="store_true",
        help="enable a fact-checker's edits: merge or split speakers, move statements between claims, "
        "correct stances, record verdicts (forms on the pages, POST routes in the API; logged at /audit)",
    )
    p.add_argument(
        "--workers",
        type=whole,
        default=DEFAULT_WORKERS,
        metavar="N",
        help=f"analysis worker processes (default {DEFAULT_WORKERS}; 0: in the server process)",
    )
    p.add_argument(
        "--queue",
        type=whole,
        default=DEFAULT_QUEUE,
        metavar="N",
        help=f"analyses that may wait for a worker; more get 503 (default {DEFAULT_QUEUE})",
    )
    p.add_argument(
        "--max-chars",
        type=whole,
        default=DEFAULT_MAX_CHARS,
        metavar="N",
        help=f"longest text one web analysis takes (default {DEFAULT_MAX_CHARS:,})",
    )
    p.set_defaults(run=run)


def allowed_hosts(host: str) -> list[str] | None:
    """The Host names a server bound to ``host`` answers: on loopback, the loopback names
    and the address itself (loopback addresses always pass); elsewhere no check."""
    if not is_loopback(host):
        return None
    return ["localhost", "127.0.0.1", "::1", host.strip("[]")]


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from claimgraph.api.analysis import AnalysisPool
    from claimgraph.app import create_app

    if args.max_chars < 1:
        print("claimgraph: --max-chars must be 1 or more", file=sys.stderr)
        return 2
    loopback = is_loopback(args.host)
    if not loopback:
        print(
            f"claimgraph: warning: serving on {args.host}, reachable from other machines; "
            "there is no authentication",
            file=sys.stderr,
        )
    pool = AnalysisPool(workers=args.workers, queue=args.queue, max_chars=args.max_chars)
    app = create_app(
        args.db, allow_ingest=args.allow_ingest, allow_edit=args.allow_edit,
        allowed_hosts=allowed_hosts(args.host), warm=True, pool=pool,
    )
    shown = f"[{args.host}]" if ":" in args.host else args.host
    # Bound here, before anything is announced: a port in use or a bad address is one line.
    host = args.host.strip("[]")
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        sock = socket.create_server((host, args.port), family=family)
    except (OSError, OverflowError) as err:
        reason = getattr(err, "strerror", None) or str(err)
        raise InputError(f"cannot listen on {shown}:{args.port} ({reason})") from None
    print(f"claimgraph: serving on http://{shown}:{args.port}/ (Ctrl-C to stop)", file=sys.stderr)
    config = uvicorn.Config(app, host=args.host, port=args.port, log_level="warning", access_log=False)
    with sock:
        uvicorn.Server(config).run(sockets=[sock])
    return 0
