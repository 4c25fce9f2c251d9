"""The ``claimgraph_rhetoric`` spaCy component, alone and in the full pipeline."""

from __future__ import annotations

import spacy

from claimgraph.model import Cue, Span, Speaker, Statement
from claimgraph.pipeline import RhetoricMarker, set_records
from claimgraph.rhetoric.cues import ALL_CLASSES


def claimgraph_rhetoric(doc, statements: list[Statement] | None) -> list[Statement]:  # type: ignore[no-untyped-def]
    """Run the component on ``doc`` holding ``statements``; returns them as it left them."""
    set_records(doc, statements or [], [], [])
    RhetoricMarker()(doc)
    return doc._.statements


def _statement(text: str, sid: str, content: str, cue: str | None, lemma: str = "") -> Statement:
    start = text.index(content)
    cue_span = None
    if cue is not None:
        c = text.index(cue)
        cue_span = Cue(cue, c, c + len(cue), lemma=lemma)
    return Statement(sid, "indirect", Span(content, start, start + len(content)), cue_span)


def test_component_sets_classes_and_voices_on_a_blank_doc() -> None:
    text = (
        "The regime closed the border. The minister claimed the terrorists had left. "
        'Monitors called on the junta to stop. "Savages," one said.'
    )
    doc = spacy.blank("en")(text)
    s1 = _statement(text, "s1", "the terrorists had left", "claimed", "claim")
    s2 = _statement(text, "s2", "the junta to stop", "called", "call")
    s3 = _statement(text, "s3", "Savages,", None)
    s1, s2, s3 = claimgraph_rhetoric(doc, [s1, s2, s3])
    assert s1.cue is not None and s1.cue.cls == "distancing"
    assert s2.cue is not None and s2.cue.cls == "directive"  # "called" + "on"
    assert s3.to_dict()["cue_class"] == "none"
    voices = {(s.text, s.voice, s.statement) for s in doc._.loaded}
    assert ("regime", "narrator", None) in voices
    assert ("terrorists", "quoted", "s1") in voices
    assert ("junta", "quoted", "s2") in voices


def test_cue_words_are_not_loaded_language() -> None:
    text = "He blasted the plan. They slammed it as reckless."
    doc = spacy.blank("en")(text)
    s1 = _statement(text, "s1", "it as reckless", "slammed", "slam")
    (s1,) = claimgraph_rhetoric(doc, [s1])
    assert "slammed" not in {s.text for s in doc._.loaded}
    assert s1.cue is not None and s1.cue.cls == "accusation"


def test_no_statements_and_empty_doc() -> None:
    nlp = spacy.blank("en")
    doc = nlp("The junta fell.")
    claimgraph_rhetoric(doc, None)
    assert [(s.text, s.voice) for s in doc._.loaded] == [("junta", "narrator")]
    empty = nlp("")
    claimgraph_rhetoric(empty, [])
    assert empty._.loaded == []


def test_statement_with_empty_content_and_cue() -> None:
    doc = spacy.blank("en")("Quiet.")
    st = Statement("s1", "direct", Span("", 0, 0), Cue("", 0, 0), Speaker())
    (st,) = claimgraph_rhetoric(doc, [st])
    assert st.cue is not None and st.cue.cls == "unclassified"
    assert doc._.loaded == []


def test_pipeline_invariants_on_own_article(analyze) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Sergei Marov, a spokesman for the Northland defence ministry, claimed on Monday that "
        "the so-called volunteers were terrorists. The ministry's brutal campaign has emptied "
        'three villages. "We will never talk to this criminal junta," Anna Brell, the mayor of '
        "Easton, said. Brell stressed that the town needed water."
    )
    a = analyze(text)
    assert a.statements, "the extractor found no statement"
    for st in a.statements:
        cls = st.to_dict()["cue_class"]
        assert cls in ALL_CLASSES
        if st.cue is not None:
            assert st.cue.cls == cls
    by_cue = {st.cue.text: st.cue.cls for st in a.statements if st.cue is not None}
    assert by_cue.get("claimed") == "distancing"
    assert by_cue.get("stressed") == "emphatic"
    contents = {st.id: (st.content.start, st.content.end) for st in a.statements}
    for span in a.loaded:
        assert text[span.start : span.end] == span.text
        if span.voice == "quoted" and span.statement is not None:
            start, end = contents[span.statement]
            assert start <= span.start and span.end <= end
        else:
            inside = [sid for sid, (s, e) in contents.items() if s <= span.start < e]
            assert not inside or span.voice == "quoted"
    narrator = {s.text for s in a.loaded if s.voice == "narrator"}
    quoted = {s.text for s in a.loaded if s.voice == "quoted"}
    assert "brutal" in narrator
    assert {"criminal", "junta"} <= quoted
    assert "brutal" not in quoted
