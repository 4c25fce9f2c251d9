"""Export stored statements as JSONL (nested, the statement contract), CSV or Parquet (flat).

Statements are read a page at a time in the order stored (keyset pages: each as quick as
the first), and Parquet is written ``ROW_GROUP`` rows at a time, so exporting a large corpus
needs little memory.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

from claimgraph.errors import InputError
from claimgraph.store.csv_cells import csv_record
from claimgraph.store.mapping import STATEMENT_FIELDS, Field, get_path
from claimgraph.store.store import Store

PAGE = 1000
ROW_GROUP = 20_000  # Parquet rows per row group: a thousand tiny groups would slow every reader
FORMATS = ("jsonl", "csv", "parquet", "gexf", "graphml")
GRAPH_FORMATS = ("gexf", "graphml")  # the claims graph (store.graph), not the statements

# Flat columns for CSV and Parquet, in order: the article's, then the statement's as the
# one mapping gives them (store.mapping), then the corpus speaker id.
ARTICLE_COLUMNS = (("article_id", "id"), ("title", "title"), ("outlet", "outlet"),
                   ("published", "published"), ("url", "url"), ("language", "language"))


def _arrow_type(field: Field) -> str:
    if field.codec is not None:
        return "string"  # the record's own form ("c12"), not the row's key
    column_type = field.type() if isinstance(field.type, type) else field.type
    return {bool: "bool", int: "int64", float: "double"}.get(column_type.python_type, "string")


COLUMNS: tuple[tuple[str, str], ...] = (
    *((name, "string") for name, _ in ARTICLE_COLUMNS),
    *((f.export_name, _arrow_type(f)) for f in STATEMENT_FIELDS),
    ("about", "string"),  # "name (role); name (role)"
    ("speaker_id", "int64"),
)


def flatten(row: dict[str, Any]) -> dict[str, Any]:
    """One statement dict (as Store.statements returns) as flat columns."""
    art = row["article"]
    return {
        **{name: art.get(key) for name, key in ARTICLE_COLUMNS},
        **{f.export_name: get_path(row, f.path) for f in STATEMENT_FIELDS},
        "about": "; ".join(f"{a['name']} ({a['role']})" for a in row.get("about") or []),
        "speaker_id": row["speaker_id"],
    }


def format_of(out: str) -> str:
    for fmt in FORMATS:
        if out.lower().endswith("." + fmt):
            return fmt
    if out == "-":
        return "jsonl"
    raise InputError(f"{out}: cannot tell the format from the name; pass --format {'|'.join(FORMATS)}")


def iter_statements(store: Store, **filters: Any) -> Iterator[dict[str, Any]]:
    """Every statement matching ``filters``, in the order stored, a keyset page at a time."""
    return store.iter_statements(page=PAGE, **filters)


@contextmanager
def _text_out(out: str) -> Iterator[TextIO]:
    if out == "-":
        yield sys.stdout
        return
    try:
        handle = open(out, "w", encoding="utf-8", newline="")
    except OSError as err:
        raise InputError(f"{out}: cannot write ({err.strerror})") from None
    with handle:
        yield handle


def export(store: Store, out: str, fmt: str, **filters: Any) -> int:
    """Write the statements matching ``filters`` to ``out`` (for gexf and graphml: the claims
    graph of the claims they belong to); returns how many statements (claims)."""
    if fmt not in FORMATS:
        raise InputError(f"unknown export format {fmt!r} ({', '.join(FORMATS)})")
    if fmt in GRAPH_FORMATS:
        from claimgraph.store.graph import write_graph

        if out == "-":
            raise InputError(f"{fmt} cannot be written to stdout; give a file name")
        try:
            return write_graph(store, out, fmt, **filters)
        except OSError as err:
            raise InputError(f"{out}: cannot write ({err.strerror})") from None
    rows = iter_statements(store, **filters)
    if fmt == "parquet":
        return _parquet(rows, out)
    n = 0
    with _text_out(out) as handle:
        if fmt == "jsonl":
            for row in rows:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
                n += 1
        else:
            writer = csv.DictWriter(handle, fieldnames=[name for name, _ in COLUMNS])
            writer.writeheader()
            for row in rows:
                writer.writerow(csv_record(flatten(row)))
                n += 1
    return n


def _parquet(rows: Iterator[dict[str, Any]], out: str) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    if out == "-":
        raise InputError("parquet cannot be written to stdout; give a file name")
    types = {"string": pa.string(), "int64": pa.int64(), "double": pa.float64(), "bool": pa.bool_()}
    schema = pa.schema([(name, types[t]) for name, t in COLUMNS])
    n = 0
    try:
        writer = pq.ParquetWriter(out, schema)
    except OSError as err:
        raise InputError(f"{out}: cannot write ({err})") from None
    with writer:
        batch: list[dict[str, Any]] = []
        for row in rows:
            batch.append(flatten(row))
            if len(batch) >= ROW_GROUP:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                n += len(batch)
                batch = []
        # An empty table still gets written so the file has its schema.
        if batch or n == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            n += len(batch)
    return n
