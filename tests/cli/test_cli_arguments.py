"""cli/arguments.py and cli/__init__.py: a bad value or a failing output is one line on
stderr and a non-zero exit, never a traceback; dates are checked as the API checks them."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest
from conftest import ROOT, cli_env

from claimgraph.store import Store


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    from corpus_templates import analysis_of, make_corpus

    path = str(tmp_path_factory.mktemp("cli") / "cli.db")
    with Store.open(path) as store:
        for spec in make_corpus(3, seed=5):
            store.add_analysis(analysis_of(spec))
    return path


def _run(*args: str, stdout=subprocess.PIPE) -> subprocess.CompletedProcess[str]:  # type: ignore[no-untyped-def]
    return subprocess.run([sys.executable, "-m", "claimgraph.cli", *args], stdout=stdout,
                          stderr=subprocess.PIPE, text=True, env=cli_env(), cwd=ROOT, timeout=120)


def _one_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("claimgraph:"), result.stderr
    return lines[0]


@pytest.mark.parametrize("command", [["statements"], ["speakers"], ["claims"], ["export", "-"],
                                     ["export", "-", "--format", "csv"], ["statements", "--format", "json"]])
def test_output_to_a_full_disk_is_one_line(db, command):
    with open("/dev/full", "w") as full:
        result = _run(*command, "--db", db, stdout=full)
    assert "No space left on device" in _one_line(result)


def test_a_database_url_of_another_kind_is_one_line(tmp_path):
    line = _one_line(_run("statements", "--db", "mysql://user@db.example/news"))
    assert "mysql://user@db.example/news" in line and "postgresql://" in line


def test_a_dask_worker_count_in_other_digits_is_one_line(tmp_path):
    (tmp_path / "a.txt").write_text("The mayor said the bridge would reopen.")
    db = str(tmp_path / "d.db")
    line = _one_line(_run("ingest", str(tmp_path / "a.txt"), "--db", db, "--dask", "local:²"))
    assert "local:N" in line


def _argparse_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2
    return _one_line(result)


@pytest.mark.parametrize("args", [
    ["claims", "--min-articles", "99999999999999999999"],
    ["statements", "--limit", "99999999999999999999"],
    ["statements", "--offset", "-1"],
    ["speakers", "--limit", "²"],
    ["serve", "--port", "70000"],
    ["serve", "--port", "0"],
])
def test_numbers_out_of_range_are_refused_by_the_parser(db, args):
    assert f"claimgraph: {args[0]}: argument" in _argparse_error(_run(*args, "--db", db))


@pytest.mark.parametrize("command", [["statements"], ["claims"], ["export", "-"]])
@pytest.mark.parametrize("flag,value", [("--since", "2026-02-30"), ("--until", "2026-13"),
                                        ("--since", "soon")])
def test_cli_dates_are_checked_as_the_api_checks_them(db, command, flag, value):
    line = _argparse_error(_run(*command, "--db", db, flag, value))
    assert f"argument {flag}" in line and value in line


def test_a_real_date_is_taken(db):
    result = _run("statements", "--db", db, "--since", "2024-02-29", "--until", "2030")
    assert result.returncode == 0, result.stderr


def test_a_port_in_use_is_one_line(db):
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = str(taken.getsockname()[1])
        line = _one_line(_run("serve", "--db", db, "--port", port, "--workers", "0"))
    assert f"cannot listen on 127.0.0.1:{port}" in line and "in use" in line
