"""readers/jsonl.py: a JSONL file is read a line at a time, and no line is held whole
past the limit (a 100 MB line is a failure, read in chunks, not a 100 MB string)."""

from __future__ import annotations

import json
import tracemalloc

import pytest

from claimgraph.model import Failed
from claimgraph.readers import jsonl
from claimgraph.readers.items import Item
from claimgraph.readers.jsonl import read_jsonl

TEXT = '"We will open the bridge in May," Mayor Ana Ruiz said on Monday.'


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_a_line_over_the_limit_is_a_failure_and_the_next_line_is_read(tmp_path, monkeypatch, encoding):
    monkeypatch.setattr(jsonl, "MAX_LINE", 10_000)
    path = tmp_path / "c.jsonl"
    lines = [json.dumps({"id": "a", "text": TEXT}), json.dumps({"id": "big", "text": "x" * 50_000}),
             json.dumps({"id": "c", "text": TEXT})]
    path.write_text("\n".join(lines) + "\n", encoding=encoding)
    found = list(read_jsonl(path))
    assert [type(f) for f in found] == [Item, Failed, Item]
    assert found[1].record == "line 2" and "line longer than" in found[1].error
    assert [f.article.id for f in found if isinstance(f, Item)] == ["a", "c"]


def test_a_long_line_is_not_held_whole(tmp_path, monkeypatch):
    monkeypatch.setattr(jsonl, "MAX_LINE", 1_000_000)
    path = tmp_path / "huge.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        handle.write('{"id": "huge", "text": "')
        for _ in range(30):
            handle.write("word " * 200_000)  # 30 MB on one line
        handle.write('"}\n')
        handle.write(json.dumps({"id": "after", "text": TEXT}) + "\n")
    tracemalloc.start()
    found = list(read_jsonl(path))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert [type(f) for f in found] == [Failed, Item]
    assert peak < 10_000_000  # the 30 MB line was never one string
