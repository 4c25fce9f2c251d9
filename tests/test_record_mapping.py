"""The one mapping of the statement record: every value of the record's JSON is stored, read
back and exported through ``store.mapping``; the API schema is made from the record class."""

from __future__ import annotations

from typing import Any

from claimgraph.api.schemas import StatementOut
from claimgraph.model import About, ClaimRef, Cue, Span, Speaker, Statement
from claimgraph.store.export import COLUMNS, flatten
from claimgraph.store.mapping import LIST_FIELDS, STATEMENT_FIELDS, STATEMENT_LISTS, from_row, to_row

FULL = Statement(
    id="s3",
    kind="mixed",
    content=Span("the bridge would open", 40, 61),
    cue=Cue("told reporters", 20, 34, lemma="tell reporters", cls="neutral"),
    speaker=Speaker(mention=Span("the mayor", 0, 9), entity="e2", name="Ana Ruiz"),
    act="speech",
    negated=True,
    about=[About("Ana Ruiz", "subject", "e2", Span("she", 44, 47)), About("harbor", "object")],
    claim=ClaimRef("c12", "disputes"),
)
BARE = Statement(id="s4", kind="direct", content=Span("Never.", 70, 76), cue=None)


def leaves(value: Any, prefix: str = "") -> set[str]:
    if isinstance(value, dict):
        return set().union(*(leaves(v, f"{prefix}{k}.") for k, v in value.items())) if value else set()
    return {prefix.rstrip(".")}


def test_every_value_of_the_record_has_a_column() -> None:
    record = FULL.to_dict()
    paths = {f.path for f in STATEMENT_FIELDS} | {p for f in STATEMENT_FIELDS for p in f.also}
    missing = leaves({k: v for k, v in record.items() if k not in STATEMENT_LISTS}) - paths
    assert not missing, f"values of the statement record that are never stored: {missing}"
    assert set(STATEMENT_LISTS) == {k for k, v in record.items() if isinstance(v, list)}
    for key in STATEMENT_LISTS:
        item_paths = {f.path for f in LIST_FIELDS[key]}
        assert leaves(record[key][0]) <= item_paths, key


def roundtrip(statement: Statement) -> dict[str, Any]:
    record = statement.to_dict()
    back = from_row(to_row(record, STATEMENT_FIELDS), STATEMENT_FIELDS)
    for key in STATEMENT_LISTS:
        back[key] = [from_row(to_row(item, LIST_FIELDS[key]), LIST_FIELDS[key]) for item in record[key]]
    return back


def test_rows_give_back_the_record() -> None:
    for statement in (FULL, BARE):
        assert roundtrip(statement) == statement.to_dict()
        assert Statement.from_dict(roundtrip(statement)) == statement


def test_export_columns_come_from_the_mapping() -> None:
    names = [name for name, _ in COLUMNS]
    assert {f.export_name for f in STATEMENT_FIELDS} <= set(names)
    row = {**FULL.to_dict(), "article": {"id": "a", "title": None, "outlet": "O", "published": None,
                                         "url": None}, "speaker_id": 7}
    flat = flatten(row)
    assert list(flat) == names
    assert flat["cue"] == "told reporters" and flat["speaker_mention"] == "the mayor"
    assert flat["content_start"] == 40 and flat["speaker_id"] == 7


def test_api_schema_is_made_from_the_record_class() -> None:
    schema = StatementOut.model_json_schema()
    assert set(schema["properties"]) == {*FULL.to_dict()}
    assert StatementOut.model_validate(FULL.to_dict()).model_dump(by_alias=True) == FULL.to_dict()
