"""The fact-checking tests' corpus (texts written for the tests), built by hand: shared by
the API tests and the browser tests of the edit forms."""

from __future__ import annotations

from claimgraph.model import Analysis, Article, Cue, Entity, Span, Speaker, Statement

BRIDGE = "the old rail bridge over the Wenna river would close for repairs in June"
BRIDGE_AGAIN = "the old rail bridge over the Wenna river would be closed for repairs in June"
SCHOOL = "the school board had cut the music budget of every primary school by a third"
FERRY = "a new ferry line would link Ostrand and Millby from next spring"


def said(article_id: str, speaker: str, contents: list[str], outlet: str, day: str) -> Analysis:
    """An article in which ``speaker`` says each of ``contents`` (one statement each)."""
    parts, statements = [], []
    offset = 0
    for n, content in enumerate(contents, start=1):
        sentence = f"{speaker} said that {content}. "
        start = offset + len(speaker) + len(" said that ")
        statements.append(
            Statement(
                f"s{n}",
                "indirect",
                Span(content, start, start + len(content)),
                Cue("said", offset + len(speaker) + 1, offset + len(speaker) + 5, lemma="say", cls="neutral"),
                Speaker(Span(speaker, offset, offset + len(speaker)), "e1", speaker),
            )
        )
        parts.append(sentence)
        offset += len(sentence)
    entity = Entity("e1", speaker, "PERSON", mentions=[])
    article = Article(
        id=article_id, outlet=outlet, published=day, url=f"https://{outlet.lower()}.example/{article_id}"
    )
    return Analysis(article, "".join(parts).strip(), statements, [entity])


CORPUS = [
    said("ledger-1", "Mira Holt", [BRIDGE, SCHOOL], "Ledger", "2025-04-01"),
    said("courier-1", "Tomas Brek", [BRIDGE_AGAIN], "Courier", "2025-04-02"),
    said("courier-2", "Anna Vell", [FERRY], "Courier", "2025-04-03"),
]
