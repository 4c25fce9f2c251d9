"""A corpus built by hand (no pipeline) for the store's read queries and the API fuzz: texts
written for these tests."""

from __future__ import annotations

from typing import Any

from claimgraph.model import Analysis, Article, Cue, Span, Speaker, Statement

CLASS_OF = {"claim": "distancing", "say": "neutral"}


def _analysis(art: dict[str, Any], said: list[tuple[str, str, str]]) -> Analysis:
    """An article whose text is its statements, one a line: (speaker, cue lemma, content)."""
    text, statements = "", []
    for i, (who, cue, content) in enumerate(said, 1):
        line = f'"{content}," {who} {cue}ed.\n'
        start = len(text) + 1
        cue_at = len(text) + len(content) + 4 + len(who)
        statements.append(
            Statement(
                f"s{i}", "direct", Span(content, start, start + len(content)),
                Cue(cue + "ed", cue_at, cue_at + len(cue) + 2, lemma=cue, cls=CLASS_OF[cue]),
                Speaker(None, None, who),
            )
        )
        text += line
    return Analysis(Article(**art), text, statements)


CORPUS = [
    _analysis(
        {"id": "old", "title": "Old", "outlet": "Hill Post", "published": "2024-01-10"},
        [("Mara Quist", "claim", "The ferry, the ferry, the ferry is late"),
         ("Oren Dahl", "say", "Budgets are tight this winter")],
    ),
    _analysis(
        {"id": "new", "title": "New", "outlet": "Hill Post", "published": "2024-03-05"},
        [("Mara Quist", "say", "Among many other things that happened this week the ferry was late again")],
    ),
    _analysis(
        {"id": "other", "title": "Other", "outlet": "Vale Times", "published": "2024-03-20"},
        [("Oren Dahl", "say", "The bridge is closed for repairs"),
         ("Lia Brook", "claim", "Ferry tickets will cost more")],
    ),
    _analysis(
        {"id": "none", "title": "No outlet", "published": "2023-12-31"},
        [("Lia Brook", "say", "The harbour stays open")],
    ),
]
