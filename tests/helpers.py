"""Assertion helpers for statement tests (imported by the test modules)."""

from __future__ import annotations

from types import EllipsisType
from typing import Any

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


def store_contents(store: Any, claims: bool = True) -> dict[str, Any]:
    """What a store holds, without what depends on the order in which concurrent workers
    wrote: row ids (statements name their speaker and the statements of their claim
    instead; every list is sorted), and a speaker's type and country, which the first
    article that gives them sets. Two ingests
    of the same input, serial or parallel, into SQLite or PostgreSQL, compare equal."""
    speakers = store.speakers(limit=None)
    names = {s["id"]: s["name"] for s in speakers}
    rows = store.statements(limit=None)
    # A claim is named by its statements (article id, statement id), not by its row id.
    members: dict[str, list[tuple[str, str]]] = {}
    for st in rows:
        members.setdefault((st["claim"] or {}).get("id"), []).append((st["article"]["id"], st["id"]))
    statements = [
        {**{k: v for k, v in st.items() if k not in ("speaker_id", "claim")},
         "speaker_row": names.get(st["speaker_id"]),
         "claim": st["claim"] and {"stance": st["claim"]["stance"],
                                   "with": sorted(members[st["claim"]["id"]])}}
        for st in rows
    ]
    if not claims:  # compared apart (claims_agreement)
        statements = [{k: v for k, v in st.items() if k != "claim"} for st in statements]
    # Top speakers tied on count are ordered by id: compare their counts only.
    outlets = [{**o, "top_speakers": [s["count"] for s in o["top_speakers"]]} for o in store.outlets()]
    return {
        "articles": sorted(store.articles(limit=None), key=lambda a: a["id"]),
        "statements": sorted(statements, key=lambda s: (s["article"]["id"], s["id"])),
        "speakers": sorted(
            ({**{k: v for k, v in s.items() if k not in ("id", "type", "country")},
              "outlets": sorted(s["outlets"])} for s in speakers),
            key=lambda s: s["name"],
        ),
        "outlets": sorted(outlets, key=lambda o: o["outlet"] or ""),
    }


def claims_agreement(one: Any, other: Any) -> float:
    """B-cubed F1 between two stores' partitions of the same statements into claims (1.0: the
    same claims)."""
    def members(store: Any) -> dict[tuple[str, str], frozenset[tuple[str, str]]]:
        groups: dict[str, set[tuple[str, str]]] = {}
        for st in store.statements(limit=None):
            groups.setdefault((st["claim"] or {}).get("id"), set()).add((st["article"]["id"], st["id"]))
        return {key: frozenset(group) for group in groups.values() for key in group}

    a, b = members(one), members(other)
    shared = set(a) & set(b)
    if not shared:
        return 0.0
    p = sum(len(a[k] & b[k]) / len(b[k]) for k in shared) / len(shared)
    r = sum(len(a[k] & b[k]) / len(a[k]) for k in shared) / len(shared)
    return 2 * p * r / (p + r)


def said_analysis(article_id: str, name: str, etype: str = "PERSON", title: str | None = None) -> Analysis:
    """A one-statement article: NAME said that talks in ARTICLE_ID would go on."""
    from claimgraph.model import Article, Cue, Entity, Span, Speaker

    text = f"{name} said that talks in {article_id} would go on."
    start = len(name) + len(" said that ")
    content = text[start:-1]
    ent = Entity("e1", name, etype, titles=[title] if title else [])
    st = Statement("s1", "indirect", Span(content, start, start + len(content)),
                   Cue("said", len(name) + 1, len(name) + 5, lemma="say"),
                   Speaker(Span(name, 0, len(name)), "e1", name))
    return Analysis(Article(id=article_id, published="2024-05-01"), text, [st], [ent])
