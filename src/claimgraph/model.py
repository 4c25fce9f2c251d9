"""Plain data classes: the record claimgraph produces (see ../shared/spec/statements.md).

Every class has ``to_dict`` giving the JSON of the output contract; extra fields
are additions, never renames.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Span:
    """A piece of the analysed text; ``start``/``end`` are ``str`` offsets (end exclusive)."""

    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass
class Article:
    id: str | None = None
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    url: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "outlet": self.outlet,
            "published": self.published,
            "url": self.url,
        }


@dataclass
class Cue(Span):
    """The reporting word or phrase; ``cls`` is its stance class (rhetoric.cues)."""

    lemma: str = ""
    cls: str = "unclassified"

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "lemma": self.lemma, "class": self.cls}


@dataclass
class Mention(Span):
    """Words in the text that refer to an entity."""

    entity: str | None = None


@dataclass
class Entity:
    id: str
    name: str
    type: str  # PERSON | ORG | GPE | NORP | GROUP
    titles: list[str] = field(default_factory=list)
    affiliation: str | None = None
    mentions: list[Mention] = field(default_factory=list)
    country: str | None = None  # country the entity belongs to, when the article says
    gender: str | None = None  # "m" | "f" | None, used by pronoun resolution

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "titles": list(self.titles),
            "affiliation": self.affiliation,
            "country": self.country,
            "mentions": [m.to_dict() for m in self.mentions],
        }


@dataclass
class Speaker:
    mention: Span | None = None
    entity: str | None = None
    name: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "mention": self.mention.to_dict() if self.mention else None,
            "entity": self.entity,
            "name": self.name,
        }


@dataclass
class Statement:
    id: str
    kind: str  # direct | indirect | mixed
    content: Span
    cue: Cue | None
    speaker: Speaker = field(default_factory=Speaker)
    act: str = "speech"  # speech | belief | intention | perception | emotion | evidence

    def to_dict(self) -> dict[str, Any]:
        cue = self.cue.to_dict() if self.cue else None
        return {
            "id": self.id,
            "kind": self.kind,
            "act": self.act,
            "content": self.content.to_dict(),
            "cue": cue,
            "cue_class": self.cue.cls if self.cue else "none",
            "speaker": self.speaker.to_dict(),
        }


@dataclass
class LoadedSpan(Span):
    """A loaded or labelling word; ``voice`` says whether the outlet or a quoted speaker used it."""

    lexicon: str = ""
    score: float = 0.0
    voice: str = "narrator"  # narrator | quoted
    statement: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            **super().to_dict(),
            "lexicon": self.lexicon,
            "score": self.score,
            "voice": self.voice,
            "statement": self.statement,
        }


@dataclass
class Analysis:
    article: Article
    text: str
    statements: list[Statement] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    loaded: list[LoadedSpan] = field(default_factory=list)

    def entity(self, entity_id: str | None) -> Entity | None:
        return next((e for e in self.entities if e.id == entity_id), None)

    @property
    def word_count(self) -> int:
        return len(self.text.split())

    def to_dict(self) -> dict[str, Any]:
        return {
            "article": self.article.to_dict(),
            "text": self.text,
            "statements": [s.to_dict() for s in self.statements],
            "entities": [e.to_dict() for e in self.entities],
            "loaded_language": [span.to_dict() for span in self.loaded],
        }
