"""JSONL corpora: one article per line (text or html, plus id, title, outlet, url, published)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from claimgraph.model import Article, Failed
from claimgraph.readers.items import Item

META_FIELDS = ("id", "title", "outlet", "published", "url")


def _meta(value: object) -> str | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, str) else str(value)


def parse_line(line: str, source: str, number: int) -> Item | Failed:
    where = f"line {number}"
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as err:
        return Failed(source, where, f"{source}:{number}: invalid JSON ({err.msg}, column {err.colno})")
    if not isinstance(obj, dict):
        return Failed(source, where, f"{source}:{number}: expected a JSON object per line")
    try:
        # A lone surrogate escape ("\ud800") is valid JSON but no text: refuse the line.
        json.dumps(obj, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return Failed(source, where, f"{source}:{number}: invalid text (a lone surrogate escape)")
    article = Article(**{key: _meta(obj.get(key)) for key in META_FIELDS})
    for key, is_html in (("text", None), ("html", True)):
        body = obj.get(key)
        if isinstance(body, str) and body.strip():
            return Item(source, where, body.encode("utf-8"), article, html=is_html)
    return Failed(source, where, f"{source}:{number}: no 'text' or 'html' field with content")


def read_jsonl(path: Path) -> Iterator[Item | Failed]:
    source = str(path)
    try:
        handle = path.open("rb")
    except OSError as err:
        yield Failed(source, "", f"{source}: cannot read ({err.strerror})")
        return
    with handle:
        for number, raw in enumerate(handle, start=1):
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as err:
                yield Failed(source, f"line {number}", f"{source}:{number}: not UTF-8 (byte {err.start})")
                continue
            if line.strip():
                yield parse_line(line, source, number)
