"""The one mapping of records to rows: where each value of a record's JSON sits in a table.

``STATEMENT_FIELDS`` lists, for every stored value of a statement, its column, its path in
the statement's JSON (``Statement.to_dict()``: "cue.text", "speaker.mention.start"), its
column type and its name in CSV/Parquet exports. The statements table is built from it
(``store.schema``), the writer turns records into rows with :func:`to_row`, the queries
turn rows back into JSON with :func:`from_row`, and the exports take their columns from it.
A new stored field is one line here (plus the model's field and a migration that adds the
column: see docs/architecture.md).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Boolean, Column, Float, Integer, String, Text, TypeDecorator
from sqlalchemy.types import TypeEngine


class Clipped(TypeDecorator[str]):
    """VARCHAR(n) that cuts a longer value instead of failing: PostgreSQL enforces the
    length and SQLite does not, and one over-long date or outlet in a feed must not stop an
    ingest. Values in comparisons are cut the same way, so lookups still match."""

    impl = String
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: object) -> str | None:
        length = self.impl.length  # type: ignore[attr-defined]
        if isinstance(value, str) and length and len(value) > length:
            return value[:length]
        return value


@dataclass(frozen=True)
class Field:
    column: str
    path: str  # dotted path in the record's JSON
    type: TypeEngine[Any] | type[TypeEngine[Any]]
    export: str | None = None  # column name in exports (default: the column's)
    nullable: bool = True
    index: bool = False
    default: Any = None
    also: tuple[str, ...] = ()  # further JSON paths that carry the same value on reading
    # A null here means the object holding the value was absent (a statement without a cue).
    marks_presence: bool = False
    # (record value -> column value, column value -> record value) where they differ.
    codec: tuple[Callable[[Any], Any], Callable[[Any], Any]] | None = None

    def to_db(self, value: Any) -> Any:
        return self.codec[0](value) if self.codec and value is not None else value

    def from_db(self, value: Any) -> Any:
        return self.codec[1](value) if self.codec and value is not None else value

    @property
    def export_name(self) -> str:
        return self.export or self.column

    def to_column(self) -> Column[Any]:
        server_default = None
        if isinstance(self.default, bool):
            server_default = "1" if self.default else "0"
        elif isinstance(self.default, str):
            server_default = self.default
        return Column(
            self.column,
            self.type,
            nullable=self.nullable,
            index=self.index,
            default=self.default,
            server_default=server_default,
        )


def _claim_key(claim_id: str) -> int:
    return int(str(claim_id).lstrip("c"))


CLAIM_ID = (_claim_key, lambda key: f"c{key}")
JSON_TEXT = (lambda value: json.dumps(value, ensure_ascii=False, sort_keys=True), json.loads)

STATEMENT_FIELDS: tuple[Field, ...] = (
    Field("local_id", "id", Clipped(50), export="statement_id", nullable=False),
    Field("kind", "kind", Clipped(20), nullable=False, index=True),
    # speech | belief | intention | perception | emotion | evidence (added in migration 2)
    Field("act", "act", Clipped(30), nullable=False, default="speech"),
    Field("content", "content.text", Text, nullable=False),
    Field("content_start", "content.start", Integer, nullable=False),
    Field("content_end", "content.end", Integer, nullable=False),
    Field("cue_text", "cue.text", Clipped(300), export="cue", marks_presence=True),
    Field("cue_lemma", "cue.lemma", Clipped(300)),
    Field("cue_start", "cue.start", Integer),
    Field("cue_end", "cue.end", Integer),
    Field("cue_class", "cue_class", Clipped(50), nullable=False, index=True, default="none",
          also=("cue.class",)),
    Field("mention_text", "speaker.mention.text", Text, export="speaker_mention", marks_presence=True),
    Field("mention_start", "speaker.mention.start", Integer),
    Field("mention_end", "speaker.mention.end", Integer),
    Field("speaker_entity", "speaker.entity", Clipped(50)),
    Field("speaker_name", "speaker.name", Clipped(300)),
    Field("negated", "negated", Boolean, nullable=False, default=False),
    # What the content asserts (model.Proposition) as JSON; the claims decision reads it.
    Field("proposition", "proposition", Text, codec=JSON_TEXT),
    # The claim (store.claims) the statement asserts or disputes; "c12" is row 12 of claims.
    Field("claim_id", "claim.id", Integer, index=True, marks_presence=True, codec=CLAIM_ID),
    Field("claim_stance", "claim.stance", Clipped(10)),
)

# List fields of the statement record, each stored in a table of its own, a row per item:
# {JSON key: table name}; the items' fields are in LIST_FIELDS.
STATEMENT_LISTS: dict[str, str] = {"about": "statement_about"}

# One row per entity a statement speaks of (Statement.about), in the statement_about table.
ABOUT_FIELDS: tuple[Field, ...] = (
    Field("name", "name", Clipped(300), nullable=False),
    Field("role", "role", Clipped(10), nullable=False, default="other"),
    Field("entity", "entity", Clipped(50)),
    Field("mention_text", "mention.text", Text, marks_presence=True),
    Field("mention_start", "mention.start", Integer),
    Field("mention_end", "mention.end", Integer),
)

# The fields of each list's items, by the list's JSON key.
LIST_FIELDS: dict[str, tuple[Field, ...]] = {"about": ABOUT_FIELDS}

LOADED_FIELDS: tuple[Field, ...] = (
    Field("text", "text", Text, nullable=False),
    Field("start", "start", Integer, nullable=False),
    Field("end", "end", Integer, nullable=False),
    Field("lexicon", "lexicon", Clipped(100), nullable=False, default=""),
    Field("score", "score", Float, nullable=False, default=0.0),
    Field("voice", "voice", Clipped(20), nullable=False, default="narrator"),
    Field("statement", "statement", Clipped(50)),
)


def columns(fields: Sequence[Field]) -> list[Column[Any]]:
    return [f.to_column() for f in fields]


def get_path(record: Mapping[str, Any], path: str) -> Any:
    value: Any = record
    for key in path.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(key)
    return value


def to_row(record: Mapping[str, Any], fields: Sequence[Field]) -> dict[str, Any]:
    """The column values of one record (its JSON, as ``to_dict`` gives it)."""
    return {f.column: f.to_db(get_path(record, f.path)) for f in fields}


def from_row(row: Any, fields: Sequence[Field]) -> dict[str, Any]:
    """A record's JSON rebuilt from a row (a SQLAlchemy Row or a mapping)."""
    values = row._mapping if hasattr(row, "_mapping") else row
    record: dict[str, Any] = {}
    for f in fields:
        _set_path(record, f.path, f.from_db(values[f.column]))
    for f in fields:
        if f.marks_presence and values[f.column] is None:
            _set_path(record, f.path.rpartition(".")[0], None)
    for f in fields:
        for path in f.also:
            parent, _, key = path.rpartition(".")
            holder = get_path(record, parent) if parent else record
            if isinstance(holder, dict):
                holder[key] = f.from_db(values[f.column])
    return record


def _set_path(record: dict[str, Any], path: str, value: Any) -> None:
    *parents, key = path.split(".")
    for part in parents:
        record = record.setdefault(part, {})
    record[key] = value
