"""store/csv_cells.py: no CSV the app writes holds a cell a spreadsheet would run."""

from __future__ import annotations

import csv
import io

import pytest
from corpus_templates import analysis_of, make_corpus
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st
from properties import check_csv_cells, csv_values

from claimgraph.app import create_app
from claimgraph.cli import main
from claimgraph.store import Store
from claimgraph.store.csv_cells import FORMULA_STARTS, csv_cell
from claimgraph.store.export import export

SPECS = make_corpus(6, seed=23)


def test_formula_cells_are_text_and_others_are_left_alone():
    assert csv_cell('=HYPERLINK("https://evil.example")') == '\'=HYPERLINK("https://evil.example")'
    for start in FORMULA_STARTS:
        assert csv_cell(start + "1") == "'" + start + "1"
    plain = ["Mayor Ruiz", "", None, -3, 2.5, True]
    assert [csv_cell(v) for v in plain] == plain


def _hostile(spec_index: int):  # type: ignore[no-untyped-def]
    """An article whose title, outlet, speaker and statement content start like formulas."""
    analysis = analysis_of(SPECS[spec_index])
    analysis.article.title = '=HYPERLINK("https://evil.example","click")'
    analysis.article.outlet = "@SUM(1+1)*cmd|' /C calc'!A0"
    statement = analysis.statements[0]
    start = statement.content.start
    # Same length, so every offset stays right: the content now starts with a formula.
    analysis.text = analysis.text[:start] + "+1+1 " + analysis.text[start + 5:]
    statement.content.text = analysis.text[start:statement.content.end]
    return analysis


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    path = str(tmp_path_factory.mktemp("csv") / "csv.db")
    with Store.open(path) as store:
        for i in range(3):
            store.add_analysis(_hostile(i))
        store.assign_claims()
    return path


def _cells(text: str) -> list[str]:
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) > 1, text[:500]
    return [cell for row in rows for cell in row]


def _assert_safe(text: str) -> None:
    cells = _cells(text)
    assert not [c for c in cells if c.startswith(FORMULA_STARTS)]
    assert any(c.startswith("'") for c in cells)  # the hostile cells are there, made text


@pytest.mark.parametrize("path", ["/api/statements.csv", "/api/articles.csv", "/api/outlets.csv",
                                  "/api/speakers.csv", "/api/claims.csv",
                                  "/api/statements/timeline.csv?by=outlet"])
def test_every_csv_route_writes_formulas_as_text(db, path):
    with TestClient(create_app(db)) as client:
        response = client.get(path)
    assert response.status_code == 200
    _assert_safe(response.text)


def test_export_writes_formulas_as_text(db, tmp_path):
    out = tmp_path / "all.csv"
    with Store.open(db) as store:
        export(store, str(out), "csv")
    _assert_safe(out.read_text(encoding="utf-8"))


@pytest.mark.parametrize("command", [["statements"], ["speakers"], ["claims"]])
def test_cli_csv_writes_formulas_as_text(db, command, capsys):
    assert main([*command, "--db", db, "--format", "csv"]) == 0
    _assert_safe(capsys.readouterr().out)


@settings(max_examples=200, deadline=None, database=None, derandomize=True)
@given(rows=st.lists(st.lists(csv_values, min_size=1, max_size=5), min_size=1, max_size=5))
def test_no_csv_cell_is_a_formula(rows):
    check_csv_cells(rows)
