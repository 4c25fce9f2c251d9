#!/usr/bin/env python
"""The bad-file table of docs/corpus.md: every kind of broken input through `claimgraph
ingest`, one file per run into a fresh store, with the exit status, the articles stored
and the messages it prints.

    .venv/bin/python scripts/badfiles.py            # prints a Markdown table

The files are written here from texts of our own (tests/corpus_templates.py).
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from corpus_templates import make_corpus, write_rss, write_warc  # noqa: E402

SPECS = make_corpus(6, seed=3)
TEXT = SPECS[0].text


def _jsonl_lines(folder: Path) -> Path:
    good = json.dumps({"id": "ok", "text": TEXT})
    lines = ["{not json", "[1, 2]", json.dumps({"title": "no body"}),
             json.dumps({"title": "Harbor\u0000Times", "text": SPECS[1].text}),
             '{"text": "Bad \\ud800 text, the mayor said."}', good]
    path = folder / "lines.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _warc(folder: Path, name: str, cut: Callable[[bytes], int]) -> Path:
    whole = folder / ("whole-" + name)
    write_warc(SPECS[:3], whole)
    data = whole.read_bytes()
    whole.unlink()
    path = folder / name
    path.write_bytes(data[: cut(data)])
    return path


def _http_headers_cut(data: bytes) -> int:
    """Inside the second record's HTTP headers: the cut warcio alone loses in silence."""
    second = data.index(b"WARC/1", 10)
    return data.index(b"Content-Type: text/html", second) + 10


def _rss_cut(folder: Path) -> Path:
    path = folder / "cut.rss"
    write_rss(SPECS[:4], path)
    data = path.read_bytes()
    path.write_bytes(data[: data.index(b"<item>", data.index(b"<item>") + 1)])  # before entry 2
    return path


CASES: list[tuple[str, Callable[[Path], Path]]] = [
    ("empty .txt", lambda d: _write(d / "empty.txt", b"")),
    ("binary (NUL in the first bytes)", lambda d: _write(d / "scan.txt", b"\x00\x01\x02binary" * 20)),
    ("NUL past the first 8 KB", lambda d: _write(d / "late.txt", TEXT.encode() * 40 + b"\x00 end.")),
    ("Latin-1, not UTF-8", lambda d: _write(d / "latin1.txt", ("Caf\xe9 " + TEXT).encode("latin-1"))),
    ("UTF-16 with a BOM", lambda d: _write(d / "utf16.txt", TEXT.encode("utf-16"))),
    ("UTF-16 without a BOM", lambda d: _write(d / "utf16le.txt", TEXT.encode("utf-16-le"))),
    ("over 5 MB", lambda d: _write(d / "huge.txt", (TEXT + "\n").encode() * (5_100_000 // len(TEXT)))),
    ("not English", lambda d: _write(d / "french.txt", b"Le chat est sur la table et il dort. " * 6)),
    ("empty JSONL", lambda d: _write(d / "empty.jsonl", b"")),
    ("gzip data named .jsonl", lambda d: _write(d / "corpus.jsonl", gzip.compress(b'{"text": "x"}\n'))),
    ("bad JSONL lines", _jsonl_lines),
    ("WARC cut in a record's HTTP headers", lambda d: _warc(d, "cut.warc", _http_headers_cut)),
    ("gzipped WARC cut in its first bytes", lambda d: _warc(d, "start.warc.gz", lambda data: 12)),
    ("gzipped WARC cut in a record", lambda d: _warc(d, "mid.warc.gz", lambda data: len(data) * 2 // 3)),
    ("not a WARC", lambda d: _write(d / "garbage.warc", b"not a warc file at all\n" * 5)),
    ("RSS cut at the start of an entry", _rss_cut),
    ("not a feed", lambda d: _write(d / "broken.xml", b"this is not XML at all")),
    ("missing", lambda d: d / "no-such-file.txt"),
    ("folder without articles", lambda d: _mkdir(d / "pictures")),
]


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _mkdir(path: Path) -> Path:
    path.mkdir()
    (path / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    return path


def main() -> int:
    rows = []
    with tempfile.TemporaryDirectory(prefix="claimgraph-bad-") as tmp:
        folder = Path(tmp)
        for number, (what, make) in enumerate(CASES):
            source = make(folder)
            db = f"bad{number}.db"  # a fresh store each: no article is already stored
            out = subprocess.run(
                [sys.executable, "-m", "claimgraph.cli", "ingest", source.name, "--db", db, "--quiet"],
                cwd=folder, capture_output=True, text=True, timeout=300,
            )
            lines = out.stderr.strip().splitlines()
            messages = [ln.removeprefix("claimgraph: ") for ln in lines[:-1]] or ["(none)"]
            stored = lines[-1].split(" articles stored")[0] if lines else "?"
            rows.append((what, source.name, out.returncode, stored, messages, "Traceback" in out.stderr))
    print("| input | file | exit | stored | messages |")
    print("|---|---|---|---|---|")
    for what, name, code, stored, messages, traceback in rows:
        shown = "<br>".join(f"`{m}`" for m in messages)
        print(f"| {what} | {name} | {code}{' TRACEBACK' if traceback else ''} | {stored} | {shown} |")
    return 1 if any(r[5] for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
