"""The one loader of lexicons: typed rows from the data files, with a schema per file and
per language.

A lexicon is a tab-separated file ``data/<language>/<name>.tsv`` whose comment lines (``#``)
say where its words come from. Its :class:`Schema` names the row class (a frozen dataclass
whose fields are the columns, in order) and the values a column may take; a row that breaks
the schema is refused with the file and line. Components load their lexicons in
``initialize`` and save them with the pipeline (:func:`to_json` / :func:`from_json`), so a
saved pipeline analyses with the words it was built with.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from functools import cache
from importlib import resources
from typing import Any, Generic, TypeVar

STANCES = frozenset(
    {"neutral", "distancing", "endorsing", "emphatic", "admission", "denial", "directive", "accusation"}
)
ACTS = frozenset({"speech", "belief", "intention", "perception", "emotion", "evidence"})


class LexiconError(ValueError):
    """A data file that breaks its schema (a packaging mistake, never the user's input)."""


@dataclass(frozen=True)
class ReportingVerb:
    """A verb (or predicative adjective) that reports what somebody said or thinks."""

    lemma: str
    stance: str
    act: str
    frame: str  # clause: "заявил, что ..."; object: "отверг обвинения", "призвал X сделать";
    # aside: only in the author's words after or inside the reported words ("..., продолжил он");
    # relay: as aside, and the object quoted is the source ("..., — цитирует агентство министра");
    # label: an object and what it is called ("назвал решение ошибкой")
    prepositions: str = ""  # besides "о": prepositions that introduce the content ("указал на")

    @property
    def content_prepositions(self) -> frozenset[str]:
        return frozenset({"о", "об", "обо", *filter(None, self.prepositions.split(","))})


@dataclass(frozen=True)
class ReportingNoun:
    """A noun of a speech act whose content follows it ("призыв строить", "заявление, что")."""

    lemma: str
    stance: str
    act: str


@dataclass(frozen=True)
class SourceFrame:
    """A prepositional frame that names a source: "по словам X", "согласно X"."""

    preposition: str
    noun: str  # lemma of the noun after the preposition ("" for "согласно X")
    stance: str


@dataclass(frozen=True)
class SpeakerNoun:
    """A noun that names a speaker by role, a group, a press service or a document."""

    lemma: str
    kind: str  # role | representative | generic | press | document | medium


@dataclass(frozen=True)
class Pronoun:
    """A personal or possessive pronoun with the agreement it asks of its antecedent."""

    form: str
    gender: str  # m | f | n | any
    number: str  # sing | plur


@dataclass(frozen=True)
class StopWord:
    """A word full-text search leaves out of a query ("и", "что")."""

    word: str


@dataclass(frozen=True)
class Marker:
    """A word that marks the narrator's distance from what is reported ("якобы")."""

    lemma: str
    stance: str


R = TypeVar("R")


@dataclass(frozen=True)
class Schema(Generic[R]):
    """A data file's row class and the closed sets some of its columns take."""

    row: type[R]
    choices: tuple[tuple[str, frozenset[str]], ...] = ()
    optional: int = 0  # trailing columns that may be left out (empty string)


SCHEMAS: dict[tuple[str, str], Schema[Any]] = {
    ("ru", "reporting_verbs"): Schema(
        ReportingVerb,
        (
            ("stance", STANCES),
            ("act", ACTS),
            ("frame", frozenset({"clause", "object", "label", "aside", "relay"})),
        ),
        optional=1,
    ),
    ("ru", "reporting_nouns"): Schema(ReportingNoun, (("stance", STANCES), ("act", ACTS))),
    ("ru", "source_frames"): Schema(SourceFrame, (("stance", STANCES),)),
    ("ru", "speaker_nouns"): Schema(
        SpeakerNoun,
        (("kind", frozenset({"role", "representative", "generic", "press", "document", "medium"})),),
    ),
    ("ru", "pronouns"): Schema(
        Pronoun, (("gender", frozenset({"m", "f", "n", "any"})), ("number", frozenset({"sing", "plur"})))
    ),
    ("ru", "distance_markers"): Schema(Marker, (("stance", STANCES),)),
    ("ru", "search_stopwords"): Schema(StopWord, ()),
}


def parse_rows(schema: Schema[R], text: str, where: str) -> tuple[R, ...]:
    """Rows of one file's text, checked against its schema."""
    names = [f.name for f in fields(schema.row)]  # type: ignore[arg-type]
    choices = dict(schema.choices)
    rows = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        values = [v.strip() for v in line.split("\t")]
        values += [""] * (len(names) - len(values)) if len(names) - len(values) <= schema.optional else []
        if len(values) != len(names):
            raise LexiconError(
                f"{where}:{number}: {len(values)} columns, the schema has {len(names)} ({', '.join(names)})"
            )
        for name, value in zip(names, values, strict=True):
            if name in choices and value not in choices[name]:
                raise LexiconError(
                    f"{where}:{number}: {name} {value!r} is not one of {sorted(choices[name])}"
                )
        rows.append(schema.row(*values))
    return tuple(rows)


@cache
def load(language: str, name: str) -> tuple[Any, ...]:
    """The rows of ``data/<language>/<name>.tsv`` as its schema's row class."""
    schema = SCHEMAS.get((language, name))
    if schema is None:
        raise LexiconError(f"no lexicon schema for {language}/{name}")
    path = resources.files("claimgraph.data").joinpath(language).joinpath(f"{name}.tsv")
    return parse_rows(schema, path.read_text(encoding="utf-8"), f"data/{language}/{name}.tsv")


# Lexicons of the store's full-text search, not of the analysis (a pipeline does not carry them).
SEARCH_LEXICONS = frozenset({"search_stopwords"})


def load_all(language: str) -> dict[str, tuple[Any, ...]]:
    """Every lexicon the analysis of one language uses, by name."""
    return {
        name: load(lang, name) for lang, name in SCHEMAS if lang == language and name not in SEARCH_LEXICONS
    }


def to_json(lexicons: dict[str, tuple[Any, ...]]) -> str:
    """Lexicons as JSON (how a saved pipeline carries them)."""
    return json.dumps(
        {name: [asdict(row) for row in rows] for name, rows in lexicons.items()}, ensure_ascii=False
    )


def from_json(language: str, data: str) -> dict[str, tuple[Any, ...]]:
    """Lexicons back from :func:`to_json`, each row checked against its schema again."""
    out = {}
    for name, rows in json.loads(data).items():
        schema = SCHEMAS[(language, name)]
        names = [f.name for f in fields(schema.row)]
        text = "\n".join("\t".join(str(row[n]) for n in names) for row in rows)
        out[name] = parse_rows(schema, text, f"saved {language}/{name}")
    return out
