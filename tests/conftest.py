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

# Whole test modules that are slow by what they run (worker clusters, kill -9 rounds, a
# browser; the CLI's analyses in fresh processes, schemathesis over every route).
SLOW_MODULES = {"test_dask": "dask", "test_killtest": "kill", "test_web_browser": "browser",
                "test_factcheck_browser": "browser",
                "test_cli_analyze": "slow", "test_api_fuzz": "slow"}

# The other tests that took over 3 s each (a fresh process loading spaCy, a corpus through the
# pipeline, many orders or examples): together 5/6 of the rest's time, measured with
# --durations on 2026-12-07. `make test` runs them; `make test-fast` leaves them out.
SLOW_TESTS = frozenset({
    "test_about::test_a_surname_in_the_content_is_the_person_with_the_fullest_name",
    "test_claims::test_a_store_without_claims_gets_them_in_resumable_batches",
    "test_claims::test_claims_command_json_follows_the_spec",
    "test_concurrency::test_two_ingests_at_once_lose_and_double_nothing",
    "test_evaluate::test_eval_command_json",
    "test_faults::test_a_binary_or_empty_jsonl_file_is_one_failure_and_exit_1",
    "test_ingest::test_cli_ingest_summary_and_bad_db",
    "test_ingest::test_folder_ingest_keeps_metadata_and_reruns_skip_everything",
    "test_ingest::test_jsonl_metadata_and_bad_lines",
    "test_ingest::test_parallel_ingest_stores_what_serial_ingest_stores",
    "test_ingest::test_states_reach_the_ingest_workers_and_the_store",
    "test_properties::test_analyze_keeps_its_invariants_and_round_trips",
    "test_properties::test_sqlite_store_keeps_a_record_whole_or_refuses_it",
    "test_spacy_contract::test_own_pipeline_recipe_equals_load_pipeline",
    "test_spacy_contract::test_saved_pipeline_loads_in_a_fresh_process",
    "test_speaker_identity::test_api_merge_and_split",
    "test_speaker_identity::test_cli_show_merge_split",
    "test_speaker_identity::test_merge_precision_and_recall_on_invented_names",
    "test_speaker_identity::test_speakers_are_the_same_in_every_order",
    "test_speaker_identity::test_type_and_country_do_not_depend_on_article_order",
    "test_store::test_cli_queries",
    "test_store_claim_assignment::test_one_speaker_saying_a_thousand_things_is_no_bin",
    "test_web_api::test_worker_processes_analyse_through_the_one_path",
})


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
        if f"{module}::{getattr(item, 'originalname', item.name)}" in SLOW_TESTS:
            item.add_marker(pytest.mark.slow)
        if _uses_postgres(item):
            item.add_marker(pytest.mark.postgres)
