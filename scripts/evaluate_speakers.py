#!/usr/bin/env python3
"""Speaker merge precision and recall: are two names one speaker in the store when, and only
when, they name one person or organisation?

Labelled names come from two places, and every pair of names of one corpus is a labelled
pair (same identity: should be one speaker; else: should not):

- ``tests/data/speaker_names.tsv``: invented scenarios (see its header), each a small
  corpus with one article per name;
- ``../shared/data/claims-dev/articles``, read at run time: in each article, the gold
  speaker's name and every gold mention that names it (has a capitalised word of the name:
  "Foreign Minister Karin X", "Ms X", "the Y"; not "she" or "the minister"). Each
  (article, name) is one article of one corpus; its entity type is the one the pipeline
  gives the mention in that article. Names that equal after folding within one identity
  are counted once. Identities are the gold speakers, with a leading "the" ignored.
  Gold speakers that are descriptions ("Western diplomats") are left out.

Pairs are scored with each corpus ingested in file order, reversed, and in three seeded
shuffles: merge precision = pairs one speaker that should be / pairs one speaker; recall =
pairs one speaker that should be / pairs that should be. It also prints the end-to-end
figure on claims-dev: the articles analysed and ingested, and for every two gold statements
of different articles whose predicted statement has the right speaker, whether the store
made them one speaker exactly when the gold speakers are one.

    .venv/bin/python scripts/evaluate_speakers.py [--details] [--no-claims-dev]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
INVENTED = ROOT / "tests" / "data" / "speaker_names.tsv"
CLAIMS_DEV = SHARED / "data" / "claims-dev" / "articles"
SHUFFLES = 3
# Words of a gold speaker that do not make it a description ("Rail and Transport Workers' Union").
_CONNECTORS = frozenset("and of the for de la del von van der bin al el".split())

try:
    import claimgraph  # noqa: F401
except ModuleNotFoundError:  # running from a checkout without `pip install -e .`
    sys.path.insert(0, str(ROOT / "src"))

from claimgraph.identity.fold import fold  # noqa: E402
from claimgraph.model import Analysis, Article, Cue, Entity, Span, Speaker, Statement  # noqa: E402
from claimgraph.store import Store  # noqa: E402


@dataclass(frozen=True)
class Name:
    name: str
    etype: str
    identity: str
    source: str = ""  # where it was read (article id) for --details


@dataclass
class Counts:
    both: int = 0  # same identity, one speaker
    merged: int = 0  # one speaker
    same: int = 0  # same identity
    pairs: int = 0

    def add(self, other: Counts) -> None:
        self.both += other.both
        self.merged += other.merged
        self.same += other.same
        self.pairs += other.pairs

    @property
    def precision(self) -> float:
        return self.both / self.merged if self.merged else 1.0

    @property
    def recall(self) -> float:
        return self.both / self.same if self.same else 1.0


def read_invented(path: Path = INVENTED) -> dict[str, list[Name]]:
    corpora: dict[str, list[Name]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        scenario, name, identity = (part.strip() for part in line.split("\t"))
        etype, sep, bare = name.partition(":")
        if not sep or etype not in ("PERSON", "ORG", "GPE", "NORP", "GROUP"):
            etype, bare = "PERSON", name
        corpora.setdefault(scenario, []).append(Name(bare, etype, identity, scenario))
    return corpora


def said(article_id: str, name: str, etype: str) -> Analysis:
    """One article in which ``name`` says one thing (what the analysis would give)."""
    text = f"{name} said that the plan for {article_id} would go ahead."
    start = len(name) + len(" said that ")
    content = text[start:-1]
    statement = Statement(
        "s1", "indirect", Span(content, start, start + len(content)),
        Cue("said", len(name) + 1, len(name) + 5, lemma="say"),
        Speaker(Span(name, 0, len(name)), "e1", name),
    )
    return Analysis(Article(id=article_id), text, [statement], [Entity("e1", name, etype)])


def speaker_ids(names: Sequence[Name], order: Sequence[int]) -> list[int]:
    """Each name's speaker id after ingesting the names, one article each, in ``order``."""
    with Store.open(":memory:") as store:
        for i in order:
            store.add_analysis(said(f"a{i}", names[i].name, names[i].etype))
        found = []
        for i in range(len(names)):
            rows = store.statements(article=f"a{i}", limit=1)
            found.append(rows[0]["speaker_id"] if rows else -1 - i)
    return found


def score_pairs(names: Sequence[Name], ids: Sequence[int], misses: list[str] | None = None,
                pairs: list[str] | None = None) -> Counts:
    counts = Counts()
    for (a, ia), (b, ib) in combinations(list(zip(names, ids, strict=True)), 2):
        # Two spellings of one unresolvable name ("Clinton", "CLINTON") are one speaker too.
        same = a.identity == b.identity
        merged = ia == ib
        counts.pairs += 1
        counts.same += same
        counts.merged += merged
        counts.both += same and merged
        if misses is not None and same != merged:
            kind = "split" if same else "MERGED"
            misses.append(f"{kind}: {a.name!r} [{a.source}] / {b.name!r} [{b.source}]")
        if pairs is not None:
            label = "same" if same else "different"
            got = "one speaker" if merged else "two speakers"
            pairs.append(f"{label}\t{a.source}\t{a.name}\t{b.source}\t{b.name}\t{got}")
    return counts


def orders(n: int) -> list[tuple[str, list[int]]]:
    forward = list(range(n))
    found = [("file order", forward), ("reversed", forward[::-1])]
    for seed in range(SHUFFLES):
        shuffled = forward[:]
        random.Random(seed).shuffle(shuffled)
        found.append((f"shuffle {seed}", shuffled))
    return found


def evaluate_corpora(corpora: dict[str, list[Name]], misses: list[str] | None = None,
                     pairs: list[str] | None = None) -> dict[str, object]:
    """Counts per order over all corpora, and the corpora whose speakers depend on order."""
    per_order: dict[str, Counts] = {}
    order_dependent = []
    for scenario, names in corpora.items():
        partitions = set()
        for label, order in orders(len(names)):
            ids = speaker_ids(names, order)
            per_order.setdefault(label, Counts()).add(
                score_pairs(names, ids, *((misses, pairs) if label == "file order" else (None, None)))
            )
            groups: dict[int, list[int]] = {}
            for i, sid in enumerate(ids):
                groups.setdefault(sid, []).append(i)
            partitions.add(tuple(sorted(tuple(g) for g in groups.values())))
        if len(partitions) > 1:
            order_dependent.append(scenario)
    return {"orders": per_order, "order_dependent": order_dependent}


# -- claims-dev ---------------------------------------------------------------------------------


def _identity(speaker: str) -> str:
    words = fold(speaker).split()
    return " ".join(words[1:] if words[:1] == ["the"] and len(words) > 1 else words)


def _is_name(speaker: str) -> bool:
    words = speaker.replace("-", " ").split()
    return bool(words) and all(w[:1].isupper() or w.lower() in _CONNECTORS for w in words)


def _names_it(mention: str, speaker: str) -> bool:
    words = set(fold(speaker).split()) - _CONNECTORS
    return any(w[:1].isupper() and fold(w).strip("'") in words for w in mention.split())


def _entity_type(analysis: Analysis, text: str, mention: str, fallback: str) -> str:
    start = text.find(mention)
    if start < 0:
        return fallback
    # The entity named by the mention's last word ("Aldenian Foreign Minister Karin X" is X).
    last = start + len(mention.rstrip(")]'\u2019 ")) - 1
    for entity in analysis.entities:
        if any(m.start <= last < m.end for m in entity.mentions):
            return entity.type or fallback
    return fallback


def read_claims_dev(folder: Path = CLAIMS_DEV) -> tuple[list[Name], list[tuple[dict, Analysis]]]:
    from claimgraph.pipeline import analyze
    from claimgraph.resources import organisation_words

    org_words = organisation_words()
    names: list[Name] = []
    seen: set[tuple[str, str]] = set()
    analysed = []
    for path in sorted(folder.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        analysis = analyze(gold["text"], id=gold.get("id") or path.stem, outlet=gold.get("outlet"))
        analysed.append((gold, analysis))
        for st in gold["statements"]:
            speaker = st.get("speaker")
            if not speaker or not _is_name(speaker):
                continue
            guess = "ORG" if set(fold(speaker).split()) & org_words else "PERSON"  # no entity found
            for form in (speaker, st.get("mention") or ""):
                if not form or not _names_it(form, speaker):
                    continue
                identity = _identity(speaker)
                if (fold(form), identity) in seen:
                    continue
                seen.add((fold(form), identity))
                etype = _entity_type(analysis, gold["text"], form, guess)
                names.append(Name(form, etype, identity, path.stem))
    return names, analysed


def end_to_end(analysed: list[tuple[dict, Analysis]], misses: list[str] | None = None) -> Counts:
    """Gold statements of different articles whose prediction has the right speaker: one
    store speaker exactly when one gold speaker?"""
    from claimgraph.evaluate import gold_statements, match_spans, pred_statements, speaker_correct

    points: list[tuple[str, str, int, str]] = []  # (article, identity, speaker id, name)
    with Store.open(":memory:") as store:
        for _, analysis in analysed:
            store.add_analysis(analysis)
        for gold, analysis in analysed:
            stored = store.statements(article=analysis.article.id, limit=None)
            golds = gold_statements(gold)
            preds = pred_statements(analysis, gold["text"])
            for _, gi, pi in match_spans([g.span for g in golds], [p.span for p in preds]):
                g = golds[gi]
                if not g.speaker or not _is_name(g.speaker) or not speaker_correct(g, preds[pi]):
                    continue
                sid = stored[pi]["speaker_id"] if pi < len(stored) else None
                if sid is not None:
                    shown = f"{g.speaker} (stored as {stored[pi]['speaker']['name']}, {sid})"
                    points.append((analysis.article.id or "", _identity(g.speaker), sid, shown))
    counts = Counts()
    for a, b in combinations(points, 2):
        if a[0] == b[0]:
            continue
        same, merged = a[1] == b[1], a[2] == b[2]
        counts.pairs += 1
        counts.same += same
        counts.merged += merged
        counts.both += same and merged
        if misses is not None and same != merged:
            misses.append(f"{'split' if same else 'MERGED'}: {a[3]} [{a[0]}] / {b[3]} [{b[0]}]")
    return counts


def _row(label: str, counts: Counts) -> str:
    return (f"{label:<28} {counts.pairs:>6} {counts.same:>6} {counts.merged:>7} "
            f"{counts.precision:>7.3f} {counts.recall:>7.3f}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--details", action="store_true", help="list the pairs got wrong")
    parser.add_argument("--no-claims-dev", action="store_true", help="invented names only")
    parser.add_argument("--pairs", action="store_true",
                        help="print every labelled pair (label, article, name, article, name, result)")
    args = parser.parse_args(argv)
    header = f"{'names (order)':<28} {'pairs':>6} {'same':>6} {'merged':>7} {'P':>7} {'R':>7}"
    misses: dict[str, list[str]] = {}
    sources: list[tuple[str, dict[str, list[Name]]]] = [("invented", read_invented())]
    analysed: list[tuple[dict, Analysis]] = []
    if not args.no_claims_dev:
        if CLAIMS_DEV.is_dir():
            names, analysed = read_claims_dev()
            sources.append(("claims-dev", {"claims-dev": names}))
        else:
            print(f"evaluate_speakers: {CLAIMS_DEV} is absent; invented names only")
    print(header)
    total = Counts()
    dependent = []
    for label, corpora in sources:
        found = misses.setdefault(label, [])
        listed: list[str] | None = [] if args.pairs else None
        result = evaluate_corpora(corpora, found, listed)
        for line in listed or []:
            print(line)
        per_order: dict[str, Counts] = result["orders"]  # type: ignore[assignment]
        for order, counts in per_order.items():
            print(_row(f"{label} ({order})", counts))
        total.add(per_order["file order"])
        n = sum(len(v) for v in corpora.values())
        print(f"  {label}: {n} names in {len(corpora)} corpora")
        dependent += [f"{label}/{s}" for s in result["order_dependent"]]  # type: ignore[attr-defined]
    print(_row("all (file order)", total))
    print(f"speakers that depend on article order: {', '.join(dependent) or 'none'}")
    if analysed:
        found = misses.setdefault("claims-dev end to end", [])
        print(_row("claims-dev end to end", end_to_end(analysed, found)))
    if args.details:
        for label, found in misses.items():
            print(f"\n== {label}: {len(found)} pairs wrong")
            for line in found:
                print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
