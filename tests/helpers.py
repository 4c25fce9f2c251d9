"""Assertion helpers for statement tests (imported by the test modules)."""

from __future__ import annotations

from types import EllipsisType

from claimgraph.evaluate import name_words
from claimgraph.model import Analysis, Statement


def describe(analysis: Analysis) -> str:
    rows = [
        f"  [{s.kind}] cue={s.cue.text if s.cue else None!r} "
        f"speaker={s.speaker.name!r} ({s.speaker.mention.text if s.speaker.mention else None!r}) "
        f"content={s.content.text!r}"
        for s in analysis.statements
    ]
    return "found:\n" + ("\n".join(rows) if rows else "  (no statements)")


def find(analysis: Analysis, fragment: str) -> Statement:
    """The one statement whose content contains ``fragment`` (fails with what was found)."""
    hits = [s for s in analysis.statements if fragment in s.content.text]
    assert len(hits) == 1, f"{len(hits)} statements contain {fragment!r}; " + describe(analysis)
    return hits[0]


def check(
    analysis: Analysis,
    content: str,
    kind: str,
    cue: str | None | EllipsisType = ...,
    speaker: str | None | EllipsisType = ...,
) -> Statement:
    """Assert a statement with exactly this content text, kind, cue text and speaker name.

    ``...`` skips the cue or speaker check. Speaker names compare as the scorer's
    name words (case, accents, articles ignored) and must be equal, not just similar.
    """
    matches = [s for s in analysis.statements if s.content.text == content]
    assert len(matches) == 1, f"no statement with content {content!r}; " + describe(analysis)
    st = matches[0]
    assert st.kind == kind, describe(analysis)
    if cue is not ...:
        got = st.cue.text if st.cue else None
        assert got == cue, f"cue {got!r} != {cue!r}; " + describe(analysis)
    if speaker is not ...:
        if speaker is None:
            assert st.speaker.name is None, describe(analysis)
        else:
            assert st.speaker.name is not None, describe(analysis)
            assert name_words(st.speaker.name) == name_words(speaker), describe(analysis)
    return st


def assert_offsets(analysis: Analysis) -> None:
    """Every span points at its own text in ``analysis.text``."""
    text = analysis.text
    for st in analysis.statements:
        c = st.content
        assert text[c.start : c.end] == c.text
        if st.cue:
            assert text[st.cue.start : st.cue.end] == st.cue.text
        if st.speaker.mention:
            m = st.speaker.mention
            assert text[m.start : m.end] == m.text
    for entity in analysis.entities:
        for m in entity.mentions:
            assert text[m.start : m.end] == m.text
