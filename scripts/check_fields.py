#!/usr/bin/env python3
"""The speakers of a real corpus as one store: rows per person, and fields that read wrong
(``make eval``).

Ingests ../shared/data/polnear-dev (84 real articles, read at run time; never copied) into
a fresh SQLite store, or reads ``--db``, then prints:

- the speaker rows of the people the issue names (one row each is the target): every row
  whose name ends in Trump, Obama or Clinton, with its statement count;
- every title and country that reads wrong (``speakers.check.field_problem``), with the words
  of the article that gave it (``store.fields``); ``--all`` lists every value, wrong or not.

    .venv/bin/python scripts/check_fields.py [--db FILE] [--all]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POLNEAR = ROOT.parent / "shared" / "data" / "polnear-dev"
SURNAMES = ("trump", "obama", "clinton")

try:
    import claimgraph  # noqa: F401
except ModuleNotFoundError:  # running from a checkout without `pip install -e .`
    sys.path.insert(0, str(ROOT / "src"))

from claimgraph.speakers.check import field_problem  # noqa: E402
from claimgraph.store import Store  # noqa: E402


def build(db: Path) -> None:
    """polnear-dev as one corpus in ``db`` (outlet and date from the file names)."""
    from claimgraph.corpus import ingest
    from claimgraph.readers.formats import iter_sources

    items = []
    for path in sorted(POLNEAR.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        outlet, published = path.stem.split("_")[:2]
        items.append({"id": path.stem, "text": gold["text"], "outlet": outlet, "published": published})
    corpus = db.with_suffix(".jsonl")
    corpus.write_text("".join(json.dumps(i) + "\n" for i in items), encoding="utf-8")
    with Store.open(str(db)) as store:
        ingest(iter_sources([str(corpus)]), store, claims=False)


def report(db: Path, show_all: bool) -> None:
    with Store.open(str(db)) as store:
        speakers = store.speakers(limit=None)
        fields = store.speaker_fields()
    print("speaker rows of Trump, Obama, Clinton (persons):")
    for row in speakers:
        last = row["name"].split()[-1].lower().strip("'’s") if row["name"].split() else ""
        if row["type"] == "PERSON" and last in SURNAMES:
            print(f"  {row['name']:<24} {row['statement_count']:>4} statements (id {row['id']})")
    wrong = Counter()
    total = Counter(f.field for f in fields)
    for f in fields:
        problem = field_problem(f.field, f.value)
        if problem:
            wrong[f.field] += 1
        if problem or show_all:
            print(f"{f.field} {f.value!r} of {f.speaker}: {problem or 'ok'}\n    {f.words}")
    counts = [f"{field} {wrong[field]} of {total[field]}" for field in ("title", "affiliation", "country")]
    print("fields that read wrong: " + ", ".join(counts))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="a store to read instead of ingesting polnear-dev")
    parser.add_argument("--all", action="store_true", help="list every value, not only wrong ones")
    args = parser.parse_args()
    if args.db is not None:
        if not args.db.exists():
            print(f"check_fields: {args.db}: no such file", file=sys.stderr)
            return 2
        report(args.db, args.all)
        return 0
    if not POLNEAR.is_dir():
        print(f"check_fields: {POLNEAR} is absent; nothing to check")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "polnear.db"
        build(db)
        report(db, args.all)
    return 0


if __name__ == "__main__":
    sys.exit(main())
