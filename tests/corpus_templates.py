"""A synthetic news corpus written from templates (never real articles).

Each generated article knows where its statements are, so tests can build the
exact :class:`Analysis` a perfect extractor would give (for store tests that must
not depend on the extractor's progress) and also write the same articles as
.txt/.html folders, JSONL, WARC and RSS for ingest tests.
"""

from __future__ import annotations

import io
import json
import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime
from html import escape
from pathlib import Path

from claimgraph.model import Analysis, Article, Cue, Entity, Mention, Span, Speaker, Statement

OUTLETS = ("Harbor Times", "Daily Ledger", "Metro Wire", "Northern Post")
START = date(2024, 1, 1)


@dataclass(frozen=True)
class Person:
    names: tuple[str, ...]  # the canonical name as different articles give it
    mention: str  # how the text names them before a quote
    type: str
    title: str | None
    affiliation: str | None
    country: str | None = None


PEOPLE = (
    Person(
        ("Maria Zakharova", "Zakharova", "Russian Foreign Ministry spokeswoman Maria Zakharova"),
        "Zakharova", "PERSON", "spokeswoman", "Russian Foreign Ministry", "Russia",
    ),
    Person(("Antony Blinken",), "Blinken", "PERSON", "Secretary of State", "State Department",
           "United States"),
    Person(("José Ramírez", "Jose Ramirez"), "Ramirez", "PERSON", "mayor", "City Council"),
    Person(("Olaf Scholz",), "Scholz", "PERSON", "chancellor", None, "Germany"),
    Person(("Helen Okafor",), "Okafor", "PERSON", "economist", "Central Bank"),
    Person(("NATO",), "NATO", "ORG", None, None),
)

TOPICS = {
    "ceasefire": "the ceasefire talks would resume after the holiday",
    "sanctions": "new sanctions would hurt ordinary families first",
    "grain": "grain exports through the port had doubled since spring",
    "pipeline": "the pipeline project was delayed by another year",
    "elections": "the regional elections were postponed until autumn",
    "inflation": "inflation was finally slowing in most of the country",
}
CUES = (("said", "say"), ("told reporters", "tell"), ("claimed", "claim"), ("warned", "warn"))
FILLER = (
    "Officials from several countries met in the capital on Monday to discuss the situation.",
    "The meeting was the third of its kind this year, and it lasted for more than five hours.",
    "Local residents have followed the negotiations closely, with many of them hoping for news.",
    "Analysts said that the outcome would depend on a number of factors in the coming weeks.",
)


@dataclass
class StatementSpec:
    kind: str
    content: str
    cue: str
    lemma: str
    mention: str
    person: Person
    name: str  # canonical name in this article


@dataclass
class ArticleSpec:
    id: str
    title: str
    outlet: str
    published: str
    url: str
    text: str = ""
    statements: list[tuple[StatementSpec, int, int, int, int, int, int]] = field(
        default_factory=list
    )  # (spec, content start/end, cue start/end, mention start/end)


def _sentence(spec: StatementSpec) -> tuple[str, int, int, int, int, int, int]:
    """One sentence with offsets of content, cue and mention inside it."""
    m = spec.mention
    if spec.kind == "direct":
        pre = f'{m} {spec.cue}: "'
        sentence = f'{pre}{spec.content[0].upper()}{spec.content[1:]}."'
        c0, c1 = len(pre), len(pre) + len(spec.content) + 1
        content = sentence[c0:c1]
        spec.content = content
    else:
        pre = f"{m} {spec.cue} that "
        sentence = f"{pre}{spec.content}."
        c0, c1 = len(pre), len(pre) + len(spec.content)
    q0 = len(m) + 1
    return sentence, c0, c1, q0, q0 + len(spec.cue), 0, len(m)


def make_corpus(n: int = 240, seed: int = 7) -> list[ArticleSpec]:
    rng = random.Random(seed)
    articles = []
    for i in range(n):
        outlet = OUTLETS[i % len(OUTLETS)]
        day = START + timedelta(days=i % 60)
        topic = rng.choice(list(TOPICS))
        spec = ArticleSpec(
            id=f"art-{i:04d}",
            title=f"Report {i}: {topic} in focus",
            outlet=outlet,
            published=day.isoformat(),
            url=f"https://{outlet.lower().replace(' ', '')}.example/news/{i}",
        )
        parts = [f"Report number {i} from the {outlet} desk. {rng.choice(FILLER)}"]
        offset = len(parts[0]) + 1
        for k in range(rng.randint(1, 3)):
            person = rng.choice(PEOPLE)
            name = rng.choice(person.names)
            cue, lemma = rng.choice(CUES)
            kind = "direct" if k % 2 == 0 else "indirect"
            content = TOPICS[rng.choice(list(TOPICS))] if k else TOPICS[topic]
            st = StatementSpec(kind, content, cue, lemma, person.mention, person, name)
            sentence, c0, c1, q0, q1, m0, m1 = _sentence(st)
            parts.append(sentence)
            spec.statements.append(
                (st, offset + c0, offset + c1, offset + q0, offset + q1, offset + m0, offset + m1)
            )
            offset += len(sentence) + 1
            filler = rng.choice(FILLER)
            parts.append(filler)
            offset += len(filler) + 1
        spec.text = " ".join(parts)
        articles.append(spec)
    return articles


def analysis_of(spec: ArticleSpec) -> Analysis:
    """The Analysis a perfect extractor would produce for ``spec``."""
    text = spec.text
    entities: dict[str, Entity] = {}
    statements = []
    for n, (st, c0, c1, q0, q1, m0, m1) in enumerate(spec.statements, start=1):
        assert text[c0:c1] == st.content and text[m0:m1] == st.mention, (spec.id, st)
        ent = entities.get(st.name)
        if ent is None:
            ent = Entity(
                id=f"e{len(entities) + 1}", name=st.name, type=st.person.type,
                titles=[st.person.title] if st.person.title else [],
                affiliation=st.person.affiliation, country=st.person.country,
            )
            entities[st.name] = ent
        ent.mentions.append(Mention(st.mention, m0, m1, entity=ent.id))
        statements.append(
            Statement(
                id=f"s{n}", kind=st.kind, content=Span(st.content, c0, c1),
                cue=Cue(text[q0:q1], q0, q1, lemma=st.lemma, cls="neutral" if n % 2 else "doubt"),
                speaker=Speaker(Span(st.mention, m0, m1), ent.id, st.name),
            )
        )
    article = Article(spec.id, spec.title, spec.outlet, spec.published, spec.url)
    return Analysis(article, text, statements, list(entities.values()))


# -- writing the corpus in the formats ingest reads ---------------------------


def html_page(spec: ArticleSpec) -> str:
    """A page whose metadata trafilatura can read (title, site name, date)."""
    return (
        "<!DOCTYPE html><html><head>"
        f"<title>{escape(spec.title)}</title>"
        f'<meta property="og:title" content="{escape(spec.title)}">'
        f'<meta property="og:site_name" content="{escape(spec.outlet)}">'
        f'<meta property="article:published_time" content="{spec.published}">'
        f'<link rel="canonical" href="{spec.url}">'
        "</head><body><nav><a href='/'>Home</a> | <a href='/world'>World</a></nav>"
        f"<article><h1>{escape(spec.title)}</h1><p>{escape(spec.text)}</p></article>"
        "<footer>Copyright notice and links</footer></body></html>"
    )


def write_folder(specs: list[ArticleSpec], root: Path, html_every: int = 3) -> None:
    """Articles as files in outlet subfolders; every ``html_every``-th one as HTML."""
    for i, spec in enumerate(specs):
        folder = root / spec.outlet.lower().replace(" ", "-")
        folder.mkdir(parents=True, exist_ok=True)
        if html_every and i % html_every == 0:
            (folder / f"{spec.id}.html").write_text(html_page(spec), encoding="utf-8")
        else:
            (folder / f"{spec.id}.txt").write_text(spec.text, encoding="utf-8")


def jsonl_line(spec: ArticleSpec, html: bool = False) -> str:
    record = {
        "id": spec.id, "title": spec.title, "outlet": spec.outlet,
        "published": spec.published, "url": spec.url,
    }
    record["html" if html else "text"] = html_page(spec) if html else spec.text
    return json.dumps(record)


def write_jsonl(specs: list[ArticleSpec], path: Path) -> None:
    path.write_text("".join(jsonl_line(s, html=i % 5 == 4) + "\n" for i, s in enumerate(specs)),
                    encoding="utf-8")


def write_warc(specs: list[ArticleSpec], path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=path.suffix == ".gz")
        for spec in specs:
            body = html_page(spec).encode("utf-8")
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                spec.url, "response", payload=io.BytesIO(body), http_headers=headers
            )
            writer.write_record(record)


def write_rss(specs: list[ArticleSpec], path: Path, outlet: str = "Feed Outlet") -> None:
    items = []
    for spec in specs:
        day = datetime.fromisoformat(spec.published).replace(hour=9, tzinfo=UTC)
        items.append(
            f"<item><title>{escape(spec.title)}</title><link>{spec.url}</link>"
            f"<guid>{spec.id}</guid><pubDate>{format_datetime(day)}</pubDate>"
            f"<description>{escape('<p>' + spec.text + '</p>')}</description></item>"
        )
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>{escape(outlet)}</title><link>https://feed.example/</link>"
        f"<description>news</description>{''.join(items)}</channel></rss>",
        encoding="utf-8",
    )
