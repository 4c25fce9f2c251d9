"""A small hand-made corpus for the read side's tests (statements, claims, permalinks, the
home page): no pipeline, texts written for these tests. The stances are set in the table
(one statement disputes its claim, all others assert theirs), so what the tests count does
not depend on the shipped stance model."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select, update

from claimgraph.model import About, Analysis, Article, Cue, Proposition, Span, Speaker, Statement
from claimgraph.store import Store, schema
from claimgraph.store.claims import refresh_counts

CLASS_OF = {"claim": "distancing", "say": "neutral"}

# (speaker, cue lemma, content, about names, proposition subject and predicate)
Said = tuple[str, str, str, tuple[str, ...], tuple[str, str]]


def _analysis(art: dict[str, Any], said: list[Said]) -> Analysis:
    """An article whose text is its statements, one a line."""
    text, statements = "", []
    for i, (who, cue, content, about, (subject, predicate)) in enumerate(said, 1):
        line = f'"{content}," {who} {cue}ed.\n'
        start = len(text) + 1
        cue_at = len(text) + len(content) + 4 + len(who)
        statements.append(
            Statement(
                f"s{i}", "direct", Span(content, start, start + len(content)),
                Cue(cue + "ed", cue_at, cue_at + len(cue) + 2, lemma=cue, cls=CLASS_OF[cue]),
                Speaker(None, None, who),
                about=[About(name, "subject") for name in about],
                proposition=Proposition(subject=subject, predicate=predicate),
            )
        )
        text += line
    return Analysis(Article(**art), text, statements)


FERRY = ("island ferry", "be late")
CORPUS = [
    _analysis(
        {"id": "a1", "title": "Ferry woes", "outlet": "Hill Post", "published": "2024-01-10"},
        [("Mara Quist", "claim", "The island ferry is late again", ("Island Ferry",), FERRY),
         ("Oren Dahl", "say", "Budgets are tight this winter", (), ("budget", "be tight"))],
    ),
    _analysis(
        {"id": "a2", "title": "Ferry again", "outlet": "Vale Times", "published": "2024-03-05"},
        [("Lia Brook", "say", "The island ferry is late again", ("Island Ferry",), FERRY)],
    ),
    _analysis(
        {"id": "a3", "title": "Bridge", "outlet": "Vale Times", "published": "2024-03-20"},
        [("Oren Dahl", "say", "The north bridge is closed for repairs", ("North Bridge",),
          ("north bridge", "close"))],
    ),
    _analysis(
        {"id": "folder/a4", "title": "Harbour", "published": "2023-12-31"},
        [("Lia Brook", "say", "The harbour stays open all night", (), ("harbour", "stay"))],
    ),
]
DISPUTING = ("a2", "s1")  # (article id, statement id) whose stance the fixture sets to disputes


def build(path: Path) -> Store:
    """The corpus stored at ``path`` (SQLite): DISPUTING disputes its claim, every other
    statement asserts its own (the claims' counts follow)."""
    store = Store.open(str(path))
    for analysis in CORPUS:
        store.add_analysis(analysis)
    S, A = schema.statements, schema.articles
    with store.writing() as conn:
        article_pk = conn.execute(A.select().where(A.c.id == DISPUTING[0])).one().pk
        disputing = (S.c.article_pk == article_pk) & (S.c.local_id == DISPUTING[1])
        conn.execute(update(S).values(claim_stance="asserts"))
        conn.execute(update(S).where(disputing).values(claim_stance="disputes"))
        refresh_counts(conn, set(conn.execute(select(S.c.claim_id).distinct()).scalars()))
    return store


def claim_of(store: Store, article_id: str, local_id: str) -> str:
    """The claim id ("c3") the store gave a statement."""
    found = store.statement(article_id, local_id)
    assert found is not None and found["claim"]
    return str(found["claim"]["id"])
