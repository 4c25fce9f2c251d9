"""Properties that hold for any input, and the inputs that try them.

Shared by the property tests (``tests/test_properties.py``, a few hundred examples) and
the long fuzzing run (``scripts/fuzz.py``, as many as asked): the same functions, so an
input that breaks one breaks the other. Every text here is written for these tests.

The properties:
  * ``analyze`` raises nothing but InputError, and always InputError for a text with a
    lone surrogate or a NUL (neither database can store one);
  * every span lies inside the text and ``text[start:end]`` is its ``text``;
  * every entity or statement id a record refers to exists;
  * the record round-trips through JSON (to_dict/from_dict) and through the store;
  * the readers turn any bytes into articles or one-line failures naming the input,
    and what they hand on is storable text;
  * the store refuses an analysis exactly when a string in it holds a NUL or a lone
    surrogate, the same on SQLite and PostgreSQL, and stores every other one intact;
  * a crawl written by warcio (one gzip member per record, pages past the 64 KB
    decompression window) is read record by record, each once and whole;
  * a live feed's entries are fetched from http(s) links only, and nothing on a private
    address or of another scheme is fetched;
  * no CSV cell is a formula, and each says what its value said;
  * a search of any text under 500 characters answers, on either database, and every
    search route of the web answers it without a server error;
  * a long sentence of nested reports is analysed like any text, with its statements.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from claimgraph.errors import InputError
from claimgraph.model import (
    Analysis,
    Article,
    Cue,
    Entity,
    Failed,
    LoadedSpan,
    Mention,
    Span,
    Speaker,
    Statement,
)
from claimgraph.readers.formats import read_articles
from claimgraph.readers.text import RawArticle
from claimgraph.store import Pending, Store

# Every character Unicode marks as a quotation mark, plus the primes and accents
# that stand in for them in real copy.
QUOTE_MARKS = (
    "\"'\u00ab\u00bb\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u2039\u203a\u2e42"
    "\u300c\u300d\u300e\u300f\u301d\u301e\u301f\ufe41\ufe42\ufe43\ufe44\uff02\uff07\uff62\uff63"
    "`\u00b4\u2032\u2033\u2035\u2036"
)
# C0 and C1 controls, DEL, and the invisible format characters that paste into copy.
CONTROLS = (
    "".join(chr(c) for c in range(0x20) if c != 0) + "\x7f"
    + "".join(chr(c) for c in range(0x80, 0xA0))
    + "\u00ad\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2066\u2069"
    + "\ufeff\u2028\u2029\u00a0\u3000\ufffd\ufffe"
)
NUL = "\x00"
SURROGATES = st.integers(0xD800, 0xDFFF).map(chr)

# -- news-like texts ------------------------------------------------------------------

NAMES = ("Ana Ruiz", "Tomas Berg", "Priya Natarajan", "Jean-Luc Moreau", "Li Wei", "Olu Adeyemi",
         "María José Ortega", "the mayor", "a spokesman", "officials", "she", "he", "the ministry")
TITLES = ("Mayor", "Finance Minister", "police chief", "spokeswoman", "Senator", "Dr.", "")
CUES = ("said", "told reporters", "claimed", "warned", "insisted", "denied", "argued", "added",
        "wrote on social media", "said in a statement", "believes", "according to")
CONTENTS = (
    "the bridge would reopen in the spring",
    "the budget had been cut by a third",
    "nobody was hurt in the fire on Elm Street",
    "the talks would resume after the holiday",
    "prices at the port rose 4.5% in March",
    "the council had never approved the contract",
    "we will not accept these terms",
    "it was a mistake to close the clinic",
)


@st.composite
def sentences(draw: st.DrawFn) -> str:
    name = draw(st.sampled_from(NAMES))
    title = draw(st.sampled_from(TITLES))
    who = f"{title} {name}".strip() if name[0].isupper() else name
    cue = draw(st.sampled_from(CUES))
    content = draw(st.sampled_from(CONTENTS))
    opening, closing = draw(st.sampled_from(("“”", '""', "‘’", "«»", "„“", "「」", "‹›", "''")))
    form = draw(st.integers(0, 5))
    if form == 0:
        return f'{opening}{content[0].upper()}{content[1:]},{closing} {who} {cue}.'
    if form == 1:
        return f"{who[0].upper()}{who[1:]} {cue} that {content}."
    if form == 2:
        return f"{who[0].upper()}{who[1:]} {cue}: {opening}{content[0].upper()}{content[1:]}.{closing}"
    if form == 3:
        return f"According to {who}, {content}."
    if form == 4:
        half = content.split()
        return (f"{who[0].upper()}{who[1:]} {cue} that {' '.join(half[:3])} "
                f"{opening}{' '.join(half[3:])}{closing}.")
    return draw(st.sampled_from(("The meeting lasted four hours.", "Residents gathered outside.",
                                 "The report was published on Tuesday.", "BERLIN (Wire) —", "")))


@st.composite
def news_texts(draw: st.DrawFn) -> str:
    parts = draw(st.lists(sentences(), min_size=1, max_size=8))
    glue = draw(st.sampled_from((" ", "\n", "\n\n", " \n")))
    return glue.join(parts)


ODD_PIECES = st.one_of(
    st.sampled_from(QUOTE_MARKS),
    st.sampled_from(CONTROLS),
    st.sampled_from(("—", "–", "…", "\u0301", "🙂", "👩‍⚕️", "\r\n", "\r", "\t", "    ", "said",
                     "that", "according to", "Mr.", "U.S.", "(", ")", "[", "]", ":", ";", ",",
                     ".", "?!", "\u05e9\u05dc\u05d5\u05dd", "\u0645\u0631\u062d\u0628\u0627")),
    st.text(min_size=1, max_size=3),  # anything Unicode has, surrogates aside
)
RARE_PIECES = st.one_of(SURROGATES, st.just(NUL))  # texts neither database can store


@st.composite
def mutated_news(draw: st.DrawFn) -> str:
    """A news-like text broken in a few places: inserted odd characters, cut or doubled
    pieces, quote marks swapped, case and whitespace changed, rarely a surrogate or NUL."""
    text = draw(news_texts())
    for _ in range(draw(st.integers(0, 6))):
        op = draw(st.sampled_from(("insert", "insert", "delete", "double", "quote", "case",
                                   "space", "cut", "rare")))
        i = draw(st.integers(0, len(text)))
        j = draw(st.integers(i, min(len(text), i + 30)))
        if op == "insert":
            text = text[:i] + draw(ODD_PIECES) + text[i:]
        elif op == "rare":
            if draw(st.integers(0, 9)) == 0:
                text = text[:i] + draw(RARE_PIECES) + text[i:]
        elif op == "delete":
            text = text[:i] + text[j:]
        elif op == "double":
            text = text[:j] + text[i:j] + text[j:]
        elif op == "quote":
            marks = [k for k, ch in enumerate(text) if ch in QUOTE_MARKS]
            if marks:
                k = draw(st.sampled_from(marks))
                text = text[:k] + draw(st.sampled_from(QUOTE_MARKS)) + text[k + 1:]
        elif op == "case":
            text = text[:i] + text[i:j].swapcase() + text[j:]
        elif op == "space":
            text = text[:i] + text[i:j].replace(" ", draw(st.sampled_from(("\u00a0", "\t", "\u2028",
                                                                             "  ", "\u3000")))) + text[j:]
        else:
            text = text[:j]
    return text


hostile_texts = st.text(
    alphabet=st.one_of(st.characters(codec=None, exclude_categories=()), st.sampled_from(QUOTE_MARKS),
                       st.sampled_from(CONTROLS), SURROGATES),
    max_size=300,
)
"""Any characters at all: lone surrogates, controls and quote marks included."""

quote_texts = st.lists(st.one_of(st.sampled_from(QUOTE_MARKS), st.sampled_from(NAMES + CUES + CONTENTS),
                                 st.sampled_from((" ", ".", ",", "\n"))), max_size=40).map("".join)
"""Quote marks of every kind among the words of news copy, in any order."""

texts = st.one_of(mutated_news(), mutated_news(), hostile_texts, quote_texts)


# -- the analysis properties ---------------------------------------------------------


def check_spans(analysis: Analysis) -> None:
    """Every span inside the text, ``text[start:end]`` equal to its text; ids all exist."""
    text = analysis.text
    spans: list[tuple[str, Span]] = []
    statement_ids = [s.id for s in analysis.statements]
    entity_ids = [e.id for e in analysis.entities]
    assert len(set(statement_ids)) == len(statement_ids), f"duplicate statement ids {statement_ids}"
    assert len(set(entity_ids)) == len(entity_ids), f"duplicate entity ids {entity_ids}"
    for st_ in analysis.statements:
        assert st_.kind in ("direct", "indirect", "mixed"), st_.kind
        spans.append((f"{st_.id} content", st_.content))
        if st_.cue:
            spans.append((f"{st_.id} cue", st_.cue))
        if st_.speaker.mention:
            spans.append((f"{st_.id} speaker mention", st_.speaker.mention))
        assert st_.speaker.entity is None or st_.speaker.entity in entity_ids, st_.speaker.entity
    for ent in analysis.entities:
        for mention in ent.mentions:
            spans.append((f"{ent.id} mention", mention))
            assert mention.entity in (None, ent.id), (ent.id, mention.entity)
    for span in analysis.loaded:
        spans.append(("loaded", span))
        assert span.statement is None or span.statement in statement_ids, span.statement
    for where, span in spans:
        assert 0 <= span.start <= span.end <= len(text), (where, span.start, span.end, len(text))
        assert text[span.start:span.end] == span.text, (where, text[span.start:span.end], span.text)


def check_json(analysis: Analysis) -> None:
    data = analysis.to_dict()
    again = Analysis.from_dict(json.loads(json.dumps(data, ensure_ascii=False)))
    assert again == analysis
    assert again.to_dict() == data


def check_stored(analysis: Analysis, store: Store) -> None:
    """Stored and read back, the record is the same (its id may get a suffix when taken)."""
    (written,) = store.write_batch([Pending(analysis)])
    assert not isinstance(written, Failed), written
    article_id, new = written
    stored = store.article(article_id or "")
    assert stored is not None
    if not new:  # the same text (whitespace aside) was stored before
        assert " ".join(stored["text"].split()) == " ".join(analysis.text.split())
        return
    expected = analysis.to_dict()
    expected["article"]["id"] = article_id
    assert stored == expected


def unstorable(text: str) -> bool:
    """Whether a string holds what no store takes: a NUL or a lone surrogate."""
    if NUL in text:
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def check_analyze(text: str, store: Store | None = None) -> Analysis | None:
    """The whole analysis property for one text; None when the text is refused."""
    from claimgraph.pipeline import analyze

    try:
        analysis = analyze(text)
    except InputError as err:
        assert "\n" not in str(err), str(err)
        return None
    check_analysis(text, analysis, store)
    return analysis


def check_analysis(text: str, analysis: Analysis, store: Store | None = None) -> None:
    """The properties of the record ``analyze(text)`` gave."""
    assert not unstorable(text), "a text with a NUL or lone surrogate must be an InputError"
    assert analysis.text == text
    check_spans(analysis)
    check_json(analysis)
    if store is not None:
        check_stored(analysis, store)


# -- the store property, on analyses built by hand ----------------------------------

small_text = st.one_of(
    st.text(alphabet=st.one_of(st.characters(codec=None, exclude_categories=()), SURROGATES), max_size=12),
    st.sampled_from(NAMES + CUES), st.sampled_from(("", "a\x00b", "\ud800", "x\udfffy", "\x00"))
)


@st.composite
def built_analyses(draw: st.DrawFn) -> Analysis:
    """A record as a caller could build it, with any strings: the store must keep it whole
    or refuse it, never half."""
    text = draw(st.one_of(news_texts(), small_text.filter(bool)))
    n = len(text)

    def span(cls: type[Span] = Span, **extra: Any) -> Any:
        start = draw(st.integers(0, n))
        end = draw(st.integers(start, n))
        return cls(text[start:end], start, end, **extra)

    entities = []
    for k in range(draw(st.integers(0, 3))):
        entities.append(Entity(
            id=f"e{k + 1}", name=draw(small_text), type=draw(st.sampled_from(("PERSON", "ORG", "GPE"))),
            titles=draw(st.lists(small_text, max_size=2)), affiliation=draw(st.none() | small_text),
            mentions=[span(Mention, entity=f"e{k + 1}") for _ in range(draw(st.integers(0, 2)))],
            country=draw(st.none() | small_text), gender=draw(st.sampled_from((None, "m", "f"))),
        ))
    statements = []
    for k in range(draw(st.integers(0, 3))):
        ent = draw(st.none() | st.sampled_from(entities)) if entities else None
        statements.append(Statement(
            id=f"s{k + 1}", kind=draw(st.sampled_from(("direct", "indirect", "mixed"))), content=span(),
            cue=draw(st.none() | st.just(span(Cue, lemma=draw(small_text)))),
            speaker=Speaker(draw(st.none() | st.just(span())), ent.id if ent else None,
                            draw(st.none() | small_text)),
        ))
    loaded = [span(LoadedSpan, lexicon=draw(small_text), score=draw(st.floats(-1, 1)))
              for _ in range(draw(st.integers(0, 2)))]
    article = Article(*(draw(st.none() | small_text) for _ in range(5)))
    return Analysis(article, text, statements, entities, loaded)


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def check_store_keeps_or_refuses(analysis: Analysis, store: Store) -> bool:
    """Refused (InputError) exactly when some string is unstorable, else stored intact.
    Returns whether it was stored."""
    bad = any(unstorable(s) for s in _strings(analysis.to_dict()))
    before = store.totals()
    try:
        store.add_analysis(analysis)
    except InputError as err:
        assert bad, f"refused a storable record: {err}"
        assert "\n" not in str(err)
        assert store.totals() == before, "a refused record left rows behind"
        return False
    assert not bad, "stored a record holding a NUL or a lone surrogate"
    check_stored(analysis, store)
    return True


# -- the reader property -------------------------------------------------------------

SUFFIXES = (".txt", ".html", ".jsonl", ".warc", ".warc.gz", ".rss")


def sample_file(texts: list[str], suffix: str) -> bytes:
    """A valid file of ``suffix``'s format holding ``texts`` (the seed the mutations break)."""
    from html import escape

    if suffix == ".txt":
        return "\n\n".join(texts).encode("utf-8")
    if suffix == ".html":
        return ("<!DOCTYPE html><html><head><title>T</title></head><body><article>"
                + "".join(f"<p>{escape(t)}</p>" for t in texts) + "</article></body></html>").encode("utf-8")
    if suffix == ".jsonl":
        lines = [json.dumps({"id": f"a{i}", "title": f"Story {i}", "outlet": "Test Wire", "text": t})
                 for i, t in enumerate(texts)]
        return ("\n".join(lines) + "\n").encode("utf-8")
    if suffix == ".rss":
        items = "".join(f"<item><title>Story {i}</title><link>https://wire.example/{i}</link>"
                        f"<description>{escape(t)}</description></item>" for i, t in enumerate(texts))
        return ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Test Wire'
                f"</title>{items}</channel></rss>").encode()
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=suffix.endswith(".gz"))
    for i, t in enumerate(texts):
        body = f"<html><body><article><p>{escape(t)}</p></article></body></html>".encode()
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        fixed = {"WARC-Record-ID": f"<urn:uuid:00000000-0000-4000-8000-{i:012d}>",
                 "WARC-Date": "2024-03-01T12:00:00Z"}  # the same bytes every run (hypothesis replays)
        writer.write_record(writer.create_warc_record(f"https://wire.example/{i}", "response",
                                                      payload=io.BytesIO(body), http_headers=headers,
                                                      warc_headers_dict=fixed))
    return out.getvalue()


@st.composite
def mutated_files(draw: st.DrawFn) -> tuple[bytes, str]:
    """(bytes, suffix): a valid file of some format, then bytes flipped, cut, inserted."""
    suffix = draw(st.sampled_from(SUFFIXES))
    if draw(st.integers(0, 9)) == 0:
        return draw(st.binary(max_size=400)), suffix
    data = bytearray(sample_file(draw(st.lists(news_texts(), min_size=1, max_size=3)), suffix))
    for _ in range(draw(st.integers(0, 4))):
        op = draw(st.sampled_from(("flip", "cut", "insert", "delete")))
        i = draw(st.integers(0, len(data)))
        if op == "flip" and i < len(data):
            data[i] ^= 1 << draw(st.integers(0, 7))
        elif op == "cut":
            del data[i:]
        elif op == "insert":
            piece = draw(st.one_of(st.binary(min_size=1, max_size=4), st.sampled_from(
                (b"\x00", b"\xff\xfe", b"\r\n", b'"', b"\\u0000", b"\\ud800", b"<", b"]]>", b"&#0;"))))
            data[i:i] = piece
        else:
            del data[i:i + draw(st.integers(1, 20))]
    return bytes(data), suffix


def check_reader(data: bytes, suffix: str, folder: Path) -> list[RawArticle | Failed]:
    """Any bytes read as articles or failures: no exception, one-line messages naming the
    file, and only storable text and metadata handed on."""
    path = folder / f"input{suffix}"
    path.write_bytes(data)
    entries = list(read_articles([str(path)]))
    for entry in entries:
        if isinstance(entry, Failed):
            assert "\n" not in entry.error, entry.error
            assert entry.error.startswith(str(path)), entry.error
            assert entry.source == str(path)
        else:
            assert entry.text.strip()
            for value in [entry.text, *_strings(entry.article.to_dict())]:
                assert not unstorable(value), (entry.name, value[:80])
    return entries


# -- gzip framing: crawls as warcio writes them ----------------------------------------

WORDS = tuple(" ".join(CONTENTS).split())


@st.composite
def warc_crawls(draw: st.DrawFn) -> tuple[list[bytes], bool]:
    """(page bodies, gzip): pages from a few bytes to well past the 64 KB decompression
    window, to be written by warcio with one gzip member per record."""
    sizes = draw(st.lists(st.sampled_from((1, 10, 300, 1_000, 2_500)), min_size=1, max_size=4))
    seed = draw(st.integers(0, 2**16))
    pages = []
    for n, paragraphs in enumerate(sizes):
        words = [WORDS[(seed + n * 7 + i * 13) % len(WORDS)] for i in range(paragraphs * 9)]
        text = "".join(f"<p>{' '.join(words[i:i + 9])}.</p>" for i in range(0, len(words), 9))
        pages.append(f"<html><body>{text}</body></html>".encode())
    return pages, draw(st.booleans())


def write_crawl(pages: list[bytes], gzipped: bool) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzipped)
    for i, body in enumerate(pages):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(f"https://wire.example/{i}", "response",
                                                      payload=io.BytesIO(body), http_headers=headers))
    return out.getvalue()


def check_crawl(pages: list[bytes], gzipped: bool, folder: Path) -> None:
    """Every record of a warcio-written crawl is read once, whole, in order."""
    import itertools

    from claimgraph.readers.warc import read_warc

    path = folder / ("crawl.warc.gz" if gzipped else "crawl.warc")
    path.write_bytes(write_crawl(pages, gzipped))
    found = list(itertools.islice(read_warc(path), len(pages) + 2))
    assert [getattr(f, "data", f) for f in found] == pages


# -- feed links: what a live feed may make claimgraph fetch ----------------------------

LINK_SCHEMES = ("file://", "file:", "FILE:///", " file:", "data:text/html,", "javascript:", "ftp://",
                "gopher://", "//", "", "http://", "https://", "HTTP://", "hTtPs://")
PRIVATE_HOSTS = ("127.0.0.1", "localhost", "[::1]", "10.1.2.3", "192.168.0.10", "172.16.5.4",
                 "169.254.169.254", "0.0.0.0", "[fe80::1]", "[::ffff:127.0.0.1]", "127.1")


@st.composite
def feed_links(draw: st.DrawFn) -> list[str]:
    """Entry links of a hostile feed: other schemes, private hosts, odd spellings."""
    links = []
    for _ in range(draw(st.integers(1, 5))):
        scheme = draw(st.sampled_from(LINK_SCHEMES))
        host = draw(st.sampled_from(PRIVATE_HOSTS))
        port = draw(st.sampled_from(("", ":9", ":8080", ":0")))
        path = draw(st.sampled_from(("/etc/hostname", "/", "/a?b=c", "/%2e%2e/secret", "")))
        links.append(f"{scheme}{host}{port}{path}")
    return links


def check_feed_links(links: list[str]) -> None:
    """A live feed's entries are fetched only from http(s) links, and no link on a private
    address (or of another scheme) is fetched: fetch_url refuses it before any connection."""
    from html import escape

    from claimgraph.readers.feeds import read_feed
    from claimgraph.readers.fetch import fetch_url, is_fetchable
    from claimgraph.readers.items import Item

    items = "".join(f"<item><title>Story {i}</title><link>{escape(link)}</link>"
                    f"<description>Teaser {i}.</description></item>" for i, link in enumerate(links))
    feed = ('<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
            f"{items}</channel></rss>").encode()
    for entry in read_feed(feed, "https://wire.example/feed.xml", live=True):
        if isinstance(entry, Item):
            assert entry.fetch is None or is_fetchable(entry.fetch), entry.fetch
            assert not entry.allow_private
        else:
            assert "\n" not in entry.error
    for link in links:
        try:
            fetch_url(link)
        except InputError as err:
            assert "\n" not in str(err)
        else:
            raise AssertionError(f"fetched {link!r}")


# -- CSV cells -------------------------------------------------------------------------

csv_values = st.one_of(
    st.text(max_size=30),
    st.builds(lambda start, rest: start + rest,
              st.sampled_from(("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20", " =")),
              st.text(max_size=30)),
    st.integers(), st.floats(allow_nan=False), st.none(),
)


def check_csv_cells(rows: list[list[Any]]) -> None:
    """Every CSV cell read back by a spreadsheet is text (no formula start) and says what
    the value said: the value itself, or it with one leading apostrophe."""
    import csv

    from claimgraph.store.csv_cells import FORMULA_STARTS, csv_cells

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow(csv_cells(row))
    read = list(csv.reader(io.StringIO(buffer.getvalue(), newline="")))
    assert len(read) == len(rows)
    for row, cells in zip(rows, read, strict=True):
        for value, cell in zip(row, cells, strict=True):
            assert isinstance(value, int | float) or not cell.startswith(FORMULA_STARTS), cell
            shown = "" if value is None else str(value)
            assert cell in (shown, "'" + shown), (value, cell)


# -- search terms: any query under the length limit, on either database ----------------

search_terms = st.lists(
    st.one_of(st.sampled_from(WORDS), st.sampled_from(("OR", "-", '"', "AND", "NOT", "*", "(", ")")),
              st.builds(lambda w: "-" + w, st.sampled_from(WORDS)),
              st.builds(lambda w: f'"{w} of the"', st.sampled_from(WORDS)),
              st.text(min_size=1, max_size=6)),
    max_size=250,
).map(lambda terms: " ".join(terms)[:500])


def check_search(query: str, store: Store) -> None:
    """A search of any text under the web's 500 characters answers (rows or none), never
    an error: the query is built from its words alone, however many there are."""
    from sqlalchemy.dialects import postgresql

    from claimgraph.store import queries, search

    expression = queries._tsquery(search.parse(query))
    if expression is not None:
        expression.compile(dialect=postgresql.dialect())
    store.statements(search=query, limit=5)
    store.count_statements(search=query)


# -- long nested sentences: reports inside reports, to the web's length -----------------

NESTED_CUES = ("said", "claimed", "told reporters", "insisted", "warned", "argued", "wrote", "believes")


@st.composite
def nested_reports(draw: st.DrawFn) -> str:
    """One sentence of reports nested in each other ("Ana Ruiz said that Li Wei claimed that
    ..."), of a few hundred to 20,000 characters: every content runs to the sentence's end."""
    size = draw(st.sampled_from((300, 2_000, 5_000, 10_000, 20_000)))
    seed = draw(st.integers(0, 2**16))
    speakers = [n for n in NAMES if n[0].isupper()] + ["the mayor", "a spokesman", "officials"]
    content = draw(st.sampled_from(CONTENTS))
    parts: list[str] = []
    length, i = 0, 0
    while length < size - len(content):
        who = speakers[(seed + i * 5) % len(speakers)]
        cue = NESTED_CUES[(seed // 7 + i * 3) % len(NESTED_CUES)]
        glue = ("that", "that", ", that", ": that")[(seed + i) % 4] if draw(st.booleans()) else "that"
        part = f"{who} {cue} {glue}".replace(" ,", ",").replace(" :", ":")
        parts.append(part)
        length += len(part) + 1
        i += 1
    text = " ".join(parts) + f" {content}."
    return text[0].upper() + text[1:]


def check_nested(text: str, store: Store | None = None, analysis: Analysis | None = None) -> Analysis:
    """A long nested sentence is analysed like any text (spans, JSON, store) and gives
    statements: the first report at least. ``analysis``: ``analyze(text)`` when already run."""
    if analysis is None:
        analysis = check_analyze(text, store)
        assert analysis is not None, "a nested report of plain English was refused"
    else:
        check_analysis(text, analysis, store)
    assert analysis.statements, "no statement in a sentence of nested reports"
    return analysis


# -- the web's routes over any search: no 5xx, and no CSV cell a formula ----------------

SEARCH_ROUTES = (
    "/api/statements?search={q}",
    "/api/statements.csv?search={q}",
    "/api/statements/facets?search={q}",
    "/api/claims?search={q}",
    "/api/claims.csv?search={q}",
    "/search?q={q}",
    "/claims?q={q}",
)


def check_web_search(query: str, client: Any) -> None:
    """Every search route answers a query under 500 characters without a server error, and
    every CSV cell it sends is text that no spreadsheet reads as a formula."""
    import csv
    from urllib.parse import quote

    from claimgraph.store.csv_cells import FORMULA_STARTS

    for route in SEARCH_ROUTES:
        response = client.get(route.format(q=quote(query, safe="")))
        assert response.status_code < 500, (route, response.status_code, response.text[:200])
        if route.startswith("/api/") and ".csv" in route and response.status_code == 200:
            for row in list(csv.reader(io.StringIO(response.text, newline="")))[1:]:
                for cell in row:
                    numeric = cell.lstrip("-+").replace(".", "", 1).isdigit()
                    assert numeric or not cell.startswith(FORMULA_STARTS), (route, cell)
