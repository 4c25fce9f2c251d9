"""Shared fixtures: one spaCy pipeline per test session, and a CLI runner.

Every text in the tests is written for the tests (never copied from ../shared).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"

try:
    import claimgraph  # noqa: F401
except ModuleNotFoundError:  # a checkout without `pip install -e .`
    sys.path.insert(0, str(SRC))

from claimgraph.model import Analysis  # noqa: E402


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    """The claimgraph spaCy pipeline, loaded once for the whole session."""
    from claimgraph.pipeline import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def analyze(nlp) -> Callable[..., Analysis]:  # type: ignore[no-untyped-def]
    """``analyze(text)`` -> Analysis, through claimgraph.pipeline.analyze (results cached)."""
    from claimgraph.pipeline import analyze as run

    cache: dict[str, Analysis] = {}

    def analyze_text(text: str) -> Analysis:
        if text not in cache:
            cache[text] = run(text, id="test")
        return cache[text]

    return analyze_text


def cli_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(SRC) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("HTTP_PROXY", None)
    env.pop("http_proxy", None)
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost"
    return env


@pytest.fixture(scope="session")
def run_cli() -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run ``python -m claimgraph.cli ARGS`` in a subprocess (text in, text out)."""

    def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "claimgraph.cli", *args],
            input=stdin,
            capture_output=True,
            text=True,
            env=cli_env(),
            cwd=ROOT,
            timeout=300,
        )

    return run


# -- speeds: the slow tests carry markers, so `make test-fast` can leave them out ------------

# Whole test modules that are slow by what they run (worker clusters, kill -9 rounds, a browser).
SLOW_MODULES = {"test_dask": "dask", "test_killtest": "kill", "test_web_browser": "browser"}


def _uses_postgres(item: pytest.Item) -> bool:
    """A PostgreSQL test: its "postgresql" parameter, or (a test not run per backend) the test
    or one of its fixtures asks pg_server for a server, as their source shows: no test has
    to remember a marker."""
    import inspect

    callspec = getattr(item, "callspec", None)
    params = [str(v) for v in callspec.params.values()] if callspec is not None else []
    if "postgresql" in params or "sqlite" in params:
        return "postgresql" in params
    functions = [getattr(item, "function", None)]
    info = getattr(item, "_fixtureinfo", None)
    if info is not None:
        functions += [d.func for defs in info.name2fixturedefs.values() for d in defs]
    for function in functions:
        try:
            if function is not None and "pg_server." in inspect.getsource(function):
                return True
        except (OSError, TypeError):
            continue
    return False


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        module = item.module.__name__ if getattr(item, "module", None) is not None else ""
        if module in SLOW_MODULES:
            item.add_marker(getattr(pytest.mark, SLOW_MODULES[module]))
        if _uses_postgres(item):
            item.add_marker(pytest.mark.postgres)
