#!/usr/bin/env python3
"""About precision and recall: are the entities a statement's content speaks of
(``Statement.about``) the ones the gold lists?

Reads ../shared/data/claims-dev at run time (its texts never enter the repository): the
articles of ``articles/*.json`` are analysed, and the gold ``about`` name lists come from the
story files (``*.json``), whose statements name their article. Predicted statements are
matched to gold statements of the same article as ../shared/tools/score_claims.py does
(content Jaccard >= 0.5, one-to-one, best pairs first), and about names are scored as it
scores them, with the referee's own ``same_speaker`` (imported from ../shared/tools/score.py
at run time): a gold name is found when some predicted name of the matched statement is the
same speaker in either direction (recall), and a predicted name is right when some gold name
is (precision).

Printed: the overall figures; per rule of speakers.about, the names it predicts (and how
many are right), and what it buys: the figures with every rule but it, against all rules
(the articles are parsed once; the rules are re-run on the same parse). ``--details`` lists,
per statement, the gold names missed and the predicted names that are wrong.

    .venv/bin/python scripts/evaluate_about.py [--details] [--json] [--no-rules]
        [--data DIR] [--stories ID ...]

``--data`` reads another set of story files (claims-real-dev keeps its articles inside the
story files; hand-written stories under training/stories likewise); ``--stories`` keeps
only the named stories, so that a fit part and a report part are measured apart.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CLAIMS_DEV = SHARED / "data" / "claims-dev"
TOOLS = SHARED / "tools"

try:
    import claimgraph  # noqa: F401
except ModuleNotFoundError:  # running from a checkout without `pip install -e .`
    sys.path.insert(0, str(ROOT / "src"))


@dataclass
class GoldStatement:
    article: str
    span: tuple[int, int]
    content: str
    about: list[str]


@dataclass
class Article:
    id: str
    text: str
    gold: list[GoldStatement] = field(default_factory=list)


@dataclass
class Score:
    gold: int = 0
    pred: int = 0
    gold_hit: int = 0
    pred_hit: int = 0
    statements: int = 0
    matched: int = 0

    @property
    def precision(self) -> float:
        return self.pred_hit / self.pred if self.pred else 0.0

    @property
    def recall(self) -> float:
        return self.gold_hit / self.gold if self.gold else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"precision": round(self.precision, 3), "recall": round(self.recall, 3), "gold": self.gold,
                "predicted": self.pred, "statements": self.statements, "matched": self.matched}


def referee() -> tuple[Callable[[tuple[int, int], tuple[int, int]], float], Callable[[str, str], bool],
                       Callable[[str, str], tuple[int, int] | None]]:
    """jaccard, same_speaker and span_of of ../shared/tools/score.py, the referee's own."""
    sys.path.insert(0, str(TOOLS))
    import score  # type: ignore[import-not-found]

    return score.jaccard, score.same_speaker, score.span_of


def story_files(data: Path, stories: Iterable[str] | None = None) -> list[Path]:
    """The story files of a data set (a directory of them, or one file), all or those named."""
    files = [data] if data.is_file() else sorted(data.glob("*.json"))
    wanted = set(stories) if stories else None
    return [f for f in files if wanted is None or f.stem in wanted]


def load_articles(span_of: Callable[[str, str], tuple[int, int] | None], data: Path = CLAIMS_DEV,
                  stories: Iterable[str] | None = None) -> list[Article]:
    """The articles and their gold statements: articles from ``data/articles/*.json`` (as
    claims-dev keeps them) or from the story files' own ``articles`` (claims-real-dev)."""
    articles: dict[str, Article] = {}
    folder = data / "articles" if data.is_dir() else None
    for path in sorted(folder.glob("*.json")) if folder is not None and folder.is_dir() else []:
        article = json.loads(path.read_text(encoding="utf-8"))
        articles[article["id"]] = Article(article["id"], article["text"])
    for path in story_files(data, stories):
        story = json.loads(path.read_text(encoding="utf-8"))
        for given_article in story.get("articles", []):
            articles.setdefault(given_article["id"], Article(given_article["id"], given_article["text"]))
        for claim in story.get("claims", []):
            for st in claim["statements"]:
                article = articles.get(st["article"])
                if article is None:
                    continue
                given = st.get("content_span")
                span = tuple(given) if given else span_of(article.text, st["content"])
                if span is None:
                    continue
                gold = GoldStatement(article.id, (span[0], span[1]), st["content"], st.get("about", []))
                article.gold.append(gold)
    return [a for a in articles.values() if a.gold]


def match(gold: list[GoldStatement], predicted: list[Any], jaccard: Callable) -> dict[int, int]:
    """Gold index -> predicted index: Jaccard >= 0.5, one-to-one, best pairs first (score_claims.py)."""
    pairs = sorted(
        ((jaccard(g.span, (p.content.start, p.content.end)), gi, pi)
         for gi, g in enumerate(gold) for pi, p in enumerate(predicted)),
        reverse=True,
    )
    found: dict[int, int] = {}
    used: set[int] = set()
    for j, gi, pi in pairs:
        if j < 0.5:
            break
        if gi not in found and pi not in used:
            found[gi] = pi
            used.add(pi)
    return found


@dataclass
class Run:
    """One analysis of the articles: per article, the statements and each one's found items."""

    statements: dict[str, list[Any]]
    found: dict[str, list[list[Any]]]


def parse(articles: list[Article]) -> tuple[list[Any], Any]:
    from claimgraph.pipeline import load_pipeline

    nlp = load_pipeline()
    docs = list(nlp.pipe([a.text for a in articles]))
    return docs, nlp.get_pipe("claimgraph").lexicon


def run_rules(articles: list[Article], docs: list[Any], lexicon: Any, rules: Iterable[str]) -> Run:
    from claimgraph.attribution.extract import extract_statements
    from claimgraph.speakers.about import find_about
    from claimgraph.speakers.resolve import attribute

    rules = tuple(rules)
    statements, found = {}, {}
    for article, doc in zip(articles, docs, strict=True):
        sts, resolver = attribute(doc, extract_statements(doc, lexicon))
        statements[article.id] = sts
        found[article.id] = find_about(resolver, sts, rules)
    return Run(statements, found)


def score_run(articles: list[Article], run: Run, jaccard: Callable, same: Callable[[str, str], bool],
              details: list[str] | None = None, per_rule: dict[str, list[int]] | None = None) -> Score:
    total = Score()

    def hit(a: str, b: str) -> bool:
        return same(a, b) or same(b, a)

    for article in articles:
        predicted = run.statements[article.id]
        pairs = match(article.gold, predicted, jaccard)
        total.statements += len(article.gold)
        total.matched += len(pairs)
        for gi, gold in enumerate(article.gold):
            if gi not in pairs:
                total.gold += len(gold.about)
                if details is not None:
                    details.append(f"{article.id}: statement not found: {gold.content[:70]}")
                continue
            found = run.found[article.id][pairs[gi]]
            names = [f.about.name for f in found]
            total.gold += len(gold.about)
            total.pred += len(names)
            missed = [g for g in gold.about if not any(hit(g, p) for p in names)]
            wrong = [f for f in found if not any(hit(g, f.about.name) for g in gold.about)]
            total.gold_hit += len(gold.about) - len(missed)
            total.pred_hit += len(names) - len(wrong)
            if per_rule is not None:
                for f in found:
                    counts = per_rule.setdefault(f.rule, [0, 0])
                    counts[0] += 1
                    counts[1] += f not in wrong
            if details is not None and (missed or wrong):
                wrong_text = [f"{f.about.name} ({f.rule}: '{f.about.mention.text}')" for f in wrong]
                details.append(
                    f"{article.id}: {gold.content[:70]!r}\n     missed {missed}  wrong {wrong_text}"
                )
    return total


def measure(show_details: bool = False, rules_too: bool = True, data: Iterable[Path] = (CLAIMS_DEV,),
            stories: Iterable[str] | None = None) -> dict[str, Any]:
    from claimgraph.speakers.about import RULES

    jaccard, same, span_of = referee()
    articles = [a for folder in data for a in load_articles(span_of, folder, stories)]
    docs, lexicon = parse(articles)
    details: list[str] = []
    per_rule: dict[str, list[int]] = {}
    full = score_run(articles, run_rules(articles, docs, lexicon, RULES), jaccard, same,
                     details if show_details else None, per_rule)
    rules = {}
    for rule in RULES if rules_too else ():
        without = score_run(articles, run_rules(articles, docs, lexicon, [r for r in RULES if r != rule]),
                            jaccard, same)
        predicted, right = per_rule.get(rule, [0, 0])
        rules[rule] = {
            "predicted": predicted, "right": right,
            "precision_without": round(without.precision, 3), "recall_without": round(without.recall, 3),
            "buys_precision": round(full.precision - without.precision, 3),
            "buys_recall": round(full.recall - without.recall, 3),
        }
    return {"articles": len(articles), "about": full.to_dict(), "rules": rules, "details": details}


def available(data: Path = CLAIMS_DEV) -> bool:
    return data.exists() and (TOOLS / "score.py").is_file()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--details", action="store_true", help="list missed and wrong names per statement")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--data", type=Path, nargs="+", default=[CLAIMS_DEV],
                        help="directories of story files (or files); default ../shared/data/claims-dev")
    parser.add_argument("--stories", nargs="+", metavar="ID",
                        help="only these stories (file names without .json): a fit or report part")
    parser.add_argument("--no-rules", action="store_true", help="skip the per-rule figures (faster)")
    args = parser.parse_args(argv)
    absent = [str(d) for d in args.data if not available(d)]
    if absent:
        print(f"evaluate_about: {', '.join(absent)} or {TOOLS / 'score.py'} is absent; nothing to measure")
        return 0
    result = measure(args.details, not args.no_rules, args.data, args.stories)
    if not result["articles"]:
        print(f"evaluate_about: no annotated articles in {' '.join(map(str, args.data))}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(result, indent=1))
        return 0
    about = result["about"]
    names = " + ".join(d.name for d in args.data)
    print(f"{names}: {result['articles']} articles, gold statements {about['statements']}, "
          f"matched {about['matched']}; gold about names {about['gold']}, predicted {about['predicted']}")
    print(f"about precision {about['precision']:.3f}  recall {about['recall']:.3f}")
    if not result["rules"] and not args.details:
        return 0
    print()
    header = ("rule", "names", "right", "P without", "R without", "buys P", "buys R")
    print("{:<10} {:>6} {:>6}  {:>9} {:>9}  {:>7} {:>7}".format(*header))
    for rule, r in result["rules"].items():
        print(f"{rule:<10} {r['predicted']:>6} {r['right']:>6}  {r['precision_without']:>9.3f} "
              f"{r['recall_without']:>9.3f}  {r['buys_precision']:>+7.3f} {r['buys_recall']:>+7.3f}")
    if args.details:
        print()
        for line in result["details"]:
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
