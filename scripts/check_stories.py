"""Check hand-written story files (the claims gold format of ../shared/spec/claims.md).

usage: python scripts/check_stories.py FILE_OR_DIR...

Every statement's content must be an exact substring of its article's text (and its
mention too, when given), article ids must exist, stance is asserts or disputes, a
claim's `competes_with` names claims of the same story. Prints one line per problem and
a summary; exits 1 when anything is wrong.
"""

from __future__ import annotations

import glob
import json
import os
import sys

KINDS = {"direct", "indirect", "mixed"}
STANCES = {"asserts", "disputes"}


def story_files(args: list[str]) -> list[str]:
    out: list[str] = []
    for arg in args:
        if os.path.isdir(arg):
            out += sorted(glob.glob(os.path.join(arg, "**", "*.json"), recursive=True))
        else:
            out.append(arg)
    return out


def check(path: str) -> tuple[list[str], dict[str, int]]:
    problems: list[str] = []
    with open(path, encoding="utf-8") as f:
        story = json.load(f)
    texts = {a["id"]: a["text"] for a in story["articles"]}
    for a in story["articles"]:
        for key in ("id", "outlet", "published", "title", "text"):
            if not a.get(key):
                problems.append(f"{path}: article {a.get('id')}: no {key}")
    claim_ids = {c["id"] for c in story["claims"]}
    n_statements = 0
    for c in story["claims"]:
        if not c.get("proposition"):
            problems.append(f"{path}: {c['id']}: no proposition")
        for other in c.get("competes_with", []):
            if other not in claim_ids:
                problems.append(f"{path}: {c['id']}: competes_with unknown {other}")
        for s in c["statements"]:
            n_statements += 1
            where = f"{path}: {c['id']}: {s.get('content', '')[:40]!r}"
            text = texts.get(s.get("article"))
            if text is None:
                problems.append(f"{where}: unknown article {s.get('article')}")
                continue
            if not s.get("content") or s["content"] not in text:
                problems.append(f"{where}: content is not in the article's text")
            if s.get("mention") and s["mention"] not in text:
                problems.append(f"{where}: mention {s['mention']!r} is not in the article's text")
            if s.get("kind") not in KINDS:
                problems.append(f"{where}: kind {s.get('kind')!r}")
            if s.get("stance", "asserts") not in STANCES:
                problems.append(f"{where}: stance {s.get('stance')!r}")
    counts = {"articles": len(texts), "claims": len(story["claims"]), "statements": n_statements}
    return problems, counts


def main(argv: list[str]) -> int:
    files = story_files(argv)
    problems: list[str] = []
    totals = {"stories": 0, "articles": 0, "claims": 0, "statements": 0}
    for path in files:
        found, counts = check(path)
        problems += found
        totals["stories"] += 1
        for key, value in counts.items():
            totals[key] += value
    for line in problems:
        print(line)
    print(", ".join(f"{v} {k}" for k, v in totals.items()) + f", {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
