#!/usr/bin/env python
"""Start-up time of the commands that need no pipeline, against a baseline revision, in ONE run.

For this checkout and for a baseline git revision (checked out into a temporary worktree),
times `claimgraph --help` and `claimgraph statements` on an empty store of each version's
own (their schemas differ; a first, untimed run creates it), best of N runs each,
interleaved, and prints the ratios. No figure is asserted: machines here are noisy,
the ratio is the result.

    .venv/bin/python scripts/startup.py [--baseline REV] [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_BASELINE = "353f113"  # main before the one-analysis-path change


def run(src: Path, *args: str) -> float:
    env = {**os.environ, "PYTHONPATH": str(src)}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "claimgraph.cli", *args], env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--baseline", default=DEFAULT_BASELINE)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "baseline"
        subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", str(base), args.baseline],
                       check=True, capture_output=True)
        try:
            versions = {"baseline": base / "src", "current": REPO / "src"}
            stores = {name: str(Path(tmp) / f"{name}.db") for name in versions}
            for name, src in versions.items():
                run(src, "statements", "--db", stores[name])  # creates the store, untimed
            commands = {"--help": ("--help",), "statements": ("statements", "--db")}
            best: dict[tuple[str, str], float] = {}
            for _ in range(args.repeat):
                for command, argv in commands.items():
                    for name, src in versions.items():
                        seconds = run(src, *argv, *((stores[name],) if command == "statements" else ()))
                        key = (command, name)
                        best[key] = min(best.get(key, seconds), seconds)
        finally:
            subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(base)],
                           check=False, capture_output=True)
    print(f"best of {args.repeat}, baseline {args.baseline}")
    print(f"{'command':<12} {'baseline s':>11} {'current s':>10} {'current/baseline':>17}")
    for command in commands:
        b, c = best[(command, "baseline")], best[(command, "current")]
        print(f"{command:<12} {b:>11.3f} {c:>10.3f} {c / b:>17.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
