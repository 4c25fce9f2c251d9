"""The ``claimgraph`` command: a thin layer over the library API.

Each submodule registers its subcommands; errors the user can act on print one
line on stderr and exit non-zero. Submodules import spaCy (through the pipeline) only
inside the commands that analyse, so ``--help`` and the store commands start fast.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from claimgraph.errors import ClaimgraphError

# Subcommand modules, in the order they appear in --help. Each has register(subparsers).
COMMAND_MODULES = ("analyze", "evaluate", "corpus", "claims", "rhetoric", "serve")


class _Parser(argparse.ArgumentParser):
    """argparse with its errors in claimgraph's form: one line naming the command, exit 2
    (``--help`` shows the usage)."""

    def error(self, message: str) -> NoReturn:
        command = self.prog.removeprefix("claimgraph").strip()
        self.exit(2, f"claimgraph: {command + ': ' if command else ''}{message}\n")


def build_parser() -> argparse.ArgumentParser:
    import importlib

    parser = _Parser(
        prog="claimgraph", description="Who said what, about whom, and how the outlet told it."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(f"claimgraph.cli.{name}").register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code = int(args.run(args) or 0)
        sys.stdout.flush()  # here, where a full disk is one line, not at interpreter exit
        return code
    except ClaimgraphError as err:
        print(f"claimgraph: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("claimgraph: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as err:
        # Output that cannot be written (a full disk, a closed terminal): what the system said.
        where = f" ({err.filename})" if err.filename else ""
        print(f"claimgraph: cannot go on ({err.strerror or err}){where}", file=sys.stderr)
        _quiet_stdout()
        return 1


def _quiet_stdout() -> None:
    """Drop what stdout still holds: its flush at exit would fail again, with a traceback."""
    try:
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - stays open until exit
    except OSError:
        pass


if __name__ == "__main__":
    sys.exit(main())
