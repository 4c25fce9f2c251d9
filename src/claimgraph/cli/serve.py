"""``claimgraph serve``: the web app and HTTP API over a corpus store (see docs/web.md)."""

from __future__ import annotations

import argparse
import ipaddress
import sys

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
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument(
        "--allow-ingest",
        action="store_true",
        help="enable POST /api/articles, which analyses an article and stores it",
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from claimgraph.app import create_app

    loopback = is_loopback(args.host)
    if not loopback:
        print(
            f"claimgraph: warning: serving on {args.host}, reachable from other machines; "
            "there is no authentication",
            file=sys.stderr,
        )
    # Host-header check against DNS rebinding; Starlette's check cannot parse IPv6 hosts.
    hosts = ["localhost", "127.0.0.1"] if loopback and ":" not in args.host else None
    app = create_app(args.db, allow_ingest=args.allow_ingest, allowed_hosts=hosts, warm=True)
    shown = f"[{args.host}]" if ":" in args.host else args.host
    print(f"claimgraph: serving on http://{shown}:{args.port}/ (Ctrl-C to stop)", file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", access_log=False)
    return 0
