"""The analysis path: claimgraph's spaCy components, registered here, and the functions that
turn texts into :class:`Analysis` records. Every entry point (the library, ``analyze``,
``ingest`` workers, the web API) analyses through :func:`analyze_batch`.

The pipeline is spaCy's English model with four components::

    claimgraph_paragraphs   first: line breaks end sentences, datelines apart, dash tokens
    tok2vec ... ner         the model's own
    claimgraph_entities     news NER fixes (claimgraph.nlp)
    claimgraph              statements with resolved speakers (attribution, speakers)
    claimgraph_rhetoric     cue classes and loaded language (rhetoric)

``load_pipeline`` builds exactly what these calls build on a plain English pipeline::

    nlp.add_pipe("claimgraph_paragraphs", first=True)
    for name in ("claimgraph_entities", "claimgraph", "claimgraph_rhetoric"):
        nlp.add_pipe(name)

Results live in ``doc._.claimgraph`` as plain JSON-like data (the output contract's
statements, entities and loaded language), so they survive ``Doc.to_bytes`` and
``nlp.pipe(n_process=...)``; ``doc._.statements``, ``doc._.entities`` and ``doc._.loaded``
read them as records. The package's ``spacy_factories`` entry points name the factories
below, so ``spacy.load`` of a saved pipeline finds them in a fresh process.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from claimgraph.attribution.extract import extract_statements
from claimgraph.attribution.lexicon import Lexicon
from claimgraph.attribution.negation import content_negated
from claimgraph.attribution.proposition import main_verb_negated_ru, proposition
from claimgraph.attribution.ru.extract import RussianLexicon, find_statements
from claimgraph.errors import ClaimgraphError, InputError
from claimgraph.lexicons import from_json, load_all, to_json
from claimgraph.model import Analysis, Article, Entity, Failed, LoadedSpan, Statement
from claimgraph.nlp import NewsText, fix_entities
from claimgraph.nlp_ru import RazdelTokenizer, RussianParser
from claimgraph.options import AnalysisOptions
from claimgraph.readers.formats import brief
from claimgraph.readers.language import check_language, detect_language
from claimgraph.readers.text import RawArticle, check_text, headline
from claimgraph.rhetoric.annotate import classify_statements, doc_tokens, mark_loaded
from claimgraph.speakers.about import resolve_with_about
from claimgraph.speakers.ru.resolve import SpeakerLexicon
from claimgraph.speakers.ru.resolve import resolve as resolve_russian

COMPONENTS = ("claimgraph_entities", "claimgraph", "claimgraph_rhetoric")
PRE_PARSE = "claimgraph_paragraphs"
RU_PARSE = "claimgraph_ru_parse"
EXTENSION = "claimgraph"


# -- the records on the Doc --------------------------------------------------------------


def _records(doc: Doc) -> dict[str, list[dict[str, Any]]]:
    return doc._.claimgraph or {"statements": [], "entities": [], "loaded_language": []}


def set_records(
    doc: Doc, statements: list[Statement], entities: list[Entity], loaded: list[LoadedSpan]
) -> None:
    doc._.claimgraph = {
        "statements": [s.to_dict() for s in statements],
        "entities": [e.to_dict() for e in entities],
        "loaded_language": [span.to_dict() for span in loaded],
    }


def doc_statements(doc: Doc) -> list[Statement]:
    return [Statement.from_dict(d) for d in _records(doc)["statements"]]


def doc_entities(doc: Doc) -> list[Entity]:
    return [Entity.from_dict(d) for d in _records(doc)["entities"]]


def doc_loaded(doc: Doc) -> list[LoadedSpan]:
    return [LoadedSpan.from_dict(d) for d in _records(doc)["loaded_language"]]


if not Doc.has_extension(EXTENSION):
    Doc.set_extension(EXTENSION, default=None)
for _name, _getter in (("statements", doc_statements), ("entities", doc_entities), ("loaded", doc_loaded)):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, getter=_getter)


# -- the components ----------------------------------------------------------------------


class StatementFinder:
    """``claimgraph``: statements with resolved speakers and what each speaks of (about),
    from the parse and the entities."""

    def __init__(self, states: bool = False) -> None:
        self.lexicon = Lexicon(states=states)

    def __call__(self, doc: Doc) -> Doc:
        statements, entities = resolve_with_about(doc, extract_statements(doc, self.lexicon))
        for statement in statements:
            statement.negated = content_negated(doc, statement.content.start, statement.content.end)
            subject = next((a.name for a in statement.about if a.role == "subject"), None)
            statement.proposition = proposition(
                doc, statement.content.start, statement.content.end, subject,
                statement.speaker.name, statement.negated,
            )
        set_records(doc, statements, entities, [])
        return doc


class RhetoricMarker:
    """``claimgraph_rhetoric``: each cue's stance class, and the loaded words with their voice."""

    def __call__(self, doc: Doc) -> Doc:
        statements = doc_statements(doc)
        classify_statements(statements, doc.text)
        loaded = mark_loaded(doc.text, doc_tokens(doc), statements)
        doc._.claimgraph = {
            **_records(doc),
            "statements": [s.to_dict() for s in statements],
            "loaded_language": [span.to_dict() for span in loaded],
        }
        return doc


class RussianStatementFinder:
    """``claimgraph_ru``: Russian statements with their speakers and entities (the same
    records as ``claimgraph``). Its lexicons are loaded in ``initialize`` and saved with the
    pipeline, so a saved pipeline analyses with the words it was built with."""

    LEXICONS = "lexicons.json"

    def __init__(self) -> None:
        self.initialize()

    def initialize(self, get_examples: Any = None, nlp: Language | None = None) -> None:
        self._use(load_all("ru"))

    def _use(self, lexicons: dict[str, tuple[Any, ...]]) -> None:
        self.lexicons = lexicons
        self.statements = RussianLexicon.from_lexicons(lexicons)
        self.speakers = SpeakerLexicon.from_lexicons(lexicons)

    def __call__(self, doc: Doc) -> Doc:
        statements, entities = resolve_russian(doc, find_statements(doc, self.statements), self.speakers)
        for statement in statements:
            start, end = statement.content.start, statement.content.end
            statement.negated = main_verb_negated_ru(doc, start, end)
            statement.proposition = proposition(
                doc, start, end, None, statement.speaker.name, statement.negated
            )
        set_records(doc, statements, entities, [])
        return doc

    def to_disk(self, path: str | Path, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / self.LEXICONS).write_text(to_json(self.lexicons), encoding="utf-8")

    def from_disk(self, path: str | Path, exclude: Iterable[str] = ()) -> RussianStatementFinder:
        self._use(from_json("ru", (Path(path) / self.LEXICONS).read_text(encoding="utf-8")))
        return self

    def to_bytes(self, exclude: Iterable[str] = ()) -> bytes:
        return to_json(self.lexicons).encode("utf-8")

    def from_bytes(self, data: bytes, exclude: Iterable[str] = ()) -> RussianStatementFinder:
        self._use(from_json("ru", data.decode("utf-8")))
        return self


@spacy.registry.tokenizers("claimgraph.razdel_tokenizer")
def make_razdel_tokenizer():  # type: ignore[no-untyped-def]
    """razdel's tokens (the segmentation natasha's models were trained on)."""
    return lambda nlp: RazdelTokenizer(nlp.vocab)


@Language.factory(
    RU_PARSE, assigns=["token.pos", "token.morph", "token.lemma", "token.dep", "doc.ents", "doc.sents"]
)
def make_russian_parser(nlp: Language, name: str) -> RussianParser:
    return RussianParser()


@Language.factory(
    "claimgraph_ru",
    assigns=[f"doc._.{EXTENSION}"],
    requires=["doc.ents", "doc.sents", "token.dep", "token.lemma", "token.morph"],
)
def make_russian_statement_finder(nlp: Language, name: str) -> RussianStatementFinder:
    return RussianStatementFinder()


@Language.factory(PRE_PARSE, assigns=["token.is_sent_start"])
def make_news_text(nlp: Language, name: str) -> NewsText:
    return NewsText(nlp)


@Language.factory(
    "claimgraph_entities", assigns=["doc.ents"], requires=["doc.ents", "token.tag", "token.dep"]
)
def make_entity_fixer(nlp: Language, name: str):  # type: ignore[no-untyped-def]
    return fix_entities


@Language.factory(
    "claimgraph",
    default_config={"states": False},
    assigns=[f"doc._.{EXTENSION}"],
    requires=["doc.ents", "doc.sents", "token.dep", "token.lemma", "token.tag"],
)
def make_statement_finder(nlp: Language, name: str, states: bool) -> StatementFinder:
    return StatementFinder(states=states)


@Language.factory(
    "claimgraph_rhetoric",
    assigns=[f"doc._.{EXTENSION}"],
    requires=[f"doc._.{EXTENSION}", "token.lemma", "token.tag"],
)
def make_rhetoric(nlp: Language, name: str) -> RhetoricMarker:
    return RhetoricMarker()


def add_components(nlp: Language, options: AnalysisOptions | None = None) -> Language:
    """Add claimgraph's components to an English pipeline (what ``load_pipeline`` does)."""
    options = options or AnalysisOptions()
    nlp.add_pipe(PRE_PARSE, first=True)
    nlp.add_pipe("claimgraph_entities")
    nlp.add_pipe("claimgraph", config={"states": options.states})
    nlp.add_pipe("claimgraph_rhetoric")
    return nlp


@lru_cache(maxsize=4)
def load_pipeline(options: AnalysisOptions | None = None) -> Language:
    """The spaCy English pipeline with claimgraph's components (cached per process and options)."""
    options = options or AnalysisOptions()
    return add_components(spacy.load(options.model), options)


@lru_cache(maxsize=2)
def load_russian_pipeline() -> Language:
    """A Russian pipeline: razdel's tokens, natasha's parse, then claimgraph's statements."""
    nlp = spacy.blank("ru", config={"nlp": {"tokenizer": {"@tokenizers": "claimgraph.razdel_tokenizer"}}})
    nlp.add_pipe(RU_PARSE)
    nlp.add_pipe("claimgraph_ru")
    return nlp


def pipeline_for(language: str, options: AnalysisOptions) -> Language:
    """The pipeline that analyses ``language``."""
    return load_russian_pipeline() if language == "ru" else load_pipeline(options)


# -- analysing ---------------------------------------------------------------------------


def analysis_from_doc(doc: Doc, article: Article | None = None) -> Analysis:
    """The analysis of ``doc``; an article given no title gets its headline as title."""
    records = _records(doc)
    meta = (article or Article()).to_dict()
    if not meta.get("title"):
        meta["title"] = headline(doc.text)
    return Analysis.from_dict({**records, "article": meta, "text": doc.text})


def analyze_batch(
    raws: Sequence[RawArticle], options: AnalysisOptions | None = None
) -> list[Analysis | ClaimgraphError]:
    """Analyse articles with ``nlp.pipe``; one result per article, in order: its analysis,
    or the error that refused it (an article the pipeline cannot take never stops the rest)."""
    options = options or AnalysisOptions()
    results: list[Analysis | ClaimgraphError | None] = [None] * len(raws)
    ready: dict[str, list[int]] = {}
    languages: dict[int, str] = {}
    for i, raw in enumerate(raws):
        try:
            check_text(raw.text, raw.name)
            languages[i] = check_language(options.language or detect_language(raw.text), raw.name)
            ready.setdefault(languages[i], []).append(i)
        except InputError as err:
            results[i] = err
    for language, indexes in ready.items():
        nlp = pipeline_for(language, options)
        texts = [raws[i].text for i in indexes]
        try:
            docs: list[Doc | None] = list(nlp.pipe(texts, batch_size=options.batch_size))
        except Exception:  # noqa: BLE001 - find the article that broke the batch, one by one
            docs = [_one(nlp, raws[i], results, i) for i in indexes]
        for i, doc in zip(indexes, docs, strict=True):
            if doc is not None:
                results[i] = analysis_from_doc(doc, replace(raws[i].article, language=language))
    return [r for r in results if r is not None]


def _one(nlp: Language, raw: RawArticle, results: list[Any], i: int) -> Doc | None:
    try:
        return nlp(raw.text)
    except Exception as err:  # noqa: BLE001 - recorded as this article's failure
        results[i] = ClaimgraphError(f"{raw.name}: analysis failed ({brief(err)})")
        return None


def analyze_stream(
    entries: Iterable[RawArticle | Failed], options: AnalysisOptions | None = None
) -> Iterator[Analysis | Failed]:
    """One result per entry, in order, analysed ``options.batch_size`` at a time: the
    analysis, or a failure (a reader's passes through; a refused article becomes one)."""
    options = options or AnalysisOptions()
    batch: list[RawArticle] = []

    def flush() -> Iterator[Analysis | Failed]:
        for raw, result in zip(batch, analyze_batch(batch, options), strict=True):
            yield result if isinstance(result, Analysis) else Failed(raw.name, None, str(result))
        batch.clear()

    for entry in entries:
        if isinstance(entry, Failed):
            yield from flush()
            yield entry
            continue
        batch.append(entry)
        if len(batch) >= options.batch_size:
            yield from flush()
    yield from flush()


def analyze(text: str, options: AnalysisOptions | None = None, **metadata: str | None) -> Analysis:
    """Analyse one article text; ``metadata`` fills :class:`Article` (id, title, outlet,
    published, url). Raises :class:`InputError` for a text the pipeline cannot take."""
    name = metadata.get("id") or "<text>"
    result = analyze_batch([RawArticle(text, Article(**metadata), name=name)], options)[0]
    if isinstance(result, ClaimgraphError):
        raise result
    return result
