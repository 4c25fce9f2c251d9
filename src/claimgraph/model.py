"""Plain data classes: the record claimgraph produces (see ../shared/spec/statements.md).

``to_dict`` gives the JSON of the output contract and ``from_dict`` reads it back. Both are
generated from the field declarations (cattrs), so a new field needs nothing here but its
declaration: a field whose JSON key differs from its Python name says so in its metadata
(``json``), and values the JSON derives for convenience are properties named in
``JSON_EXTRAS``. Extra fields are additions to the contract, never renames.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, ClassVar, TypeVar

import cattrs
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

R = TypeVar("R", bound="Record")


class Record:
    """Base of the record classes: JSON in and out through one generated mapping."""

    # Read-only properties the JSON carries beside the fields ({"json key": "property"}).
    JSON_EXTRAS: ClassVar[dict[str, str]] = {}

    def to_dict(self) -> dict[str, Any]:
        return _converter.unstructure(self)

    @classmethod
    def from_dict(cls: type[R], data: dict[str, Any]) -> R:
        return _converter.structure(data, cls)


@dataclass
class Span(Record):
    """A piece of the analysed text; ``start``/``end`` are ``str`` offsets (end exclusive)."""

    text: str
    start: int
    end: int


@dataclass
class Copy(Record):
    """The same text carried by another outlet or at another address (a syndicated story)."""

    outlet: str | None = None
    published: str | None = None
    url: str | None = None
    title: str | None = None


@dataclass
class Article(Record):
    """Where a text comes from: its id, title, outlet, publication date and URL; ``copies``
    are the other outlets the store met carrying the same text (set where a corpus is known);
    ``language`` is the ISO 639-1 code of the language it was analysed as ("en", "ru")."""

    id: str | None = None
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    url: str | None = None
    copies: list[Copy] = field(default_factory=list)
    language: str | None = None


@dataclass
class Cue(Span):
    """The reporting word or phrase; ``cls`` is its stance class (rhetoric.cues)."""

    lemma: str = ""
    cls: str = field(default="unclassified", metadata={"json": "class"})


@dataclass
class Mention(Span):
    """Words in the text that refer to an entity."""

    entity: str | None = None


@dataclass
class Entity(Record):
    """A person, organisation, place, nationality or group of one article, with its mentions."""

    id: str
    name: str
    type: str  # PERSON | ORG | GPE | NORP | GROUP
    titles: list[str] = field(default_factory=list)
    affiliation: str | None = None
    mentions: list[Mention] = field(default_factory=list)
    country: str | None = None  # country the entity belongs to, when the article says
    gender: str | None = None  # "m" | "f" | None, used by pronoun resolution


@dataclass
class Speaker(Record):
    """Who made a statement: the words naming them there, their entity and canonical name."""

    mention: Span | None = None
    entity: str | None = None
    name: str | None = None


@dataclass
class About(Record):
    """An entity a statement's content speaks of (../shared/spec/claims.md): ``role`` is
    ``subject`` (what the content says something about), ``object`` or ``other``; ``entity``
    is the article's entity id; ``mention`` the words in the content that name it."""

    name: str
    role: str = "other"
    entity: str | None = None
    mention: Span | None = None


@dataclass
class ClaimRef(Record):
    """The claim a stored statement belongs to, and whether it asserts or disputes it."""

    id: str
    stance: str = "asserts"  # asserts | disputes


@dataclass
class Quantity(Record):
    """A number a content states, with the unit it counts ("61 people": 61.0, "person")."""

    value: float
    unit: str | None = None
    text: str = ""


@dataclass
class Proposition(Record):
    """What a content asserts, read off its parse: who or what it is about (``subject``, the
    resolved name where the article names it), the predicate (a lemma; "be" plus its
    complement for a copula), its polarity and modality, the object or complement, and the
    numbers, places and times it states. Claims match statements by these parts."""

    subject: str | None = None
    predicate: str | None = None
    negated: bool = False
    modality: str | None = None  # the modal verb's lemma: will, would, could, may, must...
    tense: str | None = None  # past | present | future
    object: str | None = None
    numbers: list[Quantity] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    times: list[str] = field(default_factory=list)


@dataclass
class Statement(Record):
    """One attributed statement: what was said (content), how (kind, cue), by whom, about
    whom, and (in a corpus) which claim it asserts or disputes."""

    id: str
    kind: str  # direct | indirect | mixed
    content: Span
    cue: Cue | None
    speaker: Speaker = field(default_factory=Speaker)
    act: str = "speech"  # speech | belief | intention | perception | emotion | evidence
    negated: bool = False  # the content's main clause is negated ("X did not ...")
    about: list[About] = field(default_factory=list)
    proposition: Proposition | None = None
    claim: ClaimRef | None = None  # set where a corpus is known (the store)

    JSON_EXTRAS: ClassVar[dict[str, str]] = {"cue_class": "cue_class"}

    @property
    def cue_class(self) -> str:
        """The cue's stance class; ``none`` for a statement without a cue."""
        return self.cue.cls if self.cue else "none"


@dataclass
class LoadedSpan(Span):
    """A loaded or labelling word; ``voice`` says whether the outlet or a quoted speaker used it."""

    lexicon: str = ""
    score: float = 0.0
    voice: str = "narrator"  # narrator | quoted
    statement: str | None = None


@dataclass
class Analysis(Record):
    """One analysed article: its text, statements, entities and loaded language."""

    article: Article
    text: str
    statements: list[Statement] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    loaded: list[LoadedSpan] = field(default_factory=list, metadata={"json": "loaded_language"})

    def entity(self, entity_id: str | None) -> Entity | None:
        return next((e for e in self.entities if e.id == entity_id), None)

    @property
    def word_count(self) -> int:
        return len(self.text.split())


@dataclass
class Failed:
    """An article that could not be read or analysed: ``record`` names it inside ``source``
    ("line 12", "record 3", "entry 2"); ``error`` is the one-line message for the user."""

    source: str
    record: str | None
    error: str


RECORD_CLASSES: tuple[type[Record], ...] = (
    Span, Article, Cue, Mention, Entity, Speaker, About, ClaimRef, Statement, LoadedSpan, Analysis,
)


def json_key(cls: type, name: str) -> str:
    """The JSON key of field ``name`` of a record class."""
    for f in fields(cls):
        if f.name == name:
            return str(f.metadata.get("json", name))
    raise KeyError(name)


def _make_converter() -> cattrs.Converter:
    converter = cattrs.Converter()
    for cls in RECORD_CLASSES:
        renames = {f.name: override(rename=f.metadata["json"]) for f in fields(cls) if "json" in f.metadata}
        converter.register_structure_hook(cls, make_dict_structure_fn(cls, converter, **renames))
        base = make_dict_unstructure_fn(cls, converter, **renames)
        if cls.JSON_EXTRAS:
            extras = dict(cls.JSON_EXTRAS)

            def unstructure(obj: Any, base: Any = base, extras: dict[str, str] = extras) -> dict[str, Any]:
                out = base(obj)
                for key, prop in extras.items():
                    out[key] = getattr(obj, prop)
                return out

            converter.register_unstructure_hook(cls, unstructure)
        else:
            converter.register_unstructure_hook(cls, base)
    return converter


_converter = _make_converter()
