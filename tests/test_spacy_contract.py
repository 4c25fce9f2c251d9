"""claimgraph's components honour spaCy's contract, tested as spaCy tests its own components:
results survive ``Doc.to_bytes`` and ``n_process=2``, a saved pipeline loads in a fresh
process, and the components added by hand to a plain English pipeline give exactly what
``load_pipeline()`` gives. Every text here is written for the tests."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import spacy
from conftest import cli_env
from spacy.tokens import Doc

from claimgraph.options import MODEL_NAME, AnalysisOptions
from claimgraph.pipeline import analysis_from_doc, load_pipeline

TEXTS = [
    "LISBON (Wire) — Port workers walked out on Monday.\n"
    '"We will not go back until the offer improves," said Marta Ferreira, a union organiser.\n'
    "Ferreira told reporters the company had ignored three letters. The company denied that.",
    "Talks on the dam resumed on Friday.\n\n“It is a trap dressed up as peace,”― Tomas Reyl\n\n"
    "The spokesman for the ministry, Anna Vik, claimed the figures were wrong. She added that "
    "the brutal campaign had to stop.",
    "Senator Ruth Keller warned of a shortage of nurses. A spokesman for Keller said the bill "
    "would pass. “No,”—she said—“never.”",
]


def analyses(docs: list[Doc]) -> list[dict]:
    return [analysis_from_doc(doc).to_dict() for doc in docs]


@pytest.fixture(scope="module")
def expected(nlp) -> list[dict]:  # type: ignore[no-untyped-def]
    found = analyses(list(nlp.pipe(TEXTS)))
    assert all(a["statements"] for a in found), "the test texts must hold statements"
    return found


def test_results_survive_doc_to_bytes(nlp, expected) -> None:  # type: ignore[no-untyped-def]
    for text, want in zip(TEXTS, expected, strict=True):
        data = nlp(text).to_bytes()
        doc = Doc(nlp.vocab).from_bytes(data)
        assert analysis_from_doc(doc).to_dict() == want
        assert [s.to_dict() for s in doc._.statements] == want["statements"]


def test_results_survive_n_process_2(nlp, expected) -> None:  # type: ignore[no-untyped-def]
    assert analyses(list(nlp.pipe(TEXTS, n_process=2, batch_size=1))) == expected


def test_own_pipeline_recipe_equals_load_pipeline(expected) -> None:  # type: ignore[no-untyped-def]
    """The README's recipe, spelled out by hand on a plain English pipeline."""
    nlp = spacy.load(MODEL_NAME)
    nlp.add_pipe("claimgraph_paragraphs", first=True)
    for name in ("claimgraph_entities", "claimgraph", "claimgraph_rhetoric"):
        nlp.add_pipe(name)
    assert nlp.pipe_names == load_pipeline().pipe_names
    assert analyses(list(nlp.pipe(TEXTS))) == expected


def test_components_declare_what_they_assign_and_require(nlp) -> None:  # type: ignore[no-untyped-def]
    summary = nlp.analyze_pipes()
    assert all(not problems for problems in summary["problems"].values()), summary["problems"]
    meta = nlp.get_pipe_meta("claimgraph")
    assert "doc._.claimgraph" in meta.assigns
    assert nlp.get_pipe_config("claimgraph")["states"] is False


def test_states_option_reaches_the_component() -> None:
    nlp = load_pipeline(AnalysisOptions(states=True))
    assert nlp.get_pipe_config("claimgraph")["states"] is True
    acts = {s.act for s in nlp("Officials believe the dam will hold, Maria Lund said.")._.statements}
    assert "belief" in acts


def test_saved_pipeline_loads_in_a_fresh_process(nlp, expected, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """``spacy.load`` finds the factories through the package's spacy_factories entry points;
    the child process never imports claimgraph itself."""
    nlp.to_disk(tmp_path / "pipe")
    script = (
        "import json, sys, spacy\n"
        f"nlp = spacy.load({str(tmp_path / 'pipe')!r})\n"
        "texts = json.load(sys.stdin)\n"
        "print(json.dumps([doc._.claimgraph for doc in nlp.pipe(texts)]))\n"
    )
    env = cli_env()
    env.pop("PYTHONPATH", None)  # the installed package, as a user would have it
    out = subprocess.run(
        [sys.executable, "-c", script], input=json.dumps(TEXTS), capture_output=True, text=True,
        env=env, timeout=300, check=False,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    records = json.loads(out.stdout)
    assert [r["statements"] for r in records] == [e["statements"] for e in expected]
    assert [r["entities"] for r in records] == [e["entities"] for e in expected]
