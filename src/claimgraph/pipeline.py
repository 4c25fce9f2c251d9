"""Assemble the spaCy pipeline and turn texts into :class:`Analysis` records.

The pipeline is spaCy's English model plus claimgraph's components, run in order
over one ``Doc``:

``claimgraph_entities`` (nlp.entities) fixes the small model's news NER errors;
``claimgraph`` (speakers.component) finds statements and resolves speakers;
``claimgraph_rhetoric`` (rhetoric.component) classifies cues and marks loaded language.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from claimgraph.errors import InputError
from claimgraph.ingest.text import RawArticle, check_text
from claimgraph.model import Analysis, Article
from claimgraph.nlp import MODEL_NAME, load_model
from claimgraph.rhetoric import component as _rhetoric  # noqa: F401

# Importing the modules registers their factories with spaCy.
from claimgraph.speakers import component as _speakers  # noqa: F401

COMPONENTS = ("claimgraph_entities", "claimgraph", "claimgraph_rhetoric")


@lru_cache(maxsize=4)
def load_pipeline(model: str = MODEL_NAME, states: bool = False) -> Language:
    """The spaCy English pipeline with claimgraph's components added (cached per process).

    ``states`` also reports beliefs, intentions and evidence ("thinks", "wants", "shows").
    """
    nlp = load_model(model)
    for name in COMPONENTS:
        nlp.add_pipe(name, config={"states": states} if name == "claimgraph" else {})
    return nlp


def analysis_from_doc(doc: Doc, article: Article | None = None) -> Analysis:
    return Analysis(
        article=article or Article(),
        text=doc.text,
        statements=list(doc._.statements),
        entities=list(doc._.entities),
        loaded=list(doc._.loaded),
    )


def analyze(text: str, states: bool = False, **metadata: str | None) -> Analysis:
    """Analyse one article text; ``metadata`` fills :class:`Article` (id, title, outlet, published, url).

    ``states``: also report beliefs, intentions and evidence (see ``load_pipeline``).
    """
    if not text or not text.strip():
        raise InputError("input has no text")
    check_text(text, metadata.get("id") or "<text>")
    return analysis_from_doc(load_pipeline(states=states)(text), Article(**metadata))


def analyze_many(
    raws: Iterable[RawArticle], batch_size: int = 8, model: str = MODEL_NAME
) -> Iterator[Analysis]:
    """Analyse many articles in this process with ``nlp.pipe`` (batched)."""
    nlp = load_pipeline(model)
    pairs = ((raw.text, raw.article) for raw in raws)
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        yield analysis_from_doc(doc, article)
