#!/usr/bin/env python3
"""Load test for ``claimgraph serve``: bounded concurrent clients on loopback only.

    python scripts/loadtest.py                       # starts its own server on a sample corpus
    python scripts/loadtest.py --url http://127.0.0.1:8000 --clients 20 --duration 20

Without --url it starts ``claimgraph serve --allow-ingest`` on a free loopback port
over a temporary SQLite store, posts a generated sample corpus to POST /api/articles,
then runs the load. Each client sends one request at a time (a weighted mix of API
reads, pages and a few analyses) until the time is up; ``--analyses N`` adds N clients
that do nothing but POST /api/analyze, one after another (the worker pool's load). It
prints latency percentiles per route and for all page requests, and exits 1 when any
response is a 5xx or a request fails.
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlsplit

import httpx

ROOT = Path(__file__).resolve().parents[1]
MAX_CLIENTS = 100
MAX_DURATION = 600

OUTLETS = ("Riverside Herald", "Northgate Times", "Valley Wire")
PEOPLE = (
    ("Carla Menendez", "the mayor of Eastbrook"),
    ("Victor Osei", "a spokesman for the Eastbrook Transit Board"),
    ("Ingrid Solberg", "the chief economist at Harlow Bank"),
    ("Marcus Webb", "a councillor for the Westside ward"),
    ("Priya Raman", "the director of the Eastbrook Housing Trust"),
    ("Jonas Keller", "the head of the regional teachers' union"),
)
TOPICS = (
    ("bus fares", "fares would rise by ten percent next year", "We have no other choice"),
    ("housing", "two thousand homes would be built by 2027", "Families are waiting too long"),
    ("interest rates", "rates would stay high through the winter", "Inflation is not beaten yet"),
    ("school funding", "schools would lose staff without more money", "Our teachers are exhausted"),
    ("the river bridge", "the bridge repairs would finish in May", "The work is on schedule"),
)


def sample_articles(n: int, seed: int = 7) -> list[dict[str, str]]:
    """Generated news-like articles (3 outlets, 6 speakers, 5 topics)."""
    rng = random.Random(seed)
    articles = []
    for i in range(n):
        topic, claim, quote = TOPICS[i % len(TOPICS)]
        (a_name, a_role), (b_name, b_role) = rng.sample(PEOPLE, 2)
        a_last, b_last = a_name.split()[-1], b_name.split()[-1]
        text = (
            f"The debate over {topic} in Eastbrook continued on Wednesday.\n\n"
            f'"{quote}," said {a_name}, {a_role}.\n\n'
            f"{a_last} said that {claim}.\n\n"
            f"{b_name}, {b_role}, disagreed. {b_last} argued that the plan ignored the people "
            f'who would pay for it. "Nobody asked us," {b_last} told reporters.\n\n'
            "A decision is expected next month."
        )
        articles.append(
            {
                "title": f"Eastbrook argues over {topic} ({i + 1})",
                "outlet": OUTLETS[i % len(OUTLETS)],
                "published": f"2025-{1 + i % 12:02d}-{1 + i % 27:02d}",
                "text": text,
            }
        )
    return articles


def require_loopback(url: str) -> None:
    host = urlsplit(url).hostname or ""
    try:
        ok = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        ok = False
    if not ok:
        sys.exit(f"loadtest: refusing {url}: only loopback addresses (127.0.0.1, ::1) are allowed")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: Path, port: int) -> subprocess.Popen[bytes]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    cmd = [sys.executable, "-m", "claimgraph.cli", "serve", "--db", str(db)]
    cmd += ["--host", "127.0.0.1", "--port", str(port), "--allow-ingest"]
    return subprocess.Popen(cmd, env=env, cwd=ROOT)


def wait_ready(url: str, proc: subprocess.Popen[bytes] | None, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            sys.exit(f"loadtest: the server exited with status {proc.returncode}")
        try:
            if httpx.get(url + "/healthz", timeout=2, trust_env=False).status_code == 200:
                # the pipeline loads in the workers at start-up; one analysis shows it is ready
                text = sample_articles(1)[0]["text"]
                httpx.post(url + "/api/analyze", json={"text": text}, timeout=timeout, trust_env=False)
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    sys.exit(f"loadtest: {url} did not answer within {timeout:.0f} s")


def seed(url: str, n: int) -> None:
    with httpx.Client(base_url=url, timeout=60, trust_env=False) as client:
        for article in sample_articles(n):
            r = client.post("/api/articles", json=article)
            if r.status_code not in (200, 201):
                sys.exit(f"loadtest: seeding failed: {r.status_code} {r.text[:200]}")


def discover(url: str) -> dict[str, list[str]]:
    """Ids to request: articles and speakers present in the store."""
    with httpx.Client(base_url=url, timeout=30, trust_env=False) as client:
        arts = client.get("/api/articles", params={"limit": 200}).json().get("items", [])
        spks = client.get("/api/speakers", params={"limit": 200}).json().get("items", [])
    return {
        "articles": [a["id"] for a in arts] or ["missing"],
        "speakers": [str(s["id"]) for s in spks] or ["0"],
        "names": [s["name"] for s in spks] or ["nobody"],
    }


def workload(ids: dict[str, list[str]], analyze_share: float) -> list[tuple[float, str, str]]:
    """(weight, route label, path template); {a} article id, {s} speaker id, {n} name, {w} word."""
    mix = [
        (14, "GET /api/statements?search", "/api/statements?search={w}&limit=20"),
        (8, "GET /api/statements?speaker", "/api/statements?speaker={n}"),
        (6, "GET /api/statements?filters", "/api/statements?kind=direct&since=2025-03-01&limit=20"),
        (8, "GET /api/speakers", "/api/speakers"),
        (8, "GET /api/speakers/{id}", "/api/speakers/{s}"),
        (6, "GET /api/articles", "/api/articles"),
        (10, "GET /api/articles/{id}", "/api/articles/{a}"),
        (4, "GET /api/outlets", "/api/outlets"),
        (10, "GET /articles/{id} (page)", "/articles/{a}"),
        (8, "GET /search (page)", "/search?q={w}"),
        (6, "GET /speakers/{id} (page)", "/speakers/{s}"),
        (4, "GET /outlets (page)", "/outlets"),
        (2, "GET / (page)", "/"),
        (4, "GET /speakers (page)", "/speakers"),
        (4, "GET /articles (page)", "/articles"),
        (3, "GET /outlets/{name} (page)", "/outlets/{o}"),
        (2, "GET /api/statements/facets", "/api/statements/facets?search={w}"),
    ]
    total = sum(w for w, _, _ in mix)
    if analyze_share > 0:
        mix.append((total * analyze_share / (1 - analyze_share), "POST /api/analyze", "analyze"))
    return mix


WORDS = ("fares", "homes", "rates", "teachers", "bridge", "schedule", "nobody", "inflation")


async def client_loop(
    client: httpx.AsyncClient,
    deadline: float,
    mix: list[tuple[float, str, str]],
    ids: dict[str, list[str]],
    results: list[tuple[str, int, float]],
    rng: random.Random,
) -> None:
    weights = [w for w, _, _ in mix]
    bodies = sample_articles(10, seed=99)
    while time.monotonic() < deadline:
        _, label, template = rng.choices(mix, weights)[0]
        start = time.perf_counter()
        try:
            if template == "analyze":
                r = await client.post("/api/analyze", json={"text": rng.choice(bodies)["text"]})
            else:
                path = template.format(
                    o=rng.choice(OUTLETS),
                    a=rng.choice(ids["articles"]),
                    s=rng.choice(ids["speakers"]),
                    n=rng.choice(ids["names"]),
                    w=rng.choice(WORDS),
                )
                r = await client.get(path)
            status = r.status_code
        except httpx.HTTPError as err:
            status = -1
            print(f"loadtest: {label}: {type(err).__name__}: {err}", file=sys.stderr)
        results.append((label, status, time.perf_counter() - start))


async def analysis_loop(
    client: httpx.AsyncClient, deadline: float, results: list[tuple[str, int, float]], rng: random.Random
) -> None:
    """One client that only analyses: the next article as soon as the last is done."""
    bodies = sample_articles(10, seed=123)
    while time.monotonic() < deadline:
        start = time.perf_counter()
        try:
            r = await client.post("/api/analyze", json={"text": rng.choice(bodies)["text"]})
            status = r.status_code
        except httpx.HTTPError as err:
            status = -1
            print(f"loadtest: analysis: {type(err).__name__}: {err}", file=sys.stderr)
        results.append(("POST /api/analyze (analysis client)", status, time.perf_counter() - start))


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1))))
    return ordered[k]


def report(results: list[tuple[str, int, float]], elapsed: float, clients: int) -> dict:
    by_route: dict[str, list[float]] = defaultdict(list)
    for label, _, seconds in results:
        by_route[label].append(seconds * 1000)
    every = [s * 1000 for _, _, s in results]
    pages = [s * 1000 for label, _, s in results if "(page)" in label]
    statuses = Counter(status for _, status, _ in results)
    summary = {
        "clients": clients,
        "seconds": round(elapsed, 1),
        "requests": len(results),
        "requests_per_second": round(len(results) / elapsed, 1) if elapsed else 0,
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "server_errors": sum(v for k, v in statuses.items() if k >= 500),
        "failed": statuses.get(-1, 0),
        "latency_ms": {
            "p50": round(pct(every, 50), 1),
            "p90": round(pct(every, 90), 1),
            "p95": round(pct(every, 95), 1),
            "p99": round(pct(every, 99), 1),
            "max": round(max(every, default=0), 1),
            "mean": round(statistics.fmean(every), 1) if every else 0,
        },
        "pages_latency_ms": {
            "n": len(pages),
            "p50": round(pct(pages, 50), 1),
            "p95": round(pct(pages, 95), 1),
            "p99": round(pct(pages, 99), 1),
            "max": round(max(pages, default=0), 1),
        },
        "routes": {
            label: {
                "n": len(v),
                "p50": round(pct(v, 50), 1),
                "p95": round(pct(v, 95), 1),
                "max": round(max(v), 1),
            }
            for label, v in sorted(by_route.items())
        },
    }
    return summary


def print_report(s: dict) -> None:
    lat = s["latency_ms"]
    print(
        f"\n{s['requests']} requests in {s['seconds']} s from {s['clients']} clients "
        f"= {s['requests_per_second']} req/s; statuses {s['statuses']}"
    )
    print(
        f"latency ms: p50 {lat['p50']}  p90 {lat['p90']}  p95 {lat['p95']}  "
        f"p99 {lat['p99']}  max {lat['max']}  mean {lat['mean']}\n"
    )
    pg = s["pages_latency_ms"]
    print(f"page requests ({pg['n']}): p50 {pg['p50']}  p95 {pg['p95']}  p99 {pg['p99']}  max {pg['max']}\n")
    width = max(len(k) for k in s["routes"]) if s["routes"] else 10
    print(f"{'route':<{width}}  {'n':>6}  {'p50':>8}  {'p95':>8}  {'max':>8}")
    for label, r in s["routes"].items():
        print(f"{label:<{width}}  {r['n']:>6}  {r['p50']:>8}  {r['p95']:>8}  {r['max']:>8}")


async def run_load(url: str, clients: int, duration: float, analyze_share: float, analyses: int = 0) -> dict:
    ids = discover(url)
    mix = workload(ids, analyze_share)
    results: list[tuple[str, int, float]] = []
    limits = httpx.Limits(max_connections=clients + analyses, max_keepalive_connections=clients + analyses)
    timeout = httpx.Timeout(60.0)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=timeout, trust_env=False) as client:
        start = time.monotonic()
        deadline = start + duration
        tasks = [client_loop(client, deadline, mix, ids, results, random.Random(i)) for i in range(clients)]
        tasks += [analysis_loop(client, deadline, results, random.Random(1000 + i)) for i in range(analyses)]
        await asyncio.gather(*tasks)
        elapsed = time.monotonic() - start
    return report(results, elapsed, clients)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="a running server (loopback only); default: start one")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients (default 20)")
    parser.add_argument("--duration", type=float, default=20, help="seconds (default 20)")
    parser.add_argument("--articles", type=int, default=30, help="sample articles to seed")
    parser.add_argument(
        "--analyze-share",
        type=float,
        default=0.02,
        help="share of requests that POST /api/analyze (CPU-bound; default 0.02)",
    )
    parser.add_argument(
        "--analyses", type=int, default=0, help="extra clients that only POST /api/analyze (default 0)"
    )
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args()
    if not 1 <= args.clients <= MAX_CLIENTS:
        parser.error(f"--clients must be 1..{MAX_CLIENTS}")
    if not 0 < args.duration <= MAX_DURATION:
        parser.error(f"--duration must be 0..{MAX_DURATION} seconds")
    if not 0 <= args.analyses <= 20:
        parser.error("--analyses must be 0..20")
    if not 0 <= args.analyze_share < 1:
        parser.error("--analyze-share must be in [0, 1)")

    proc = None
    tmp = None
    url = args.url
    try:
        if url is None:
            tmp = tempfile.TemporaryDirectory(prefix="claimgraph-load-")
            port = free_port()
            url = f"http://127.0.0.1:{port}"
            proc = start_server(Path(tmp.name) / "load.db", port)
            wait_ready(url, proc)
            print(f"loadtest: seeding {args.articles} articles into {url}", file=sys.stderr)
            seed(url, args.articles)
        else:
            url = url.rstrip("/")
            require_loopback(url)
            wait_ready(url, None, timeout=10)
        require_loopback(url)
        print(
            f"loadtest: {args.clients} clients for {args.duration:g} s against {url}",
            file=sys.stderr,
        )
        summary = asyncio.run(run_load(url, args.clients, args.duration, args.analyze_share, args.analyses))
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
        if tmp is not None:
            tmp.cleanup()
    print_report(summary)
    if args.json:
        Path(args.json).write_text(json.dumps(summary, indent=1) + "\n")
    bad = summary["server_errors"] + summary["failed"]
    if bad:
        print(f"\nloadtest: FAIL: {bad} responses were 5xx or failed", file=sys.stderr)
        return 1
    print("\nloadtest: OK: no 5xx, no failed requests")
    return 0


if __name__ == "__main__":
    sys.exit(main())
